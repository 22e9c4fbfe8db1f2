import { decodeIdOf } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { OrderEventRef } from '../orders/orders.schema.ts';

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
