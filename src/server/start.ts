import { join } from 'node:path';
import type { Topics } from '../events.ts';
import type { Config } from '../infra/config.ts';
import { createEncrypter } from '../infra/crypto.ts';
import { createDatabase, type Database, type DatabaseOptions } from '../infra/database/database.ts';
import { createEventBus, type EventBus } from '../infra/event-bus.ts';
import type { Logger } from '../infra/logger.ts';
import { LocalDiskStorage } from '../infra/storage.ts';
import { createPromotionPricing } from '../modules/promotions/promotion-pricing.ts';
import { Idempotency } from '../infra/idempotency.ts';
import { JobRunner } from '../infra/jobs.ts';
import { orderJobs } from '../modules/orders/order.jobs.ts';
import { testPaymentProvider } from '../modules/orders/payment-provider.ts';
import { promotionJobs } from '../modules/promotions/promotion.jobs.ts';
import { buildSchema } from '../schema/index.ts';
import { seedDemoData, type DemoCredentials } from '../seed/demo.ts';
import { createServices, systemClock, type Clock, type Dependencies, type Services } from '../services.ts';
import { buildApp, type App } from './app.ts';
import { followInvalidations, type InvalidationFollower, withLocalHandler } from './cache-invalidation.ts';
import { createLimit } from './rate-limits.ts';
import { createResponseCache } from './response-cache.ts';
import { Redis } from 'ioredis';
import { memoryPresence, redisPresence } from '../infra/presence.ts';
import { decodeIdOf } from '../infra/ids.ts';
import { StockAdmission } from '../modules/orders/stock-admission.ts';

export interface StartOptions {
  /** Overrides the database chosen from the configuration (tests pass a prepared one). */
  database?: DatabaseOptions;
  clock?: Clock;
}

export interface RunningServer {
  url: URL;
  app: App;
  services: Services;
  database: Database;
  events: EventBus<Topics>;
  /** Demo sign-ins, when this start seeded the demo data. */
  demo: DemoCredentials | null;
  /** The time-based work of this instance (sweeping when JOBS_ENABLED). */
  jobs: JobRunner;
  /** Graceful stop of the app, then the event bus and the database. */
  close(): Promise<void>;
}

/** The database the configuration asks for: PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR. */
export function databaseOptionsFrom(config: Config): DatabaseOptions {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir: join(config.DATA_DIR, 'pglite') };
}

/**
 * The composition root: connects the database (migrating it), the event bus and storage, builds the
 * services and the app, seeds demo data into an empty database when asked, and starts listening.
 */
export async function startServer(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const database = await createDatabase(options.database ?? databaseOptionsFrom(config));
  const events = createEventBus<Topics>({ redisUrl: config.REDIS_URL, channelPrefix: config.REDIS_KEY_PREFIX, log });
  // Rate-limit counters get a connection of their own; without the offline queue a Redis outage fails
  // fast and the limiter falls back to memory instead of holding requests. Every request sends one or two
  // commands here: auto-pipelining sends those of one tick in one write instead of one write each.
  const limitsRedis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, enableAutoPipelining: true }) : undefined;
  limitsRedis?.on('error', (error) => log.warn({ err: error }, 'rate limit redis connection error'));
  // The response cache's entries and tags, shared by every instance, under the deployment's key prefix.
  const cacheRedis =
    config.REDIS_URL && config.RESPONSE_CACHE
      ? new Redis(config.REDIS_URL, { keyPrefix: `${config.REDIS_KEY_PREFIX}response-cache:`, maxRetriesPerRequest: 1 })
      : undefined;
  cacheRedis?.on('error', (error) => log.warn({ err: error }, 'response cache redis connection error'));
  let invalidations: InvalidationFollower | null = null;
  let stockAdmission: StockAdmission | null = null;
  const presence = limitsRedis
    ? redisPresence({ redis: limitsRedis, keyPrefix: config.REDIS_KEY_PREFIX, ttlSeconds: config.LIVE_VIEWER_TTL_SECONDS, log })
    : memoryPresence();
  const closeConnections = async () => {
    await presence.close();
    await Promise.all([limitsRedis?.quit().catch(() => undefined), cacheRedis?.quit().catch(() => undefined)]);
  };
  try {
    const { applied } = await database.migrate((message) => log.info(message));
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    const clock = options.clock ?? systemClock;
    // One promotion engine prices product pages, showcases and overlays and quotes checkout.
    const promotionPricing = createPromotionPricing(database.prisma, clock);
    stockAdmission = new StockAdmission(events, log);
    const deps: Dependencies = {
      prisma: database.prisma,
      // Services publish through the local invalidation first (see cache-invalidation.ts).
      events: withLocalHandler(events, async (topic, event) => {
        stockAdmission?.handle(topic, event);
        await invalidations?.handle(topic, event);
      }),
      storage: new LocalDiskStorage(config.UPLOAD_DIR),
      encrypter: createEncrypter(config.ENCRYPTION_KEY),
      config,
      clock,
      pricing: promotionPricing,
      checkoutPricing: promotionPricing,
      payments: testPaymentProvider,
      idempotency: new Idempotency(database.prisma, () => clock.now(), config.IDEMPOTENCY_KEY_TTL_HOURS),
      stockAdmission,
      presence,
      log,
    };
    const services = createServices(deps);
    const jobs = new JobRunner({ intervalMs: config.JOBS_INTERVAL_MS, now: () => clock.now(), log });
    for (const job of [...orderJobs(services.orders, deps.idempotency), ...promotionJobs(services.promotions, log)]) jobs.register(job);
    // Live viewers are told the state again once events flow after an outage of the bus.
    events.onReconnect(() => void services.liveChannels.resyncAll());
    const demo = config.SEED_DEMO_DATA ? await seedDemoData(services, log) : null;
    const schema = buildSchema();
    const responseCache = config.RESPONSE_CACHE
      ? createResponseCache({
          schema,
          ttlSeconds: config.RESPONSE_CACHE_TTL_SECONDS,
          priceTtlSeconds: config.RESPONSE_CACHE_PRICE_TTL_SECONDS,
          httpMaxAgeSeconds: config.HTTP_CACHE_MAX_AGE_SECONDS,
          redis: cacheRedis,
          log,
        })
      : null;
    invalidations = responseCache
      ? followInvalidations({ events, cache: responseCache, prisma: database.prisma, stockWindowMs: config.RESPONSE_CACHE_STOCK_WINDOW_MS, log })
      : null;
    const app = buildApp({
      schema,
      statements: database,
      responseCache,
      services,
      config,
      log,
      checkReadiness: async () => {
        const [databaseUp, busUp] = await Promise.all([database.ping(), events.ping()]);
        return {
          database: databaseUp ? 'ok' : 'unavailable',
          // Without Redis, queries and mutations work; events stop crossing instances until it returns.
          eventBus: busUp ? 'ok' : 'unavailable',
          viewerCounts: presence.healthy ? 'ok' : 'unavailable',
        };
      },
      broadcastFields: [
        {
          field: 'liveEvents',
          join: (args) => services.liveFeeds.join(decodeIdOf('LiveStream', String(args.liveStreamId), ['liveStreamId'])),
        },
      ],
      limits: {
        requestsPerIp: createLimit({
          name: 'ip',
          points: config.RATE_LIMIT_IP_REQUESTS,
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
          redis: limitsRedis,
          keyPrefix: config.REDIS_KEY_PREFIX,
          log,
        }),
        costPerViewer: createLimit({
          name: 'cost',
          points: config.RATE_LIMIT_COST_POINTS,
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
          redis: limitsRedis,
          keyPrefix: config.REDIS_KEY_PREFIX,
          log,
        }),
      },
    });
    const url = await app.listen(config.PORT, config.HOST);
    if (config.JOBS_ENABLED) jobs.start();
    return {
      url,
      app,
      services,
      database,
      events,
      demo,
      jobs,
      close: async () => {
        await jobs.stop();
        await app.close();
        // Its subscriptions end before the bus's connections do.
        await invalidations?.close();
        await stockAdmission?.close();
        await Promise.all([events.close(), closeConnections()]);
        await database.close();
      },
    };
  } catch (error) {
    await invalidations?.close();
    await stockAdmission?.close();
    await Promise.all([events.close(), closeConnections()]);
    await database.close();
    throw error;
  }
}
