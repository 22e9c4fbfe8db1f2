import { loadConfig } from '../src/infra/config.ts';
import { createDatabase } from '../src/infra/database/database.ts';
import { databaseOptionsFrom } from '../src/server/start.ts';

/**
 * Grants (or with --revoke, takes away) platform staff rights: `npm run staff:grant -- someone@example.com`.
 * Staff rights are never given through the API. Uses the same configuration as the server, so it acts
 * on the embedded database by default and on DATABASE_URL when set. With the embedded database, stop the
 * server first: PGlite allows one process at a time.
 */
const args = process.argv.slice(2);
const revoke = args.includes('--revoke');
const email = args.find((arg) => !arg.startsWith('--'))?.toLowerCase();
if (!email) {
  console.error('Usage: npm run staff:grant -- <email> [--revoke]');
  process.exit(2);
}

const config = loadConfig();
const database = await createDatabase(databaseOptionsFrom(config));
try {
  await database.migrate();
  const updated = await database.prisma.user.updateMany({ where: { email }, data: { isStaff: !revoke } });
  if (updated.count === 0) {
    console.error(`No user with the email ${email}`);
    process.exitCode = 1;
  } else {
    console.log(`${email} is ${revoke ? 'no longer' : 'now'} platform staff (running servers see it within ${config.AUTH_VIEWER_CACHE_SECONDS} s)`);
  }
} finally {
  await database.close();
}
