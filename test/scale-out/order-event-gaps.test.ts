import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkout, pay, placeOrder, startOrderWorld, stockedSku, type OrderWorld } from '../orders/helpers.ts';
import { listenEvents, SHOP_ORDER_EVENTS, type EventsFeed } from '../live/helpers.ts';
import { untilListening } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';
import { GAP_RECHECK_MS } from '../../src/modules/order-events/order-event-stream.service.ts';

/**
 * Sequence gaps in the order-event outbox, which only concurrent transactions make (PostgreSQL: PGlite
 * runs one transaction at a time): an event whose transaction is still open when a later one commits is
 * waited for and delivered in its place; one whose transaction rolls back stops nobody for longer than
 * it takes to see that the transaction ended.
 */
describe('order-event streams across sequence gaps', () => {
  let world: OrderWorld;
  let holder: pg.Client;
  let feed: EventsFeed;
  let orderId: string;

  beforeAll(async () => {
    world = await startOrderWorld();
    if (world.server.databaseOptions.kind !== 'postgres') throw new Error('concurrent transactions need PostgreSQL');
    holder = new pg.Client({ connectionString: world.server.databaseOptions.url });
    await holder.connect();
    const skuId = await stockedSku(world, 10);
    orderId = (await placeOrder(world.buyer, checkout(skuId, 1))).orders[0]?.id ?? '';
    feed = listenEvents(world.seller.owner.client.subscriptions(), SHOP_ORDER_EVENTS, { shopId: world.seller.shopId });
    await untilListening(world.server, 'order.eventByShop', decodeGlobalId(world.seller.shopId).id);
  });
  afterAll(async () => {
    feed?.stop();
    await holder?.end();
    await world?.server.close();
  });

  /** Opens a transaction that writes an event of the order (as a slow checkout would) and keeps it open. */
  async function holdAnEvent(): Promise<bigint> {
    await holder.query('BEGIN');
    const written = await holder.query<{ sequence: string }>(
      `INSERT INTO "OrderEvent" ("orderId", "shopId", "buyerId", "type", "status")
       SELECT "id", "shopId", "buyerId", 'PAID', 'AWAITING_SHIPMENT' FROM "Order" WHERE "id" = $1 RETURNING "sequence"::text`,
      [decodeGlobalId(orderId).id],
    );
    return BigInt(written.rows[0]?.sequence ?? '0');
  }

  const sequences = () => feed.events.map((event) => BigInt(event.sequence));

  it('waits for an earlier event whose transaction is still open, then delivers both in order', async () => {
    const held = await holdAnEvent();
    await placeOrder(world.buyer, checkout(world.skuIds[0], 1));
    const later = world.server.running.services.orderEventStreams;
    // The later event is committed, and the mark stays below the open one for as long as it is open:
    // looks far enough apart that each is a fresh one, not the last look's answer shared.
    for (let look = 0; look < 5; look += 1) {
      await new Promise((resolve) => setTimeout(resolve, 3 * GAP_RECHECK_MS));
      expect(await later.settledMark()).toBeLessThan(held);
    }
    expect(sequences().filter((sequence) => sequence > held)).toEqual([]);
    await holder.query('COMMIT');
    await expect.poll(() => sequences().filter((sequence) => sequence >= held).length, { timeout: 10_000 }).toBe(2);
    const delivered = sequences().filter((sequence) => sequence >= held);
    expect(delivered[0]).toBe(held);
    expect(delivered[1]).toBeGreaterThan(held);
  });

  it('goes past a rolled-back event as soon as its transaction has ended, without waiting for a timeout', async () => {
    const abandoned = await holdAnEvent();
    await pay(world.buyer, orderId);
    const streams = world.server.running.services.orderEventStreams;
    expect(await streams.settledMark()).toBeLessThan(abandoned);
    await holder.query('ROLLBACK');
    // Two looks at the running transactions (a short interval apart) settle it; the bound is far below
    // any timeout a gap could otherwise be given up after.
    await expect.poll(() => streams.settledMark(), { timeout: 2_000, interval: 25 }).toBeGreaterThan(abandoned);
    await expect.poll(() => feed.events.at(-1)?.type, { timeout: 10_000 }).toBe('PAID');
    expect(sequences()).not.toContain(abandoned);
    const sorted = [...sequences()].sort((a, b) => (a < b ? -1 : 1));
    expect(sequences()).toEqual(sorted);
  });
});
