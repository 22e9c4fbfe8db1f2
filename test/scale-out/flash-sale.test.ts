import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustStock } from '../catalog/helpers.ts';
import { checkout, pay, PlaceOrder } from '../orders/helpers.ts';
import { createFlashDeal, EndPromotion } from '../promotions/helpers.ts';
import { openBrowser, openOverlay, type TestBrowser } from '../support/browser.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import { forkViewers, type ViewersProcess } from '../support/main-process.ts';
import { startTestServers, type TestServer } from '../support/server.ts';
import { End, firstSkuOf, last, listenEvents, liveStreamOn, pin, SHOP_ORDER_EVENTS, watch, type Viewer } from '../live/helpers.ts';

const VIEWERS = 1000;
/** Units of the flash deal, which are all the stock there is; more buyers than that try. */
const UNITS = 8;
const BUYERS = 12;
const DEAL_PRICE = '35000.00';
const LIST_PRICE = '50000.00';

/** What the scripted viewers select: the events of the sale and little else, to keep the frames small. */
const SALE_EVENTS = `subscription Sale($id: ID!) {
  liveEvents(liveStreamId: $id) {
    __typename
    ... on LiveStateEvent { status pinnedStock pinnedDeal { quantityLeft } }
    ... on LiveFlashDealStartedEvent { promotionId }
    ... on LiveFlashDealEndedEvent { promotionId }
    ... on LiveStockChangedEvent { stock }
    ... on LivePurchaseEvent { quantity }
    ... on LiveStreamStatusEvent { status }
  }
}`;

type Message = Record<string, unknown> & { __typename?: string };

/**
 * What a viewer must have seen, in this order: the state (stock, no deal), the deal starting, the stock
 * going down to 0 with purchases in the feed, the deal ending, the stream ending. Returns what is wrong.
 */
function saleProblems(messages: readonly Message[], dealId: string): string[] {
  const problems: string[] = [];
  const kinds = messages.map((message) => message.__typename);
  const only = (kind: string) => kinds.filter((each) => each === kind).length;
  const first = messages[0];
  if (first?.__typename !== 'LiveStateEvent' || first.pinnedStock !== UNITS || first.pinnedDeal !== null) problems.push(`first message ${JSON.stringify(first)}`);
  const started = kinds.indexOf('LiveFlashDealStartedEvent');
  const ended = kinds.indexOf('LiveFlashDealEndedEvent');
  if (only('LiveFlashDealStartedEvent') !== 1 || only('LiveFlashDealEndedEvent') !== 1 || started > ended) problems.push(`deal events ${kinds.join(',')}`);
  if (messages[started]?.promotionId !== dealId || messages[ended]?.promotionId !== dealId) problems.push('another deal');
  const during = (kind: string) => messages.filter((message, index) => message.__typename === kind && index > started && index < ended);
  const stocks = during('LiveStockChangedEvent').map((message) => message.stock as number);
  if (only('LiveStockChangedEvent') !== stocks.length) problems.push('stock changes outside the sale');
  if (stocks.some((stock, index) => index > 0 && stock > (stocks[index - 1] as number))) problems.push(`stock went up: ${stocks.join(',')}`);
  if (stocks.at(-1) !== 0) problems.push(`final stock ${stocks.at(-1)}`);
  // The feed is coalesced per product and published on payment, so the last purchases of the deal may be
  // delivered after the deal's end; never before its start, and never of more than the one unit bought.
  const purchases = messages.filter((message, index) => message.__typename === 'LivePurchaseEvent' && index > started);
  if (purchases.length === 0 || purchases.length !== only('LivePurchaseEvent') || purchases.some((purchase) => purchase.quantity !== 1)) problems.push('purchase feed');
  const final = messages.at(-1);
  if (final?.__typename !== 'LiveStreamStatusEvent' || final.status !== 'ENDED' || ended > messages.length - 2) problems.push(`last message ${JSON.stringify(final)}`);
  return problems;
}

/**
 * The whole product on PostgreSQL and Redis: a flash sale during a live stream, watched at the same time
 * by the streamer's overlay page in a browser, the seller's order dashboard, and a thousand scripted
 * viewers spread over two instances. Everyone must see it happen correctly and in order.
 */
describe('a live flash sale', () => {
  let first: TestServer;
  let second: TestServer;
  let browser: TestBrowser;
  let viewers: ViewersProcess | undefined;
  beforeAll(async () => {
    [first, second] = (await startTestServers(2, {
      // Every scripted viewer comes from 127.0.0.1.
      WS_MAX_CONNECTIONS_PER_IP: String(VIEWERS + 100),
      LIVE_COALESCE_MS: '100',
    })) as [TestServer, TestServer];
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    viewers?.child.kill('SIGKILL');
    await viewers?.exited;
    await browser?.close();
    await first?.close();
    await second?.close();
  });

  it('reaches the overlay, the seller dashboard and a thousand viewers on two instances, in order', async () => {
    const { shop, host, streamId } = await liveStreamOn(first, 1);
    const productId = shop.productIds[0] as string;
    const skuId = await firstSkuOf(first, productId);
    const stocked = await shop.owner.client.request(AdjustStock, { input: { skuId, set: UNITS } });
    expectTypename(stocked.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await pin(host.holder, streamId, productId);
    const servers = [first, second];
    const buyers: TestUser[] = [];
    for (let index = 0; index < BUYERS; index += 1) buyers.push(await signUp(servers[index % 2]!.client, `buyer${index}`));

    // The audience: the seller's dashboard, the overlay, a viewer on each instance, a thousand more.
    const dashboardClient = second.client.as(shop.owner.token).subscriptions();
    const dashboard = listenEvents(dashboardClient, SHOP_ORDER_EVENTS, { shopId: shop.shopId, after: '0' });
    const { page, outside } = await openOverlay(browser, second.url.origin, streamId);
    await expect.poll(() => page.locator('#stock').textContent(), { timeout: 30_000 }).toBe(`${UNITS} left`);
    const observers: Viewer[] = servers.map((server) => watch(server.client.subscriptions(), streamId));
    viewers = forkViewers({ urls: [first.url.href, second.url.href], streamId, count: VIEWERS, query: SALE_EVENTS, batch: 100 });
    await viewers.joined;
    const audience = VIEWERS + observers.length + 1;
    for (const observer of observers) {
      await expect.poll(() => last(observer, 'LiveViewerCountEvent')?.viewerCount, { timeout: 60_000 }).toBe(audience);
    }
    await expect.poll(() => page.locator('#viewers').textContent(), { timeout: 60_000 }).toBe(String(audience));

    // The deal starts while the stream is live.
    const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await createFlashDeal(shop.owner, { shopId: shop.shopId, productId, price: { amount: DEAL_PRICE }, quantityLimit: UNITS, liveStreamId: streamId, endsAt });
    const dealId = expectTypename(created, 'CreateFlashDealPayload').promotion.id;
    await expect.poll(() => page.locator('#price').textContent(), { timeout: 60_000 }).toBe(`IDR ${DEAL_PRICE}`);
    expect(await page.locator('#deal').textContent()).toMatch(/^Flash deal · ends in \d\d:\d\d$/);

    // Buyers on both instances at once, until it sells out: exactly UNITS win, at the deal's price; the
    // others get a typed answer.
    const attempts = await Promise.all(
      buyers.map(async (buyer) => {
        const result = await buyer.client.request(PlaceOrder, { input: checkout(skuId, 1, { attribution: { liveStreamId: streamId } }) });
        return { buyer, placed: result.data?.placeOrder };
      }),
    );
    const won = attempts.flatMap(({ buyer, placed }) => (placed?.__typename === 'PlaceOrderPayload' ? placed.orders.map((order) => ({ buyer, order })) : []));
    const refused = attempts.map(({ placed }) => placed?.__typename).filter((typename) => typename !== 'PlaceOrderPayload');
    expect(won).toHaveLength(UNITS);
    expect(refused).toHaveLength(BUYERS - UNITS);
    expect(refused.filter((typename) => typename !== 'OutOfStockError' && typename !== 'FlashDealOverError')).toEqual([]);
    expect(won.map(({ order }) => order.items[0]?.unitPrice.amount)).toEqual(Array(UNITS).fill(DEAL_PRICE));
    await Promise.all(won.map(({ buyer, order }) => pay(buyer, order.id)));
    const orders = won.map(({ order }) => order);

    // Sold out everywhere before the deal ends, so that every viewer's last stock comes before its end.
    for (const observer of observers) {
      await expect.poll(() => last(observer, 'LiveStockChangedEvent')?.stock, { timeout: 60_000 }).toBe(0);
    }
    await expect.poll(() => page.locator('#stock').textContent(), { timeout: 60_000 }).toBe('Sold out');
    await expect.poll(() => page.locator('#feed li').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const ended = await shop.owner.client.request(EndPromotion, { input: { promotionId: dealId } });
    expectTypename(ended.data?.endPromotion, 'EndPromotionPayload');
    await expect.poll(() => page.locator('#deal').isHidden(), { timeout: 60_000 }).toBe(true);
    expect(await page.locator('#price').textContent()).toBe(`IDR ${LIST_PRICE}`);

    // The stream ends: every subscription completes, after which nothing more can arrive.
    const stopped = await host.holder.client.request(End, { input: { liveStreamId: streamId } });
    expectTypename(stopped.data?.endLiveStream, 'LiveStreamPayload');
    await expect.poll(async () => (await viewers!.count()).completed, { timeout: 120_000, interval: 1000 }).toBe(VIEWERS);
    await Promise.all(observers.map((observer) => observer.completed));

    const records = await viewers.report();
    expect(records).toHaveLength(VIEWERS);
    const wrong = records.flatMap((record, index) => {
      const problems = [...saleProblems(record.messages, dealId), ...record.errors.map((error) => `error ${JSON.stringify(error)}`)];
      return problems.length > 0 ? [`viewer ${index}: ${problems.join('; ')}`] : [];
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    for (const observer of observers) {
      const sale = observer.messages.filter((message) => message.__typename !== 'LiveViewerCountEvent');
      expect(saleProblems(sale as unknown as Message[], dealId)).toEqual([]);
      expect(observer.errors).toEqual([]);
    }

    // The dashboard: each order placed, then paid, every event once, in sequence order.
    const expected = orders.flatMap((order) => [`${order.id} PLACED`, `${order.id} PAID`]).sort();
    await expect.poll(() => dashboard.events.length, { timeout: 60_000 }).toBe(expected.length);
    expect(dashboard.events.map((event) => `${event.orderId} ${event.type}`).sort()).toEqual(expected);
    const sequences = dashboard.events.map((event) => BigInt(event.sequence));
    expect(sequences.every((sequence, index) => index === 0 || sequence > (sequences[index - 1] as bigint))).toBe(true);
    for (const order of orders) {
      const types = dashboard.events.filter((event) => event.orderId === order.id).map((event) => event.type);
      expect(types).toEqual(['PLACED', 'PAID']);
    }
    expect(dashboard.errors).toEqual([]);
    expect(outside).toEqual([]);
    await Promise.all([dashboardClient.dispose(), ...observers.map((observer) => observer.client.dispose())]);
  }, 600_000);
});
