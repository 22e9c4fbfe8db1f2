import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

/** The PostgreSQL major version the engine is told it is generating SQL for. */
const TARGET_SERVER_VERSION = { text: 'PostgreSQL 15.0', number: 150000 };

let engine: Promise<bg.SchemaEngine> | undefined;

function offline(): Promise<never> {
  return Promise.reject(new Error('Diffing two Prisma schemas does not need a database connection.'));
}

// Diffing two datamodels never reads a database, yet the engine insists on a
// connection at start-up and asks it for the server version. Answering that one
// probe from a stub keeps diffing offline and instant (an in-memory PGlite would
// cost seconds per process).
const offlineAdapter: SqlDriverAdapter = {
  provider: 'postgres',
  adapterName: 'offline-schema-diff',
  getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
  async queryRaw(query) {
    if (!query.sql.includes('server_version_num')) return offline();
    return {
      columnNames: ['exists', 'version', 'numeric_version'],
      columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
      rows: [[true, TARGET_SERVER_VERSION.text, TARGET_SERVER_VERSION.number]],
    };
  },
  executeRaw: offline,
  executeScript: offline,
  startTransaction: offline,
  dispose: async () => {},
};

const offlineFactory: SqlMigrationAwareDriverAdapterFactory = {
  provider: 'postgres',
  adapterName: 'offline-schema-diff',
  connect: async () => offlineAdapter,
  connectToShadowDb: offline,
};

// The package is built for bundlers, which would wire the wasm module into its
// glue code; under plain Node the glue is given the instance by hand.
async function loadEngine(): Promise<bg.SchemaEngine> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
  bg.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return bg.SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(offlineFactory));
}

/**
 * Computes, offline, the PostgreSQL script that turns the database described by
 * one Prisma schema into the one described by another.
 *
 * @param from - the current schema's text, or `null` for an empty database
 * @param to - the desired schema's text
 * @returns the SQL script, or an empty string when the schemas describe the same database
 */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  engine ??= loadEngine();
  const datamodel = (content: string) => ({ tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content }] });
  const { stdout } = await (await engine).diff({
    from: from === null ? { tag: 'empty' } : datamodel(from),
    to: datamodel(to),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const script = stdout ?? '';
  // An empty diff still comes back as a comment ("-- This is an empty migration.").
  const hasStatements = script.split('\n').some((line) => line.trim() !== '' && !line.trimStart().startsWith('--'));
  return hasStatements ? script : '';
}
