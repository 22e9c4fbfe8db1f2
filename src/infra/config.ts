import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const listFromEnv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean));

/** Every setting the server reads, with its default. Environment variable names are the keys. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** PostgreSQL connection string. Unset: the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis connection string. Unset: an in-process event bus (single instance only). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Embedded database, uploaded files and generated development secrets live here. */
  DATA_DIR: z.string().default('.data'),
  /** Directory for uploaded files on the local-disk storage. Default: DATA_DIR/uploads. */
  UPLOAD_DIR: z.string().optional(),
  /** HMAC secret for access tokens, at least 32 characters. Required in production. */
  JWT_SECRET: z.string().min(32).optional(),
  /** 32-byte key (64 hex characters) encrypting bank account numbers. Required in production. */
  ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** How long an instance trusts what it read of a signed-in user (its staff flag); 0 reads it on every request. */
  AUTH_VIEWER_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /**
   * How many verified access tokens an instance keeps, each until its expiry, instead of checking the
   * signature on every request; 0 checks every time.
   */
  AUTH_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  /** Emails of platform staff, comma separated. Staff can also be granted with `npm run staff:grant`. */
  STAFF_EMAILS: listFromEnv.default([]),
  /**
   * Seed demo data into an empty database. Default: on for the embedded database, off otherwise. Never in
   * production: the demo sign-ins and their password are public.
   */
  SEED_DEMO_DATA: booleanFromEnv.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Minimum age of an individual seller, in years. */
  SELLER_MINIMUM_AGE: z.coerce.number().int().min(0).default(18),
  /** Hours an official account link must have been active before it can be revoked. */
  OFFICIAL_LINK_MIN_ACTIVE_HOURS: z.coerce.number().min(0).default(24),
  /** How many times a shop may revoke an official account link, ever. */
  OFFICIAL_LINK_MAX_REVOCATIONS: z.coerce.number().int().min(0).default(3),
  /** How many marketing links an account may enter within MARKETING_LINK_WINDOW_DAYS. */
  MARKETING_LINK_MAX_PER_WINDOW: z.coerce.number().int().min(1).default(10),
  MARKETING_LINK_WINDOW_DAYS: z.coerce.number().int().min(1).default(180),
  /** Requests one client IP may send per RATE_LIMIT_WINDOW_SECONDS (HTTP 429 beyond). */
  RATE_LIMIT_IP_REQUESTS: z.coerce.number().int().min(1).default(600),
  /** Query cost points one viewer (token, or IP when anonymous) may spend per RATE_LIMIT_WINDOW_SECONDS. */
  RATE_LIMIT_COST_POINTS: z.coerce.number().int().min(1).default(20_000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Take the client IP from the first X-Forwarded-For address (only behind a proxy that sets it). */
  TRUST_PROXY: booleanFromEnv.default(false),
  /** Prefix of the keys this deployment writes in Redis (rate-limit counters), for deployments sharing one Redis. */
  REDIS_KEY_PREFIX: z.string().max(50).default('seller-center:'),
  /** Minutes a buyer has to pay before an unpaid order is cancelled and its stock returns. */
  ORDER_PAYMENT_TIMEOUT_MINUTES: z.coerce.number().min(0).default(30),
  /** Minutes a paid order stays ON_HOLD for review before it awaits shipment; 0: no hold. */
  ORDER_HOLD_MINUTES: z.coerce.number().min(0).default(0),
  /** Hours after payment (or the hold) within which the seller must ship; later earns a late-dispatch mark. */
  ORDER_DISPATCH_HOURS: z.coerce.number().min(0).default(72),
  /** Hours after delivery at which an order completes by itself. */
  ORDER_AUTO_COMPLETE_HOURS: z.coerce.number().min(0).default(168),
  /** Hours an idempotency key and its stored result are kept (at least 24, as payment APIs promise). */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().min(24).default(24),
  /** Run the time-based work (auto-cancel, holds, late dispatch, auto-complete) in this instance. */
  JOBS_ENABLED: booleanFromEnv.default(true),
  /** Milliseconds between two sweeps of due time-based work. */
  JOBS_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  /**
   * Browser origins allowed to call the API (CORS), comma separated, e.g. https://seller.example.com;
   * `*` for any origin. Default: none, so only same-origin pages (GraphiQL) and non-browser clients.
   */
  CORS_ORIGINS: listFromEnv.default([]),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(1000),
  MAX_ALIASES: z.coerce.number().int().min(1).default(15),
  MAX_TOKENS: z.coerce.number().int().min(1).default(2000),
  MAX_DIRECTIVES: z.coerce.number().int().min(1).default(50),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  /** Largest WebSocket message a client may send, in bytes (larger: the socket closes with 1009). */
  WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(100_000),
  /** WebSocket connections one client address may hold open at once (more: HTTP 429 at the upgrade). */
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  /** Operations one WebSocket connection may run at once (more: an error for that operation). */
  WS_MAX_OPERATIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(25),
  /** Milliseconds a new WebSocket has to send `connection_init` (then: closed with 4408). */
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Milliseconds between keep-alive pings; a socket that misses a pong for as long is cut off. */
  WS_KEEPALIVE_MS: z.coerce.number().int().min(100).default(12_000),
  /** Unsent bytes a live subscriber may fall behind before it is disconnected with 4503. */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  /** Viewer-facing stock and purchase-feed messages per product: at most one per this many milliseconds. */
  LIVE_COALESCE_MS: z.coerce.number().int().min(0).default(250),
  /** Seconds without a heartbeat after which an instance's viewers stop counting (Redis only). */
  LIVE_VIEWER_TTL_SECONDS: z.coerce.number().int().min(2).default(15),
  /** Seconds given to in-flight requests after SIGTERM before connections are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(10),
  GRAPHIQL: booleanFromEnv.default(true),
  /** Serve anonymous public reads (catalogue, products, shops, showcases) from the response cache. */
  RESPONSE_CACHE: booleanFromEnv.default(true),
  /** Longest a cached response lives, even if an invalidation were lost. */
  RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * Longest a cached answer showing a current price lives: a promotion's window opens or closes at a set
   * time, which changes the price without a write to announce it.
   */
  RESPONSE_CACHE_PRICE_TTL_SECONDS: z.coerce.number().int().min(1).default(10),
  /** Stock count changes that do not cross zero refresh cached pages at most this often (per product). */
  RESPONSE_CACHE_STOCK_WINDOW_MS: z.coerce.number().int().min(0).default(1000),
  /** `Cache-Control: max-age` of public GET responses, for browsers and a CDN; 0: revalidate every time. */
  HTTP_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(5),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Validated configuration, with paths resolved and development secrets filled in. */
export interface Config extends Omit<Environment, 'JWT_SECRET' | 'ENCRYPTION_KEY' | 'UPLOAD_DIR' | 'SEED_DEMO_DATA'> {
  JWT_SECRET: string;
  ENCRYPTION_KEY: string;
  UPLOAD_DIR: string;
  SEED_DEMO_DATA: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the configuration. Outside production, missing secrets are generated once and kept
 * in DATA_DIR so that tokens and encrypted data survive restarts of a development server; in production
 * they must be given.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const environment = parsed.data;
  const dataDir = resolve(environment.DATA_DIR);
  if (environment.NODE_ENV === 'production' && (!environment.JWT_SECRET || !environment.ENCRYPTION_KEY)) {
    throw new ConfigError('Invalid configuration: JWT_SECRET and ENCRYPTION_KEY are required when NODE_ENV=production');
  }
  if (environment.NODE_ENV === 'production' && environment.SEED_DEMO_DATA) {
    throw new ConfigError('Invalid configuration: SEED_DEMO_DATA cannot be on when NODE_ENV=production (the demo sign-ins are public)');
  }
  return {
    ...environment,
    DATA_DIR: dataDir,
    UPLOAD_DIR: resolve(environment.UPLOAD_DIR ?? join(dataDir, 'uploads')),
    JWT_SECRET: environment.JWT_SECRET ?? developmentSecret(dataDir, 'jwt-secret', 48, 'base64url'),
    ENCRYPTION_KEY: environment.ENCRYPTION_KEY ?? developmentSecret(dataDir, 'encryption-key', 32, 'hex'),
    SEED_DEMO_DATA: environment.SEED_DEMO_DATA ?? (!environment.DATABASE_URL && environment.NODE_ENV !== 'production'),
  };
}

function developmentSecret(dataDir: string, name: string, bytes: number, encoding: BufferEncoding): string {
  const file = join(dataDir, 'secrets', name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(bytes).toString(encoding);
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
