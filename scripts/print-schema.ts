import { readFile, writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { buildSchema } from '../src/schema/index.ts';

/**
 * Prints the schema built from the code into schema.graphql. With --check, exits 1 instead when the
 * committed file differs, so a schema change never goes unreviewed.
 */
const file = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchema(buildSchema())}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== printed) {
    process.stderr.write('schema.graphql is stale: run `npm run schema:print` and commit the result.\n');
    process.exit(1);
  }
} else {
  await writeFile(file, printed);
}
