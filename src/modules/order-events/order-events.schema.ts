import type { OrderEvent } from '../../generated/prisma/client.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';

const OrderEventRef = builder.objectRef<OrderEvent>('OrderEvent').implement({
  description: 'A change of an order, from the durable order-event stream. Never dropped or coalesced.',
  fields: (t) => ({
    sequence: t.string({
      description: 'Position in the stream (a decimal number, increasing). Pass the last one seen as `after` when reconnecting to get everything since, once.',
      resolve: (event) => event.sequence.toString(),
    }),
    orderId: t.id({ description: 'Global id of the order.', resolve: (event) => encodeGlobalId('Order', event.orderId) }),
    shopId: t.id({ description: 'Global id of the shop.', resolve: (event) => encodeGlobalId('Shop', event.shopId) }),
    type: t.string({ description: 'What happened: PLACED, PAID, CANCELLED, SHIPPED, DELIVERED, COMPLETED or RETURN_REQUESTED.', resolve: (event) => event.type }),
    status: t.string({ description: "The order's status right after the change.", resolve: (event) => event.status }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (event) => event.occurredAt }),
  }),
});

builder.subscriptionFields((t) => ({
  shopOrderEvents: t.field({
    type: OrderEventRef,
    description:
      "OWNER, ADMIN and OPERATOR members: the shop's order events (placed, paid, cancelled, shipped, delivered, return requested), in order. With `after`, first everything since that sequence, then live events, with no gap and no repeat; without it, from now.",
    ...signedIn,
    args: {
      shopId: t.arg.id({ description: 'The shop.' }),
      after: t.arg.string({ required: false, description: 'The `sequence` of the last event received.' }),
    },
    subscribe: (_root, args, context) =>
      context.services.orderEventStreams.shopEvents(context, decodeIdOf('Shop', String(args.shopId), ['shopId']), args.after),
    resolve: (event) => event,
  }),
  myOrderEvents: t.field({
    type: OrderEventRef,
    description: "The signed-in buyer's order events, in order; `after` resumes as for `shopOrderEvents`.",
    ...signedIn,
    args: { after: t.arg.string({ required: false, description: 'The `sequence` of the last event received.' }) },
    subscribe: (_root, args, context) => context.services.orderEventStreams.buyerEvents(context, args.after),
    resolve: (event) => event,
  }),
}));
