import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/infra/database/database.ts';
import {
  defaultMigrationsDir,
  migrate,
  pgliteMigrationTarget,
  pgMigrationTarget,
  readMigrations,
  type MigrationTarget,
} from '../../src/infra/database/migrate.ts';
import { diffSchemas } from '../../src/infra/database/schema-diff.ts';
import { createEmptyTestDatabase, createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/databases.ts';

const schemaPath = path.join(defaultMigrationsDir(), '..', 'schema.prisma');

// CHECK constraints cannot be written in a Prisma schema, so they are added by
// hand at the end of migrations and the schema-derived database has none.
// The drift comparison therefore leaves checks out, and this list pins the
// ones the migrations must create: adding or dropping one means editing it.
const HAND_WRITTEN_CHECKS = [
  'FlashDealReservation_quantity_check',
  'OrderItem_quantity_check',
  'Promotion_quantitySold_check',
  'Review_rating_check',
  'ShippingRateBand_feeMinor_check',
  'Sku_priceMinor_check',
  'Sku_stock_check',
  'Voucher_codeScope_check',
  'Voucher_totalLimit_check',
  'Voucher_usedCount_check',
];

interface Session {
  target: MigrationTarget;
  close(): Promise<void>;
}

/** Opens a migration session on a test database, whichever back end it is on. */
async function open(database: TestDatabase): Promise<Session> {
  const { options } = database;
  if (options.kind === 'pglite') {
    const db = await PGlite.create({ loadDataDir: options.loadDataDir });
    return { target: pgliteMigrationTarget(db), close: () => db.close() };
  }
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  return {
    target: pgMigrationTarget(client),
    close: async () => {
      await client.end();
      await database.drop();
    },
  };
}

async function openEmpty(): Promise<Session> {
  return open(await createEmptyTestDatabase());
}

interface Catalog {
  columns: string[];
  indexes: string[];
  keys: string[];
  enums: string[];
  /** Names only: these are compared with a list, not with the schema. */
  checks: string[];
}

// Only what generating a migration can fix is compared: column order and enum
// value order are left out, because a migration that adds a column or a value
// appends it, while a database created from the schema follows the schema's order.
async function dumpCatalog(target: MigrationTarget): Promise<Catalog> {
  const columns = await target.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_migrations'
      AND a.attnum > 0 AND NOT a.attisdropped`);
  const indexes = await target.query<{ indexdef: string }>(
    `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_migrations'`,
  );
  const constraints = await target.query<{ table: string; name: string; type: string; definition: string }>(`
    SELECT c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname <> '_migrations' AND k.contype IN ('p', 'u', 'f', 'c', 'x')`);
  const enums = await target.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumlabel) AS labels
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public'
    GROUP BY t.typname`);
  const describe = (k: (typeof constraints)[number]) => `${k.table}.${k.name}: ${k.definition}`;
  return {
    columns: columns
      .map((c) => `${c.table}.${c.column} ${c.type}${c.not_null ? ' NOT NULL' : ''}${c.default === null ? '' : ` DEFAULT ${c.default}`}`)
      .sort(),
    indexes: indexes.map((i) => i.indexdef).sort(),
    keys: constraints.filter((k) => k.type !== 'c').map(describe).sort(),
    enums: enums.map((e) => `${e.name}: ${e.labels.join(', ')}`).sort(),
    checks: constraints.filter((k) => k.type === 'c').map((k) => k.name).sort(),
  };
}

/**
 * Column defaults a migration sets by hand, as Prisma would write them: the order-event sequence's
 * default takes the transaction's id first (migration 0007).
 */
const HAND_WRITTEN_DEFAULTS: Record<string, string> = {
  'OrderEvent.sequence bigint NOT NULL DEFAULT order_event_next_sequence()': `OrderEvent.sequence bigint NOT NULL DEFAULT nextval('"OrderEvent_sequence_seq"'::regclass)`,
};

/** The catalog without hand-written checks, and with hand-written defaults as Prisma would have them. */
function withoutChecks({ checks: _checks, ...rest }: Catalog): Omit<Catalog, 'checks'> {
  return { ...rest, columns: rest.columns.map((column) => HAND_WRITTEN_DEFAULTS[column] ?? column).sort() };
}

describe(`migrations on ${testDatabaseKind()}`, () => {
  let schema: string;
  let all: string[];
  let migrated: Session;
  let migratedCatalog: Catalog;
  let scratch: string;

  beforeAll(async () => {
    schema = await readFile(schemaPath, 'utf8');
    all = (await readMigrations()).map((migration) => migration.name);
    scratch = await mkdtemp(path.join(tmpdir(), 'migrations-test-'));
    migrated = await openEmpty();
    expect(await migrate(migrated.target)).toEqual({ applied: all });
    migratedCatalog = await dumpCatalog(migrated.target);
  });

  afterAll(async () => {
    await migrated?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  async function catalogOfSchema(text: string): Promise<Catalog> {
    const session = await openEmpty();
    try {
      await session.target.exec(await diffSchemas(null, text));
      return await dumpCatalog(session.target);
    } finally {
      await session.close();
    }
  }

  it('build the database prisma/schema.prisma describes (run `npm run db:migration -- <name>` if not)', async () => {
    const fromSchema = await catalogOfSchema(schema);
    expect(withoutChecks(migratedCatalog)).toEqual(withoutChecks(fromSchema));
    expect(fromSchema.checks).toEqual([]);
    expect(migratedCatalog.checks).toEqual(HAND_WRITTEN_CHECKS);
    expect(migratedCatalog.columns).toEqual(expect.arrayContaining(Object.keys(HAND_WRITTEN_DEFAULTS)));
  });

  it('would notice a schema change that has no migration', async () => {
    const changed = schema.replace(/^model Sku \{\n/m, '$&  barcode String? @unique\n');
    expect(changed).not.toBe(schema);
    const fromChanged = await catalogOfSchema(changed);
    expect(fromChanged.columns).toContain('Sku.barcode text');
    expect(withoutChecks(migratedCatalog)).not.toEqual(withoutChecks(fromChanged));
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(migrated.target)).toEqual({ applied: [] });
  });

  async function copyOfMigrations(name: string): Promise<string> {
    const dir = path.join(scratch, name);
    await cp(defaultMigrationsDir(), dir, { recursive: true });
    return dir;
  }

  async function addMigration(dir: string, name: string, sql: string): Promise<void> {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }

  it('refuse to run when an applied migration was edited, before applying anything', async () => {
    const dir = await copyOfMigrations('edited');
    await writeFile(path.join(dir, '0001_init', 'migration.sql'), '-- edited\n', { flag: 'a' });
    await addMigration(dir, '9999_next', 'CREATE TABLE "Next" (id int);');
    await expect(migrate(migrated.target, { dir })).rejects.toThrow(/edited since: 0001_init/);
    expect(await migrated.target.query(`SELECT to_regclass('"Next"') AS next`)).toEqual([{ next: null }]);
  });

  it('roll a failing migration back entirely', async () => {
    const dir = await copyOfMigrations('failing');
    await addMigration(dir, '9999_broken', 'CREATE TABLE "Broken" (id int);\nSELECT 1 / 0;');
    await expect(migrate(migrated.target, { dir })).rejects.toThrow(/9999_broken failed: division by zero/);
    expect(await migrated.target.query(`SELECT to_regclass('"Broken"') AS broken`)).toEqual([{ broken: null }]);
    expect(await migrated.target.query(`SELECT name FROM _migrations ORDER BY name`)).toEqual(all.map((name) => ({ name })));
  });

  it('keep stock from going negative', async () => {
    const { target } = migrated;
    await target.exec(`
      INSERT INTO "Address" (id, "recipientName", phone, line1, city, "postalCode", region)
        VALUES ('00000000-0000-7000-8000-000000000001', 'A', '1', 'L', 'C', '1', 'SG');
      INSERT INTO "Shop" (id, name, "nameKey", region, currency, "businessType", "contactEmail", "contactPhone",
                          "termsVersion", "termsAcceptedAt", "pickupAddressId", "returnAddressId", "updatedAt")
        VALUES ('00000000-0000-7000-8000-000000000002', 'S', 's', 'SG', 'SGD', 'INDIVIDUAL', 'a@b.c', '1', '1', now(),
                '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000001', now());
      INSERT INTO "Category" (id, slug, name) VALUES ('00000000-0000-7000-8000-000000000003', 'c', 'C');
      INSERT INTO "Product" (id, "shopId", title, "categoryId", "updatedAt")
        VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000002', 'P',
                '00000000-0000-7000-8000-000000000003', now());
      INSERT INTO "Sku" (id, "productId", "shopId", "sellerSku", "priceMinor", stock, "weightGrams", "lengthMm",
                         "widthMm", "heightMm", "updatedAt")
        VALUES ('00000000-0000-7000-8000-000000000005', '00000000-0000-7000-8000-000000000004',
                '00000000-0000-7000-8000-000000000002', 'SKU', 100, 1, 1, 1, 1, 1, now());`);
    await expect(target.exec(`UPDATE "Sku" SET stock = stock - 2`)).rejects.toThrow(/Sku_stock_check/);
    expect(await target.query(`SELECT stock FROM "Sku"`)).toEqual([{ stock: 1 }]);
  });

  if (testDatabaseKind() === 'postgres') {
    it('let one of several instances starting at once apply them', async () => {
      const database = await createEmptyTestDatabase();
      const sessions = await Promise.all([1, 2, 3].map(() => open({ ...database, drop: async () => {} })));
      try {
        const results = await Promise.all(sessions.map((session) => migrate(session.target)));
        expect(results.flatMap((result) => result.applied)).toEqual((await readMigrations()).map((m) => m.name));
      } finally {
        await Promise.all(sessions.map((session) => session.close()));
        await database.drop();
      }
    });
  }
});

describe(`createDatabase on ${testDatabaseKind()}`, () => {
  it('migrates, queries through Prisma, counts statements and closes', async () => {
    const testDatabase = await createEmptyTestDatabase();
    const database = await createDatabase(testDatabase.options);
    try {
      expect(database.kind).toBe(testDatabaseKind());
      const all = (await readMigrations()).map((migration) => migration.name);
      expect(await database.migrate()).toEqual({ applied: all });
      expect(await database.ping()).toBe(true);

      const before = database.statementCount;
      const user = await database.prisma.user.create({ data: { email: 'a@example.com', passwordHash: 'x', displayName: 'A' } });
      const found = await database.prisma.user.findUnique({ where: { email: 'a@example.com' } });
      expect(found?.id).toBe(user.id);
      expect(database.statementCount).toBe(before + 2);
    } finally {
      await database.close();
      await database.close();
      await testDatabase.drop();
    }
    expect(await database.ping()).toBe(false);
  });

  it('starts test databases migrated, with interactive transactions and conditional updates working', async () => {
    const testDatabase = await createTestDatabase();
    const database = await createDatabase(testDatabase.options);
    try {
      expect(await database.migrate()).toEqual({ applied: [] });
      const { prisma } = database;
      const address = await prisma.address.create({
        data: { recipientName: 'A', phone: '1', line1: 'L', city: 'C', postalCode: '1', region: 'SG' },
      });
      const shop = await prisma.shop.create({
        data: {
          name: 'S', nameKey: 's', region: 'SG', currency: 'SGD', businessType: 'INDIVIDUAL', contactEmail: 'a@example.com',
          contactPhone: '1', termsVersion: '1', termsAcceptedAt: new Date(), pickupAddressId: address.id, returnAddressId: address.id,
        },
      });
      const category = await prisma.category.create({ data: { slug: 'c', name: 'C' } });
      const product = await prisma.product.create({ data: { shopId: shop.id, categoryId: category.id, title: 'P' } });
      const sku = await prisma.sku.create({
        data: {
          productId: product.id, shopId: shop.id, sellerSku: 'SKU', priceMinor: 2n ** 53n, stock: 3,
          weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1,
        },
      });
      expect(sku.priceMinor).toBe(2n ** 53n);

      const take = (quantity: number) =>
        prisma.$transaction(async (tx) => {
          const taken = await tx.$executeRaw`UPDATE "Sku" SET stock = stock - ${quantity} WHERE id = ${sku.id}::uuid AND stock >= ${quantity}`;
          if (taken === 0) throw new Error('out of stock');
          await tx.skuChange.create({ data: { skuId: sku.id, field: 'STOCK', oldValue: 3n, newValue: BigInt(3 - quantity) } });
        });
      await take(2);
      await expect(take(2)).rejects.toThrow('out of stock');
      expect(await prisma.sku.findUniqueOrThrow({ where: { id: sku.id }, select: { stock: true } })).toEqual({ stock: 1 });
      expect(await prisma.skuChange.count()).toBe(1);
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});
