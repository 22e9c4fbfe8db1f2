import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * One database session that migrations run on. Both calls must reach the same
 * session: the advisory lock and the transactions belong to it.
 */
export interface MigrationTarget {
  /** Runs a script of any number of statements, without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with parameters and returns its rows. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** A migration found on disk. */
export interface Migration {
  /** The directory's name, e.g. `0001_init`; migrations apply in this order. */
  name: string;
  sql: string;
  checksum: string;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The migrations directory; defaults to the project's `prisma/migrations`. */
  dir?: string;
  log?: (msg: string) => void;
}

// Any fixed number works, as long as nothing else in the database uses it.
const LOCK_KEY = 7_240_351_902;

/**
 * Adapts a `pg` client to {@link MigrationTarget}. Give it a `pg.Client` or a
 * client checked out of a pool, not the pool: every call must use the same session.
 */
export function pgMigrationTarget(client: pg.ClientBase): MigrationTarget {
  return {
    // Without parameters pg uses the simple query protocol, which accepts several statements.
    exec: async (sql) => void (await client.query(sql)),
    query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
  };
}

/** Adapts a PGlite instance to {@link MigrationTarget}. */
export function pgliteMigrationTarget(db: PGlite): MigrationTarget {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <Row>(sql: string, params: unknown[] = []) => (await db.query<Row>(sql, params)).rows,
  };
}

/**
 * The project's `prisma/migrations` directory, found by walking up from this
 * module, so that it resolves the same from `src/` and from a compiled `dist/`.
 */
export function defaultMigrationsDir(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No prisma/migrations directory above ${start}`);
  }
}

/**
 * Reads the migrations of a directory: every sub-directory holding a
 * `migration.sql`, sorted by name.
 */
export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksum(sql) };
    }),
  );
}

// Line endings are normalised so that a checkout with CRLF conversion does not
// look like an edited migration.
function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Applies the pending migrations, each in its own transaction, and records them
 * in `_migrations`. Several processes may call it at once against one database:
 * an advisory lock makes them take turns, and the later ones find nothing to do.
 *
 * @throws when a migration that was already applied has since been edited, or a migration fails
 * @returns the names of the migrations applied by this call, in order
 */
export async function migrate(target: MigrationTarget, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const migrations = await readMigrations(opts.dir);
  const applied: string[] = [];

  await target.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await target.exec(`CREATE TABLE IF NOT EXISTS _migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await target.query<{ name: string; checksum: string }>('SELECT name, checksum FROM _migrations');
    const recorded = new Map(rows.map((row) => [row.name, row.checksum]));

    // Checked before applying anything, so an edited history never half-applies.
    const edited = migrations.filter((m) => recorded.has(m.name) && recorded.get(m.name) !== m.checksum);
    if (edited.length > 0) {
      throw new Error(
        `Applied migrations were edited since: ${edited.map((m) => m.name).join(', ')}. ` +
          'Restore them and put the change in a new migration.',
      );
    }
    // A newer release may have migrated this database already (rolling deploys); not an error.
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...recorded.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) log(`database has migrations this build does not know: ${unknown.join(', ')}`);

    for (const migration of migrations.filter((m) => !recorded.has(m.name))) {
      log(`applying migration ${migration.name}`);
      await target.exec('BEGIN');
      try {
        await target.exec(migration.sql);
        await target.query('INSERT INTO _migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
        await target.exec('COMMIT');
      } catch (error) {
        await target.exec('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
  } finally {
    await target.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
  return { applied };
}
