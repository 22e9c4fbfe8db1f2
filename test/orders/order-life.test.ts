import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTypename } from '../support/client.ts';
import { HOUR_MS, TestClock } from '../support/clock.ts';
import {
  CancelOrder,
  CarrierEvent,
  checkout,
  ConfirmDelivery,
  OrderView,
  orderStatus,
  pay,
  PayOrder,
  placeOrder,
  ShipPackage,
  SkuStock,
  startOrderWorld,
  stockedSku,
  uniqueKey,
  type OrderWorld,
} from './helpers.ts';
import { eventually } from '../support/wait.ts';

/**
 * An order's life over HTTP: checkout, payment, shipping in packages, the carrier, delivery, and the
 * time-based work (auto-cancel, late dispatch, auto-complete) driven by moving the server's clock.
 */
describe('order life', () => {
  const clock = new TestClock();
  let world: OrderWorld;

  beforeAll(async () => {
    world = await startOrderWorld({ clock });
  });

  afterAll(async () => {
    await world?.server.close();
  });

  it('is bought, paid, shipped in two packages, picked up, delivered and completed by itself', async () => {
    const [sku] = world.skuIds;
    const placed = await placeOrder(world.buyer, checkout(sku, 3));
    const [order] = placed.orders;
    if (!order) throw new Error('no order');
    expect(order).toMatchObject({ status: 'UNPAID', channel: 'PRODUCT_PAGE', subtotal: { amount: '567000.00' }, total: { amount: '577000.00' } });
    expect((await world.server.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 7 });

    const paid = await pay(world.buyer, order.id);
    expect(paid.status).toBe('AWAITING_SHIPMENT');
    expect(paid.dispatchBy).not.toBeNull();

    const [item] = order.items;
    if (!item) throw new Error('no item');
    const first = await world.operator.client.request(ShipPackage, {
      input: { orderId: order.id, carrier: 'J&T Express', trackingNumber: 'JT-0001', items: [{ orderItemId: item.id, quantity: 1 }] },
    });
    expect(expectTypename(first.data?.shipOrderPackage, 'ShipOrderPackagePayload').order.status).toBe('PARTIALLY_SHIPPED');
    const second = await world.seller.owner.client.request(ShipPackage, { input: { orderId: order.id, carrier: 'J&T Express', trackingNumber: 'JT-0002' } });
    const shipped = expectTypename(second.data?.shipOrderPackage, 'ShipOrderPackagePayload').order;
    expect(shipped.status).toBe('AWAITING_COLLECTION');
    expect(shipped.packages.map((pkg) => pkg.items[0]?.quantity)).toEqual([1, 2]);

    for (const pkg of shipped.packages) {
      const scanned = await world.staff.client.request(CarrierEvent, { input: { packageId: pkg.id, event: 'PICKED_UP' } });
      expect(scanned.errors).toBeUndefined();
      expectTypename(scanned.data?.recordCarrierEvent, 'RecordCarrierEventPayload');
    }
    expect(await orderStatus(world.buyer, order.id)).toBe('IN_TRANSIT');
    const firstDelivered = await world.staff.client.request(CarrierEvent, { input: { packageId: shipped.packages[0]?.id ?? '', event: 'DELIVERED' } });
    expect(expectTypename(firstDelivered.data?.recordCarrierEvent, 'RecordCarrierEventPayload').orderStatus).toBe('IN_TRANSIT');
    const delivered = await world.staff.client.request(CarrierEvent, { input: { packageId: shipped.packages[1]?.id ?? '', event: 'DELIVERED' } });
    expect(expectTypename(delivered.data?.recordCarrierEvent, 'RecordCarrierEventPayload').orderStatus).toBe('DELIVERED');
    const deliveredView = await world.buyer.client.request(OrderView, { id: order.id });
    expect(deliveredView.data?.node?.__typename === 'Order' && deliveredView.data.node.autoCompletesAt).toBeTruthy();

    clock.advance(167 * HOUR_MS);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await orderStatus(world.buyer, order.id)).toBe('DELIVERED');
    clock.advance(2 * HOUR_MS);
    await eventually(async () => (await orderStatus(world.buyer, order.id)) === 'COMPLETED');

    const view = await world.buyer.client.request(OrderView, { id: order.id });
    const history = view.data?.node?.__typename === 'Order' ? view.data.node.history : [];
    expect(history.map((event) => `${event.type}:${event.status}:${event.actor}`)).toEqual([
      'PLACED:UNPAID:BUYER',
      'PAID:AWAITING_SHIPMENT:BUYER',
      'SHIPPED:PARTIALLY_SHIPPED:SELLER',
      'SHIPPED:AWAITING_COLLECTION:SELLER',
      'COLLECTED:IN_TRANSIT:SYSTEM',
      'DELIVERED:DELIVERED:SYSTEM',
      'COMPLETED:COMPLETED:SYSTEM',
    ]);
  });

  it('cancels an unpaid order when its payment time is over, once, and the stock returns', async () => {
    const sku = await stockedSku(world, 5);
    const { orders } = await placeOrder(world.buyer, checkout(sku, 2));
    const order = orders[0];
    if (!order) throw new Error('no order');
    expect((await world.server.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 3 });
    clock.advance(31 * 60_000);
    await eventually(async () => (await orderStatus(world.buyer, order.id)) === 'CANCELLED');
    // The public page may show a cached count for up to RESPONSE_CACHE_STOCK_WINDOW_MS (1 s) longer.
    await eventually(async () => ((await world.server.client.request(SkuStock, { id: sku })).data?.node as { stock: number } | null)?.stock === 5, 3_000);
    const view = await world.buyer.client.request(OrderView, { id: order.id });
    const node = view.data?.node?.__typename === 'Order' ? view.data.node : null;
    expect(node?.cancelledBy).toBe('SYSTEM');
    expect(node?.history.filter((event) => event.type === 'CANCELLED')).toHaveLength(1);
    // Too late to pay now.
    const late = await world.buyer.client.request(PayOrder, { input: { orderId: order.id, paymentMethod: 'test-card-ok' } });
    expect(expectTypename(late.data?.payOrder, 'IllegalTransitionError').currentStatus).toBe('CANCELLED');
  });

  it('refuses a payment past payBy before the sweep has run', async () => {
    const runner = world.server.running.jobs;
    await runner.stop();
    try {
      const sku = await stockedSku(world, 5);
      const { orders } = await placeOrder(world.buyer, checkout(sku, 1));
      clock.advance(31 * 60_000);
      const late = await world.buyer.client.request(PayOrder, { input: { orderId: orders[0]?.id ?? '', paymentMethod: 'test-card-ok' } });
      expect(expectTypename(late.data?.payOrder, 'PaymentWindowClosedError').code).toBe('PAYMENT_WINDOW_CLOSED');
    } finally {
      runner.start();
    }
  });

  it('declines a payment on request and leaves the order unpaid', async () => {
    const { orders } = await placeOrder(world.buyer, checkout(world.skuIds[1], 1));
    const orderId = orders[0]?.id ?? '';
    const declined = await world.buyer.client.request(PayOrder, { input: { orderId, paymentMethod: 'test-card-declined' } });
    expect(expectTypename(declined.data?.payOrder, 'PaymentDeclinedError')).toMatchObject({ code: 'PAYMENT_DECLINED', declineCode: 'card_declined' });
    expect(await orderStatus(world.buyer, orderId)).toBe('UNPAID');
    expect((await pay(world.buyer, orderId)).status).toBe('AWAITING_SHIPMENT');
  });

  it('marks a late dispatch once, and the shop pays a violation point', async () => {
    const sku = await stockedSku(world, 5);
    const { orders } = await placeOrder(world.buyer, checkout(sku, 1));
    const orderId = orders[0]?.id ?? '';
    await pay(world.buyer, orderId);
    clock.advance(73 * HOUR_MS);
    await eventually(async () => {
      const view = await world.seller.owner.client.request(OrderView, { id: orderId });
      return view.data?.node?.__typename === 'Order' && view.data.node.lateDispatch;
    });
    const shipped = await world.seller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'JNE', trackingNumber: `JNE-${orderId.slice(-12)}` } });
    expect(expectTypename(shipped.data?.shipOrderPackage, 'ShipOrderPackagePayload').order.lateDispatch).toBe(true);
    const view = await world.seller.owner.client.request(OrderView, { id: orderId });
    const history = view.data?.node?.__typename === 'Order' ? view.data.node.history : [];
    expect(history.filter((event) => event.type === 'LATE_DISPATCH')).toHaveLength(1);
    const points = await world.server.running.services.prisma.violation.count({ where: { orderId: orderId.split('/').at(-1) } });
    expect(points).toBe(1);
  });

  it('lets the buyer cancel before shipping with a reason and an idempotency key; a retry returns the same result', async () => {
    const sku = await stockedSku(world, 4);
    const { orders } = await placeOrder(world.buyer, checkout(sku, 4));
    const orderId = orders[0]?.id ?? '';
    await pay(world.buyer, orderId);
    const key = uniqueKey();
    const input = { orderId, reason: 'Ordered the wrong size', idempotencyKey: key };
    const first = await world.buyer.client.request(CancelOrder, { input });
    expect(expectTypename(first.data?.cancelOrder, 'CancelOrderPayload').order).toMatchObject({ status: 'CANCELLED', cancelledBy: 'BUYER' });
    const retry = await world.buyer.client.request(CancelOrder, { input });
    expect(expectTypename(retry.data?.cancelOrder, 'CancelOrderPayload').order.status).toBe('CANCELLED');
    const changed = await world.buyer.client.request(CancelOrder, { input: { ...input, reason: 'Something else' } });
    expect(expectTypename(changed.data?.cancelOrder, 'IdempotencyKeyReusedError').code).toBe('IDEMPOTENCY_KEY_REUSED');
    const again = await world.buyer.client.request(CancelOrder, { input: { orderId, reason: 'Again' } });
    expect(expectTypename(again.data?.cancelOrder, 'IllegalTransitionError').currentStatus).toBe('CANCELLED');
    expect((await world.server.client.request(SkuStock, { id: sku })).data?.node).toEqual({ stock: 4 });
    const refunded = await world.server.running.services.prisma.payment.findMany({ where: { orderId: orderId.split('/').at(-1) } });
    expect(refunded.map((payment) => payment.status)).toEqual(['REFUNDED']);
  });

  it('lets the seller ship by itself and confirm delivery with a proof', async () => {
    const sku = await stockedSku(world, 2);
    const { orders } = await placeOrder(world.buyer, checkout(sku, 1));
    const orderId = orders[0]?.id ?? '';
    await pay(world.buyer, orderId);
    await world.server.running.services.prisma.order.update({ where: { id: orderId.split('/').at(-1) }, data: { shippingProvider: 'SELLER' } });
    const shipped = await world.seller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'Own courier', trackingNumber: `OWN-${orderId.slice(-12)}` } });
    const order = expectTypename(shipped.data?.shipOrderPackage, 'ShipOrderPackagePayload').order;
    expect(order.status).toBe('IN_TRANSIT');
    const packageId = order.packages[0]?.id ?? '';
    const byCarrier = await world.staff.client.request(CarrierEvent, { input: { packageId, event: 'DELIVERED' } });
    expect(expectTypename(byCarrier.data?.recordCarrierEvent, 'InvalidStateError').code).toBe('INVALID_STATE');
    const badProof = await world.seller.owner.client.request(ConfirmDelivery, { input: { packageId, proofOfDeliveryUrl: 'not a url' } });
    expect(expectTypename(badProof.data?.confirmPackageDelivery, 'ValidationError').field).toEqual(['input', 'proofOfDeliveryUrl']);
    const byBuyer = await world.buyer.client.request(ConfirmDelivery, { input: { packageId, proofOfDeliveryUrl: 'https://proof.example.com/1.jpg' } });
    expect(expectTypename(byBuyer.data?.confirmPackageDelivery, 'NotFoundError').code).toBe('NOT_FOUND');
    const confirmed = await world.seller.owner.client.request(ConfirmDelivery, { input: { packageId, proofOfDeliveryUrl: 'https://proof.example.com/1.jpg' } });
    expect(expectTypename(confirmed.data?.confirmPackageDelivery, 'ConfirmPackageDeliveryPayload').order.status).toBe('DELIVERED');
  });
});
