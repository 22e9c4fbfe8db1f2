import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { forkViewers, freePort, startMain, type MainProcess, type ViewersProcess } from '../support/main-process.ts';
import { startTestServers, TEST_DEFAULTS, TEST_SECRETS, type TestServer } from '../support/server.ts';
import { GraphQLTestClient } from '../support/client.ts';
import { last, liveStreamOn, watch, type Viewer } from '../live/helpers.ts';

/** The smallest document that still makes a viewer: the count is all these tests read. */
const COUNT_ONLY = 'subscription Count($id: ID!) { liveEvents(liveStreamId: $id) { __typename ... on LiveViewerCountEvent { viewerCount } } }';

/** Seconds after which a silent instance's viewers stop counting: small, so the tests wait little. */
const TTL_SECONDS = 2;

/**
 * The viewer count across instances when viewers or instances die without saying goodbye: the count
 * one instance shows must come back to the exact number of viewers still there.
 */
describe('viewer counts when viewers and instances die', () => {
  const keyPrefix = `test-${randomUUID()}:`;
  let first: TestServer;
  let second: TestServer;
  const processes: ViewersProcess[] = [];
  let instance: MainProcess | undefined;
  let dataDir: string | undefined;
  /** To look at the presence keys themselves. */
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    [first, second] = (await startTestServers(2, {
      REDIS_KEY_PREFIX: keyPrefix,
      LIVE_COALESCE_MS: '50',
      LIVE_VIEWER_TTL_SECONDS: String(TTL_SECONDS),
      // Pings every second: a viewer that stops answering is cut off within two.
      WS_KEEPALIVE_MS: '1000',
    })) as [TestServer, TestServer];
  });
  afterAll(async () => {
    for (const viewers of processes) viewers.child.kill('SIGKILL');
    instance?.child.kill('SIGKILL');
    await Promise.all([...processes.map((viewers) => viewers.exited), instance?.exited]);
    await first?.close();
    await second?.close();
    redis?.disconnect();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A viewer on the first instance that reads the count, and the count it reads once it is `expected`. */
  async function countOn(viewer: Viewer, expected: number): Promise<void> {
    await expect.poll(() => last(viewer, 'LiveViewerCountEvent')?.viewerCount ?? viewer.messages[0]?.viewerCount, { timeout: 30_000 }).toBe(expected);
  }

  it('drops the viewers of a client process killed with SIGKILL, and of one that stops answering', async () => {
    const { streamId } = await liveStreamOn(first);
    const observer = watch(first.client.subscriptions(), streamId);
    await countOn(observer, 1);

    // Five viewers spread over both instances, in a process that is then killed.
    const killed = forkViewers({ urls: [first.url.href, second.url.href], streamId, count: 5, query: COUNT_ONLY, batch: 5 });
    processes.push(killed);
    await killed.joined;
    await countOn(observer, 6);
    killed.child.kill('SIGKILL');
    await killed.exited;
    await countOn(observer, 1);

    // Three more in a process that freezes: its sockets stay open but it answers no ping.
    const frozen = forkViewers({ urls: [second.url.href], streamId, count: 3, query: COUNT_ONLY, batch: 3 });
    processes.push(frozen);
    await frozen.joined;
    await countOn(observer, 4);
    frozen.child.kill('SIGSTOP');
    await countOn(observer, 1);
    frozen.child.kill('SIGKILL');
    await frozen.exited;

    expect(await first.running.services.liveChannels.localViewers(rawId(streamId))).toBe(1);
    expect(await second.running.services.liveChannels.localViewers(rawId(streamId))).toBe(0);
    expect(observer.errors).toEqual([]);
    await observer.client.dispose();
  }, 120_000);

  it('drops the viewers of a server instance killed with SIGKILL once its entries expire', async () => {
    const { streamId } = await liveStreamOn(first);
    const observer = watch(first.client.subscriptions(), streamId);
    const onSecond = watch(second.client.subscriptions(), streamId);
    await countOn(observer, 2);

    // A third instance as a process of its own, on the same database and Redis.
    if (first.databaseOptions.kind !== 'postgres') throw new Error('several instances need PostgreSQL');
    dataDir = await mkdtemp(join(tmpdir(), 'seller-center-instance-'));
    const port = await freePort();
    instance = await startMain({
      ...TEST_DEFAULTS,
      ...TEST_SECRETS,
      DATABASE_URL: first.databaseOptions.url,
      REDIS_URL: inject('redisUrl'),
      REDIS_KEY_PREFIX: keyPrefix,
      LIVE_VIEWER_TTL_SECONDS: String(TTL_SECONDS),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO_DATA: 'false',
    });
    const third = new GraphQLTestClient(new URL(`http://127.0.0.1:${port}/graphql`));
    const onThird = Array.from({ length: 3 }, () => watch(third.subscriptions(), streamId));
    // A stream watched on the third instance alone: nobody is left to sum it after the kill.
    const lonely = await liveStreamOn(first, 1);
    const lonelyViewer = watch(third.subscriptions(), lonely.streamId);
    const lonelyKey = `${keyPrefix}presence:${rawId(lonely.streamId)}`;
    await expect.poll(() => redis.hlen(lonelyKey), { timeout: 30_000 }).toBe(1);
    await countOn(observer, 5);
    await expect.poll(() => last(onSecond, 'LiveViewerCountEvent')?.viewerCount, { timeout: 30_000 }).toBe(5);

    instance.child.kill('SIGKILL');
    await instance.exited;
    // Its viewers lose their connection at once; its entries in Redis stay until they expire.
    await Promise.all([...onThird, lonelyViewer].map((viewer) => viewer.completed));
    await countOn(observer, 2);
    // The room nobody else counts goes with the dead instance's heartbeat.
    await expect.poll(() => redis.exists(lonelyKey), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => last(onSecond, 'LiveViewerCountEvent')?.viewerCount, { timeout: 30_000 }).toBe(2);

    expect([...observer.errors, ...onSecond.errors]).toEqual([]);
    await Promise.all([observer.client.dispose(), onSecond.client.dispose(), ...[...onThird, lonelyViewer].map((viewer) => viewer.client.dispose())]);
  }, 300_000);
});

function rawId(globalId: string): string {
  return globalId.split('/').at(-1) as string;
}
