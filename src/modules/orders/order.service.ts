import { z } from 'zod';
import { requireStaff, requireViewer, type ServiceContext } from '../../context.ts';
import type { Order, OrderEvent, Prisma } from '../../generated/prisma/client.ts';
import type { CancelledBy, OrderStatus, SalesChannel } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { AlreadyExistsError, InvalidStateError, isUniqueViolation, NotFoundError, ValidationError } from '../../infra/errors.ts';
import { parseInput, plainText } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import type { CommissionService, EarnedCommission } from '../affiliates/commission.service.ts';
import type { CatalogService, StockLevel } from '../catalog/catalog.service.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';
import { IllegalTransitionError, PaymentDeclinedError, PaymentWindowClosedError } from './order.errors.ts';
import type { OrderEventPublished } from './order.events.ts';
import {
  AWAITING_DISPATCH,
  canTransition,
  HOUR_MS,
  LATE_DISPATCH_POINTS,
  MINUTE_MS,
  ORDER_TRANSITIONS,
  statusAfterShipping,
  type OrderAction,
} from './order.rules.ts';

/** What one transaction changed, published on the event bus once it has committed. */
export class OrderChanges {
  readonly events: OrderEvent[] = [];
  readonly stock: StockLevel[] = [];
  readonly refunds: { providerRef: string; amountMinor: bigint; currency: Order['currency'] }[] = [];
  readonly commissions: EarnedCommission[] = [];
}

/** Who acts on an order: its buyer or a member of its shop. */
export type OrderParty = 'BUYER' | 'SELLER';

const cancelInput = z.object({ reason: plainText(500) });
const payInput = z.object({ paymentMethod: plainText(200) });
const packageInput = z.object({
  carrier: plainText(60),
  trackingNumber: plainText(60).pipe(z.string().regex(/^[A-Za-z0-9-]+$/, 'Letters, digits and dashes only')),
  items: z
    .array(z.object({ orderItemId: z.uuid('Must be an id'), quantity: z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(10_000) }))
    .min(1, 'List at least one item, or leave `items` out to ship everything left')
    .max(100)
    .nullish(),
});
const proofInput = z.object({
  proofOfDeliveryUrl: z.string().trim().max(2048).pipe(z.url({ protocol: /^https$/, error: 'Must be an https:// URL' })),
});

/** Filters of an order list. Dates bound `createdAt` (from inclusive, to exclusive). */
export interface OrderFilter {
  statuses?: readonly OrderStatus[] | null;
  placedFrom?: Date | null;
  placedBefore?: Date | null;
  channel?: SalesChannel | null;
}

/**
 * Order life after checkout (SPEC §7): payment, the review hold, shipping in packages, delivery,
 * completion and cancellation, all through one state machine (`transition`, over ORDER_TRANSITIONS).
 * Each change is a compare-and-set on the status and writes one `OrderEvent` row in the same
 * transaction, naming who did it (the user, or null for the system) and when; the events are published
 * on `order.eventByShop` and `order.eventByBuyer` after the commit.
 */
export class OrderService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
    private readonly catalog: CatalogService,
    private readonly commissions: CommissionService,
  ) {}

  // ─── The state machine ───

  /**
   * Moves an order from one of `action`'s start statuses to `to`, conditionally (a concurrent change
   * wins or loses as a whole), and records the event. An order in any other status: IllegalTransitionError
   * naming its status.
   */
  async transition(
    tx: Prisma.TransactionClient,
    changes: OrderChanges,
    orderId: string,
    action: OrderAction,
    change: { to: OrderStatus; actorId: string | null; details?: Prisma.InputJsonObject; data?: Prisma.OrderUncheckedUpdateManyInput },
  ): Promise<Order> {
    const rule = ORDER_TRANSITIONS[action];
    if (!(rule.to as readonly OrderStatus[]).includes(change.to)) throw new Error(`${action} cannot lead to ${change.to}`);
    const [order] = await tx.order.updateManyAndReturn({
      where: { id: orderId, status: { in: [...rule.from] } },
      data: { ...change.data, status: change.to },
    });
    if (!order) {
      const current = await tx.order.findUnique({ where: { id: orderId }, select: { status: true } });
      if (!current) throw new NotFoundError('Order', ['input', 'orderId']);
      throw new IllegalTransitionError(action, current.status);
    }
    await this.record(tx, changes, order, rule.event, change.actorId, change.details ?? {});
    return order;
  }

  /** Writes one outbox row for `order` in its current status. */
  async record(
    tx: Prisma.TransactionClient,
    changes: OrderChanges,
    order: Pick<Order, 'id' | 'shopId' | 'buyerId' | 'status'>,
    type: OrderEvent['type'],
    actorId: string | null,
    details: Prisma.InputJsonObject = {},
  ): Promise<void> {
    changes.events.push(
      await tx.orderEvent.create({
        data: { orderId: order.id, shopId: order.shopId, buyerId: order.buyerId, type, status: order.status, actorId, details, occurredAt: this.deps.clock.now() },
      }),
    );
  }

  /** After commit: refunds what must be refunded, then publishes order events, stock levels and commissions earned. */
  async publish(changes: OrderChanges): Promise<void> {
    for (const refund of changes.refunds) {
      await this.deps.payments.refund(refund).catch((error: unknown) => this.deps.log.error({ err: error, refund: refund.providerRef }, 'refund failed'));
    }
    try {
      for (const event of changes.events) {
        const published: OrderEventPublished = {
          sequence: event.sequence.toString(),
          orderId: event.orderId,
          shopId: event.shopId,
          buyerId: event.buyerId,
          type: event.type,
          status: event.status,
          actorId: event.actorId,
          occurredAt: event.occurredAt.toISOString(),
        };
        await this.deps.events.pubSub.publish('order.eventByShop', event.shopId, published);
        await this.deps.events.pubSub.publish('order.eventByBuyer', event.buyerId, published);
      }
    } catch (error) {
      // The change stands; subscribers that missed the event catch up from the outbox table.
      this.deps.log.warn({ err: error }, 'could not publish order events');
    }
    await this.catalog.publishStock(changes.stock);
    await this.commissions.publish(changes.commissions);
  }

  // ─── Payment ───

  /**
   * The buyer pays an UNPAID order through the payment provider. Stock was reserved at checkout, so
   * money is only taken for stock that exists. A decline leaves the order UNPAID (PaymentDeclinedError);
   * past `payBy` the order can no longer be paid. If the order was cancelled while the charge ran, the
   * charge is refunded and the illegal transition reported.
   */
  async pay(ctx: ServiceContext, orderId: string, rawInput: unknown): Promise<Order> {
    const input = parseInput(payInput, rawInput);
    const { order } = await this.orderFor(ctx, orderId, ['BUYER']);
    if (!canTransition('pay', order.status)) throw new IllegalTransitionError('pay', order.status);
    const now = this.deps.clock.now();
    if (order.payBy <= now) throw new PaymentWindowClosedError(order.payBy);
    const payment = await this.deps.prisma.payment.create({
      data: { orderId, provider: this.deps.payments.name, amountMinor: order.totalMinor, currency: order.currency },
    });
    const result = await this.deps.payments.charge({
      paymentId: payment.id,
      amountMinor: order.totalMinor,
      currency: order.currency,
      paymentMethod: input.paymentMethod,
    });
    if (!result.ok) {
      await this.deps.prisma.payment.update({ where: { id: payment.id }, data: { status: 'FAILED', failureCode: result.declineCode } });
      throw new PaymentDeclinedError(result.declineCode);
    }
    const { holdMs, dispatchMs } = this.windows();
    const changes = new OrderChanges();
    try {
      const paid = await this.deps.prisma.$transaction(async (tx) => {
        await tx.payment.update({ where: { id: payment.id }, data: { status: 'SUCCEEDED', providerRef: result.providerRef } });
        return this.transition(tx, changes, orderId, 'pay', {
          to: holdMs > 0 ? 'ON_HOLD' : 'AWAITING_SHIPMENT',
          actorId: order.buyerId,
          details: { paymentId: payment.id, amount: order.totalMinor.toString() },
          data: {
            paidAt: now,
            onHoldUntil: holdMs > 0 ? new Date(now.getTime() + holdMs) : null,
            dispatchBy: new Date(now.getTime() + holdMs + dispatchMs),
          },
        });
      });
      await this.publish(changes);
      return paid;
    } catch (error) {
      await this.deps.payments.refund({ providerRef: result.providerRef, amountMinor: order.totalMinor, currency: order.currency });
      await this.deps.prisma.payment.update({ where: { id: payment.id }, data: { status: 'REFUNDED', providerRef: result.providerRef } });
      throw error;
    }
  }

  // ─── Cancellation ───

  /**
   * Cancels an order before it ships, with a reason: by its buyer or by a member of its shop. Stock and
   * promotion reservations return, a payment is refunded. Takes an idempotency key: a retry returns the
   * cancelled order instead of an illegal-transition error.
   */
  async cancel(ctx: ServiceContext, orderId: string, rawInput: unknown, idempotencyKey: string | null | undefined): Promise<Order> {
    const input = parseInput(cancelInput, rawInput);
    const { order, party } = await this.orderFor(ctx, orderId, ['BUYER', 'SELLER']);
    const actorId = requireViewer(ctx);
    const changes = new OrderChanges();
    const { replayed } = await this.deps.idempotency.run(
      { userId: actorId, operation: 'cancelOrder', key: idempotencyKey, parameters: { orderId, reason: input.reason } },
      async (tx) => {
        await this.cancelIn(tx, changes, order.id, { by: party, actorId, reason: input.reason });
        return { orderId };
      },
    );
    if (!replayed) await this.publish(changes);
    return this.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
  }

  /** Cancels inside a transaction and gives back what the order held (also used by the unpaid sweep). */
  private async cancelIn(
    tx: Prisma.TransactionClient,
    changes: OrderChanges,
    orderId: string,
    cancel: { by: CancelledBy; actorId: string | null; reason: string },
  ): Promise<Order> {
    const order = await this.transition(tx, changes, orderId, 'cancel', {
      to: 'CANCELLED',
      actorId: cancel.actorId,
      details: { by: cancel.by, reason: cancel.reason },
      data: { cancelledAt: this.deps.clock.now(), cancelledBy: cancel.by, cancelReason: cancel.reason },
    });
    const items = await tx.orderItem.findMany({ where: { orderId }, select: { skuId: true, quantity: true }, orderBy: { skuId: 'asc' } });
    for (const item of items) {
      const level = await this.catalog.changeStockIn(tx, item.skuId, item.quantity, { actorId: null, reason: `Order ${order.number} cancelled` });
      if (level) changes.stock.push(level);
    }
    await this.deps.checkoutPricing.release(tx, orderId);
    const paid = await tx.payment.updateManyAndReturn({ where: { orderId, status: 'SUCCEEDED' }, data: { status: 'REFUNDED' } });
    for (const payment of paid) {
      if (payment.providerRef) changes.refunds.push({ providerRef: payment.providerRef, amountMinor: payment.amountMinor, currency: payment.currency });
    }
    return order;
  }

  // ─── Shipping and delivery ───

  /**
   * A member of the shop ships one package: a carrier, a tracking number (AWB) and the items in it
   * (all that is left when `items` is omitted). Several packages make PARTIALLY_SHIPPED until nothing
   * is left. Shipping after the dispatch deadline earns the late-dispatch mark now, if the sweep has not
   * given it already.
   */
  async shipPackage(ctx: ServiceContext, orderId: string, rawInput: unknown): Promise<Order> {
    const input = parseInput(packageInput, rawInput);
    await this.orderFor(ctx, orderId, ['SELLER']);
    const actorId = requireViewer(ctx);
    const changes = new OrderChanges();
    const now = this.deps.clock.now();
    try {
      const shipped = await this.deps.prisma.$transaction(async (tx) => {
        // Packages of one order are decided one at a time, so two cannot both take the last units.
        await lockRow(tx, 'Order', orderId);
        const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
        if (!canTransition('ship', order.status)) throw new IllegalTransitionError('ship', order.status);
        const items = await tx.orderItem.findMany({ where: { orderId }, include: { packageItems: { select: { quantity: true } } } });
        const left = new Map(items.map((item) => [item.id, item.quantity - item.packageItems.reduce((sum, row) => sum + row.quantity, 0)]));
        const wanted = input.items ?? [...left].filter(([, quantity]) => quantity > 0).map(([orderItemId, quantity]) => ({ orderItemId, quantity }));
        const seenItems = new Set<string>();
        wanted.forEach((line, index) => {
          const remaining = left.get(line.orderItemId);
          if (remaining === undefined) throw new NotFoundError('OrderItem', ['input', 'items', String(index), 'orderItemId']);
          if (seenItems.has(line.orderItemId)) throw ValidationError.single(['input', 'items', String(index), 'orderItemId'], 'Listed twice');
          seenItems.add(line.orderItemId);
          if (line.quantity > remaining) {
            throw ValidationError.single(['input', 'items', String(index), 'quantity'], `Only ${remaining} of this item are left to ship`);
          }
          left.set(line.orderItemId, remaining - line.quantity);
        });
        const pkg = await tx.package.create({
          data: {
            orderId,
            provider: order.shippingProvider,
            carrier: input.carrier,
            trackingNumber: input.trackingNumber,
            status: order.shippingProvider === 'PLATFORM' ? 'AWAITING_COLLECTION' : 'IN_TRANSIT',
            shippedAt: now,
            items: { create: wanted.map((line) => ({ orderItemId: line.orderItemId, quantity: line.quantity })) },
          },
        });
        if (order.dispatchBy && order.dispatchBy <= now && !order.lateDispatch) await this.markLateIn(tx, changes, order, now);
        const everythingShipped = [...left.values()].every((quantity) => quantity === 0);
        return this.transition(tx, changes, orderId, 'ship', {
          to: statusAfterShipping(order.shippingProvider, everythingShipped),
          actorId,
          details: { packageId: pkg.id, carrier: pkg.carrier, trackingNumber: pkg.trackingNumber },
          data: { shippedAt: order.shippedAt ?? now },
        });
      });
      await this.publish(changes);
      return shipped;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AlreadyExistsError(`${input.carrier} tracking number ${input.trackingNumber} is used already`, ['input', 'trackingNumber']);
      }
      throw error;
    }
  }

  /**
   * The seller confirms delivery of a package they shipped themselves, with a proof of delivery.
   * Platform-carrier packages are confirmed by the carrier (`recordCarrierEvent`).
   */
  async confirmDelivery(ctx: ServiceContext, packageId: string, rawInput: unknown): Promise<Order> {
    const input = parseInput(proofInput, rawInput);
    const pkg = await this.packageFor(ctx, packageId, ['SELLER']);
    if (pkg.provider !== 'SELLER') {
      throw new InvalidStateError("The platform's carrier confirms delivery of this package", pkg.provider);
    }
    return this.deliverPackage(pkg.id, pkg.orderId, requireViewer(ctx), { proofOfDeliveryUrl: input.proofOfDeliveryUrl });
  }

  /**
   * The platform carrier's scan of a package (the built-in test carrier, driven by platform staff):
   * PICKED_UP takes it from the seller, DELIVERED hands it to the buyer. When every package is picked
   * up the order is IN_TRANSIT; when every one is delivered, DELIVERED.
   */
  async recordCarrierEvent(ctx: ServiceContext, packageId: string, event: 'PICKED_UP' | 'DELIVERED'): Promise<Order> {
    requireStaff(ctx);
    const pkg = await this.deps.prisma.package.findUnique({ where: { id: packageId } });
    if (!pkg) throw new NotFoundError('Package', ['input', 'packageId']);
    if (pkg.provider !== 'PLATFORM') throw new InvalidStateError('The seller ships this package and confirms its delivery', pkg.provider);
    if (event === 'DELIVERED') return this.deliverPackage(pkg.id, pkg.orderId, null, {});
    const changes = new OrderChanges();
    const order = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'Order', pkg.orderId);
      const { count } = await tx.package.updateMany({
        where: { id: packageId, status: 'AWAITING_COLLECTION' },
        data: { status: 'IN_TRANSIT', collectedAt: this.deps.clock.now() },
      });
      if (count === 0) throw new InvalidStateError('The package was picked up already', pkg.status);
      const current = await tx.order.findUniqueOrThrow({ where: { id: pkg.orderId } });
      const waiting = await tx.package.count({ where: { orderId: pkg.orderId, status: 'AWAITING_COLLECTION' } });
      if (current.status !== 'AWAITING_COLLECTION' || waiting > 0) return current;
      return this.transition(tx, changes, pkg.orderId, 'collect', { to: 'IN_TRANSIT', actorId: null });
    });
    await this.publish(changes);
    return order;
  }

  private async deliverPackage(packageId: string, orderId: string, actorId: string | null, data: { proofOfDeliveryUrl?: string }): Promise<Order> {
    const changes = new OrderChanges();
    const now = this.deps.clock.now();
    const order = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'Order', orderId);
      const { count } = await tx.package.updateMany({
        where: { id: packageId, status: 'IN_TRANSIT' },
        data: { status: 'DELIVERED', deliveredAt: now, ...data },
      });
      if (count === 0) {
        const pkg = await tx.package.findUniqueOrThrow({ where: { id: packageId } });
        throw new InvalidStateError(`Only a package in transit can be delivered; this one is ${pkg.status}`, pkg.status);
      }
      const current = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
      const undelivered = await tx.package.count({ where: { orderId, status: { not: 'DELIVERED' } } });
      if (current.status !== 'IN_TRANSIT' || undelivered > 0) return current;
      return this.transition(tx, changes, orderId, 'deliver', { to: 'DELIVERED', actorId, details: { packageId }, data: { deliveredAt: now } });
    });
    await this.publish(changes);
    return order;
  }

  // ─── Time-based work: each claims due orders with FOR UPDATE SKIP LOCKED (see src/infra/jobs.ts) ───

  /** Cancels orders not paid by `payBy`; their stock and promotion reservations return. */
  cancelUnpaidDue(now: Date): Promise<number> {
    return this.sweep(
      (tx) => tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Order" WHERE "status" = 'UNPAID' AND "payBy" <= ${now}
        ORDER BY "payBy" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
      (tx, changes, id) => this.cancelIn(tx, changes, id, { by: 'SYSTEM', actorId: null, reason: 'Not paid in time' }),
    );
  }

  /** Ends review holds that are over: the orders await shipment. */
  releaseHoldsDue(now: Date): Promise<number> {
    return this.sweep(
      (tx) => tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Order" WHERE "status" = 'ON_HOLD' AND "onHoldUntil" <= ${now}
        ORDER BY "onHoldUntil" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
      (tx, changes, id) => this.transition(tx, changes, id, 'releaseHold', { to: 'AWAITING_SHIPMENT', actorId: null }),
    );
  }

  /** Marks orders still unshipped past their dispatch deadline, once each, and counts it against the shop. */
  markLateDispatchDue(now: Date): Promise<number> {
    return this.sweep(
      (tx) => tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Order"
        WHERE "status" IN ('AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED') AND "lateDispatch" = false AND "dispatchBy" <= ${now}
        ORDER BY "dispatchBy" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
      async (tx, changes, id) => {
        const order = await tx.order.findUniqueOrThrow({ where: { id } });
        if (AWAITING_DISPATCH.includes(order.status) && !order.lateDispatch) await this.markLateIn(tx, changes, order, now);
      },
    );
  }

  /** Completes orders delivered longer ago than ORDER_AUTO_COMPLETE_HOURS, with the commission an attributed one earns. */
  completeDeliveredDue(now: Date): Promise<number> {
    const deliveredBefore = new Date(now.getTime() - this.windows().autoCompleteMs);
    return this.sweep(
      (tx) => tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Order" WHERE "status" = 'DELIVERED' AND "deliveredAt" <= ${deliveredBefore}
        ORDER BY "deliveredAt" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
      async (tx, changes, id) => {
        const order = await this.transition(tx, changes, id, 'complete', { to: 'COMPLETED', actorId: null, data: { completedAt: now } });
        const commission = await this.commissions.earnIn(tx, order, now);
        if (commission) changes.commissions.push(commission);
      },
    );
  }

  /** The late-dispatch mark: a flag on the order, a violation point for the shop, an event. */
  private async markLateIn(tx: Prisma.TransactionClient, changes: OrderChanges, order: Order, now: Date): Promise<void> {
    const [marked] = await tx.order.updateManyAndReturn({ where: { id: order.id, lateDispatch: false }, data: { lateDispatch: true } });
    if (!marked) return;
    await tx.violation.create({
      data: { shopId: order.shopId, points: LATE_DISPATCH_POINTS, reason: `Order ${order.number} not shipped by its dispatch deadline`, orderId: order.id, createdAt: now },
    });
    await tx.shop.update({ where: { id: order.shopId }, data: { violationPoints: { increment: LATE_DISPATCH_POINTS } } });
    await this.record(tx, changes, marked, 'LATE_DISPATCH', null, { dispatchBy: order.dispatchBy?.toISOString() ?? null });
  }

  /** Claims due rows batch by batch and applies `apply` to each inside the claiming transaction. */
  private async sweep(
    claim: (tx: Prisma.TransactionClient) => Promise<{ id: string }[]>,
    apply: (tx: Prisma.TransactionClient, changes: OrderChanges, id: string) => Promise<unknown>,
  ): Promise<number> {
    let handled = 0;
    for (;;) {
      const changes = new OrderChanges();
      const count = await this.deps.prisma.$transaction(async (tx) => {
        const due = await claim(tx);
        for (const { id } of due) await apply(tx, changes, id);
        return due.length;
      });
      await this.publish(changes);
      handled += count;
      if (count < SWEEP_BATCH) return handled;
    }
  }

  // ─── Reads ───

  /** Prisma filter of an order list's filters. */
  filterWhere(filter: OrderFilter | null | undefined): Prisma.OrderWhereInput {
    if (!filter) return {};
    if (filter.placedFrom && filter.placedBefore && filter.placedFrom > filter.placedBefore) {
      throw ValidationError.single(['filter', 'placedBefore'], 'Must not be before placedFrom');
    }
    return {
      ...(filter.statuses && filter.statuses.length > 0 ? { status: { in: [...filter.statuses] } } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.placedFrom || filter.placedBefore
        ? { createdAt: { ...(filter.placedFrom ? { gte: filter.placedFrom } : {}), ...(filter.placedBefore ? { lt: filter.placedBefore } : {}) } }
        : {}),
    };
  }

  /** The Prisma filter of a shop's order list, for its members; anyone else: not found. */
  async shopOrdersWhere(ctx: ServiceContext, shopId: string, filter: OrderFilter | null | undefined): Promise<Prisma.OrderWhereInput> {
    await this.shops.requireRole(ctx, shopId, ALL_ROLES, ['shopId']);
    return { shopId, ...this.filterWhere(filter) };
  }

  /** The Prisma filter of the viewer's own purchases. */
  buyerOrdersWhere(ctx: ServiceContext, filter: OrderFilter | null | undefined): Prisma.OrderWhereInput {
    return { buyerId: requireViewer(ctx), ...this.filterWhere(filter) };
  }

  // ─── Helpers ───

  /** The configured windows in milliseconds. */
  windows() {
    const config = this.deps.config;
    return {
      paymentMs: config.ORDER_PAYMENT_TIMEOUT_MINUTES * MINUTE_MS,
      holdMs: config.ORDER_HOLD_MINUTES * MINUTE_MS,
      dispatchMs: config.ORDER_DISPATCH_HOURS * HOUR_MS,
      autoCompleteMs: config.ORDER_AUTO_COMPLETE_HOURS * HOUR_MS,
    };
  }

  /**
   * The order, when the viewer is one of `parties` to it: its buyer, or a member of its shop. Anyone
   * else gets not found, exactly as for an order that does not exist.
   */
  private async orderFor(ctx: ServiceContext, orderId: string, parties: readonly OrderParty[]): Promise<{ order: Order; party: OrderParty }> {
    const viewerId = requireViewer(ctx);
    const order = await this.deps.prisma.order.findUnique({ where: { id: orderId } });
    if (order) {
      if (parties.includes('BUYER') && order.buyerId === viewerId) return { order, party: 'BUYER' };
      if (parties.includes('SELLER') && (await this.isMember(viewerId, order.shopId))) return { order, party: 'SELLER' };
    }
    throw new NotFoundError('Order', ['input', 'orderId']);
  }

  private async packageFor(ctx: ServiceContext, packageId: string, parties: readonly OrderParty[]) {
    const pkg = await this.deps.prisma.package.findUnique({ where: { id: packageId } });
    try {
      if (pkg) await this.orderFor(ctx, pkg.orderId, parties);
    } catch {
      throw new NotFoundError('Package', ['input', 'packageId']);
    }
    if (!pkg) throw new NotFoundError('Package', ['input', 'packageId']);
    return pkg;
  }

  private async isMember(userId: string, shopId: string): Promise<boolean> {
    const member = await this.deps.prisma.shopMember.findUnique({ where: { shopId_userId: { shopId, userId } }, select: { role: true } });
    return member !== null && ALL_ROLES.includes(member.role);
  }
}

/** Orders one sweep transaction handles; the sweep loops until fewer are due. */
const SWEEP_BATCH = 100;
