import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningService } from '../../scripts/lib/test-services.ts';
import { AdjustStock } from '../catalog/helpers.ts';
import { checkout, pay, placeOrder } from '../orders/helpers.ts';
import { expectTypename } from '../support/client.ts';
import { signUp } from '../support/fixtures.ts';
import { startTestServers, untilListening, type TestServer } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';
import { firstSkuOf, last, listenEvents, liveStreamOn, pin, SHOP_ORDER_EVENTS, watch, type LiveEventMessage } from '../live/helpers.ts';

async function readiness(server: TestServer): Promise<{ status: string; checks: Record<string, string> }> {
  const response = await fetch(new URL('/ready', server.url));
  return (await response.json()) as { status: string; checks: Record<string, string> };
}

/**
 * Two instances on a Redis of this file's own (the shared one serves other files running at the same
 * time), stopped and started again on the same port while a stream is live.
 */
describe('a Redis outage in the middle of a live stream', () => {
  let redis: RunningService;
  let port: number;
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    port = Number(new URL(redis.url).port);
    [first, second] = (await startTestServers(2, { REDIS_URL: redis.url, LIVE_COALESCE_MS: '50', LIVE_VIEWER_TTL_SECONDS: '3' })) as [TestServer, TestServer];
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.stop();
  });

  it('keeps queries, mutations and subscribers working, then events flow again and the order streams replay what was written', async () => {
    const { shop, host, streamId } = await liveStreamOn(first);
    const [product, otherProduct] = shop.productIds as [string, string];
    const skuId = await firstSkuOf(second, product);
    const hostOnSecond = { ...host.holder, client: second.client.as(host.holder.token) };
    const buyer = await signUp(second.client, 'Dewi');
    await pin(hostOnSecond, streamId, product);

    // A viewer and the seller's dashboard, both on the first instance.
    const viewerClient = first.client.subscriptions();
    let closes = 0;
    viewerClient.on('closed', () => (closes += 1));
    const viewer = watch(viewerClient, streamId);
    await expect.poll(() => viewer.messages[0]?.pinnedProduct?.id, { timeout: 10_000 }).toBe(product);
    const dashboardClient = first.client.as(shop.owner.token).subscriptions();
    dashboardClient.on('closed', () => (closes += 1));
    const dashboard = listenEvents(dashboardClient, SHOP_ORDER_EVENTS, { shopId: shop.shopId });
    await untilListening(first, 'order.eventByShop', decodeGlobalId(shop.shopId).id);
    const before = await placeOrder(buyer, checkout(skuId, 1, { attribution: { liveStreamId: streamId } }));
    await expect.poll(() => dashboard.events.map((event) => event.orderId), { timeout: 10_000 }).toEqual([before.orders[0]?.id]);
    const lastSeen = dashboard.events.at(-1)?.sequence as string;
    expect((await readiness(first)).status).toBe('ok');

    await redis.stop();
    const outageStart = viewer.messages.length;
    for (const server of [first, second]) {
      await expect.poll(() => readiness(server), { timeout: 20_000 }).toMatchObject({ status: 'degraded', checks: { database: 'ok', eventBus: 'unavailable' } });
    }

    // Queries and mutations on both instances, Redis or not.
    const paid = await pay(buyer, before.orders[0]?.id as string);
    expect(paid.status).not.toBe('UNPAID');
    const during = await placeOrder(buyer, checkout(skuId, 2, { attribution: { liveStreamId: streamId } }));
    const adjusted = await first.client.as(shop.owner.token).request(AdjustStock, { input: { skuId, set: 40 } });
    expectTypename(adjusted.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    expect((await second.client.raw({ query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
    await pin(hostOnSecond, streamId, otherProduct);
    // The dashboard reads the outbox, not the bus: it follows the orders through the outage.
    await expect.poll(() => dashboard.events.map((event) => event.type), { timeout: 15_000 }).toEqual(['PLACED', 'PAID', 'PLACED']);

    redis = await startRedis({ port });
    for (const server of [first, second]) {
      await expect.poll(() => readiness(server), { timeout: 20_000 }).toMatchObject({ status: 'ok' });
    }
    // The viewer is told the state again: the pin made while events could not flow.
    const since = (kind: string) => viewer.messages.slice(outageStart).filter((message) => message.__typename === kind);
    await expect.poll(() => since('LiveStateEvent').at(-1)?.pinnedProduct?.id, { timeout: 20_000 }).toBe(otherProduct);
    expect(since('LiveStateEvent').at(-1)?.pinnedStock).toBeGreaterThan(0);

    // Events caused on the second instance reach the viewer on the first again. The second instance's
    // subscriber connection may come back a moment after its publisher: changes go on until one arrives.
    const otherSku = await firstSkuOf(second, otherProduct);
    const arrived = (stock: number) => since('LiveStockChangedEvent').some((message: LiveEventMessage) => message.stock === stock);
    let stock = 100;
    await expect
      .poll(
        async () => {
          if (arrived(stock)) return true;
          stock += 1;
          const result = await second.client.as(shop.owner.token).request(AdjustStock, { input: { skuId: otherSku, set: stock } });
          expectTypename(result.data?.adjustSkuStock, 'AdjustSkuStockPayload');
          return false;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    // From then on, every event: a pin, and the viewer count with a viewer on the second instance.
    await pin(hostOnSecond, streamId, product);
    await expect.poll(() => last(viewer, 'LiveProductPinnedEvent')?.product?.id, { timeout: 10_000 }).toBe(product);
    const secondViewer = watch(second.client.subscriptions(), streamId);
    await expect.poll(() => last(viewer, 'LiveViewerCountEvent')?.viewerCount, { timeout: 10_000 }).toBe(2);

    // A dashboard that reconnects with the last sequence it saw before the outage gets what was written
    // meanwhile, in order, once; the one that stayed connected got the same.
    await pay(buyer, during.orders[0]?.id as string);
    const resumedClient = first.client.as(shop.owner.token).subscriptions();
    const resumed = listenEvents(resumedClient, SHOP_ORDER_EVENTS, { shopId: shop.shopId, after: lastSeen });
    const expected = [
      [before.orders[0]?.id, 'PAID'],
      [during.orders[0]?.id, 'PLACED'],
      [during.orders[0]?.id, 'PAID'],
    ];
    await expect.poll(() => resumed.events.map((event) => [event.orderId, event.type]), { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => dashboard.events.slice(1).map((event) => [event.orderId, event.type]), { timeout: 10_000 }).toEqual(expected);

    // Nobody was disconnected, and nothing failed.
    expect(closes).toBe(0);
    expect([...viewer.errors, ...dashboard.errors, ...resumed.errors, ...secondViewer.errors]).toEqual([]);
    await Promise.all([viewerClient.dispose(), dashboardClient.dispose(), resumedClient.dispose(), secondViewer.client.dispose()]);
  }, 180_000);
});
