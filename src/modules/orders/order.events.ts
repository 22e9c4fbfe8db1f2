import type { OrderEventType, OrderStatus } from '../../generated/prisma/enums.ts';

/**
 * An order event as the bus carries it, published after the transaction that wrote its `OrderEvent`
 * outbox row commits. `sequence` is that row's sequence number (a decimal string: it is a 64-bit
 * integer and crosses Redis as JSON), so a subscriber can resume a stream after the last one it saw.
 */
export interface OrderEventPublished {
  sequence: string;
  orderId: string;
  shopId: string;
  buyerId: string;
  type: OrderEventType;
  status: OrderStatus;
  actorId: string | null;
  occurredAt: string;
}

/** Topics of the orders module: every order event, routed by shop id and by buyer id. */
export type OrderTopics = {
  'order.eventByShop': [shopId: string, event: OrderEventPublished];
  'order.eventByBuyer': [buyerId: string, event: OrderEventPublished];
};
