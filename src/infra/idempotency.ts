import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { DomainError, ErrorCode, ValidationError, type FieldPath } from './errors.ts';

/**
 * Idempotency keys for mutations that must not happen twice (checkout, cancellation, stock changes),
 * with the rules payment APIs use (Stripe's are the model):
 *
 * - a key is 1–255 printable characters, scoped to the user and the operation;
 * - the first successful result is stored and replayed to every retry with the same key;
 * - a retry with different input is refused (`IdempotencyKeyReusedError`);
 * - a duplicate that arrives while the first is still running **waits for it** and then gets its result:
 *   the key is claimed by inserting its row in the same transaction as the work, so the duplicate's insert
 *   blocks on the unique index until the first commits (then it replays) or rolls back (then it runs);
 * - keys are kept at least 24 hours (IDEMPOTENCY_KEY_TTL_HOURS); a sweep deletes expired ones.
 *
 * A request that fails with a typed error rolls back with its key, so nothing of it is kept: a retry
 * runs again (a failed checkout may succeed once stock returns). Stripe keeps errors raised during
 * execution; here the transaction that would have stored the error is the one being rolled back.
 */

/** Longest accepted key, as Stripe's. */
export const IDEMPOTENCY_KEY_MAX = 255;

/** The key was used before, by this user for this operation, with other input. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = ErrorCode.IDEMPOTENCY_KEY_REUSED;
  constructor(field: FieldPath) {
    super('This idempotency key was used with different input; use a new key for a new request', field);
  }
}

export interface IdempotentRequest {
  userId: string;
  /** The mutation's name: keys are scoped to it. */
  operation: string;
  /** The client's key; null or undefined runs the work once, unprotected. */
  key: string | null | undefined;
  /** The request's input, hashed to recognise a retry with different input. Key order does not matter. */
  parameters: unknown;
  /** Where the key sits in the input, for errors. */
  field?: FieldPath;
}

/** What `run` returns: the stored receipt, and whether it was replayed rather than produced now. */
export interface IdempotentOutcome<Receipt> {
  receipt: Receipt;
  replayed: boolean;
}

const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * At the peak of a sale every pooled connection is busy: a request waits up to `maxWait` for one
 * rather than fail with an internal error (Prisma's default is 2 s), and its transaction may run for
 * `timeout` while it queues behind the row it needs.
 */
const TRANSACTION_OPTIONS = { maxWait: 20_000, timeout: 15_000 } as const;

export class Idempotency {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
    private readonly ttlHours: number,
  ) {}

  /**
   * Runs `work` in one transaction, at most once per key. `work` returns a JSON-safe receipt (the ids
   * of what it made), which is stored with the key and returned to later retries as it was.
   */
  async run<Receipt extends Prisma.InputJsonValue>(
    request: IdempotentRequest,
    work: (tx: Prisma.TransactionClient) => Promise<Receipt>,
  ): Promise<IdempotentOutcome<Receipt>> {
    const checked = this.check(request);
    if (!checked) return { receipt: await this.prisma.$transaction(work, TRANSACTION_OPTIONS), replayed: false };
    const { scope, requestHash, field } = checked;
    return this.prisma.$transaction(async (tx) => {
      const now = this.now();
      if (!(await this.claim(tx, scope, requestHash, now))) {
        const existing = await tx.idempotencyRecord.findUnique({ where: { userId_operation_key: scope } });
        if (existing && existing.expiresAt <= now) {
          // An expired key is free again; the delete is conditional so only one of two racers wins it.
          await tx.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now } } });
          if (!(await this.claim(tx, scope, requestHash, now))) throw new IdempotencyKeyReusedError(field);
        } else if (existing) {
          if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError(field);
          return { receipt: existing.response as Receipt, replayed: true };
        }
      }
      const receipt = await work(tx);
      await tx.idempotencyRecord.update({ where: { userId_operation_key: scope }, data: { response: receipt } });
      return { receipt, replayed: false };
    }, TRANSACTION_OPTIONS);
  }

  /**
   * The stored result of an earlier request with this key, read without waiting (null when there is
   * none yet). Lets a mutation replay before it runs checks whose answer may have changed since (a
   * retried checkout must get its order back, not "sold out").
   */
  async lookup<Receipt extends Prisma.InputJsonValue>(request: IdempotentRequest): Promise<IdempotentOutcome<Receipt> | null> {
    const checked = this.check(request);
    if (!checked) return null;
    const existing = await this.prisma.idempotencyRecord.findUnique({ where: { userId_operation_key: checked.scope } });
    if (!existing || existing.expiresAt <= this.now() || existing.response === null) return null;
    if (existing.requestHash !== checked.requestHash) throw new IdempotencyKeyReusedError(checked.field);
    return { receipt: existing.response as Receipt, replayed: true };
  }

  /** Deletes keys past their expiry; returns how many. */
  async purgeExpired(at: Date): Promise<number> {
    const { count } = await this.prisma.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: at } } });
    return count;
  }

  /** Validates the key and hashes the input; null when no key was given. */
  private check(request: IdempotentRequest) {
    const field = request.field ?? ['input', 'idempotencyKey'];
    const key = request.key ?? null;
    if (key === null) return null;
    if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || !PRINTABLE.test(key)) {
      throw ValidationError.single(field, `Must be 1 to ${IDEMPOTENCY_KEY_MAX} printable characters without spaces`);
    }
    const requestHash = createHash('sha256').update(stringify(request.parameters) ?? '').digest('hex');
    return { scope: { userId: request.userId, operation: request.operation, key }, requestHash, field };
  }

  /** Inserts the key's row unless it exists (ON CONFLICT DO NOTHING): true when this transaction owns it. */
  private async claim(
    tx: Prisma.TransactionClient,
    scope: { userId: string; operation: string; key: string },
    requestHash: string,
    now: Date,
  ): Promise<boolean> {
    const { count } = await tx.idempotencyRecord.createMany({
      data: [{ ...scope, requestHash, createdAt: now, expiresAt: new Date(now.getTime() + this.ttlHours * 3_600_000) }],
      skipDuplicates: true,
    });
    return count === 1;
  }
}
