import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustStock } from '../catalog/helpers.ts';
import { expectTypename } from '../support/client.ts';
import { startTestServers, type TestServer } from '../support/server.ts';
import { firstSkuOf, last, liveStreamOn, pin, watch } from '../live/helpers.ts';

/** Live streams on two instances sharing one PostgreSQL and one Redis. */
describe('live streams on several instances', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    [first, second] = (await startTestServers(2, { LIVE_COALESCE_MS: '50', LIVE_VIEWER_TTL_SECONDS: '3' })) as [TestServer, TestServer];
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('a viewer on one instance sees pins, stock and viewer counts caused on the other', async () => {
    const { shop, host, streamId } = await liveStreamOn(first);

    const onFirst = watch(first.client.subscriptions(), streamId);
    await expect.poll(() => onFirst.messages.length).toBeGreaterThan(0);
    const onSecond = watch(second.client.as(host.holder.token).subscriptions(), streamId);
    await expect.poll(() => last(onFirst, 'LiveViewerCountEvent')?.viewerCount, { timeout: 10_000 }).toBe(2);

    // The pin is made through the second instance.
    const secondHost = { ...host.holder, client: second.client.as(host.holder.token) };
    await pin(secondHost, streamId, shop.productIds[0] as string);
    await expect.poll(() => last(onFirst, 'LiveProductPinnedEvent')?.product?.id, { timeout: 10_000 }).toBe(shop.productIds[0]);

    const skuId = await firstSkuOf(second, shop.productIds[0] as string);
    const adjusted = await second.client.as(shop.owner.token).request(AdjustStock, { input: { skuId, set: 2 } });
    expectTypename(adjusted.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(() => last(onFirst, 'LiveStockChangedEvent')?.stock, { timeout: 10_000 }).toBe(2);

    // The viewer on the second instance leaves: the count on the first goes back to 1.
    await onSecond.client.dispose();
    await expect.poll(() => last(onFirst, 'LiveViewerCountEvent')?.viewerCount, { timeout: 10_000 }).toBe(1);
    expect(onFirst.errors).toEqual([]);
    await onFirst.client.dispose();
  });
});
