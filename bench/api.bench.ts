import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/infra/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startServer, type RunningServer } from '../src/server/start.ts';
import { startPostgres, startRedis } from '../scripts/lib/test-services.ts';

/**
 * Throughput and latency of representative operations, on PGlite and on PostgreSQL + Redis, each against
 * a baseline measured in the same run (`{ __typename }`: HTTP, yoga and its plugins, no resolver), so
 * the ratios hold on a busy, shared machine where absolute numbers do not. Also counts SQL statements
 * per request, which must not grow with the page size. Usage: `npm run bench [-- --seconds 5]`.
 */

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 4;
const CONCURRENCY = 16;

interface Scenario {
  name: string;
  query: string;
  signedIn?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'baseline { __typename }', query: '{ __typename }' },
  { name: 'me (token check + 1 row)', query: '{ me { id displayName } }', signedIn: true },
  {
    name: 'products(first: 5)',
    query: '{ products(first: 5) { edges { node { id title shop { name } priceRange { min { amount } } skus { price { amount } stock } } } } }',
  },
  {
    name: 'products(first: 50)',
    query: '{ products(first: 50) { edges { node { id title shop { name } priceRange { min { amount } } skus { price { amount } stock } } } } }',
  },
  {
    name: 'showcase(first: 50)',
    query:
      '{ creatorAccount(handle: "dewi.official") { showcase(first: 50) { edges { node { source product { id title inStock shop { name } currentPrice { min { amount } } } } } } } }',
  },
  {
    name: 'myShops with private fields',
    query: '{ myShops(first: 10) { edges { node { id name canSell sellBlockers bankAccount { accountNumberMasked } members { role } } } } }',
    signedIn: true,
  },
];

interface Result {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statements: number;
}

async function post(url: URL, query: string, token?: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
}

/** CONCURRENCY clients sending requests back to back for `seconds`; latencies in milliseconds. */
async function load(server: RunningServer, scenario: Scenario, token: string): Promise<Result> {
  const auth = scenario.signedIn ? token : undefined;
  await post(server.url, scenario.query, auth);
  const before = server.database.statementCount;
  await post(server.url, scenario.query, auth);
  const statements = server.database.statementCount - before;

  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        await post(server.url, scenario.query, auth);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), statements };
}

async function benchmark(label: string, env: Record<string, string>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'seller-center-bench-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'true', MAX_QUERY_COST: '100000', RATE_LIMIT_IP_REQUESTS: '100000000', RATE_LIMIT_COST_POINTS: '1000000000', ...env });
  const server = await startServer(config, createLogger('silent'));
  try {
    const logIn = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { logIn(input: { email: "seller@example.com", password: "demo-password" }) { ... on AuthPayload { accessToken } } }',
      }),
    });
    const token = ((await logIn.json()) as { data: { logIn: { accessToken: string } } }).data.logIn.accessToken;
    await addProducts(server, 60);

    console.log(`\n${label}: ${CONCURRENCY} concurrent clients, ${seconds} s per scenario`);
    console.log('scenario                          req/s    p50 ms   p99 ms   vs baseline   SQL/request');
    let baseline = 0;
    for (const scenario of SCENARIOS) {
      const result = await load(server, scenario, token);
      if (!baseline) baseline = result.perSecond;
      console.log(
        `${scenario.name.padEnd(32)} ${result.perSecond.toFixed(0).padStart(6)} ${result.p50.toFixed(1).padStart(9)} ${result.p99
          .toFixed(1)
          .padStart(8)} ${`${((result.perSecond / baseline) * 100).toFixed(0)}%`.padStart(13)} ${String(result.statements).padStart(13)}`,
      );
    }
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * More buyable products in a demo shop, so that a page of 50 is full, and the demo creator @dewi.official
 * as that shop's official account, so that its showcase is too.
 */
async function addProducts(server: RunningServer, count: number): Promise<void> {
  const { services } = server;
  const seller = await services.prisma.user.findUniqueOrThrow({ where: { email: 'seller@example.com' } });
  const shop = await services.prisma.shop.findFirstOrThrow({ where: { members: { some: { userId: seller.id } } } });
  const category = await services.prisma.category.findFirstOrThrow();
  const ctx = { requestId: 'bench', viewer: { userId: seller.id, isStaff: false }, log: createLogger('silent') };
  for (let index = 0; index < count; index += 1) {
    await services.catalog.createProduct(ctx, shop.id, {
      title: `Bench product ${index}`,
      description: 'For the benchmark.',
      bulletPoints: [],
      categoryId: category.id,
      status: 'ACTIVE',
      images: [],
      skus: ['S', 'M'].map((size) => ({
        sellerSku: `BENCH-${index}-${size}`,
        attributes: [{ name: 'Size', value: size }],
        price: { amount: '10000.00' },
        stock: 100,
        lowStockThreshold: 5,
        weightGrams: 100,
        dimensions: { lengthMm: 100, widthMm: 100, heightMm: 10 },
      })),
    });
  }
  const creator = await services.prisma.user.findUniqueOrThrow({ where: { email: 'dewi@example.com' } });
  const link = await services.links.request(ctx, shop.id, { accountHandle: 'dewi.official', role: 'OFFICIAL' });
  await services.links.confirm({ ...ctx, viewer: { userId: creator.id, isStaff: false } }, link.id);
}

await benchmark('PGlite (embedded), in-process events', {});
const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  await benchmark('PostgreSQL 15 + Redis', { DATABASE_URL: postgres.url, REDIS_URL: redis.url });
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
}
