// Fresh databases for test files, of the back end under test (TEST_DATABASE:
// 'pglite', the default, or 'postgres').
//
// Starting PGlite from nothing takes seconds (initdb), and vitest runs every
// test file in a new process, so a prepared PGlite data directory is dumped
// once to a file shared by all processes and later runs; each database then
// starts from that tarball in about half a second. On PostgreSQL a migrated
// template database is built once per server and copied with CREATE DATABASE.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseOptions } from '../../src/infra/database/database.ts';
import { migrate, pgliteMigrationTarget, pgMigrationTarget, readMigrations } from '../../src/infra/database/migrate.ts';

/** A database for one test file. */
export interface TestDatabase {
  options: DatabaseOptions;
  /** Deletes a PostgreSQL database; nothing to do for PGlite, which lives in memory. */
  drop(): Promise<void>;
}

type Contents = 'empty' | 'migrated';

/** A fresh database with every migration applied. */
export function createTestDatabase(): Promise<TestDatabase> {
  return create('migrated');
}

/** A fresh database with nothing in it, for tests of the migrations themselves. */
export function createEmptyTestDatabase(): Promise<TestDatabase> {
  return create('empty');
}

/** The back end under test. */
export function testDatabaseKind(): DatabaseOptions['kind'] {
  const kind = process.env.TEST_DATABASE ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`TEST_DATABASE must be pglite or postgres, not ${kind}`);
  return kind;
}

async function create(contents: Contents): Promise<TestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    return { options: { kind: 'pglite', loadDataDir: await pgliteDump(contents) }, drop: async () => {} };
  }
  const adminUrl = inject('postgresUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = contents === 'migrated' ? await postgresTemplate(adminUrl) : 'template0';
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    options: { kind: 'postgres', url: databaseUrl(adminUrl, name) },
    drop: () => withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

// ───────────────────────────────── PGlite ─────────────────────────────────

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/test-databases/', import.meta.url));
const dumps = new Map<Contents, Promise<Blob>>();

function pgliteDump(contents: Contents): Promise<Blob> {
  let dump = dumps.get(contents);
  if (!dump) {
    dump = cachedDump(contents);
    dumps.set(contents, dump);
  }
  return dump;
}

async function cachedDump(contents: Contents): Promise<Blob> {
  // The key changes with the migrations and with PGlite, whose data directory format is its own.
  const file = path.join(cacheDir, `pglite-${contents}-${await cacheKey(contents)}.tar`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);

  // Only the empty database pays for initdb; the migrated one starts from it.
  const db = contents === 'empty' ? await PGlite.create() : await PGlite.create({ loadDataDir: await pgliteDump('empty') });
  try {
    if (contents === 'migrated') await migrate(pgliteMigrationTarget(db));
    // Uncompressed: it loads faster, and it never leaves this machine.
    const dump = await db.dumpDataDir('none');
    await mkdir(cacheDir, { recursive: true });
    for (const entry of await readdir(cacheDir)) {
      const stale = entry.startsWith(`pglite-${contents}-`) && !entry.startsWith(path.basename(file));
      if (stale) await rm(path.join(cacheDir, entry), { force: true });
    }
    // Written under a temporary name, so that a concurrent process never reads half a file.
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  } finally {
    await db.close();
  }
}

async function cacheKey(contents: Contents): Promise<string> {
  const require = createRequire(import.meta.url);
  const pgliteMain = require.resolve('@electric-sql/pglite');
  const pglitePackage = path.join(pgliteMain.slice(0, pgliteMain.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  const hash = createHash('sha256').update(JSON.parse(await readFile(pglitePackage, 'utf8')).version);
  if (contents === 'migrated') for (const m of await readMigrations()) hash.update(`${m.name}:${m.checksum}`);
  return hash.digest('hex').slice(0, 16);
}

// ──────────────────────────────── PostgreSQL ────────────────────────────────

// Any fixed number works, as long as it differs from the migration runner's.
const TEMPLATE_LOCK_KEY = 7_240_351_903;
let template: Promise<string> | undefined;

function postgresTemplate(adminUrl: string): Promise<string> {
  template ??= buildTemplate(adminUrl);
  return template;
}

// Test files run in parallel processes: the advisory lock lets one of them
// build the template while the others wait, then find it ready. It is built
// under another name and renamed when complete, so a crash midway never leaves
// a half-migrated template behind.
async function buildTemplate(adminUrl: string): Promise<string> {
  const migrations = await readMigrations();
  const key = createHash('sha256').update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n')).digest('hex');
  const name = `test_template_${key.slice(0, 16)}`;
  await withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${building} TEMPLATE template0`);
    await withClient(databaseUrl(adminUrl, building), (client) => migrate(pgMigrationTarget(client)));
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  }); // Ending the session releases the lock.
  return name;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
