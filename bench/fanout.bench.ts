import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import { startPostgres } from '../scripts/lib/test-services.ts';

/**
 * Fan-out of live events: a separate process holds N graphql-ws viewers of one stream; the server pins
 * products at a steady rate; viewers measure delivery latency from `publishedAt` (stamped at publish).
 * Next to it, in the same run, the floor: the same viewers of a plain `ws` server with no GraphQL, which
 * answers graphql-ws's handshake and sends the `next` messages the GraphQL viewers received. Usage:
 * `npm run bench:fanout -- 1000 5000 10000` (`--postgres` for a PostgreSQL server instead of PGlite,
 * `--viewer-processes=K` to spread the viewers over K processes).
 */

const QUERY = `subscription Bench($id: ID!) { liveEvents(liveStreamId: $id) { __typename publishedAt
  ... on LiveProductPinnedEvent { stock product { id title currentPrice { min { amount currencyCode } } } }
  ... on LiveProductUnpinnedEvent { productId } ... on LiveViewerCountEvent { viewerCount } } }`;
const SECONDS = 8;
const PINS_PER_SECOND = 5;

/** What a viewers' process reports of the window; the server's process merges the reports of all of them. */
interface Report {
  /** Delivery latency of each message received, and when each was published. */
  latencies: number[];
  publishedAts: number[];
  /** The payloads of the last two messages one viewer received (an unpin and a pin), for the floor to send. */
  payloads: unknown[];
  /** CPU the process used over the window, in percent of one core. */
  viewerCpu: number;
}

interface Stats {
  received: number;
  payloads: unknown[];
  p50: number;
  p99: number;
  /** p50 of the messages published in the first and in the last two seconds: equal when delivery keeps up, growing when it falls behind. */
  p50Early: number;
  p50Late: number;
  /** CPU the viewers' processes used over the window, in percent of one core (they must not be the bottleneck). */
  viewerCpu: number;
}

/** Merges the viewers' processes' reports. */
function statsOf(reports: readonly Report[]): Stats {
  const latencies = reports.flatMap((report) => report.latencies);
  const publishedAts = reports.flatMap((report) => report.publishedAts);
  const sorted = [...latencies].sort((a, b) => a - b);
  const first = publishedAts.reduce((earliest, at) => Math.min(earliest, at), Infinity);
  const lastPublished = publishedAts.reduce((latest, at) => Math.max(latest, at), 0);
  const p50Of = (keep: (published: number) => boolean) => {
    const some = latencies.filter((_, index) => keep(publishedAts[index] as number)).sort((a, b) => a - b);
    return some[Math.floor(some.length * 0.5)] ?? 0;
  };
  return {
    received: sorted.length,
    payloads: reports[0]?.payloads ?? [],
    p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    p50Early: p50Of((published) => published < first + 2000),
    p50Late: p50Of((published) => published > lastPublished - 2000),
    viewerCpu: reports.reduce((sum, report) => sum + report.viewerCpu, 0),
  };
}

// ─── The viewers' process ───

if (process.argv[2] === '--viewers') {
  const [, , , url, count, streamId] = process.argv as string[];
  const latencies: number[] = [];
  const publishedAts: number[] = [];
  // The last two payloads one viewer received (a pin's unpin and pin), for the floor to send the same.
  const payloads: unknown[] = [];
  let connected = 0;
  let cpuFrom = process.cpuUsage();
  let windowFrom = Date.now();
  for (let index = 0; index < Number(count); index += 1) {
    const client = createClient({ url: url as string, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    client.subscribe({ query: QUERY, variables: { id: streamId } }, {
      // The latency is read off the result graphql-ws parsed; nothing is re-serialised here, which would
      // make this process, not the server, the bottleneck.
      next: (result) => {
        const event = (result.data as { liveEvents?: { publishedAt?: string } } | undefined)?.liveEvents;
        if (!event?.publishedAt) return;
        const published = Date.parse(event.publishedAt);
        latencies.push(Date.now() - published);
        publishedAts.push(published);
      },
      error: () => {},
      complete: () => {},
    });
    client.on('connected', () => (connected += 1));
    if (index === 0) {
      client.on('message', (message) => {
        if (message.type !== 'next') return;
        payloads.push(message.payload);
        if (payloads.length > 2) payloads.shift();
      });
    }
    if (index % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.on('message', (message) => {
    if (message === 'reset') {
      latencies.length = 0;
      publishedAts.length = 0;
      cpuFrom = process.cpuUsage();
      windowFrom = Date.now();
      return;
    }
    const cpu = process.cpuUsage(cpuFrom);
    const report: Report = {
      latencies,
      publishedAts,
      payloads,
      viewerCpu: ((cpu.user + cpu.system) / 1000 / (Date.now() - windowFrom)) * 100,
    };
    process.send?.(report);
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

/**
 * The viewers of one path: `--viewer-processes=K` spreads them over K processes (one by default), so that
 * the load generator's own CPU can be taken out of what is timed.
 */
interface Viewers {
  children: Array<{ child: ChildProcess; count: number }>;
  kill(): void;
}

function viewers(url: string, count: number, streamId: string): Viewers {
  const processes = Number(process.argv.find((arg) => arg.startsWith('--viewer-processes='))?.split('=')[1] ?? 1);
  const children = Array.from({ length: processes }, (_, index) => {
    const share = Math.floor(count / processes) + (index < count % processes ? 1 : 0);
    return { child: fork(fileURLToPath(import.meta.url), ['--viewers', url, String(share), streamId], { execArgv: ['--import', 'tsx'] }), count: share };
  });
  return { children, kill: () => children.forEach(({ child }) => child.kill()) };
}

/** Waits until every viewer is connected; fails when a viewers' process dies or they are not all in within three minutes. */
async function waitConnected(group: Viewers): Promise<void> {
  await Promise.all(
    group.children.map(
      ({ child, count }) =>
        new Promise<void>((resolve, reject) => {
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
        }),
    ),
  );
}

async function measure(group: Viewers, run: () => Promise<number>): Promise<Stats & { sent: number; cpuMs: number; loopDelayMax: number; fsWrites: number }> {
  for (const { child } of group.children) child.send('reset');
  const cpu = process.cpuUsage();
  // How long the server's event loop was held at once (by CPU work or by a blocking system call: PGlite's
  // file writes run on it), and how many file writes the process made.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const fsWritesFrom = process.resourceUsage().fsWrite;
  const sent = await run();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  loopDelay.disable();
  const used = process.cpuUsage(cpu);
  const reports = await Promise.all(
    group.children.map(
      ({ child }) =>
        new Promise<Report>((resolve) => {
          const onMessage = (message: Report) => {
            if ('latencies' in message) {
              child.off('message', onMessage);
              resolve(message);
            }
          };
          child.on('message', onMessage);
          child.send('report');
        }),
    ),
  );
  return { ...statsOf(reports), sent, cpuMs: (used.user + used.system) / 1000, loopDelayMax: loopDelay.max / 1e6, fsWrites: process.resourceUsage().fsWrite - fsWritesFrom };
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
  // `--postgres`: a throwaway PostgreSQL server (the test suite's) instead of PGlite, so that the database
  // runs in a process of its own rather than on the server's event loop.
  const postgres = process.argv.includes('--postgres') ? await startPostgres() : null;
  const config = loadConfig({
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
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
  // The floor speaks as much of graphql-ws as its viewers need (the handshake, the subscription's id in
  // each `next`, pongs), so that both paths have the same viewers doing the same work per message, and
  // what differs is the server alone.
  const floorHeads = new Map<WebSocket, Buffer>();
  floorSockets.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'subscribe') floorHeads.set(socket, Buffer.from(`{"id":${JSON.stringify(message.id)},"type":"next","payload":`));
    });
    socket.on('close', () => floorHeads.delete(socket));
  });
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', () => resolve()));
  const floorUrl = `ws://127.0.0.1:${(floor.address() as AddressInfo).port}`;

  const rows: string[] = [];
  for (const count of counts) {
    const stream = await live.schedule(ctx, account.id, { shopId: link.shopId, title: 'Bench', scheduledAt: new Date(), productIds: products.map((p) => p.id) });
    await live.start(ctx, stream.id);
    const before = memoryInUse();
    if (heapSnapshots) writeHeapSnapshot(join(heapSnapshots, `${count}-before.heapsnapshot`));
    const streamId = encodeGlobalId('LiveStream', stream.id);
    const graphqlViewers = viewers(wsUrl, count, streamId);
    await waitConnected(graphqlViewers);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const memory = (memoryInUse() - before) / count;
    if (heapSnapshots) writeHeapSnapshot(join(heapSnapshots, `${count}-connected.heapsnapshot`));
    const line = (name: string, s: typeof graphql, mem: number) =>
      `| ${count} | ${name} | ${s.p50} | ${s.p99} | ${(s.received / SECONDS).toFixed(0)} | ${s.sent * 2 * count - s.received} | ${(s.cpuMs / SECONDS / 10).toFixed(1)} | ${(mem / 1024).toFixed(1)} | ${s.viewerCpu.toFixed(0)} |`;
    // How long the pinning call takes (the transaction, and whatever is done before the pin is published).
    const pinTimes: number[] = [];
    const graphql = await measure(graphqlViewers, () =>
      steady(PINS_PER_SECOND, async (index) => {
        const started = performance.now();
        await live.pin(ctx, stream.id, products[index % products.length]?.id as string);
        pinTimes.push(performance.now() - started);
      }),
    );
    const pinP50 = [...pinTimes].sort((a, b) => a - b)[Math.floor(pinTimes.length / 2)] ?? 0;
    graphqlViewers.kill();
    // The floor's memory is measured from when the GraphQL path's sockets are all gone.
    while (running.app.webSocketConnections > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    if (process.argv.includes('--graphql-only')) {
      // For a CPU profile of the GraphQL path alone (`node --cpu-prof`): it is written at exit.
      console.log(line('GraphQL liveEvents', graphql, memory), `\n(pin call p50 ${pinP50.toFixed(1)} ms; p50 first/last 2 s ${graphql.p50Early}/${graphql.p50Late} ms; longest event-loop delay ${graphql.loopDelayMax.toFixed(0)} ms; file writes ${graphql.fsWrites})`);
      await postgres?.stop();
      process.exit(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const floorBefore = memoryInUse();
    const floorViewers = viewers(floorUrl, count, streamId);
    await waitConnected(floorViewers);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const floorMemory = (memoryInUse() - floorBefore) / count;
    // The `next` messages the GraphQL viewers received for a pin (unpinned, then pinned), with their stamp:
    // published together, so stamped together; each payload serialised and encoded once, only the short
    // head per socket, and both written to a socket in one write (corked), as the GraphQL path does.
    if (graphql.payloads.length !== 2) throw new Error('The GraphQL viewers received no pin to send on the floor');
    const stamped = (payload: unknown, publishedAt: string) => {
      const { data } = payload as { data: { liveEvents: Record<string, unknown> } };
      return Buffer.from(`${JSON.stringify({ ...(payload as object), data: { liveEvents: { ...data.liveEvents, publishedAt } } })}}`);
    };
    const baseline = await measure(floorViewers, () =>
      steady(PINS_PER_SECOND, () => {
        const publishedAt = new Date().toISOString();
        const tails = graphql.payloads.map((payload) => stamped(payload, publishedAt));
        for (const [socket, head] of floorHeads) {
          const transport = (socket as unknown as { _socket: Duplex })._socket;
          transport.cork();
          for (const tail of tails) socket.send(Buffer.concat([head, tail]), { binary: false });
          transport.uncork();
        }
      }),
    );
    floorViewers.kill();
    await live.end(ctx, stream.id);

    rows.push(line('GraphQL liveEvents', graphql, memory), line('plain ws floor', baseline, floorMemory));
    console.log(rows.slice(-2).join('\n'), `\n(pin call p50 ${pinP50.toFixed(1)} ms; p50 first/last 2 s: GraphQL ${graphql.p50Early}/${graphql.p50Late} ms, floor ${baseline.p50Early}/${baseline.p50Late} ms; longest event-loop delay: GraphQL ${graphql.loopDelayMax.toFixed(0)} ms, floor ${baseline.loopDelayMax.toFixed(0)} ms; file writes: GraphQL ${graphql.fsWrites}, floor ${baseline.fsWrites}; load average ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);
  }
  console.log(['', '| viewers | path | p50 ms | p99 ms | messages/s delivered | lost | server CPU % | server KiB/viewer | viewer process CPU % |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n'));
  floorSockets.close();
  floor.close();
  await running.close();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
