import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../../src/infra/ids.ts';
import { graphql } from '../generated/index.ts';
import type { ScaleOutCommissionEarnedSubscription } from '../generated/graphql.ts';
import { createAccount, createPlan, joinPlan } from '../accounts/helpers.ts';
import { listenEvents } from '../live/helpers.ts';
import { expectTypename } from '../support/client.ts';
import { HOUR_MS, TestClock } from '../support/clock.ts';
import { startTestServers, untilListening, type TestServer } from '../support/server.ts';
import { eventually } from '../support/wait.ts';
import { checkout, deliverOrder, ORDER_TEST_ENV, pay, PlaceOrder, placeOrder, SkuStock, startOrderWorld, stockedSku, type OrderWorld } from '../orders/helpers.ts';

/**
 * Two instances on one PostgreSQL, both sweeping due work every 50 ms with one shared clock: every
 * unpaid order is cancelled exactly once and its stock returns exactly once; every delivered order
 * completes once and earns its affiliate one commission; checkouts through both instances never oversell.
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

  it('completes each delivered order once, with one commission for an attributed one, and tells the holder on the other instance', async () => {
    const account = await createAccount(first);
    const plan = await createPlan(world.seller, { commissionBps: 1000 });
    expectTypename(await joinPlan(account, plan.id), 'AffiliateParticipationPayload');
    const sku = await stockedSku(world, 20, '100.00');
    const orderIds: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const [order] = (await placeOrder(world.buyer, { ...checkout(sku, 1), attribution: { accountId: account.accountId } })).orders;
      if (!order) throw new Error('no order');
      await pay(world.buyer, order.id);
      await deliverOrder(world, order.id);
      orderIds.push(decodeGlobalId(order.id).id);
    }
    const accountId = decodeGlobalId(account.accountId).id;
    const feed = listenEvents<ScaleOutCommissionEarnedSubscription['commissionEarned']>(second.client.as(account.holder.token).subscriptions(), print(CommissionEarned), { accountId: account.accountId });
    await untilListening(second, 'affiliate.commissionEarned', accountId);

    clock.advance(169 * HOUR_MS);
    const prisma = first.running.services.prisma;
    await eventually(async () => (await prisma.order.count({ where: { id: { in: orderIds }, status: 'COMPLETED' } })) === 10, 30_000);
    const completions = await prisma.orderEvent.groupBy({ by: ['orderId'], where: { orderId: { in: orderIds }, type: 'COMPLETED' }, _count: { _all: true } });
    expect(completions.map((row) => row._count._all)).toEqual(Array.from({ length: 10 }, () => 1));
    const commissions = await prisma.affiliateCommission.findMany({ where: { accountId } });
    expect(commissions.map((row) => row.orderId).sort()).toEqual([...orderIds].sort());
    expect(commissions.every((row) => row.amountMinor === 1000n)).toBe(true);
    await eventually(async () => feed.events.length === 10);
    feed.stop();
    expect(new Set(feed.events.map((event) => event.commissionId)).size).toBe(10);
  });
});

const CommissionEarned = graphql(`
  subscription ScaleOutCommissionEarned($accountId: ID!) {
    commissionEarned(accountId: $accountId) { commissionId amount { amount } }
  }
`);
