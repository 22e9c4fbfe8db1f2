import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { migrate, pgliteMigrationTarget, pgMigrationTarget } from './migrate.ts';

/** Where the data lives: a PostgreSQL server, or PGlite embedded in the process. */
export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | {
      kind: 'pglite';
      /** A directory to keep the data in; undefined keeps it in memory. */
      dataDir?: string;
      /** A `dumpDataDir()` tarball to start from instead of an empty database. */
      loadDataDir?: Blob | File;
    };

/** An open database and the Prisma client over it. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  /** Applies the pending migrations of `prisma/migrations`. */
  migrate(log?: (msg: string) => void): Promise<{ applied: string[] }>;
  /** Whether the database answers a trivial query within a short time. Never throws. */
  ping(): Promise<boolean>;
  /** Disconnects Prisma and releases the pool or PGlite. Safe to call more than once. */
  close(): Promise<void>;
  /**
   * Number of SQL statements Prisma has sent since creation, counted from Prisma's query events: every
   * query, plus one per transaction end.
   */
  readonly statementCount: number;
  /**
   * Runs `work` with a tally of its own that counts the statements sent on its behalf: AsyncLocalStorage
   * follows it through every await, so statements of concurrent requests and background work (cache
   * invalidation, jobs) are not counted in it.
   */
  tallyStatements<T>(work: () => T): T;
  /** The tally of the work running now ({@link tallyStatements}), if any. */
  currentTally(): StatementTally | undefined;
}

/** The SQL statements one unit of work (one HTTP request) has sent so far. */
export interface StatementTally {
  count: number;
}

const PING_TIMEOUT_MS = 2000;

/**
 * Opens a database and a Prisma client over it. Migrations are not applied:
 * call {@link Database.migrate}.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client whose connection drops emits 'error' on the pool, which
    // would crash the process if nobody listened. The pool discards that client;
    // the next query opens a new connection or reports the outage itself.
    pool.on('error', () => {});
    return wrap('postgres', new PrismaPg(pool), {
      select1: async () => void (await pool.query('SELECT 1')),
      async migrate(log) {
        const client = await pool.connect();
        try {
          return await migrate(pgMigrationTarget(client), { log });
        } finally {
          client.release();
        }
      },
      end: () => pool.end(),
    });
  }

  // PGlite creates its own directory but not the ones above it (a first start with a new DATA_DIR).
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  return wrap('pglite', new PrismaPGlite(pglite), {
    select1: async () => void (await pglite.query('SELECT 1')),
    migrate: (log) => migrate(pgliteMigrationTarget(pglite), { log }),
    end: () => pglite.close(),
  });
}

interface Driver {
  select1(): Promise<void>;
  migrate(log?: (msg: string) => void): Promise<{ applied: string[] }>;
  end(): Promise<void>;
}

function wrap(kind: Database['kind'], adapter: PrismaPg | PrismaPGlite, driver: Driver): Database {
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  let statementCount = 0;
  const tallies = new AsyncLocalStorage<StatementTally>();
  prisma.$on('query', () => {
    statementCount += 1;
    const tally = tallies.getStore();
    if (tally) tally.count += 1;
  });

  let closing: Promise<void> | undefined;
  return {
    kind,
    prisma,
    get statementCount() {
      return statementCount;
    },
    tallyStatements: (work) => tallies.run({ count: 0 }, work),
    currentTally: () => tallies.getStore(),
    migrate: (log) => driver.migrate(log),
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      const query = driver.select1().then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        await driver.end();
      })();
      return closing;
    },
  };
}
