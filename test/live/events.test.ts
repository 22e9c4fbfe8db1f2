import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { AdjustStock } from '../catalog/helpers.ts';
import { expectTypename } from '../support/client.ts';
import { graphql } from '../generated/index.ts';
import { checkout, pay, placeOrder } from '../orders/helpers.ts';
import { createFlashDeal, EndPromotion } from '../promotions/helpers.ts';
import { End, LIVE_EVENTS, Unpin, goLive, kinds, last, pin, scheduleStream, signUp, startLiveWorld, subscribeOverSse, watch, type LiveWorld } from './helpers.ts';

const Product = graphql(`
  query LiveEventsProduct($id: ID!) {
    node(id: $id) { ... on Product { skus { id stock version } } }
  }
`);

/** A client-to-server WebSocket text frame, masked with a zero key (allowed, and the payload stays as is). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** Waits until `check` passes (events arrive asynchronously; nothing here measures time). */
async function until(check: () => void): Promise<void> {
  await expect.poll(() => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  }, { timeout: 10_000 }).toBe(true);
}

describe('liveEvents', () => {
  let world: LiveWorld;
  let streamId: string;
  let skuId: string;
  beforeAll(async () => {
    world = await startLiveWorld({ LIVE_COALESCE_MS: '100', WS_MAX_BUFFERED_BYTES: '65536' });
    streamId = world.streamId;
    const product = await world.server.client.request(Product, { id: world.shop.productIds[0] as string });
    skuId = (product.data?.node as { skus: { id: string }[] }).skus[0]?.id as string;
  });
  afterAll(async () => {
    await world.server.close();
  });

  async function setStock(stock: number): Promise<void> {
    const result = await world.shop.owner.client.request(AdjustStock, { input: { skuId, set: stock } });
    expectTypename(result.data?.adjustSkuStock, 'AdjustSkuStockPayload');
  }

  it('sends the current state first, then pins, stock, viewers and status, and completes when the stream ends', async () => {
    const anonymous = world.server.client.subscriptions();
    const viewer = watch(anonymous, streamId);
    await until(() => expect(kinds(viewer)[0]).toBe('LiveStateEvent'));
    expect(viewer.messages[0]).toMatchObject({ status: 'SCHEDULED', pinnedProduct: null, pinnedStock: null });
    await until(() => expect(last(viewer, 'LiveViewerCountEvent')?.viewerCount ?? viewer.messages[0]?.viewerCount).toBe(1));

    await goLive(world, streamId);
    await until(() => expect(last(viewer, 'LiveStreamStatusEvent')?.status).toBe('LIVE'));

    const [first, second] = world.shop.productIds as [string, string];
    await pin(world.host.holder, streamId, first);
    await until(() => expect(last(viewer, 'LiveProductPinnedEvent')?.product).toMatchObject({ id: first, title: 'Product 1', currentPrice: { min: { amount: '50000.00' } } }));
    expect(last(viewer, 'LiveProductPinnedEvent')?.stock).toBeGreaterThan(0);

    // A viewer joining midway sees the pin at once, with price and stock; the count goes to 2 for both.
    const late = watch(world.server.client.subscriptions(), streamId);
    await until(() => expect(late.messages[0]).toMatchObject({ __typename: 'LiveStateEvent', status: 'LIVE', pinnedProduct: { id: first, currentPrice: { min: { amount: '50000.00', currencyCode: 'IDR' } } } }));
    await until(() => expect(last(viewer, 'LiveViewerCountEvent')?.viewerCount).toBe(2));

    await setStock(0);
    await until(() => expect(last(viewer, 'LiveStockChangedEvent')).toMatchObject({ productId: first, stock: 0, soldOut: true }));
    await setStock(7);
    await until(() => expect(last(late, 'LiveStockChangedEvent')).toMatchObject({ productId: first, stock: 7, soldOut: false }));

    await pin(world.operator, streamId, second);
    await until(() => expect(last(viewer, 'LiveProductPinnedEvent')?.product?.id).toBe(second));
    const sequence = kinds(viewer).slice(-2);
    expect(sequence).toEqual(['LiveProductUnpinnedEvent', 'LiveProductPinnedEvent']);
    await world.host.holder.client.request(Unpin, { input: { liveStreamId: streamId } });
    await until(() => expect(last(viewer, 'LiveProductUnpinnedEvent')?.productId).toBe(second));

    late.stop();
    await until(() => expect(last(viewer, 'LiveViewerCountEvent')?.viewerCount).toBe(1));

    const ended = await world.host.holder.client.request(End, { input: { liveStreamId: streamId } });
    expectTypename(ended.data?.endLiveStream, 'LiveStreamPayload');
    await viewer.completed;
    expect(last(viewer, 'LiveStreamStatusEvent')?.status).toBe('ENDED');
    expect(viewer.errors).toEqual([]);

    // Joining an ended stream: the state, then completion.
    const after = watch(world.server.client.subscriptions(), streamId);
    await after.completed;
    expect(after.messages.map((message) => [message.__typename, message.status])).toEqual([['LiveStateEvent', 'ENDED']]);
    await Promise.all([anonymous.dispose(), late.client.dispose(), after.client.dispose()]);
  });

  it('serves the same events over server-sent events, as GraphiQL subscribes', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    const stream = subscribeOverSse(world.server, LIVE_EVENTS, { id });
    await until(() => expect(stream.text()).toContain('"__typename":"LiveStateEvent"'));
    expect(stream.status()).toBe(200);
    await pin(world.host.holder, id, world.shop.productIds[1] as string);
    await until(() => expect(stream.text()).toContain('"__typename":"LiveProductPinnedEvent"'));
    expect(stream.text()).toContain('"title":"Product 2"');
    await stream.close();
  });

  it('coalesces a burst of 1,000 stock changes into few messages, the last one right', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    await pin(world.host.holder, id, world.shop.productIds[0] as string);
    const viewer = watch(world.server.client.subscriptions(), id);
    await until(() => expect(viewer.messages.length).toBeGreaterThan(0));
    for (let index = 1; index <= 1000; index += 1) {
      world.server.running.events.pubSub.publish('sku.stockChanged', world.shop.productIds[0] as string, {
        shopId: world.shop.shopId,
        productId: world.shop.productIds[0] as string,
        skuId,
        stock: index,
        previousStock: index - 1,
        occurredAt: new Date().toISOString(),
      });
    }
    await setStock(1234);
    await until(() => expect(last(viewer, 'LiveStockChangedEvent')?.stock).toBe(1234));
    const stockMessages = viewer.messages.filter((message) => message.__typename === 'LiveStockChangedEvent');
    expect(stockMessages.length).toBeLessThan(20);
    await viewer.client.dispose();
  });

  it('shows paid orders bought from the stream in its purchase feed, anonymised, and nothing else', async () => {
    await setStock(100);
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    const viewer = watch(world.server.client.subscriptions(), id);
    await until(() => expect(kinds(viewer)[0]).toBe('LiveStateEvent'));
    const buyer = await signUp(world.server.client, 'Dewi');

    // Bought elsewhere, or placed from the stream but not paid: no purchase.
    const elsewhere = await placeOrder(buyer, checkout(skuId, 1));
    await pay(buyer, elsewhere.orders[0]?.id as string);
    const fromStream = await placeOrder(buyer, checkout(skuId, 3, { attribution: { liveStreamId: id } }));
    // A stock change after both proves the channel has processed the events before it.
    await setStock(90);
    await until(() => expect(last(viewer, 'LiveStockChangedEvent')?.stock).toBe(90));
    expect(last(viewer, 'LivePurchaseEvent')).toBeUndefined();

    await pay(buyer, fromStream.orders[0]?.id as string);
    await until(() =>
      expect(last(viewer, 'LivePurchaseEvent')).toMatchObject({ productId: world.shop.productIds[0], productTitle: 'Product 1', quantity: 3, buyerName: 'D***i' }),
    );
    expect(viewer.messages.filter((message) => message.__typename === 'LivePurchaseEvent')).toHaveLength(1);
    expect(viewer.errors).toEqual([]);
    await viewer.client.dispose();
  });

  it('shows the flash deal of the pinned product in the state, and flash deals starting and ending', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    const other = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    const productId = world.shop.productIds[1] as string;
    await pin(world.host.holder, id, productId);
    const viewer = watch(world.server.client.subscriptions(), id);
    await until(() => expect(viewer.messages[0]).toMatchObject({ __typename: 'LiveStateEvent', pinnedDeal: null }));

    // A deal tied to another stream is not this stream's news.
    const elsewhere = await createFlashDeal(world.shop.owner, { shopId: world.shop.shopId, productId, price: { amount: '20000.00' }, quantityLimit: 2, liveStreamId: other });
    const elsewhereId = expectTypename(elsewhere, 'CreateFlashDealPayload').promotion.id;
    const created = await createFlashDeal(world.shop.owner, { shopId: world.shop.shopId, productId, price: { amount: '30000.00' }, quantityLimit: 5, liveStreamId: id });
    const dealId = expectTypename(created, 'CreateFlashDealPayload').promotion.id;
    await until(() =>
      expect(last(viewer, 'LiveFlashDealStartedEvent')).toMatchObject({ productId, promotionId: dealId, deal: { kind: 'FLASH_DEAL', price: { min: { amount: '30000.00' } }, quantityLeft: 5 } }),
    );
    expect(viewer.messages.filter((message) => message.promotionId === elsewhereId)).toEqual([]);

    const late = watch(world.server.client.subscriptions(), id);
    await until(() => expect(late.messages[0]?.pinnedDeal).toMatchObject({ kind: 'FLASH_DEAL', price: { min: { amount: '30000.00' } }, quantityLeft: 5 }));
    expect(late.messages[0]?.pinnedDeal?.endsAt).toBeTruthy();

    const ended = await world.shop.owner.client.request(EndPromotion, { input: { promotionId: dealId } });
    expectTypename(ended.data?.endPromotion, 'EndPromotionPayload');
    await until(() => expect(last(viewer, 'LiveFlashDealEndedEvent')).toMatchObject({ productId, promotionId: dealId, deal: null }));
    expect(viewer.errors).toEqual([]);
    await Promise.all([viewer.client.dispose(), late.client.dispose()]);
  });

  it('answers an unknown or malformed stream with an error for that operation only', async () => {
    const client = world.server.client.subscriptions();
    const unknown = watch(client, 'gid://seller-center/LiveStream/0190a0a0-0000-7000-8000-000000000000');
    await unknown.completed;
    expect(unknown.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    const malformed = watch(client, 'nope');
    await malformed.completed;
    expect(malformed.errors).toMatchObject([{ extensions: { code: 'VALIDATION_FAILED' } }]);
    await client.dispose();
  });

  it('executes once per group of identical subscriptions and sends every member the same payload', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    const clients = Array.from({ length: 5 }, () => world.server.client.subscriptions());
    const viewers = clients.map((client) => watch(client, id));
    const other = watch(world.server.client.subscriptions(), id, 'subscription Other($id: ID!) { liveEvents(liveStreamId: $id) { __typename publishedAt } }');
    await until(() => viewers.forEach((viewer) => expect(viewer.messages.length).toBeGreaterThan(0)));
    await until(() => expect(other.messages.length).toBeGreaterThan(0));
    // Two documents: two groups, however many viewers.
    expect(world.server.running.app.broadcastGroups).toBe(2);
    await pin(world.host.holder, id, world.shop.productIds[1] as string);
    await until(() => viewers.forEach((viewer) => expect(last(viewer, 'LiveProductPinnedEvent')).toBeTruthy()));
    const stamps = new Set(viewers.map((viewer) => JSON.stringify(last(viewer, 'LiveProductPinnedEvent'))));
    expect(stamps.size).toBe(1);
    await Promise.all([...clients, other.client].map((client) => client.dispose()));
    await until(() => expect(world.server.running.app.broadcastGroups).toBe(0));
  });

  it('gives viewers who join while updates go out the state first, before any update', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    // With a product pinned, the state is read from the database: a joining viewer's first message takes
    // a while to build, while updates keep coming.
    await pin(world.host.holder, id, world.shop.productIds[0] as string);
    const first = watch(world.server.client.subscriptions(), id);
    await until(() => expect(first.messages.length).toBeGreaterThan(0));
    // Updates go out without pause while twenty more viewers join the same broadcast group.
    const rawId = id.split('/').at(-1) as string;
    let publishing = true;
    const publisher = (async () => {
      for (let index = 0; publishing; index += 1) {
        world.server.running.services.live.publish(rawId, { kind: 'UNPINNED', pinId: `pin-${index}`, productId: world.shop.productIds[0] as string });
        if (index % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const joined = Array.from({ length: 20 }, () => watch(world.server.client.subscriptions(), id));
    await until(() => joined.forEach((viewer) => expect(viewer.messages.length).toBeGreaterThan(1)));
    publishing = false;
    await publisher;
    expect(joined.map((viewer) => viewer.messages[0]?.__typename)).toEqual(Array(20).fill('LiveStateEvent'));
    expect(joined.flatMap((viewer) => viewer.errors)).toEqual([]);
    await Promise.all([first, ...joined].map((viewer) => viewer.client.dispose()));
  });

  it('disconnects a subscriber that stops reading with 4503, and keeps serving the others', async () => {
    const id = await scheduleStream(world.server, world.host, world.shop.shopId, world.shop.productIds);
    await goLive(world, id);
    const reader = watch(world.server.client.subscriptions(), id);
    // A client that subscribes and then stops reading from the network: a plain TCP socket speaking just
    // enough WebSocket, paused after the first messages (Node then stops reading from the kernel).
    const slow = connect(Number(world.server.url.port), world.server.url.hostname);
    const closed = new Promise<number>((resolve) => {
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const text = received.toString('latin1');
        if (text.includes('LiveStateEvent')) {
          slow.off('data', onData);
          slow.pause();
        }
      };
      slow.on('data', onData);
      // The close frame (4503) waits behind the unread data; the server drops the connection soon after.
      slow.on('close', () => resolve(received.length));
    });
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(
      `GET /graphql HTTP/1.1\r\nHost: ${world.server.url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    slow.write(clientFrame(JSON.stringify({ type: 'connection_init' })));
    slow.write(clientFrame(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE_EVENTS, variables: { id } } })));
    const rawId = id.split('/').at(-1) as string;
    // Unpin events carry no product to load, so the server can send them as fast as they are published.
    // Publishing goes on until the server cuts the slow socket off, for at most 90 s (a loaded machine
    // drains the kernel buffers slowly, so a bound on the count would be a bound on the machine's speed).
    let published = 0;
    let code: number | null = null;
    void closed.then((bytes) => (code = bytes));
    const deadline = Date.now() + 90_000;
    while (code === null && Date.now() < deadline) {
      for (let index = 0; index < 500; index += 1) {
        world.server.running.services.live.publish(rawId, { kind: 'UNPINNED', pinId: `pin-${published}`, productId: world.shop.productIds[0] as string });
        published += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Cut off while events were still being published, not after they stopped.
    expect(code).not.toBeNull();
    expect(await closed).toBeGreaterThan(0);
    await until(() => expect(last(reader, 'LiveProductUnpinnedEvent')).toBeTruthy());
    expect(reader.errors).toEqual([]);
    await reader.client.dispose();
  }, 150_000);
});
