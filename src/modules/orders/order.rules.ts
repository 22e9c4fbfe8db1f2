import { randomInt } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { OrderEventType, OrderStatus, SalesChannel, ShippingProvider } from '../../generated/prisma/enums.ts';

/**
 * The order state machine (SPEC §7), the one table every status change goes through:
 *
 *   UNPAID ─pay─▶ ON_HOLD ─releaseHold─▶ AWAITING_SHIPMENT ─ship─▶ PARTIALLY_SHIPPED ─ship─┐
 *      │            │                         │      └────────ship────────┐                  │
 *      │            │                         │                           ▼                  ▼
 *      │            │                         │     AWAITING_COLLECTION (platform) ─collect─▶ IN_TRANSIT (seller ships)
 *      ▼            ▼                         ▼                                                   │ deliver
 *   CANCELLED ◀─────┴─────────────────────────┘  (buyer, seller or system, before shipping)     DELIVERED ─complete─▶ COMPLETED
 *
 * `pay` goes straight to AWAITING_SHIPMENT when there is no review hold. Each action lists the statuses
 * it may start from and those it may lead to, and the event it records.
 */
export const ORDER_TRANSITIONS = {
  pay: { from: ['UNPAID'], to: ['ON_HOLD', 'AWAITING_SHIPMENT'], event: 'PAID' },
  releaseHold: { from: ['ON_HOLD'], to: ['AWAITING_SHIPMENT'], event: 'HOLD_RELEASED' },
  ship: {
    from: ['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED'],
    to: ['PARTIALLY_SHIPPED', 'AWAITING_COLLECTION', 'IN_TRANSIT'],
    event: 'SHIPPED',
  },
  collect: { from: ['AWAITING_COLLECTION'], to: ['IN_TRANSIT'], event: 'COLLECTED' },
  deliver: { from: ['IN_TRANSIT'], to: ['DELIVERED'], event: 'DELIVERED' },
  complete: { from: ['DELIVERED'], to: ['COMPLETED'], event: 'COMPLETED' },
  cancel: { from: ['UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT'], to: ['CANCELLED'], event: 'CANCELLED' },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: readonly OrderStatus[]; event: OrderEventType }>;

export type OrderAction = keyof typeof ORDER_TRANSITIONS;

/** Whether `action` may start from `status`. */
export function canTransition(action: OrderAction, status: OrderStatus): boolean {
  return (ORDER_TRANSITIONS[action].from as readonly OrderStatus[]).includes(status);
}

/** Statuses in which the dispatch deadline still runs (something is left to ship). */
export const AWAITING_DISPATCH: readonly OrderStatus[] = ['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED'];

/** Violation points a late dispatch adds to the shop's health. */
export const LATE_DISPATCH_POINTS = 1;

/**
 * The order's status after a package leaves: PARTIALLY_SHIPPED while units remain unpacked; once all
 * are shipped, AWAITING_COLLECTION for the platform's carrier (it picks the packages up) or IN_TRANSIT
 * when the seller ships.
 */
export function statusAfterShipping(provider: ShippingProvider, everythingShipped: boolean): OrderStatus {
  if (!everythingShipped) return 'PARTIALLY_SHIPPED';
  return provider === 'PLATFORM' ? 'AWAITING_COLLECTION' : 'IN_TRANSIT';
}

/** Where a sale came from: a live stream beats a video, which beats a showcase; else the product page. */
export function salesChannel(attribution: { liveStreamId: string | null; videoId: string | null; accountId: string | null }): SalesChannel {
  if (attribution.liveStreamId) return 'LIVE';
  if (attribution.videoId) return 'VIDEO';
  if (attribution.accountId) return 'SHOWCASE';
  return 'PRODUCT_PAGE';
}

/**
 * A human-readable order number: the UTC date and ten random digits, e.g. 261123-4821937465. Unique by
 * a database index; a clash (one in ten billion per day) fails that checkout, which the client retries.
 */
export function orderNumber(at: Date): string {
  const date = at.toISOString().slice(2, 10).replaceAll('-', '');
  const digits = Array.from({ length: 10 }, () => randomInt(10)).join('');
  return `${date}-${digits}`;
}

/** Milliseconds in an hour and a minute, for the configured windows. */
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/**
 * Prisma filter of the orders a user may see: their own purchases and their shops' sales. Platform
 * staff are not parties to orders and see none through the API.
 */
export function orderVisibleWhere(userId: string): Prisma.OrderWhereInput {
  return { OR: [{ buyerId: userId }, { shop: { members: { some: { userId } } } }] };
}
