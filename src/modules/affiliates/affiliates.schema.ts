import type { AffiliatePlan, AffiliatePlanParticipant, Prisma } from '../../generated/prisma/client.ts';
import { AffiliatePlanKind, AffiliatePlanScope, AffiliatePlanStatus, ParticipantStatus } from '../../generated/prisma/enums.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaKeysetConnection, prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { decodeIdOf } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { defineVisibility, visibleById } from '../../schema/visibility.ts';
import { AlreadyExistsError, COMMON_ERRORS, InvalidStateError, RuleViolationError } from '../../schema/errors.ts';
import { accountIdOf, holderOnly } from '../accounts/account.scopes.ts';
import { LinkRuleError } from '../accounts/link.rules.ts';
import { membersOnly, optionalId, PriceRangeRef, ProductRef, productSortArg, resolveProductEntries } from '../catalog/catalog.schema.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import { visibleProductWhere } from '../catalog/catalog.rules.ts';
import { COMMISSION_BPS, MAX_PLAN_PRODUCTS } from './affiliate.rules.ts';
import type { EarnableProduct } from './affiliate-plan.service.ts';

// ─── Enums ───

const AffiliatePlanKindEnum = builder.enumType(AffiliatePlanKind, {
  name: 'AffiliatePlanKind',
  description: 'Who may join a plan.',
  values: {
    OPEN: { description: 'Any creator account in the shop’s region may join.' },
    TARGETED: { description: 'Only invited accounts; the plan is invisible to the rest.' },
  },
});

const AffiliatePlanScopeEnum = builder.enumType(AffiliatePlanScope, {
  name: 'AffiliatePlanScope',
  description: 'Which products a plan covers.',
  values: {
    ALL_PRODUCTS: { description: 'Every product of the shop, including later ones; listed products may carry their own rate.' },
    LISTED_PRODUCTS: { description: 'Only the listed products.' },
  },
});

const AffiliatePlanStatusEnum = builder.enumType(AffiliatePlanStatus, {
  name: 'AffiliatePlanStatus',
  description: 'Where a plan is: ACTIVE ⇄ PAUSED → ENDED.',
  values: {
    ACTIVE: { description: 'Running (between `startsAt` and `endsAt`).' },
    PAUSED: { description: 'Paused by the shop: its products are hidden from affiliates’ showcases until it resumes.' },
    ENDED: { description: 'Ended by the shop, for good: its products left the showcases.' },
  },
});

const ParticipantStatusEnum = builder.enumType(ParticipantStatus, {
  name: 'AffiliateParticipantStatus',
  description: 'Where an account is in a plan.',
  values: {
    INVITED: { description: 'Invited to a TARGETED plan; not yet answered.' },
    JOINED: { description: 'In the plan: may show its products and earn its commission.' },
    DECLINED: { description: 'Turned the invitation down.' },
    LEFT: { description: 'Left the plan.' },
  },
});

// ─── Visibility ───

/**
 * Who may see a plan: anyone an OPEN plan of a verified shop; members of the shop, holders of the
 * accounts it concerns (invited, joined, declined, left) and staff any plan.
 */
const planVisibility = defineVisibility('AffiliatePlan', 'AffiliatePlan', (viewer): Prisma.AffiliatePlanWhereInput => {
  if (viewer?.isStaff) return {};
  const open: Prisma.AffiliatePlanWhereInput = { kind: 'OPEN', shop: { verificationStatus: 'VERIFIED' } };
  if (!viewer) return open;
  return {
    OR: [
      open,
      { shop: { members: { some: { userId: viewer.userId } } } },
      { participants: { some: { account: { userId: viewer.userId } } } },
    ],
  };
});

// ─── Objects ───

export const AffiliatePlanRef = builder.prismaNode('AffiliatePlan', {
  description:
    "A shop's offer of commission to creator accounts for selling its products (SPEC §6). OPEN plans are public; a TARGETED plan exists only for the shop, the accounts invited to it and staff.",
  id: { field: 'id', description: 'Global id of the plan.' },
  nullable: true,
  findUnique: visibleById(planVisibility),
  fields: (t) => ({
    shop: t.relation('shop', { description: 'The shop that pays the commission.' }),
    name: t.exposeString('name', { description: 'Name shown to affiliates.' }),
    kind: t.expose('kind', { type: AffiliatePlanKindEnum, description: 'OPEN or TARGETED.' }),
    scope: t.expose('scope', { type: AffiliatePlanScopeEnum, description: 'All products, or the listed ones.' }),
    commissionBps: t.exposeInt('commissionBps', {
      description: `Commission on each sale in basis points (1000 = 10%), ${COMMISSION_BPS.min} to ${COMMISSION_BPS.max}; a listed product may have its own.`,
    }),
    freeSample: t.exposeBoolean('freeSample', { description: 'Whether affiliates may ask for a free sample.' }),
    sampleQuota: t.exposeInt('sampleQuota', { nullable: true, description: 'How many free samples the shop gives, when limited.' }),
    startsAt: t.expose('startsAt', { type: 'DateTime', description: 'When it starts.' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true, description: 'When it ends; null for open-ended.' }),
    status: t.expose('status', { type: AffiliatePlanStatusEnum, description: 'ACTIVE, PAUSED or ENDED.' }),
    products: t.relation('products', {
      description: `The listed products (at most ${MAX_PLAN_PRODUCTS}) the viewer may see: the set a LISTED_PRODUCTS plan covers, or products with their own rate.`,
      // Filtered in the query by the products' own rule, so that a hidden product is left out of the list
      // rather than nulled inside an entry.
      query: (_args, context) => ({ where: { product: visibleProductWhere(context.viewer) }, orderBy: [{ productId: 'asc' }] }),
      complexity: { field: 1, multiplier: 10 },
    }),
    participantCount: t.relationCount('participants', {
      where: { status: 'JOINED' },
      description: 'How many accounts have joined.',
    }),
    participants: t.connection({
      type: AffiliatePlanParticipantRef,
      nullable: true,
      description: 'The accounts invited to, in, or gone from the plan, most recent change first. Members of the shop and staff only.',
      args: { status: t.arg({ type: [ParticipantStatusEnum], required: false, description: 'Only participants in these statuses.' }) },
      ...membersOnly,
      resolve: (plan, args, context, info) =>
        prismaRelationKeysetConnection({
          args,
          context,
          info,
          typeName: 'AffiliatePlanParticipant',
          order: RECENTLY_CHANGED_FIRST,
          parentId: plan.id,
          where: args.status ? { status: { in: [...args.status] } } : {},
          load: async (ids, query) =>
            (await context.services.prisma.affiliatePlan.findMany({ where: { id: { in: ids } }, select: { id: true, participants: query } })).map(({ id, participants }) => ({
              id,
              rows: participants,
            })),
        }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

builder.prismaObject('AffiliatePlanProduct', {
  description: 'A product listed in a plan.',
  fields: (t) => ({
    product: t.relation('product', { description: 'The product.' }),
    commissionBps: t.int({
      description: "The rate this product earns: its own, or else the plan's.",
      select: { plan: { select: { commissionBps: true } } },
      resolve: (row) => row.commissionBps ?? row.plan.commissionBps,
    }),
    ownCommissionBps: t.exposeInt('commissionBps', { nullable: true, description: "The product's own rate, when it overrides the plan's." }),
  }),
});

export const AffiliatePlanParticipantRef = builder.prismaObject('AffiliatePlanParticipant', {
  description: 'A creator account in an affiliate plan: invited, joined, declined or left.',
  fields: (t) => ({
    plan: t.relation('plan', { description: 'The plan.' }),
    account: t.relation('account', { description: 'The creator account.' }),
    status: t.expose('status', { type: ParticipantStatusEnum, description: 'Where the account is in the plan.' }),
    invitedAt: t.expose('invitedAt', { type: 'DateTime', nullable: true, description: 'When it was last invited.' }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime', nullable: true, description: 'When it last joined.' }),
    leftAt: t.expose('leftAt', { type: 'DateTime', nullable: true, description: 'When it last left.' }),
  }),
});

const EarnableProductRef = builder.objectRef<EarnableProduct>('EarnableProduct').implement({
  description: 'A product an affiliate can earn on through a plan it joined, with what one unit earns now.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, description: 'The product.', resolve: (entry) => entry.product }),
    plan: t.prismaField({
      type: 'AffiliatePlan',
      description: 'The best-paying joined plan that covers it.',
      resolve: (query, entry, _args, context) => context.services.prisma.affiliatePlan.findUniqueOrThrow({ ...query, where: { id: entry.planId } }),
    }),
    commissionBps: t.exposeInt('commissionBps', { description: 'The rate, in basis points.' }),
    commissionPerUnit: t.field({
      type: PriceRangeRef,
      description: 'What one unit sold earns at the current price, cheapest and dearest SKU, rounded half-up to the minor unit.',
      resolve: ({ commissionPerUnit: { min, max, currency } }) => ({ min: { minor: min, currency }, max: { minor: max, currency } }),
    }),
  }),
});

// ─── Lists ───

const NEWEST_PLANS_FIRST = order<AffiliatePlan>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);
const RECENTLY_CHANGED_FIRST = order<AffiliatePlanParticipant>('RECENTLY_CHANGED', [
  ['updatedAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

builder.prismaObjectField('Shop', 'affiliatePlans', (t) =>
  t.connection({
    type: AffiliatePlanRef,
    nullable: true,
    description: "The shop's affiliate plans, newest first, each with its participant count. Members and staff only.",
    args: { status: t.arg({ type: [AffiliatePlanStatusEnum], required: false, description: 'Only plans in these statuses.' }) },
    ...shopMembersOnly,
    resolve: (shop, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'AffiliatePlan',
        order: NEWEST_PLANS_FIRST,
        parentId: shop.id,
        where: args.status ? { status: { in: [...args.status] } } : {},
        load: async (ids, query) =>
          (await context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, affiliatePlans: query } })).map(({ id, affiliatePlans }) => ({
            id,
            rows: affiliatePlans,
          })),
      }),
  }),
);

const EarnableProductFilter = builder.inputType('EarnableProductFilter', {
  description: 'Narrows the earnable products. All given conditions must hold.',
  fields: (t) => ({
    planId: t.id({ required: false, description: 'Only products of this joined plan.' }),
    shopId: t.id({ required: false, description: "Only this shop's products." }),
    categoryId: t.id({ required: false, description: 'Only products in this category.' }),
    search: t.string({ required: false, description: 'Only products whose title contains this text (case-insensitive).' }),
  }),
});

builder.prismaObjectFields('CreatorAccount', (t) => ({
  joinableAffiliatePlans: t.connection({
    type: AffiliatePlanRef,
    nullable: true,
    description:
      "Plans the account can join now: running OPEN plans of selling shops in the account's region that it is not in, and TARGETED plans it is invited to. Newest first. Holder and staff only.",
    ...holderOnly,
    resolve: (account, args, context, info) =>
      prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'AffiliatePlan',
        order: NEWEST_PLANS_FIRST,
        where: context.services.affiliatePlans.joinablePlansWhere(account),
        load: (query) => context.services.prisma.affiliatePlan.findMany(query),
      }),
  }),
  affiliateParticipations: t.connection({
    type: AffiliatePlanParticipantRef,
    nullable: true,
    description: "The account's plans with its status in each (by default the JOINED ones), most recent change first. Holder and staff only.",
    args: {
      status: t.arg({ type: [ParticipantStatusEnum], defaultValue: ['JOINED'], description: 'Only participations in these statuses.' }),
    },
    ...holderOnly,
    resolve: (account, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'AffiliatePlanParticipant',
        order: RECENTLY_CHANGED_FIRST,
        parentId: account.id,
        where: { status: { in: [...args.status] } },
        load: async (ids, query) =>
          (await context.services.prisma.creatorAccount.findMany({ where: { id: { in: ids } }, select: { id: true, participations: query } })).map(({ id, participations }) => ({
            id,
            rows: participations,
          })),
      }),
  }),
  earnableProducts: t.connection(
    {
      type: EarnableProductRef,
      nullable: true,
      description:
        'Buyable products the account can earn on through running plans it joined, each with the best-paying plan, its rate and what a unit earns now. Holder and staff only.',
      args: {
        filter: t.arg({ type: EarnableProductFilter, required: false, description: 'Conditions the products must meet.' }),
        sortBy: t.arg(productSortArg),
      },
      ...holderOnly,
      resolve: (account, args, context, info) =>
        resolveProductEntries(args, context, info, args.sortBy, (query) =>
          context.services.affiliatePlans.pageEarnableProducts(
            account.id,
            query,
            {
              planId: optionalId('AffiliatePlan', args.filter?.planId, ['filter', 'planId']),
              shopId: optionalId('Shop', args.filter?.shopId, ['filter', 'shopId']),
              categoryId: optionalId('Category', args.filter?.categoryId, ['filter', 'categoryId']),
              search: args.filter?.search,
            },
            args.sortBy,
          ),
        ),
    },
    { name: 'EarnableProductConnection', description: 'A page of earnable products.' },
    { name: 'EarnableProductEdge', description: 'An earnable product and its cursor.' },
  ),
}));

// ─── Mutations ───

const PlanProductInput = builder.inputType('AffiliatePlanProductInput', {
  description: 'A product listed in a plan.',
  fields: (t) => ({
    productId: t.id({ description: "One of the shop's products (not deleted)." }),
    commissionBps: t.int({ required: false, description: "Its own rate, overriding the plan's." }),
  }),
});

const CreateAffiliatePlanInput = builder.inputType('CreateAffiliatePlanInput', {
  description: 'A new affiliate plan.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be an OWNER or ADMIN.' }),
    name: t.string({ description: '1 to 100 characters.' }),
    kind: t.field({ type: AffiliatePlanKindEnum, description: 'OPEN or TARGETED.' }),
    scope: t.field({ type: AffiliatePlanScopeEnum, description: 'All products or the listed ones.' }),
    commissionBps: t.int({ description: `Basis points, ${COMMISSION_BPS.min} to ${COMMISSION_BPS.max}.` }),
    products: t.field({
      type: [PlanProductInput],
      defaultValue: [],
      description: `The covered products (LISTED_PRODUCTS: at least one) or rate overrides (ALL_PRODUCTS); at most ${MAX_PLAN_PRODUCTS}.`,
    }),
    freeSample: t.boolean({ defaultValue: false, description: 'Whether affiliates may ask for a free sample.' }),
    sampleQuota: t.int({ required: false, description: 'How many samples, when limited; needs freeSample.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When it starts; now by default.' }),
    endsAt: t.field({ type: 'DateTime', required: false, description: 'When it ends; open-ended by default.' }),
  }),
});

const UpdateAffiliatePlanInput = builder.inputType('UpdateAffiliatePlanInput', {
  description: 'Changes to a plan that has not ended. Leave a field out (or null) to keep it.',
  fields: (t) => ({
    planId: t.id({ description: 'The plan.' }),
    name: t.string({ required: false, description: '1 to 100 characters.' }),
    commissionBps: t.int({ required: false, description: 'New rate; applies to orders from now on.' }),
    freeSample: t.boolean({ required: false, description: 'Whether affiliates may ask for a free sample.' }),
    sampleQuota: t.int({ required: false, description: 'How many samples.' }),
    endsAt: t.field({ type: 'DateTime', required: false, description: 'New end.' }),
  }),
});

const SetAffiliatePlanProductsInput = builder.inputType('SetAffiliatePlanProductsInput', {
  description: "Replaces a plan's listed products.",
  fields: (t) => ({
    planId: t.id({ description: 'The plan.' }),
    products: t.field({ type: [PlanProductInput], description: `The new list, at most ${MAX_PLAN_PRODUCTS}.` }),
  }),
});

const PlanIdInput = builder.inputType('AffiliatePlanIdInput', {
  description: 'Names a plan.',
  fields: (t) => ({ planId: t.id({ description: 'The plan.' }) }),
});

const InviteInput = builder.inputType('InviteToAffiliatePlanInput', {
  description: 'Invites a creator account to a TARGETED plan.',
  fields: (t) => ({
    planId: t.id({ description: 'The plan.' }),
    accountHandle: t.string({ description: 'Handle of the creator account.' }),
  }),
});

const ParticipationInput = builder.inputType('AffiliateParticipationInput', {
  description: 'One of the viewer’s creator accounts and a plan.',
  fields: (t) => ({
    planId: t.id({ description: 'The plan.' }),
    accountId: t.id({ description: 'The account; the viewer must hold it.' }),
  }),
});

const AffiliatePlanPayload = builder.simpleObject('AffiliatePlanPayload', {
  description: 'The plan after the change.',
  fields: (t) => ({ plan: t.field({ type: AffiliatePlanRef, description: 'The plan.' }) }),
});

const ParticipationPayload = builder.simpleObject('AffiliateParticipationPayload', {
  description: "The account's participation in the plan after the change.",
  fields: (t) => ({ participation: t.field({ type: AffiliatePlanParticipantRef, description: 'The participation.' }) }),
});

const planId = (input: { planId: string | number }) => decodeIdOf('AffiliatePlan', String(input.planId), ['input', 'planId']);
const withPlan = (plan: AffiliatePlan) => ({ plan });
const withParticipation = (participation: AffiliatePlanParticipant) => ({ participation });

function planProducts(products: readonly { productId: string | number; commissionBps?: number | null }[]) {
  return products.map((product, index) => ({
    productId: decodeIdOf('Product', String(product.productId), ['input', 'products', String(index), 'productId']),
    commissionBps: product.commissionBps,
  }));
}

const planErrors = [...COMMON_ERRORS, InvalidStateError];

builder.mutationFields((t) => ({
  createAffiliatePlan: t.field({
    type: AffiliatePlanPayload,
    description: 'A shop OWNER or ADMIN creates an affiliate plan.',
    ...signedIn,
    args: { input: t.arg({ type: CreateAffiliatePlanInput, description: 'The plan.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => {
      const shopId = decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']);
      return withPlan(await context.services.affiliatePlans.create(context, shopId, { ...input, products: planProducts(input.products) }));
    },
  }),
  updateAffiliatePlan: t.field({
    type: AffiliatePlanPayload,
    description: 'A shop OWNER or ADMIN edits a plan that has not ended.',
    ...signedIn,
    args: { input: t.arg({ type: UpdateAffiliatePlanInput, description: 'The changes.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) => withPlan(await context.services.affiliatePlans.update(context, planId(input), input)),
  }),
  setAffiliatePlanProducts: t.field({
    type: AffiliatePlanPayload,
    description: "Replaces a plan's listed products; products a LISTED_PRODUCTS plan drops leave the showcases that showed them through it.",
    ...signedIn,
    args: { input: t.arg({ type: SetAffiliatePlanProductsInput, description: 'The plan and products.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) =>
      withPlan(await context.services.affiliatePlans.setProducts(context, planId(input), { products: planProducts(input.products) })),
  }),
  pauseAffiliatePlan: t.field({
    type: AffiliatePlanPayload,
    description: "Pauses an ACTIVE plan: its products are hidden from affiliates' showcases until it resumes.",
    ...signedIn,
    args: { input: t.arg({ type: PlanIdInput, description: 'The plan.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) => withPlan(await context.services.affiliatePlans.transition(context, planId(input), 'pause')),
  }),
  resumeAffiliatePlan: t.field({
    type: AffiliatePlanPayload,
    description: 'Resumes a PAUSED plan.',
    ...signedIn,
    args: { input: t.arg({ type: PlanIdInput, description: 'The plan.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) => withPlan(await context.services.affiliatePlans.transition(context, planId(input), 'resume')),
  }),
  endAffiliatePlan: t.field({
    type: AffiliatePlanPayload,
    description: 'Ends a plan for good; its products leave every showcase they were in through it.',
    ...signedIn,
    args: { input: t.arg({ type: PlanIdInput, description: 'The plan.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) => withPlan(await context.services.affiliatePlans.transition(context, planId(input), 'end')),
  }),
  inviteToAffiliatePlan: t.field({
    type: ParticipationPayload,
    description: 'A shop OWNER or ADMIN invites a creator account to a TARGETED plan. The official account of another shop cannot be invited.',
    ...signedIn,
    args: { input: t.arg({ type: InviteInput, description: 'The plan and account.' }) },
    errors: { types: [...planErrors, AlreadyExistsError, LinkRuleError] },
    resolve: async (_root, { input }, context) =>
      withParticipation(await context.services.affiliatePlans.invite(context, planId(input), input.accountHandle)),
  }),
  joinAffiliatePlan: t.field({
    type: ParticipationPayload,
    description:
      "The holder joins a running plan with an account: an OPEN plan of a shop in the account's region, or a TARGETED plan it is invited to (this accepts the invitation). The official account of another shop may not.",
    ...signedIn,
    args: { input: t.arg({ type: ParticipationInput, description: 'The plan and account.' }) },
    errors: { types: [...planErrors, AlreadyExistsError, LinkRuleError, RuleViolationError] },
    resolve: async (_root, { input }, context) =>
      withParticipation(await context.services.affiliatePlans.join(context, planId(input), accountIdOf(input))),
  }),
  declineAffiliatePlanInvitation: t.field({
    type: ParticipationPayload,
    description: 'The holder turns an invitation to a TARGETED plan down.',
    ...signedIn,
    args: { input: t.arg({ type: ParticipationInput, description: 'The plan and account.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) =>
      withParticipation(await context.services.affiliatePlans.decline(context, planId(input), accountIdOf(input))),
  }),
  leaveAffiliatePlan: t.field({
    type: ParticipationPayload,
    description: "The holder leaves a plan; its products leave the account's showcase.",
    ...signedIn,
    args: { input: t.arg({ type: ParticipationInput, description: 'The plan and account.' }) },
    errors: { types: planErrors },
    resolve: async (_root, { input }, context) =>
      withParticipation(await context.services.affiliatePlans.leave(context, planId(input), accountIdOf(input))),
  }),
}));
