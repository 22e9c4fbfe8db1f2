import { ConfigError, loadConfig } from './infra/config.ts';
import { createLogger } from './infra/logger.ts';
import { startServer } from './server/start.ts';

/** Runs the server until SIGTERM or SIGINT, then shuts it down gracefully. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const server = await startServer(config, log);
  log.info(
    { url: server.url.href, database: server.database.kind, events: server.events.kind },
    `Seller Center API ready at ${server.url.href}`,
  );
  if (server.demo) {
    const lines = server.demo.users.map((user) => `  ${user.role.padEnd(7)} ${user.email} / ${user.password}`);
    process.stdout.write(`\nDemo data loaded. Open ${server.url.href} and log in with:\n${lines.join('\n')}\n\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
