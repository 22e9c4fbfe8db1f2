// Generates the next migration from the changes made to prisma/schema.prisma.
//
//   npm run db:migration -- <name>
//
// Each migration directory keeps a snapshot of the schema it was generated
// from, so the next one is the diff from the latest snapshot, computed offline.
// SQL added by hand to a migration (checks, data fixes) is never regenerated.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../src/infra/database/migrate.ts';
import { diffSchemas } from '../src/infra/database/schema-diff.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)');
  process.exit(1);
}

const prismaDir = fileURLToPath(new URL('../prisma/', import.meta.url));
const migrationsDir = path.join(prismaDir, 'migrations');
const schema = await readFile(path.join(prismaDir, 'schema.prisma'), 'utf8');
await mkdir(migrationsDir, { recursive: true });

const migrations = await readMigrations(migrationsDir);
const latest = migrations.at(-1);
let previous: string | null = null;
if (latest) {
  const snapshot = path.join(migrationsDir, latest.name, 'schema.prisma');
  if (!existsSync(snapshot)) {
    console.error(`${latest.name} has no schema.prisma snapshot, so the schema it produces is unknown.`);
    process.exit(1);
  }
  previous = await readFile(snapshot, 'utf8');
}

const sql = await diffSchemas(previous, schema);
if (sql === '') {
  console.log('no changes');
  process.exit(0);
}

const sequence = latest ? Number.parseInt(latest.name, 10) + 1 : 1;
const dir = path.join(migrationsDir, `${String(sequence).padStart(4, '0')}_${name}`);
await mkdir(dir);
await writeFile(path.join(dir, 'migration.sql'), sql);
await writeFile(path.join(dir, 'schema.prisma'), schema);
console.log(`wrote ${path.relative(process.cwd(), path.join(dir, 'migration.sql'))}`);
