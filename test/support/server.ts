import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/infra/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import type { DatabaseOptions } from '../../src/infra/database/database.ts';
import { createTestDatabase } from './databases.ts';
import { GraphQLTestClient } from './client.ts';
import { eventually } from './wait.ts';
import type { Clock } from '../../src/services.ts';
import type { Logger } from '../../src/infra/logger.ts';
import type { Topics } from '../../src/events.ts';

export interface TestServer {
  url: URL;
  running: RunningServer;
  /** The database this instance runs on (for another instance started as a process of its own). */
  databaseOptions: DatabaseOptions;
  /** An anonymous client; `client.as(token)` for a signed-in one. */
  client: GraphQLTestClient;
  close(): Promise<void>;
}

/**
 * Limits high enough that only the tests of rate limiting, which set their own, ever meet them; no
 * sweeps of due work except in the tests about it (JOBS_ENABLED=true); and the signed-in user read on
 * every request except in the tests of that cache, so that a request's statement count does not depend
 * on how long ago its user was last seen.
 */
export const TEST_DEFAULTS = {
  RATE_LIMIT_IP_REQUESTS: '1000000',
  RATE_LIMIT_COST_POINTS: '1000000000',
  JOBS_ENABLED: 'false',
  AUTH_VIEWER_CACHE_SECONDS: '0',
};

/** Fixed secrets so that tests never touch files outside their temporary directory. */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
};

/** What a test may hand the server: a `TestClock` to move its time, a logger to watch what it logs. */
export interface TestServerOptions {
  clock?: Clock;
  log?: Logger;
}

/**
 * Starts the real server on a free port with a fresh, migrated database of the back end under test
 * (TEST_DATABASE: pglite or postgres). The postgres run also uses the real Redis event bus.
 */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const [server] = await startTestServers(1, env, options);
  if (!server) throw new Error('no server started');
  return server;
}

/**
 * Several server instances on one database (PostgreSQL only: PGlite lives inside one process), as
 * behind a load balancer. Closing any of them closes its own instance; the last one drops the database.
 */
export async function startTestServers(count: number, env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer[]> {
  const database = await createTestDatabase();
  const onPostgres = process.env.TEST_DATABASE === 'postgres';
  if (count > 1 && !onPostgres) throw new Error('Several instances need TEST_DATABASE=postgres');
  let open = count;
  const servers: TestServer[] = [];
  // Instances of one group share rate-limit counters in Redis, as a fleet does; other groups do not.
  const groupEnv = { ...TEST_DEFAULTS, REDIS_KEY_PREFIX: `test-${randomUUID()}:`, ...env };
  for (let index = 0; index < count; index += 1) {
    servers.push(await startOne(database.options, groupEnv, options, async () => {
      open -= 1;
      if (open === 0) await database.drop();
    }));
  }
  return servers;
}

async function startOne(
  databaseOptions: DatabaseOptions,
  env: Record<string, string>,
  { clock, log }: TestServerOptions,
  onClosed: () => Promise<void>,
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'seller-center-test-'));
  const onPostgres = process.env.TEST_DATABASE === 'postgres';
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
    ...(onPostgres ? { REDIS_URL: inject('redisUrl') } : {}),
    ...TEST_SECRETS,
    ...env,
  });
  const running = await startServer(config, log ?? createLogger(config.LOG_LEVEL), { database: databaseOptions, clock });
  return {
    url: running.url,
    running,
    databaseOptions,
    client: new GraphQLTestClient(running.url),
    close: async () => {
      await running.close();
      await onClosed();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until `count` subscriptions of an instance listen on a topic (`routingKey`: the raw id the topic
 * is keyed by), so that what the test changes next reaches them: a subscription travels from the client
 * over its socket to the event bus (and, with Redis, to Redis's confirmation) before it can receive
 * anything, and on a busy machine that takes an unknown time.
 */
export async function untilListening(server: TestServer, topic: Extract<keyof Topics, string>, routingKey?: string, count = 1): Promise<void> {
  const channel = routingKey === undefined ? topic : `${topic}:${routingKey}`;
  await eventually(() => server.running.events.listeners(topic, routingKey) >= count, 10_000, `${count} subscription(s) on ${channel}`);
}
