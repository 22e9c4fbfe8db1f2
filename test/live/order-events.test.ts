import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEventType } from '../../src/generated/prisma/enums.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import { untilListening } from '../support/server.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';
import { startCatalogWorld, type CatalogWorld } from '../catalog/helpers.ts';
import { listenEvents, MY_ORDER_EVENTS, SHOP_ORDER_EVENTS, subscribeOverSse } from './helpers.ts';

/**
 * Orders are written by checkout; these tests write the outbox rows the way it does (an order row and
 * its event in one transaction), so that the durable streams are tested on their own.
 */
describe('durable order-event subscriptions', () => {
  let world: CatalogWorld;
  let buyer: TestUser;
  const shopId = () => world.seller.shopId.split('/').at(-1) as string;

  beforeAll(async () => {
    world = await startCatalogWorld();
    buyer = await signUp(world.server.client, 'buyer');
  });
  afterAll(async () => {
    await world.server.close();
  });

  /** One order change: the order row and its outbox row in one transaction, then the bus event after commit. */
  async function orderChange(type: OrderEventType, orderId: string = randomUUID()): Promise<string> {
    const prisma = world.server.running.services.prisma;
    const buyerId = buyer.userId.split('/').at(-1) as string;
    const event = await prisma.$transaction(async (tx) => {
      await tx.order.upsert({
        where: { id: orderId },
        update: {},
        create: {
          id: orderId,
          number: `T-${randomUUID().slice(0, 12)}`,
          buyerId,
          shopId: shopId(),
          currency: 'IDR',
          subtotalMinor: 100n,
          totalMinor: 100n,
          shippingAddress: {},
          channel: 'LIVE',
          payBy: new Date(Date.now() + 3600_000),
        },
      });
      return tx.orderEvent.create({ data: { orderId, shopId: shopId(), buyerId, type, status: 'UNPAID' } });
    });
    const published = {
      sequence: event.sequence.toString(),
      orderId,
      shopId: event.shopId,
      buyerId,
      type,
      status: event.status,
      actorId: null,
      occurredAt: event.occurredAt.toISOString(),
    };
    world.server.running.events.pubSub.publish('order.eventByShop', event.shopId, published);
    world.server.running.events.pubSub.publish('order.eventByBuyer', buyerId, published);
    return orderId;
  }

  it('delivers live events in order, and everything missed on reconnect with the last sequence, once', async () => {
    const seller = world.seller.owner.client.subscriptions();
    const first = listenEvents(seller, SHOP_ORDER_EVENTS, { shopId: world.seller.shopId });
    await untilListening(world.server, 'order.eventByShop', decodeGlobalId(world.seller.shopId).id);
    const orderId = await orderChange('PLACED');
    await orderChange('PAID', orderId);
    await expect.poll(() => first.events.map((event) => event.type), { timeout: 10_000 }).toEqual(['PLACED', 'PAID']);
    const lastSeen = first.events.at(-1)?.sequence as string;
    first.stop();
    await seller.dispose();

    // While the dashboard is away: three more changes.
    await orderChange('SHIPPED', orderId);
    await orderChange('DELIVERED', orderId);
    const other = await orderChange('PLACED');

    const again = world.seller.owner.client.subscriptions();
    const resumed = listenEvents(again, SHOP_ORDER_EVENTS, { shopId: world.seller.shopId, after: lastSeen });
    await expect.poll(() => resumed.events.length, { timeout: 10_000 }).toBe(3);
    await orderChange('CANCELLED', other);
    await expect.poll(() => resumed.events.map((event) => event.type), { timeout: 10_000 }).toEqual(['SHIPPED', 'DELIVERED', 'PLACED', 'CANCELLED']);
    const sequences = resumed.events.map((event) => BigInt(event.sequence));
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
    expect(sequences[0]).toBeGreaterThan(BigInt(lastSeen));
    expect(resumed.errors).toEqual([]);
    resumed.stop();
    await again.dispose();
  });

  it('gives the buyer their own events and refuses the shop stream to anyone but its members', async () => {
    const client = buyer.client.subscriptions();
    const mine = listenEvents(client, MY_ORDER_EVENTS, { after: '0' });
    await expect.poll(() => mine.events.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    const refused = listenEvents(client, SHOP_ORDER_EVENTS, { shopId: world.seller.shopId });
    await refused.done;
    expect(refused.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    const outsider = listenEvents(world.outsider.client.subscriptions(), SHOP_ORDER_EVENTS, { shopId: world.seller.shopId });
    await outsider.done;
    expect(outsider.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    const anonymous = listenEvents(world.server.client.subscriptions(), MY_ORDER_EVENTS, {});
    await anonymous.done;
    expect(anonymous.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    const badCursor = listenEvents(world.seller.owner.client.subscriptions(), SHOP_ORDER_EVENTS, { shopId: world.seller.shopId, after: 'abc' });
    await badCursor.done;
    expect(badCursor.errors).toMatchObject([{ extensions: { code: 'VALIDATION_FAILED' } }]);
    // An OPERATOR member may follow the shop's orders.
    const operator = listenEvents(world.operator.client.subscriptions(), SHOP_ORDER_EVENTS, { shopId: world.seller.shopId, after: '0' });
    await expect.poll(() => operator.events.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    // Over server-sent events, as GraphiQL subscribes, signed in with the Authorization header.
    const overSse = subscribeOverSse(world.server, SHOP_ORDER_EVENTS, { shopId: world.seller.shopId, after: '0' }, world.seller.owner.token);
    await expect.poll(() => overSse.text().match(/"sequence"/g)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    await overSse.close();
    const refusedOverSse = subscribeOverSse(world.server, SHOP_ORDER_EVENTS, { shopId: world.seller.shopId }, world.outsider.token);
    await expect.poll(() => refusedOverSse.text(), { timeout: 10_000 }).toContain('"code":"NOT_FOUND"');
    await refusedOverSse.close();
    mine.stop();
    operator.stop();
    await client.dispose();
  });
});
