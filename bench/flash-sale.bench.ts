import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startPostgres, startRedis } from '../scripts/lib/test-services.ts';

/**
 * The flash sale: `--buyers` concurrent `placeOrder` calls over HTTP for one SKU with `--stock` units,
 * against the real server started as its own process (`src/main.ts`), so the load generator here does
 * not share its CPU time. Reports attempts per second, orders per second, p50/p99 latency of winners
 * and of losers, and oversold units (must be 0); then the same burst on the sold-out SKU (losers only).
 * Baselines in the same run: the same burst of `{ __typename }` over HTTP, and the bare reservation as
 * one raw conditional UPDATE per attempt through `pg` (PostgreSQL only: PGlite lives inside the server).
 * Every burst runs on warm connections: a first burst of `--buyers` requests opens them all, and a
 * second one, signed in, lets the server see every buyer's token, so no row pays for TCP set-up (or
 * for a first check of a token) that another row does not.
 * Usage: `npm run bench:flash-sale [-- --buyers 1000 --stock 100 --only pglite|postgres --profile]`;
 * `--profile` writes the server's CPU profile (`node --cpu-prof`) to `.profiles/` when it stops.
 */

const argument = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const BUYERS = argument('buyers', 1000);
const STOCK = argument('stock', 100);
const ONLY = option('only');
const PROFILE = process.argv.includes('--profile');
const SHOPPERS = 20;
const ROOT = new URL('../', import.meta.url).pathname;

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'seller-center-flash-'));
  const port = await freePort();
  const profiling = PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.profiles'] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_IP_REQUESTS: '100000000',
      RATE_LIMIT_COST_POINTS: '1000000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const LOG_IN = 'mutation($email: String!) { logIn(input: { email: $email, password: "demo-password" }) { ... on AuthPayload { accessToken } } }';
const SIGN_UP = 'mutation($email: String!) { signUp(input: { email: $email, password: "demo-password", displayName: "Shopper" }) { ... on AuthPayload { accessToken } } }';
const PLACE =
  'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on PlaceOrderPayload { orders { id } } ... on OutOfStockError { available } } }';

/** A new ACTIVE product of the demo shop with `stock` units; returns the SKU's global id. */
async function saleSku(url: string, sellerToken: string, stock: number): Promise<string> {
  const shops = await graphql<{ myShops: { edges: { node: { id: string } }[] } }>(url, '{ myShops(first: 1) { edges { node { id } } } }', {}, sellerToken);
  const categories = await graphql<{ categories: { id: string }[] }>(url, '{ categories { id } }');
  const created = await graphql<{ createProduct: { product: { skus: { id: string }[] } } }>(
    url,
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { ... on CreateProductPayload { product { skus { id } } } } }',
    {
      input: {
        shopId: shops.myShops.edges[0]?.node.id,
        categoryId: categories.categories[0]?.id,
        title: `Flash sale ${Date.now()}`,
        status: 'ACTIVE',
        skus: [{ sellerSku: `FLASH-${Date.now()}`, price: { amount: '99000.00' }, stock, weightGrams: 200, dimensions: { lengthMm: 100, widthMm: 100, heightMm: 10 } }],
      },
    },
    sellerToken,
  );
  const sku = created.createProduct.product.skus[0]?.id;
  if (!sku) throw new Error('no SKU');
  return sku;
}

interface Burst {
  seconds: number;
  winners: number[];
  losers: number[];
  other: string[];
}

/** `count` requests at once; latencies in milliseconds, split by outcome. */
async function burst(count: number, send: (index: number) => Promise<'win' | 'lose' | string>): Promise<Burst> {
  const result: Burst = { seconds: 0, winners: [], losers: [], other: [] };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const sent = performance.now();
      const outcome = await send(index).catch((error: unknown) => String((error as { cause?: unknown }).cause ?? error));
      const latency = performance.now() - sent;
      if (outcome === 'win') result.winners.push(latency);
      else if (outcome === 'lose') result.losers.push(latency);
      else result.other.push(outcome);
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
};
const ms = (values: number[]) => (values.length ? `${percentile(values, 0.5).toFixed(0).padStart(6)} ${percentile(values, 0.99).toFixed(0).padStart(6)}` : '     -      -');

function report(name: string, result: Burst): void {
  const attempts = result.winners.length + result.losers.length + result.other.length;
  console.log(
    `${name.padEnd(34)} ${(attempts / result.seconds).toFixed(0).padStart(8)} ${(result.winners.length / result.seconds).toFixed(0).padStart(8)}   ${ms(result.winners)}   ${ms(result.losers)}${result.other.length ? `   ${result.other.length} failed: ${result.other[0]}` : ''}`,
  );
}

async function flashSale(label: string, env: Record<string, string>, bareReservation: ((stock: number) => Promise<Burst>) | null): Promise<void> {
  const server = await startServer(env);
  try {
    const seller = await graphql<{ logIn: { accessToken: string } }>(server.url, LOG_IN, { email: 'seller@example.com' });
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async (_, index) =>
        (await graphql<{ signUp: { accessToken: string } }>(server.url, SIGN_UP, { email: `shopper-${index}-${Date.now()}@example.com` })).signUp.accessToken,
      ),
    );
    const sku = await saleSku(server.url, seller.logIn.accessToken, STOCK);
    const address = { recipientName: 'Budi', phone: '+62 811 2233 4455', line1: 'Jl. Melati 5', city: 'Bandung', postalCode: '40115', region: 'ID' };
    const attempt = async (index: number) => {
      const data = await graphql<{ placeOrder: { __typename: string } }>(
        server.url,
        PLACE,
        { input: { items: [{ skuId: sku, quantity: 1 }], shippingAddress: address } },
        shoppers[index % SHOPPERS],
      );
      return data.placeOrder.__typename === 'PlaceOrderPayload' ? 'win' : data.placeOrder.__typename === 'OutOfStockError' ? 'lose' : data.placeOrder.__typename;
    };

    const typename = (signedIn: boolean) => (index: number) =>
      graphql(server.url, '{ __typename }', {}, signedIn ? shoppers[index % SHOPPERS] : undefined).then(() => 'lose' as const);
    console.log(`\n${label}: ${BUYERS} concurrent buyers, ${STOCK} units; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
    console.log('run                                attempts/s  orders/s   winners p50/p99 ms   losers p50/p99 ms');
    // Opens the connections every later burst reuses and fills the response cache, which answers the
    // anonymous baseline; then, signed in, shows the server every buyer's token and user, as the requests
    // that showed the product have by the time of a checkout.
    await burst(BUYERS, typename(false));
    await burst(BUYERS, typename(true));
    report('baseline { __typename } over HTTP', await burst(BUYERS, typename(false)));
    report('  the same, signed in', await burst(BUYERS, typename(true)));
    if (bareReservation) report('bare reservation (one UPDATE, pg)', await bareReservation(STOCK));
    const sale = await burst(BUYERS, attempt);
    report('placeOrder, flash sale', sale);
    const soldOut = await burst(BUYERS, attempt);
    report('placeOrder, sold out', soldOut);
    const stock = await graphql<{ node: { stock: number } }>(server.url, 'query($id: ID!) { node(id: $id) { ... on Sku { stock } } }', { id: sku });
    const sold = sale.winners.length + soldOut.winners.length;
    console.log(`orders: ${sold}, stock left: ${stock.node.stock}, oversold units: ${Math.max(0, sold - STOCK) + Math.max(0, -stock.node.stock)}`);
    console.log(`load average after the run: ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  } finally {
    await server.stop();
  }
}

/** The floor: each attempt is one conditional UPDATE on a hot row through a pool of 10 connections. */
function bareReservationOn(url: string): (stock: number) => Promise<Burst> {
  return async (stock) => {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    try {
      await pool.query('CREATE TABLE IF NOT EXISTS bench_stock (id int PRIMARY KEY, stock int NOT NULL CHECK (stock >= 0))');
      await pool.query('INSERT INTO bench_stock VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET stock = $1', [stock]);
      return await burst(BUYERS, async () => {
        const result = await pool.query('UPDATE bench_stock SET stock = stock - 1 WHERE id = 1 AND stock >= 1');
        return result.rowCount === 1 ? 'win' : 'lose';
      });
    } finally {
      await pool.end();
    }
  };
}

if (ONLY !== 'postgres') await flashSale('PGlite (embedded), in-process events', {}, null);
if (ONLY !== 'pglite') {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    await flashSale('PostgreSQL 15 + Redis', { DATABASE_URL: postgres.url, REDIS_URL: redis.url }, bareReservationOn(postgres.url));
  } finally {
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}
