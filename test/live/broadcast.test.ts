import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/infra/logger.ts';
import { goLive, last, LIVE_EVENTS, pin, startLiveWorld, until, watch, type LiveWorld, type Viewer } from './helpers.ts';

// A full garbage collection on demand, to see which objects are still held rather than guess from memory use.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The server's logger, with a weak reference to every child logger it makes: each operation's context
 * has one of its own (with the request id), so a child still alive means a context still held.
 */
function watchedLogger(): { log: Logger; children: WeakRef<object>[] } {
  const log = createLogger('silent');
  const children: WeakRef<object>[] = [];
  const child = log.child.bind(log);
  log.child = ((...args: Parameters<Logger['child']>) => {
    const made = child(...args);
    children.push(new WeakRef(made));
    return made;
  }) as Logger['child'];
  return { log, children };
}

/** A socket speaking graphql-ws by hand, to send what a well-behaved client never would. */
interface RawClient {
  socket: WebSocket;
  /** Every message received, parsed. */
  messages: Array<{ id?: string; type: string; payload?: unknown }>;
  closed: Promise<number>;
  send(message: object): void;
}

async function rawClient(url: URL, { init = true, autoPong = true } = {}): Promise<RawClient> {
  const target = new URL(url);
  target.protocol = 'ws:';
  // ws answers pings by itself unless told not to.
  const socket = new WebSocket(target, 'graphql-transport-ws', { autoPong });
  const messages: RawClient['messages'] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as RawClient['messages'][number]));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const client = { socket, messages, closed, send: (message: object) => socket.send(JSON.stringify(message)) };
  if (init) {
    client.send({ type: 'connection_init' });
    await until(() => expect(messages.map((message) => message.type)).toContain('connection_ack'));
  }
  return client;
}

const of = (client: RawClient, id: string) => client.messages.filter((message) => message.id === id);

describe('liveEvents broadcast', () => {
  let world: LiveWorld;
  let watched: ReturnType<typeof watchedLogger>;
  beforeAll(async () => {
    watched = watchedLogger();
    world = await startLiveWorld({ WS_MAX_OPERATIONS_PER_CONNECTION: '2' }, { log: watched.log });
    await goLive(world, world.streamId);
  });
  afterAll(async () => {
    await world.server.close();
  });

  it('keeps no per-operation context for a subscriber once it has joined its group, and goes on serving it', async () => {
    const from = watched.children.length;
    const viewers: Viewer[] = Array.from({ length: 10 }, () => watch(world.server.client.subscriptions(), world.streamId));
    await until(() => viewers.forEach((viewer) => expect(viewer.messages.length).toBeGreaterThan(0)));
    const made = watched.children.slice(from);
    // One context per subscribe at least (plus the group's own, one per execution).
    expect(made.length).toBeGreaterThanOrEqual(viewers.length);

    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const alive = made.filter((ref) => ref.deref() !== undefined);
    expect(alive).toHaveLength(0);

    await pin(world.host.holder, world.streamId, world.shop.productIds[1] as string);
    await until(() => viewers.forEach((viewer) => expect(last(viewer, 'LiveProductPinnedEvent')?.product?.id).toBe(world.shop.productIds[1])));
    expect(viewers.flatMap((viewer) => viewer.errors)).toEqual([]);
    await Promise.all(viewers.map((viewer) => viewer.client.dispose()));
  });

  it('keeps no upgrade request of a connection once it is open, and goes on serving it', async () => {
    const requests: WeakRef<IncomingMessage>[] = [];
    const keep = (request: IncomingMessage) => requests.push(new WeakRef(request));
    world.server.running.app.server.prependListener('upgrade', keep);
    const viewers: Viewer[] = Array.from({ length: 5 }, () => watch(world.server.client.subscriptions(), world.streamId));
    await until(() => viewers.forEach((viewer) => expect(viewer.messages.length).toBeGreaterThan(0)));
    world.server.running.app.server.off('upgrade', keep);
    expect(requests).toHaveLength(viewers.length);

    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(requests.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);

    await pin(world.host.holder, world.streamId, world.shop.productIds[2] as string);
    await until(() => viewers.forEach((viewer) => expect(last(viewer, 'LiveProductPinnedEvent')?.product?.id).toBe(world.shop.productIds[2])));
    expect(viewers.flatMap((viewer) => viewer.errors)).toEqual([]);
    await Promise.all(viewers.map((viewer) => viewer.client.dispose()));
  });

  it('keeps the protocol for a broadcast subscription: a client `complete` stops it and frees its slot, a duplicate id closes with 4409', async () => {
    const client = await rawClient(world.server.url);
    const subscribe = (id: string) => client.send({ id, type: 'subscribe', payload: { query: LIVE_EVENTS, variables: { id: world.streamId } } });
    subscribe('a');
    subscribe('b');
    await until(() => ['a', 'b'].forEach((id) => expect(of(client, id)[0]?.type).toBe('next')));
    // Both slots of the connection are taken by broadcast subscriptions.
    subscribe('c');
    await until(() => expect(of(client, 'c').map((message) => message.type)).toEqual(['error']));
    expect((of(client, 'c')[0]?.payload as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('TOO_MANY_OPERATIONS');

    client.send({ id: 'a', type: 'complete' });
    subscribe('d');
    await until(() => expect(of(client, 'd')[0]?.type).toBe('next'));
    const received = of(client, 'a').length;
    await pin(world.host.holder, world.streamId, world.shop.productIds[0] as string);
    await until(() => expect(of(client, 'd').some((message) => JSON.stringify(message.payload).includes('LiveProductPinnedEvent'))).toBe(true));
    // The completed one got nothing more, not even a `complete` of its own.
    expect(of(client, 'a')).toHaveLength(received);

    subscribe('b');
    expect(await client.closed).toBe(4409);
  });

  it('refuses a broadcast subscription before connection_init with 4401', async () => {
    const client = await rawClient(world.server.url, { init: false });
    client.send({ id: 'a', type: 'subscribe', payload: { query: LIVE_EVENTS, variables: { id: world.streamId } } });
    expect(await client.closed).toBe(4401);
  });
});

describe('WebSocket keep-alive', () => {
  let world: LiveWorld;
  beforeAll(async () => {
    world = await startLiveWorld({ WS_KEEPALIVE_MS: '1000' });
  });
  afterAll(async () => {
    await world.server.close();
  });

  it('cuts off a socket that does not answer the ping, and keeps one that does', async () => {
    const silent = await rawClient(world.server.url, { autoPong: false });
    const answering = await rawClient(world.server.url);
    let pings = 0;
    answering.socket.on('ping', () => (pings += 1));
    expect(await silent.closed).toBe(1006);
    await until(() => expect(pings).toBeGreaterThanOrEqual(3));
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    answering.socket.close();
  });
});
