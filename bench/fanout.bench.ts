import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../src/infra/config.ts';
import { encodeGlobalId } from '../src/infra/ids.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startServer } from '../src/server/start.ts';

/**
 * Fan-out of live events: a separate process holds N viewers of one stream; the server pins products
 * at a steady rate; viewers measure delivery latency from `publishedAt` (stamped at publish). Next to
 * it, in the same run, the floor: the same number of plain `ws` sockets receiving a payload of the same
 * size broadcast by a server with no GraphQL. Usage: `npm run bench:fanout -- 1000 5000 10000`.
 */

const QUERY = `subscription Bench($id: ID!) { liveEvents(liveStreamId: $id) { __typename publishedAt
  ... on LiveProductPinnedEvent { stock product { id title currentPrice { min { amount currencyCode } } } }
  ... on LiveProductUnpinnedEvent { productId } ... on LiveViewerCountEvent { viewerCount } } }`;
const SECONDS = 8;
const PINS_PER_SECOND = 5;

interface Stats {
  received: number;
  bytes: number;
  p50: number;
  p99: number;
  connected: number;
  /** CPU the viewers' process used over the window, in percent of one core (it must not be the bottleneck). */
  viewerCpu: number;
}

// ─── The viewers' process ───

if (process.argv[2] === '--viewers') {
  const [, , , kind, url, count, streamId] = process.argv as string[];
  const latencies: number[] = [];
  // Sizes of the first frames one viewer receives, to send frames of the same size on the floor.
  const sizes: number[] = [];
  let connected = 0;
  let cpuFrom = process.cpuUsage();
  let windowFrom = Date.now();
  for (let index = 0; index < Number(count); index += 1) {
    if (kind === 'graphql') {
      const client = createClient({ url: url as string, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      client.subscribe({ query: QUERY, variables: { id: streamId } }, {
        // The latency is read off the result graphql-ws parsed; nothing is re-serialised here, which would
        // make this process, not the server, the bottleneck.
        next: (result) => {
          const event = (result.data as { liveEvents?: { publishedAt?: string } } | undefined)?.liveEvents;
          if (!event?.publishedAt) return;
          latencies.push(Date.now() - Date.parse(event.publishedAt));
        },
        error: () => {},
        complete: () => {},
      });
      client.on('connected', () => (connected += 1));
      if (index === 0) {
        client.on('message', (message) => {
          if (message.type === 'next' && sizes.length < 40) sizes.push(Buffer.byteLength(JSON.stringify(message)));
        });
      }
    } else {
      const socket = new WebSocket(url as string);
      socket.on('open', () => (connected += 1));
      // Parsed as a client parses a JSON message, so that both kinds of viewer do the same work.
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { publishedAt: string };
        latencies.push(Date.now() - Date.parse(message.publishedAt));
      });
    }
    if (index % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.on('message', (message) => {
    if (message === 'reset') {
      latencies.length = 0;
      sizes.length = 0;
      cpuFrom = process.cpuUsage();
      windowFrom = Date.now();
      return;
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const cpu = process.cpuUsage(cpuFrom);
    const stats: Stats = {
      received: sorted.length,
      bytes: sizes.length ? sizes.reduce((sum, size) => sum + size, 0) / sizes.length : 0,
      p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
      p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
      connected,
      viewerCpu: ((cpu.user + cpu.system) / 1000 / (Date.now() - windowFrom)) * 100,
    };
    process.send?.(stats);
  });
  setInterval(() => process.send?.({ connected }), 500);
} else {
  await main();
}

// ─── The server's process ───

/**
 * The server process's memory in use after a full garbage collection: JS heap and buffers. Not RSS, which
 * keeps what the previous path freed (the floor's growth came out negative); the native part of a socket
 * is the same on both paths. Not all of `external` either: it holds PGlite's WebAssembly memory, which
 * moves by megabytes on its own, as much as a thousand viewers weigh.
 */
function memoryInUse(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function viewers(kind: 'graphql' | 'ws', url: string, count: number, streamId = ''): ChildProcess {
  return fork(fileURLToPath(import.meta.url), ['--viewers', kind, url, String(count), streamId], { execArgv: ['--import', 'tsx'] });
}

/** Waits until every viewer is connected; fails when the viewers' process dies or they are not all in within three minutes. */
async function waitConnected(child: ChildProcess, count: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${count} viewers did not connect within three minutes`)), 180_000);
    const onExit = (code: number | null) => reject(new Error(`The viewers' process exited (${code})`));
    const onMessage = (message: { connected?: number }) => {
      if (message.connected !== undefined && message.connected >= count) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        clearTimeout(timer);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function measure(child: ChildProcess, run: () => Promise<number>): Promise<Stats & { sent: number; cpuMs: number }> {
  child.send('reset');
  const cpu = process.cpuUsage();
  const sent = await run();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const used = process.cpuUsage(cpu);
  const stats = await new Promise<Stats>((resolve) => {
    const onMessage = (message: Stats) => {
      if ('received' in message) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    child.send('report');
  });
  return { ...stats, sent, cpuMs: (used.user + used.system) / 1000 };
}

async function steady(perSecond: number, action: (index: number) => Promise<void> | void): Promise<number> {
  const total = SECONDS * perSecond;
  const started = Date.now();
  for (let index = 0; index < total; index += 1) {
    await action(index);
    const wait = started + ((index + 1) * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return total;
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number).filter((value) => value > 0);
  // `--heap-snapshots=<dir>`: the server's heap before and after the GraphQL viewers connect, to compare
  // (Chrome DevTools' Comparison view) what each viewer costs.
  const heapSnapshots = process.argv.find((arg) => arg.startsWith('--heap-snapshots='))?.slice('--heap-snapshots='.length);
  const dataDir = await mkdtemp(join(tmpdir(), 'seller-center-fanout-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'true',
    WS_MAX_CONNECTIONS_PER_IP: '100000',
    RATE_LIMIT_IP_REQUESTS: '100000000',
    RATE_LIMIT_COST_POINTS: '100000000',
  });
  const running = await startServer(config, createLogger('silent'));
  const { prisma, live } = running.services;
  const dewi = await prisma.user.findUniqueOrThrow({ where: { email: 'dewi@example.com' } });
  const account = await prisma.creatorAccount.findFirstOrThrow({ where: { userId: dewi.id, handle: 'dewi.official' } });
  const seller = await prisma.user.findUniqueOrThrow({ where: { email: 'seller@example.com' } });
  const shop = await prisma.shop.findFirstOrThrow({ where: { name: 'Toko Siti' } });
  const sellerCtx = { requestId: 'bench', viewer: { userId: seller.id, isStaff: false }, log: createLogger('silent') };
  const requested = await running.services.links.request(sellerCtx, shop.id, { accountHandle: account.handle, role: 'OFFICIAL' });
  await running.services.links.confirm({ ...sellerCtx, viewer: { userId: dewi.id, isStaff: false } }, requested.id);
  const link = { shopId: shop.id };
  const products = await prisma.product.findMany({ where: { shopId: link.shopId, status: 'ACTIVE' }, take: 3, select: { id: true } });
  const ctx = { requestId: 'bench', viewer: { userId: dewi.id, isStaff: false }, log: createLogger('silent') };
  const wsUrl = running.url.href.replace('http:', 'ws:');

  const floor = createServer();
  const floorSockets = new WebSocketServer({ server: floor, perMessageDeflate: false });
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', () => resolve()));
  const floorUrl = `ws://127.0.0.1:${(floor.address() as AddressInfo).port}`;

  const rows: string[] = [];
  for (const count of counts) {
    const stream = await live.schedule(ctx, account.id, { shopId: link.shopId, title: 'Bench', scheduledAt: new Date(), productIds: products.map((p) => p.id) });
    await live.start(ctx, stream.id);
    const before = memoryInUse();
    if (heapSnapshots) writeHeapSnapshot(join(heapSnapshots, `${count}-before.heapsnapshot`));
    const graphqlViewers = viewers('graphql', wsUrl, count, encodeGlobalId('LiveStream', stream.id));
    await waitConnected(graphqlViewers, count);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const memory = (memoryInUse() - before) / count;
    if (heapSnapshots) writeHeapSnapshot(join(heapSnapshots, `${count}-connected.heapsnapshot`));
    const line = (name: string, s: typeof graphql, mem: number) =>
      `| ${count} | ${name} | ${s.p50} | ${s.p99} | ${(s.received / SECONDS).toFixed(0)} | ${s.sent * 2 * count - s.received} | ${(s.cpuMs / SECONDS / 10).toFixed(1)} | ${(mem / 1024).toFixed(1)} | ${s.viewerCpu.toFixed(0)} |`;
    const graphql = await measure(graphqlViewers, () => steady(PINS_PER_SECOND, (index) => live.pin(ctx, stream.id, products[index % products.length]?.id as string).then(() => undefined)));
    graphqlViewers.kill();
    // The floor's memory is measured from when the GraphQL path's sockets are all gone.
    while (running.app.webSocketConnections > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    if (process.argv.includes('--graphql-only')) {
      // For a CPU profile of the GraphQL path alone (`node --cpu-prof`): it is written at exit.
      console.log(line('GraphQL liveEvents', graphql, memory));
      process.exit(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const floorBefore = memoryInUse();
    const floorViewers = viewers('ws', floorUrl, count);
    await waitConnected(floorViewers, count);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const floorMemory = (memoryInUse() - floorBefore) / count;
    // Frames of the size the GraphQL viewers received (the graphql-ws envelope included), two per pin as
    // the GraphQL path sends (unpinned, then pinned), each serialised and encoded once and the same bytes
    // written to every socket: the least a plain ws server can do.
    const empty = Buffer.byteLength(JSON.stringify({ publishedAt: new Date().toISOString(), padding: '' }));
    const padding = 'x'.repeat(Math.max(0, Math.round(graphql.bytes) - empty));
    const baseline = await measure(floorViewers, () =>
      steady(PINS_PER_SECOND, () => {
        for (let message = 0; message < 2; message += 1) {
          const frame = Buffer.from(JSON.stringify({ publishedAt: new Date().toISOString(), padding }));
          for (const socket of floorSockets.clients) socket.send(frame, { binary: false });
        }
      }),
    );
    floorViewers.kill();
    await live.end(ctx, stream.id);

    rows.push(line('GraphQL liveEvents', graphql, memory), line('plain ws floor', baseline, floorMemory));
    console.log(rows.slice(-2).join('\n'), `\n(load average ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);
  }
  console.log(['', '| viewers | path | p50 ms | p99 ms | messages/s delivered | lost | server CPU % | server KiB/viewer | viewer process CPU % |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n'));
  floorSockets.close();
  floor.close();
  await running.close();
  await rm(dataDir, { recursive: true, force: true });
}
