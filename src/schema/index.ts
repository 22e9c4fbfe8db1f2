import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './common.ts';
import './errors.ts';
import '../modules/auth/auth.schema.ts';
import '../modules/shops/shop.schema.ts';
import '../modules/catalog/catalog.schema.ts';
import '../modules/accounts/accounts.schema.ts';
import '../modules/affiliates/affiliates.schema.ts';
import '../modules/affiliates/commissions.schema.ts';
import '../modules/promotions/promotions.schema.ts';
import '../modules/promotions/vouchers.schema.ts';
import '../modules/shipping/shipping.schema.ts';
import '../modules/orders/orders.schema.ts';
import '../modules/live/live.schema.ts';
import '../modules/order-events/order-events.schema.ts';

builder.queryType({ description: 'Reads. Public catalogue data needs no sign-in; everything else is authorised per field.' });
builder.mutationType({
  description: 'Writes. Each takes one `input` and returns a result union: its payload, or a typed error implementing `UserError`.',
});
builder.subscriptionType({ description: 'Real-time events over WebSocket (graphql-ws protocol) on the same URL.' });

/** Builds the executable schema. Sorted, so the printed schema.graphql diffs cleanly. */
export function buildSchema(): GraphQLSchema {
  return lexicographicSortSchema(builder.toSchema());
}
