import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.ts';
import { startTestServers, type TestServer } from '../support/server.ts';
import { eventually } from '../support/wait.ts';
import { checkout, ORDER_TEST_ENV, PlaceOrder, placeOrder, SkuStock, startOrderWorld, stockedSku, type OrderWorld } from '../orders/helpers.ts';

/**
 * Two instances on one PostgreSQL, both sweeping due work every 50 ms with one shared clock: every
 * unpaid order is cancelled exactly once and its stock returns exactly once; checkouts through both
 * instances never oversell.
 */
describe('orders on several instances', () => {
  const clock = new TestClock();
  let first: TestServer;
  let second: TestServer;
  let world: OrderWorld;

  beforeAll(async () => {
    [first, second] = (await startTestServers(2, ORDER_TEST_ENV, { clock })) as [TestServer, TestServer];
    world = await startOrderWorld({ server: first });
  }, 120_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('cancels each overdue order once, with both instances sweeping', async () => {
    const sku = await stockedSku(world, 60);
    const orderIds: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      const { orders } = await placeOrder(world.buyer, checkout(sku, 2));
      orderIds.push((orders[0]?.id ?? '').split('/').at(-1) ?? '');
    }
    expect((await first.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 0 });
    clock.advance(31 * 60_000);
    const prisma = first.running.services.prisma;
    await eventually(async () => (await prisma.order.count({ where: { id: { in: orderIds }, status: 'CANCELLED' } })) === 30, 30_000);
    const events = await prisma.orderEvent.groupBy({ by: ['orderId'], where: { orderId: { in: orderIds }, type: 'CANCELLED' }, _count: { _all: true } });
    expect(events).toHaveLength(30);
    expect(events.every((row) => row._count._all === 1)).toBe(true);
    expect((await second.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 60 });
  });

  it('sells exactly the stock to buyers spread over both instances', async () => {
    const sku = await stockedSku(world, 50);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, index) => {
        const server = index % 2 === 0 ? first : second;
        const buyer = index % 3 === 0 ? world.buyer : world.otherBuyer;
        return server.client.as(buyer.token).request(PlaceOrder, { input: checkout(sku, 1) });
      }),
    );
    const names = results.map((result) => result.data?.placeOrder?.__typename);
    expect(names.filter((name) => name === 'PlaceOrderPayload')).toHaveLength(50);
    expect(names.filter((name) => name === 'OutOfStockError')).toHaveLength(250);
    expect((await second.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 0 });
  }, 300_000);

  it('forgets a SKU one instance saw sell out as soon as another instance restocks it', async () => {
    const sku = await stockedSku(world, 1);
    await placeOrder(world.buyer, checkout(sku, 1));
    const onFirst = first.client.as(world.otherBuyer.token);
    expect((await onFirst.request(PlaceOrder, { input: checkout(sku, 1) })).data?.placeOrder?.__typename).toBe('OutOfStockError');
    const restocked = await second.client.as(world.seller.owner.token).raw<{ adjustSkuStock: { __typename: string } }>({
      query: 'mutation($input: AdjustSkuStockInput!) { adjustSkuStock(input: $input) { __typename } }',
      variables: { input: { skuId: sku, delta: 1 } },
    });
    expect(restocked.data?.adjustSkuStock.__typename).toBe('AdjustSkuStockPayload');
    // The stock event crosses Redis; until it arrives the first instance may still answer from memory.
    await eventually(async () => (await onFirst.request(PlaceOrder, { input: checkout(sku, 1) })).data?.placeOrder?.__typename === 'PlaceOrderPayload');
    expect((await second.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 0 });
  });
});
