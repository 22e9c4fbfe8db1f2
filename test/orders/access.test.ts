import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import { HOUR_MS, TestClock } from '../support/clock.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import {
  CancelOrder,
  CarrierEvent,
  checkout,
  OrderView,
  orderStatus,
  pay,
  PayOrder,
  placeOrder,
  ShipPackage,
  startOrderWorld,
  stockedSku,
  type OrderWorld,
} from './helpers.ts';
import { eventually } from '../support/wait.ts';

/** Who may see and change an order, every illegal transition, and the order lists with their filters and pages. */

const MyOrders = graphql(`
  query OrdersMine($first: Int, $after: String, $last: Int, $before: String, $filter: OrderFilter) {
    myOrders(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      edges { cursor node { id status channel } }
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }
`);

const ShopOrders = graphql(`
  query OrdersOfShop($shopId: ID!, $first: Int, $filter: OrderFilter) {
    shopOrders(shopId: $shopId, first: $first, filter: $filter) { edges { node { id status shippingAddress { recipientName } } } }
  }
`);

type Status = 'UNPAID' | 'ON_HOLD' | 'AWAITING_SHIPMENT' | 'PARTIALLY_SHIPPED' | 'AWAITING_COLLECTION' | 'IN_TRANSIT' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED';

describe('orders: access, transitions, lists', () => {
  const clock = new TestClock();
  let world: OrderWorld;
  let creator: TestUser;
  let tracking = 0;

  beforeAll(async () => {
    world = await startOrderWorld({ clock });
    creator = await signUp(world.server.client, 'creator');
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const ship = (orderId: string, items?: { orderItemId: string; quantity: number }[]) =>
    world.operator.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: `T-${(tracking += 1)}-${orderId.slice(-8)}`, items } });

  /** An order of two units brought to `status` through the API. */
  async function orderIn(status: Exclude<Status, 'ON_HOLD' | 'COMPLETED'>): Promise<string> {
    const sku = await stockedSku(world, 5);
    const { orders } = await placeOrder(world.buyer, checkout(sku, 2));
    const order = orders[0];
    if (!order) throw new Error('no order');
    if (status === 'UNPAID') return order.id;
    if (status === 'CANCELLED') {
      await world.buyer.client.request(CancelOrder, { input: { orderId: order.id, reason: 'No longer needed' } });
      return order.id;
    }
    await pay(world.buyer, order.id);
    if (status === 'AWAITING_SHIPMENT') return order.id;
    const item = order.items[0]?.id ?? '';
    if (status === 'PARTIALLY_SHIPPED') {
      await ship(order.id, [{ orderItemId: item, quantity: 1 }]);
      return order.id;
    }
    const shipped = expectTypename((await ship(order.id)).data?.shipOrderPackage, 'ShipOrderPackagePayload').order;
    if (status === 'AWAITING_COLLECTION') return order.id;
    const packageId = shipped.packages[0]?.id ?? '';
    await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'PICKED_UP' } });
    if (status === 'IN_TRANSIT') return order.id;
    await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'DELIVERED' } });
    return order.id;
  }

  it('shows an order to its buyer and its shop’s members only; everyone else reads null', async () => {
    const orderId = await orderIn('UNPAID');
    const seen = async (user: TestUser | null) => {
      const client = user ? user.client : world.server.client;
      return (await client.request(OrderView, { id: orderId })).data?.node?.__typename ?? null;
    };
    expect(await seen(world.buyer)).toBe('Order');
    expect(await seen(world.seller.owner)).toBe('Order');
    expect(await seen(world.operator)).toBe('Order');
    expect(await seen(world.otherBuyer)).toBeNull();
    expect(await seen(world.otherSeller.owner)).toBeNull();
    expect(await seen(creator)).toBeNull();
    expect(await seen(world.staff)).toBeNull();
    expect(await seen(null)).toBeNull();
    const otherShop = await world.otherSeller.owner.client.request(ShopOrders, { shopId: world.seller.shopId, first: 10 });
    expect(otherShop.data?.shopOrders).toBeNull();
    const mine = await world.otherBuyer.client.request(MyOrders, { first: 20 });
    expect(mine.data?.myOrders.edges.map((edge) => edge.node.id)).not.toContain(orderId);
    const members = await world.operator.client.request(ShopOrders, { shopId: world.seller.shopId, first: 20 });
    expect(members.data?.shopOrders?.edges.map((edge) => edge.node.id)).toContain(orderId);
  });

  it('lets nobody else act on an order: it is not found', async () => {
    const orderId = await orderIn('AWAITING_SHIPMENT');
    const cancel = await world.otherBuyer.client.request(CancelOrder, { input: { orderId, reason: 'Mine now' } });
    expect(expectTypename(cancel.data?.cancelOrder, 'NotFoundError').field).toEqual(['input', 'orderId']);
    const payOther = await world.otherSeller.owner.client.request(PayOrder, { input: { orderId, paymentMethod: 'test-card-ok' } });
    expect(expectTypename(payOther.data?.payOrder, 'NotFoundError').code).toBe('NOT_FOUND');
    const shipOther = await world.otherSeller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: 'X-1' } });
    expect(expectTypename(shipOther.data?.shipOrderPackage, 'NotFoundError').code).toBe('NOT_FOUND');
    const buyerShips = await world.buyer.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: 'X-2' } });
    expect(expectTypename(buyerShips.data?.shipOrderPackage, 'NotFoundError').code).toBe('NOT_FOUND');
    const carrierBySeller = await world.seller.owner.client.request(CarrierEvent, { input: { packageId: 'gid://seller-center/Package/01900000-0000-7000-8000-000000000000', event: 'DELIVERED' } });
    expect(expectTypename(carrierBySeller.data?.recordCarrierEvent, 'PermissionDeniedError').code).toBe('PERMISSION_DENIED');
    const sellerCancels = await world.operator.client.request(CancelOrder, { input: { orderId, reason: 'Out of stock in the warehouse' } });
    expect(expectTypename(sellerCancels.data?.cancelOrder, 'CancelOrderPayload').order.cancelledBy).toBe('SELLER');
  });

  it('refuses every illegal transition with the order’s current status', async () => {
    const allowed: Record<'pay' | 'ship' | 'cancel', Status[]> = {
      pay: ['UNPAID'],
      ship: ['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED'],
      cancel: ['UNPAID', 'AWAITING_SHIPMENT'],
    };
    const statuses: Exclude<Status, 'ON_HOLD' | 'COMPLETED'>[] = ['UNPAID', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED'];
    for (const status of statuses) {
      const orderId = await orderIn(status);
      expect(await orderStatus(world.buyer, orderId)).toBe(status);
      if (!allowed.pay.includes(status)) {
        const result = await world.buyer.client.request(PayOrder, { input: { orderId, paymentMethod: 'test-card-ok' } });
        expect(expectTypename(result.data?.payOrder, 'IllegalTransitionError'), `pay ${status}`).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: status });
      }
      if (!allowed.ship.includes(status)) {
        const result = await ship(orderId);
        expect(expectTypename(result.data?.shipOrderPackage, 'IllegalTransitionError'), `ship ${status}`).toMatchObject({ currentStatus: status });
      }
      if (!allowed.cancel.includes(status)) {
        const result = await world.buyer.client.request(CancelOrder, { input: { orderId, reason: 'Too late?' } });
        expect(expectTypename(result.data?.cancelOrder, 'IllegalTransitionError'), `cancel ${status}`).toMatchObject({ currentStatus: status });
      }
      expect(await orderStatus(world.buyer, orderId)).toBe(status);
    }
    // COMPLETED, reached by the clock.
    const delivered = await orderIn('DELIVERED');
    clock.advance(169 * HOUR_MS);
    await eventually(async () => (await orderStatus(world.buyer, delivered)) === 'COMPLETED');
    const cancelCompleted = await world.buyer.client.request(CancelOrder, { input: { orderId: delivered, reason: 'Late' } });
    expect(expectTypename(cancelCompleted.data?.cancelOrder, 'IllegalTransitionError').currentStatus).toBe('COMPLETED');
  });

  it('refuses a package scan out of order, and shipping more than is left', async () => {
    const orderId = await orderIn('AWAITING_SHIPMENT');
    const view = await world.buyer.client.request(OrderView, { id: orderId });
    const item = view.data?.node?.__typename === 'Order' ? view.data.node.items[0]?.id ?? '' : '';
    const tooMany = await ship(orderId, [{ orderItemId: item, quantity: 3 }]);
    expect(expectTypename(tooMany.data?.shipOrderPackage, 'ValidationError').field).toEqual(['input', 'items', '0', 'quantity']);
    const shipped = expectTypename((await ship(orderId)).data?.shipOrderPackage, 'ShipOrderPackagePayload').order;
    const packageId = shipped.packages[0]?.id ?? '';
    const early = await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'DELIVERED' } });
    expect(expectTypename(early.data?.recordCarrierEvent, 'InvalidStateError').code).toBe('INVALID_STATE');
    await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'PICKED_UP' } });
    const twice = await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'PICKED_UP' } });
    expect(expectTypename(twice.data?.recordCarrierEvent, 'InvalidStateError').code).toBe('INVALID_STATE');
    const duplicateTracking = await world.operator.client.request(ShipPackage, {
      input: { orderId: await orderIn('AWAITING_SHIPMENT'), carrier: 'JNE', trackingNumber: shipped.packages[0]?.trackingNumber ?? '' },
    });
    expect(expectTypename(duplicateTracking.data?.shipOrderPackage, 'AlreadyExistsError').field).toEqual(['input', 'trackingNumber']);
  });

  it('lists the buyer’s orders newest first with filters and keyset pages that do not skip', async () => {
    const buyer = await signUp(world.server.client, 'lister');
    const sku = await stockedSku(world, 50);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const { orders } = await placeOrder(buyer, { ...checkout(sku, 1), attribution: index === 0 ? { videoId: 'clip-1' } : null });
      ids.push(orders[0]?.id ?? '');
    }
    await pay(buyer, ids[4] ?? '');
    const first = await buyer.client.request(MyOrders, { first: 2 });
    const page1 = first.data?.myOrders;
    expect(page1?.edges.map((edge) => edge.node.id)).toEqual([ids[4], ids[3]]);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    // The cursor row changes status between pages: the next page still starts right after it.
    await world.buyer.client.request(CancelOrder, { input: { orderId: ids[3] ?? '', reason: 'x' } });
    const second = await buyer.client.request(MyOrders, { first: 2, after: page1?.pageInfo.endCursor });
    expect(second.data?.myOrders.edges.map((edge) => edge.node.id)).toEqual([ids[2], ids[1]]);
    const back = await buyer.client.request(MyOrders, { last: 2, before: second.data?.myOrders.pageInfo.startCursor });
    expect(back.data?.myOrders.edges.map((edge) => edge.node.id)).toEqual([ids[4], ids[3]]);
    const paid = await buyer.client.request(MyOrders, { first: 10, filter: { statuses: ['AWAITING_SHIPMENT'] } });
    expect(paid.data?.myOrders.edges.map((edge) => edge.node.id)).toEqual([ids[4]]);
    const video = await buyer.client.request(MyOrders, { first: 10, filter: { channel: 'VIDEO' } });
    expect(video.data?.myOrders.edges.map((edge) => edge.node.id)).toEqual([ids[0]]);
    const future = await buyer.client.request(MyOrders, { first: 10, filter: { placedFrom: new Date(clock.now().getTime() + HOUR_MS).toISOString() } });
    expect(future.data?.myOrders.edges).toEqual([]);
    const past = await buyer.client.request(MyOrders, { first: 10, filter: { placedBefore: new Date(clock.now().getTime() + HOUR_MS).toISOString() } });
    expect(past.data?.myOrders.edges).toHaveLength(5);
    const badCursor = await buyer.client.request(MyOrders, { first: 2, after: 'garbage' });
    expect(badCursor.errors?.[0]?.message).toContain('cursor');
    const anonymous = await world.server.client.request(MyOrders, { first: 2 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('orders with a review hold', () => {
  const clock = new TestClock();
  let world: OrderWorld;

  beforeAll(async () => {
    world = await startOrderWorld({ clock, env: { ORDER_HOLD_MINUTES: '10' } });
  });

  afterAll(async () => {
    await world?.server.close();
  });

  it('holds a paid order for review, refuses shipping meanwhile, then releases it by itself', async () => {
    const { orders } = await placeOrder(world.buyer, checkout(world.skuIds[0], 1));
    const orderId = orders[0]?.id ?? '';
    expect((await pay(world.buyer, orderId)).status).toBe('ON_HOLD');
    const early = await world.seller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: 'HOLD-1' } });
    expect(expectTypename(early.data?.shipOrderPackage, 'IllegalTransitionError').currentStatus).toBe('ON_HOLD');
    const payAgain = await world.buyer.client.request(PayOrder, { input: { orderId, paymentMethod: 'test-card-ok' } });
    expect(expectTypename(payAgain.data?.payOrder, 'IllegalTransitionError').currentStatus).toBe('ON_HOLD');
    clock.advance(11 * 60_000);
    await eventually(async () => (await orderStatus(world.buyer, orderId)) === 'AWAITING_SHIPMENT');
    const shipped = await world.seller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: 'HOLD-1' } });
    expect(expectTypename(shipped.data?.shipOrderPackage, 'ShipOrderPackagePayload').order.status).toBe('AWAITING_COLLECTION');
  });

  it('lets the buyer cancel during the hold, and refunds the payment', async () => {
    const { orders } = await placeOrder(world.buyer, checkout(world.skuIds[1], 1));
    const orderId = orders[0]?.id ?? '';
    await pay(world.buyer, orderId);
    const cancelled = await world.buyer.client.request(CancelOrder, { input: { orderId, reason: 'Found it cheaper' } });
    expect(expectTypename(cancelled.data?.cancelOrder, 'CancelOrderPayload').order.status).toBe('CANCELLED');
  });
});
