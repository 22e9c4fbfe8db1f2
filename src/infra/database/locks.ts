import { Prisma } from '../../generated/prisma/client.ts';

/** Tables whose rows serialise concurrent changes of what hangs off them (links, plans, SKU sets, vouchers, packages, pins). */
export type LockableTable = 'CreatorAccount' | 'Shop' | 'AffiliatePlan' | 'Product' | 'Sku' | 'Voucher' | 'Order' | 'LiveStream';

/**
 * Locks one row until the transaction ends, so that a check-then-write on what hangs off it (how many
 * official links a shop has, which shops an account works for) cannot interleave with another one, on
 * any server instance. FOR NO KEY UPDATE rather than FOR UPDATE: inserts of rows that reference the
 * locked row (a new product of the shop) take a KEY SHARE lock and must not wait for it. Lock in a
 * fixed order (account before shop) so that two transactions never wait for each other. Returns false
 * when the row does not exist.
 */
export async function lockRow(tx: Prisma.TransactionClient, table: LockableTable, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>(
    Prisma.sql`SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE "id" = ${id}::uuid FOR NO KEY UPDATE`,
  );
  return rows.length > 0;
}
