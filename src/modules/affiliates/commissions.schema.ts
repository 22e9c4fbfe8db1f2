import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../../context.ts';
import type { AffiliateCommission, Prisma } from '../../generated/prisma/client.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import { order, type PageArguments } from '../../infra/pagination/keyset.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { MoneyRef } from '../../schema/common.ts';
import { prismaRelationKeysetConnection, type PrismaPageQuery } from '../../schema/pagination.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { holderOnly } from '../accounts/account.scopes.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import type { CommissionEarned } from './affiliate.events.ts';

/** Commissions: the account's holder, members of the paying shop, and staff. */
const commissionVisibility = defineVisibility('AffiliateCommission', 'AffiliateCommission', (viewer): Prisma.AffiliateCommissionWhereInput => {
  if (viewer?.isStaff) return {};
  if (!viewer) return NOTHING;
  return { OR: [{ account: { userId: viewer.userId } }, { shop: { members: { some: { userId: viewer.userId } } } }] };
});

export const AffiliateCommissionRef = builder.prismaNode('AffiliateCommission', {
  description:
    "What a creator account earned on one order attributed to it (SPEC §6), at the plans and rates its items recorded at purchase; earned when the order completes. Visible to the account's holder, members of the paying shop and staff.",
  id: { field: 'id', description: 'Global id of the commission.' },
  nullable: true,
  findUnique: visibleById(commissionVisibility),
  fields: (t) => ({
    account: t.relation('account', { description: 'The creator account that earned it.' }),
    shop: t.relation('shop', { description: 'The shop that pays it.' }),
    plan: t.relation('plan', { nullable: true, description: 'The affiliate plan it was earned through, when the viewer may see that plan.' }),
    orderNumber: t.string({
      description: "The order's number. The order itself is for its buyer and shop only.",
      select: { order: { select: { number: true } } },
      resolve: (commission) => commission.order.number,
    }),
    amount: t.field({
      type: MoneyRef,
      description: "Each item's unit price after promotions times its rate, rounded half-up per unit, times its quantity; summed.",
      resolve: (commission) => ({ minor: commission.amountMinor, currency: commission.currency }),
    }),
    earnedAt: t.expose('earnedAt', { type: 'DateTime', nullable: true, description: 'When the order completed.' }),
  }),
});

const NEWEST_COMMISSIONS_FIRST = order<AffiliateCommission>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

/** The resolver of a commission list under a parent (an account or a shop): `parents` reads a page of each. */
function commissionsOf(
  parents: (context: GraphQLContext, ids: string[], query: PrismaPageQuery) => Promise<{ id: string; commissions: AffiliateCommission[] }[]>,
) {
  return (parent: { id: string }, args: PageArguments, context: GraphQLContext, info: GraphQLResolveInfo) =>
    prismaRelationKeysetConnection({
      args,
      context,
      info,
      typeName: 'AffiliateCommission',
      order: NEWEST_COMMISSIONS_FIRST,
      parentId: parent.id,
      load: async (ids, query) => (await parents(context, ids, query)).map(({ id, commissions }) => ({ id, rows: commissions })),
    });
}

builder.prismaObjectField('CreatorAccount', 'commissions', (t) =>
  t.connection({
    type: AffiliateCommissionRef,
    nullable: true,
    description: "The account's earnings: a commission per completed order attributed to it, newest first. Holder and staff only.",
    ...holderOnly,
    resolve: commissionsOf((context, ids, query) =>
      context.services.prisma.creatorAccount.findMany({ where: { id: { in: ids } }, select: { id: true, commissions: query } }),
    ),
  }),
);

builder.prismaObjectField('Shop', 'affiliateCommissions', (t) =>
  t.connection({
    type: AffiliateCommissionRef,
    nullable: true,
    description: 'What the shop owes its affiliates: a commission per completed order attributed to one, newest first. Members and staff only.',
    ...shopMembersOnly,
    resolve: commissionsOf((context, ids, query) => context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, commissions: query } })),
  }),
);

const CommissionEarnedEventRef = builder.objectRef<CommissionEarned>('CommissionEarnedEvent').implement({
  description: 'A creator account earned commission: an order attributed to it completed.',
  fields: (t) => ({
    commissionId: t.id({ description: 'Global id of the commission (`node` fetches it).', resolve: (event) => encodeGlobalId('AffiliateCommission', event.commissionId) }),
    shopId: t.id({ description: 'Global id of the shop that pays it.', resolve: (event) => encodeGlobalId('Shop', event.shopId) }),
    planId: t.id({ description: 'Global id of the plan it was earned through.', resolve: (event) => encodeGlobalId('AffiliatePlan', event.planId) }),
    orderNumber: t.exposeString('orderNumber', { description: "The order's number." }),
    amount: t.field({ type: MoneyRef, description: 'What was earned.', resolve: (event) => ({ minor: BigInt(event.amountMinor), currency: event.currency }) }),
    earnedAt: t.field({ type: 'DateTime', description: 'When the order completed.', resolve: (event) => new Date(event.earnedAt) }),
  }),
});

builder.subscriptionField('commissionEarned', (t) =>
  t.field({
    type: CommissionEarnedEventRef,
    description: "The account's holder and staff: each commission the account earns, as its order completes.",
    ...signedIn,
    args: { accountId: t.arg.id({ description: 'The creator account.' }) },
    subscribe: (_root, args, context) => {
      const field = ['accountId'];
      return context.services.commissions.earnedEvents(context, decodeIdOf('CreatorAccount', String(args.accountId), field), field);
    },
    resolve: (event) => event,
  }),
);
