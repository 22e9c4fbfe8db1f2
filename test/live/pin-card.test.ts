import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/infra/logger.ts';
import { sqlStatementsOf } from '../support/client.ts';
import { createDiscount, createFlashDeal, productPrice } from '../promotions/helpers.ts';
import { firstSkuOf, goLive, last, Pin, pin, startLiveWorld, until, watch, type LiveWorld, type Viewer } from './helpers.ts';

/** A logger at debug level that keeps every line, to read the broadcast's own lines. */
function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug', base: undefined }, sink), lines };
}

/** Everything the pinned product's card holds, prices inside and outside the stream and the deal included. */
const CARD_DOCUMENT = `subscription PinCard($id: ID!) { liveEvents(liveStreamId: $id) { __typename
  ... on LiveProductPinnedEvent { stock
    product { id title description brand status images { url altText position } inStock
      currentPrice { min { amount currencyCode } max { amount } } inStream: currentPrice(liveStreamId: $id) { min { amount } max { amount } }
      priceRange { min { amount } max { amount } } }
    deal { kind price { min { amount } } quantityLeft } } } }`;

/** More of the product than the card holds: its shop's name. */
const SHOP_DOCUMENT = `subscription PinShop($id: ID!) { liveEvents(liveStreamId: $id) { __typename
  ... on LiveProductPinnedEvent { product { id shop { name } } } } }`;

interface CardEvent {
  product: {
    id: string;
    title: string;
    images: unknown[];
    currentPrice: { min: { amount: string }; max: { amount: string } };
    inStream: { min: { amount: string }; max: { amount: string } };
    priceRange: { min: { amount: string }; max: { amount: string } };
  };
  deal: { kind: string; price: { min: { amount: string } } } | null;
}

describe('the pinned product travels with the pin', () => {
  let world: LiveWorld;
  let captured: ReturnType<typeof capturingLogger>;
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    captured = capturingLogger();
    world = await startLiveWorld({}, { log: captured.log });
    await goLive(world, world.streamId);
    await pin(world.host.holder, world.streamId, world.shop.productIds[0] as string);
  });
  afterAll(async () => {
    await Promise.all(viewers.map((viewer) => viewer.client.dispose()));
    await world?.server.close();
  });

  /** Statements of each broadcast execution of `operationName` logged since line `from`. */
  const executions = (from: number, operationName: string) =>
    captured.lines.slice(from).filter((line) => line.msg === 'broadcast executed' && line.operation === operationName).map((line) => line.sqlStatements);

  const join = async (query: string, count: number) => {
    const joined = Array.from({ length: count }, () => watch(world.server.client.subscriptions(), world.streamId, query));
    viewers.push(...joined);
    await until(() => joined.forEach((viewer) => expect(viewer.messages[0]?.__typename).toBe('LiveStateEvent')));
    return joined;
  };

  /** Pins `productId` over HTTP and waits until every viewer has its pin event; the statements of the mutation. */
  const pinAndWait = async (productId: string, audience: Viewer[]) => {
    const result = await world.host.holder.client.request(Pin, { input: { liveStreamId: world.streamId, productId } });
    expect(result.data?.pinLiveProduct.__typename).toBe('LivePinPayload');
    await until(() => audience.forEach((viewer) => expect(last(viewer, 'LiveProductPinnedEvent')?.product?.id).toBe(productId)));
    return sqlStatementsOf(result);
  };

  it('is broadcast to every group without a database statement, at the prices the product page shows', async () => {
    const [first, second] = world.shop.productIds as [string, string];
    // A discount for every buyer, and a flash deal only inside this stream that undercuts it on one SKU.
    await createDiscount(world.shop.owner, { shopId: world.shop.shopId, kind: 'PERCENT_OFF', percentOffBps: 1000, items: [{ productId: second }] });
    const skuId = await firstSkuOf(world.server, second);
    await createFlashDeal(world.shop.owner, { shopId: world.shop.shopId, productId: second, skuId, price: { amount: '30000.00' }, quantityLimit: 20, liveStreamId: world.streamId });

    const few = await join(CARD_DOCUMENT, 3);
    const shopViewers = await join(SHOP_DOCUMENT, 2);
    const from = captured.lines.length;
    const fewStatements = await pinAndWait(second, [...few, ...shopViewers]);

    // Each of the group's executions of this pin (the unpin, the pin, and whatever else went out meanwhile)
    // read nothing; the group whose document asks for more than the card holds read the product itself.
    const cardRuns = executions(from, 'PinCard');
    expect(cardRuns.length).toBeGreaterThanOrEqual(2);
    expect(cardRuns).toEqual(cardRuns.map(() => 0));
    expect(executions(from, 'PinShop').some((statements) => Number(statements) > 0)).toBe(true);
    expect(shopViewers.every((viewer) => (last(viewer, 'LiveProductPinnedEvent')?.product as { shop?: { name: string } }).shop?.name)).toBeTruthy();

    // The prices are those of the product page at that moment, outside the stream and inside it.
    const page = await productPrice(world.server, second);
    const overlay = await productPrice(world.server, second, world.streamId);
    const event = last(few[0] as Viewer, 'LiveProductPinnedEvent') as unknown as CardEvent;
    expect(event.product.currentPrice).toEqual({ min: { amount: page.currentPrice.min.amount, currencyCode: page.currentPrice.min.currencyCode }, max: { amount: page.currentPrice.max.amount } });
    expect(event.product.inStream).toEqual({ min: { amount: overlay.currentPrice.min.amount }, max: { amount: overlay.currentPrice.max.amount } });
    expect(event.product.inStream.min.amount).toBe('30000.00');
    expect(event.product.currentPrice.min.amount).not.toBe('30000.00');
    expect(event.product.priceRange).toEqual(page.priceRange);
    expect(event.deal).toEqual({ kind: 'FLASH_DEAL', price: { min: { amount: overlay.activePromotion?.price.min.amount } }, quantityLeft: 20 });
    expect(event.product.title).toBe('Product 2');
    expect(few.every((viewer) => JSON.stringify(last(viewer, 'LiveProductPinnedEvent')) === JSON.stringify(event))).toBe(true);
    expect([...few, ...shopViewers].flatMap((viewer) => viewer.errors)).toEqual([]);

    // Four times the audience: the pin costs the same statements, and the broadcast still none.
    const many = [...few, ...(await join(CARD_DOCUMENT, 9))];
    const later = captured.lines.length;
    expect(await pinAndWait(first, many)).toBe(fewStatements);
    expect(executions(later, 'PinCard')).toEqual(executions(later, 'PinCard').map(() => 0));
    expect(executions(later, 'PinCard').length).toBeGreaterThanOrEqual(2);
  });
});
