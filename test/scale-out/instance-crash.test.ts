import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GraphQLTestClient } from '../support/client.ts';
import { freePort, startMain, type MainProcess } from '../support/main-process.ts';
import { startTestServer, TEST_DEFAULTS, TEST_SECRETS, type TestServer } from '../support/server.ts';
import { checkout, ORDER_TEST_ENV, PlaceOrder, SkuStock, startOrderWorld, stockedSku, uniqueKey, type OrderWorld } from '../orders/helpers.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';

const UNITS = 40;
const BUYERS = 200;

/**
 * An instance killed with SIGKILL in the middle of a sale, as a crashed or evicted container is: its
 * open transactions die with its connections, so no unit is lost or sold twice, no idempotency key stays
 * claimed, and every buyer's retry on the surviving instance gets a definite answer, the order it already
 * has included.
 */
describe('an instance killed in the middle of a sale', () => {
  let survivor: TestServer;
  let world: OrderWorld;
  let doomed: MainProcess | undefined;
  let dataDir: string | undefined;
  let doomedUrl: URL;

  beforeAll(async () => {
    survivor = await startTestServer(ORDER_TEST_ENV);
    world = await startOrderWorld({ server: survivor });
    if (survivor.databaseOptions.kind !== 'postgres') throw new Error('several instances need PostgreSQL');
    dataDir = await mkdtemp(join(tmpdir(), 'seller-center-instance-'));
    const port = await freePort();
    doomed = await startMain({
      ...TEST_DEFAULTS,
      ...TEST_SECRETS,
      ...ORDER_TEST_ENV,
      // The survivor alone sweeps due work, so that nothing but the sale changes the stock.
      JOBS_ENABLED: 'false',
      DATABASE_URL: survivor.databaseOptions.url,
      REDIS_URL: inject('redisUrl'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO_DATA: 'false',
    });
    doomedUrl = new URL(`http://127.0.0.1:${port}/graphql`);
  }, 300_000);

  afterAll(async () => {
    doomed?.child.kill('SIGKILL');
    await doomed?.exited;
    await survivor?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no unit, sells none twice, and answers every retry with the order or the sold-out error', async () => {
    const skuId = await stockedSku(world, UNITS);
    const prisma = survivor.running.services.prisma;
    const sold = () => prisma.orderItem.count({ where: { skuId: decodeGlobalId(skuId).id } });
    const buyers = [world.buyer, world.otherBuyer];
    const attempts = Array.from({ length: BUYERS }, (_, index) => ({ buyer: buyers[index % 2]!, key: uniqueKey() }));
    const place = (url: URL, attempt: (typeof attempts)[number]) =>
      new GraphQLTestClient(url, attempt.buyer.token).request(PlaceOrder, { input: checkout(skuId, 1, { idempotencyKey: attempt.key }) });

    // The sale on the doomed instance, killed once a few units are sold and most requests are in flight.
    const onDoomed = attempts.map((attempt) => place(doomedUrl, attempt).catch(() => null));
    await expect.poll(sold, { timeout: 60_000, interval: 10 }).toBeGreaterThanOrEqual(3);
    doomed?.child.kill('SIGKILL');
    await doomed?.exited;
    const answeredBeforeTheCrash = (await Promise.all(onDoomed)).filter((result) => result?.data?.placeOrder).length;
    expect(answeredBeforeTheCrash).toBeLessThan(BUYERS);

    // Every buyer retries on the surviving instance with the same key.
    const retries = await Promise.all(attempts.map((attempt) => place(survivor.url, attempt)));
    const outcomes = retries.map((result) => result.data?.placeOrder?.__typename ?? JSON.stringify(result.errors));
    expect(outcomes.filter((name) => name !== 'PlaceOrderPayload' && name !== 'OutOfStockError')).toEqual([]);
    const orderIds = retries.flatMap((result) => (result.data?.placeOrder?.__typename === 'PlaceOrderPayload' ? result.data.placeOrder.orders.map((order) => order.id) : []));
    expect(orderIds).toHaveLength(UNITS);
    expect(new Set(orderIds).size).toBe(UNITS);
    // What the doomed instance committed (answered or not) is replayed to its buyers, not made again.
    const replayed = retries.filter((result) => result.data?.placeOrder?.__typename === 'PlaceOrderPayload' && result.data.placeOrder.replayed);
    expect(replayed.length).toBeGreaterThanOrEqual(3);
    const inDatabase = await prisma.order.findMany({ where: { items: { some: { skuId: decodeGlobalId(skuId).id } } }, select: { id: true } });
    expect(new Set(inDatabase.map((order) => order.id))).toEqual(new Set(orderIds.map((id) => decodeGlobalId(id).id)));
    expect((await survivor.client.request(SkuStock, { id: skuId })).data?.node).toEqual({ stock: 0 });
  }, 300_000);
});
