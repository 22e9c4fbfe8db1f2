import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/infra/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startServer } from '../src/server/start.ts';
import { startPostgres, startRedis } from '../scripts/lib/test-services.ts';
import { startBareYoga, startPageFloor } from './bare-yoga.ts';
import { addBenchData, type BenchData } from './fixtures.ts';
import type { LoadRequest, LoadResult } from './load-generator.ts';

/**
 * Public read performance, in one run: a bare graphql-yoga `{ hello }` server (the yardstick), this API's
 * `{ __typename }` (HTTP, yoga and every plugin, rate-limit counters included, no resolver), and the
 * catalogue page of 20 cards, a showcase page of 20 products from 5 shops and a product detail, each
 * cold (response cache off: every request runs the resolvers and SQL) and warm (served from the response
 * cache), and the same three pages' execution floor (a bare yoga with this API's schema answering them
 * from memory). The load generator runs in a process of its own. Every scenario is reported as a ratio to the
 * bare server measured in the same run, in turns with it (three slices each), since absolute numbers
 * mean little on a shared machine.
 *
 * Usage: `npm run bench [-- --seconds 5] [-- --concurrency 32] [-- --only catalogue] [-- --pglite]`.
 * PostgreSQL + Redis by default; `--pglite` measures the embedded database instead.
 */

const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const seconds = Number(argument('seconds')) || 4;
const concurrency = Number(argument('concurrency')) || 32;
const only = argument('only');
const onPglite = process.argv.includes('--pglite');

const CARD = 'id title shop { id name } priceRange { min { amount currencyCode } max { amount } } inStock skus { id price { amount } stock } images { url }';
const CATALOGUE = `{ products(first: 20) { edges { cursor node { ${CARD} } } pageInfo { hasNextPage endCursor } } }`;
const showcase = (handle: string) =>
  `{ creatorAccount(handle: "${handle}") { id displayName showcase(first: 20) { edges { node { source product { id title inStock shop { id name } currentPrice { min { amount currencyCode } max { amount } } images { url } } } } pageInfo { hasNextPage endCursor } } } }`;
const detail = (productId: string) =>
  `{ node(id: "${productId}") { ... on Product { id title description bulletPoints brand status category { id name } shop { id name region } images { url altText position } priceRange { min { amount currencyCode } max { amount } } currentPrice { min { amount } max { amount } } inStock buyable skus { id sellerSku attributes { name value } price { amount currencyCode } stock inStock buyable weightGrams dimensions { lengthMm widthMm heightMm } } } } }`;

interface Scenario {
  name: string;
  /**
   * Which server: the bare yoga, the API with the response cache off, or with it on, or the page's
   * execution floor (the same schema on a bare yoga, answering from memory; see `startPageFloor`).
   */
  target: 'bare' | 'cold' | 'warm' | 'floor';
  query: string;
  method?: 'GET' | 'POST';
}

/** How many turns the scenario and the bare server take. */
const SLICES = 3;

const BARE: Scenario = { name: 'bare yoga { hello }', target: 'bare', query: '{ hello }' };

/** Totals of slices: requests per second over all of them; percentiles weighted by each slice's requests. */
function combine(results: LoadResult[]): LoadResult {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const weighted = (pick: (result: LoadResult) => number) => results.reduce((sum, result) => sum + pick(result) * result.requests, 0) / requests;
  return {
    requests,
    perSecond: results.reduce((sum, result) => sum + result.perSecond, 0) / results.length,
    p50: weighted((result) => result.p50),
    p99: weighted((result) => result.p99),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    firstFailure: results.find((result) => result.firstFailure)?.firstFailure ?? null,
  };
}

function scenarios(data: BenchData): Scenario[] {
  return [
    { name: 'API { __typename }', target: 'cold', query: '{ __typename }' },
    { name: 'catalogue 20 cards, cold', target: 'cold', query: CATALOGUE },
    { name: 'catalogue 20 cards, from memory', target: 'floor', query: CATALOGUE },
    { name: 'catalogue 20 cards, warm', target: 'warm', query: CATALOGUE },
    { name: 'catalogue 20 cards, warm GET', target: 'warm', query: CATALOGUE, method: 'GET' },
    { name: 'showcase 20 of 5 shops, cold', target: 'cold', query: showcase(data.showcaseHandle) },
    { name: 'showcase 20 of 5, from memory', target: 'floor', query: showcase(data.showcaseHandle) },
    { name: 'showcase 20 of 5 shops, warm', target: 'warm', query: showcase(data.showcaseHandle) },
    { name: 'product detail, cold', target: 'cold', query: detail(data.productId) },
    { name: 'product detail, from memory', target: 'floor', query: detail(data.productId) },
    { name: 'product detail, warm', target: 'warm', query: detail(data.productId) },
  ];
}

/** The forked load generator; one scenario at a time. */
function startGenerator(): { run(load: LoadRequest): Promise<LoadResult>; stop(): void } {
  const child: ChildProcess = fork(join(import.meta.dirname, 'load-generator.ts'), [], { execArgv: ['--import', 'tsx'] });
  return {
    run: (load) =>
      new Promise((resolve, reject) => {
        child.once('message', (message: { result?: LoadResult; error?: string }) =>
          message.result ? resolve(message.result) : reject(new Error(message.error)),
        );
        child.send(load);
      }),
    stop: () => child.kill(),
  };
}

function loadOf(url: URL, scenario: Scenario, duration: number): LoadRequest {
  const method = scenario.method ?? 'POST';
  return {
    url: url.toString(),
    method,
    payload: method === 'GET' ? new URLSearchParams({ query: scenario.query }).toString() : JSON.stringify({ query: scenario.query }),
    // GET must name a CSRF pre-flight header (see http-protocol.ts), as browser clients of GET queries do.
    headers: { accept: 'application/graphql-response+json, application/json', ...(method === 'GET' ? { 'graphql-require-preflight': '1' } : {}) },
    concurrency,
    seconds: duration,
  };
}

/** The SQL statements one request of the scenario sends: its own count, from the `x-sql-statements` header (after one warm-up request). */
async function statementsOf(server: { url: URL }, scenario: Scenario): Promise<string> {
  const send = () =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: scenario.query }) }).then(
      async (response) => {
        await response.text();
        return response.headers.get('x-sql-statements') ?? '?';
      },
    );
  await send();
  return send();
}

const SCHEMA_FILE = join(import.meta.dirname, '..', 'schema.graphql');

async function dataOf(server: { url: URL }, query: string): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const { data, errors } = (await response.json()) as { data: Record<string, unknown>; errors?: unknown };
  if (errors) throw new Error(`The bench query failed: ${JSON.stringify(errors)}`);
  return data;
}

/**
 * Starts the pages' execution floor with what the API answers to them, recorded with `__typename` on
 * each root field's object so that the floor resolves `node`'s interface as the API did, and checks that
 * the floor answers each page exactly as the API does.
 */
async function startFloorOf(api: { url: URL }, all: Scenario[]): Promise<Awaited<ReturnType<typeof startPageFloor>>> {
  const pages = all.filter(({ target }) => target === 'floor');
  const answers: Record<string, unknown> = {};
  for (const { query } of pages) Object.assign(answers, await dataOf(api, query.replace(/\) \{ /, ') { __typename ')));
  const floor = await startPageFloor(await readFile(SCHEMA_FILE, 'utf8'), answers);
  for (const { name, query } of pages) {
    const [own, floors] = await Promise.all([dataOf(api, query), dataOf(floor, query)]);
    if (JSON.stringify(own) !== JSON.stringify(floors)) throw new Error(`The floor answers "${name}" differently from the API`);
  }
  return floor;
}

async function main(): Promise<void> {
  const services = onPglite ? null : await Promise.all([startPostgres(), startRedis()]);
  const dataDir = await mkdtemp(join(tmpdir(), 'seller-center-bench-'));
  const env = {
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    MAX_QUERY_COST: '100000',
    RATE_LIMIT_IP_REQUESTS: '100000000',
    RATE_LIMIT_COST_POINTS: '1000000000',
    ...(services ? { DATABASE_URL: services[0].url, REDIS_URL: services[1].url } : {}),
  };
  const log = createLogger('silent');
  // Cold and warm are two instances on the one database: the same code, with the response cache off and on.
  const cold = await startServer(loadConfig({ ...env, SEED_DEMO_DATA: 'true', RESPONSE_CACHE: 'false' }), log);
  const warm = onPglite ? cold : await startServer(loadConfig({ ...env, SEED_DEMO_DATA: 'false' }), log);
  const bare = await startBareYoga();
  const generator = startGenerator();
  let floor: Awaited<ReturnType<typeof startPageFloor>> | null = null;
  try {
    const data = await addBenchData(cold.services);
    floor = await startFloorOf(cold, scenarios(data));
    const label = onPglite ? 'PGlite (embedded), in-process events' : 'PostgreSQL 15 + Redis 7';
    console.log(`\n${label}: ${concurrency} concurrent clients from a separate process, ${seconds} s per scenario`);
    console.log('scenario                            req/s    p50 ms   p99 ms   bare yoga req/s   vs bare yoga   SQL/request');
    for (const scenario of scenarios(data)) {
      if (only && !scenario.name.includes(only)) continue;
      if (onPglite && scenario.target === 'warm') continue;
      const server = scenario.target === 'warm' ? warm : scenario.target === 'floor' ? floor : cold;
      // The machine's load drifts within seconds: the scenario and the bare server take turns, in slices,
      // and the ratio is that of their totals over the same stretch of time.
      const own: LoadResult[] = [];
      const yardstick: LoadResult[] = [];
      for (let slice = 0; slice < SLICES; slice += 1) {
        yardstick.push(await generator.run(loadOf(bare.url, BARE, seconds / SLICES)));
        own.push(await generator.run(loadOf(server.url, scenario, seconds / SLICES)));
      }
      const result = combine(own);
      const bareResult = combine(yardstick);
      const statements = scenario.target === 'floor' ? '–' : await statementsOf(server, scenario);
      const failed = result.failures ? `  ${result.failures} failed, e.g. ${result.firstFailure}` : '';
      console.log(
        `${scenario.name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(6)} ${result.p50.toFixed(1).padStart(9)} ${result.p99
          .toFixed(1)
          .padStart(8)} ${bareResult.perSecond.toFixed(0).padStart(17)} ${`${(result.perSecond / bareResult.perSecond).toFixed(2)}×`.padStart(14)} ${statements.padStart(13)}${failed}`,
      );
    }
  } finally {
    generator.stop();
    await bare.close();
    await floor?.close();
    if (warm !== cold) await warm.close();
    await cold.close();
    await rm(dataDir, { recursive: true, force: true });
    if (services) await Promise.all(services.map((service) => service.stop()));
  }
}

await main();
