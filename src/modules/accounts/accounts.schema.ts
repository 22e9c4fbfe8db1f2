import type { AccountLink, CreatorAccount, Prisma } from '../../generated/prisma/client.ts';
import { LinkParty, LinkRole, LinkStatus } from '../../generated/prisma/enums.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { decodeIdOf } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { RegionEnum } from '../../schema/common.ts';
import { AlreadyExistsError, COMMON_ERRORS, InvalidStateError, RuleViolationError, UserErrorInterface } from '../../schema/errors.ts';
import { optionalId, ProductRef, productSortArg, resolveProductEntries } from '../catalog/catalog.schema.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import { MANAGER_ROLES } from '../shops/shop.service.ts';
import { AffiliatePlanRef } from '../affiliates/affiliates.schema.ts';
import { accountIdOf, holderOnly } from './account.scopes.ts';
import { normaliseHandle } from './account.service.ts';
import { type LinkRule, LinkRuleError } from './link.rules.ts';
import { type ShowcaseEntry, SHOWCASE_MAX_ITEMS } from './showcase.service.ts';

// ─── Enums and errors ───

const LinkRoleEnum = builder.enumType(LinkRole, {
  name: 'LinkRole',
  description: 'How a creator account is linked to a shop (SPEC §5). Affiliates are not linked: they join affiliate plans.',
  values: {
    OFFICIAL: { description: "The shop's own account: at most 1 per shop; it belongs to that shop alone and shows all its buyable products." },
    MARKETING: { description: 'An account that markets the shop: at most 4 per shop, and an account is that of 1 shop only; shows the products its holder picks.' },
  },
});

const LinkStatusEnum = builder.enumType(LinkStatus, {
  name: 'LinkStatus',
  description: 'Where a link is: PENDING → ACTIVE or DECLINED; PENDING or ACTIVE → REVOKED.',
  values: {
    PENDING: { description: 'Asked by the shop; waiting for the account holder.' },
    ACTIVE: { description: 'Confirmed by the account holder; in effect.' },
    DECLINED: { description: 'Turned down by the account holder.' },
    REVOKED: { description: 'Ended by either side.' },
  },
});

const LinkPartyEnum = builder.enumType(LinkParty, {
  name: 'LinkParty',
  description: 'A side of a link.',
  values: {
    SHOP: { description: 'The shop (an OWNER or ADMIN).' },
    ACCOUNT: { description: 'The holder of the creator account.' },
  },
});

const LinkRuleEnum = builder.enumType('LinkRule', {
  description: 'The rules of linked accounts, as named by `LinkRuleError.rule`.',
  values: {
    OFFICIAL_ONE_PER_SHOP: { description: 'A shop has at most 1 official account.' },
    OFFICIAL_EXCLUSIVE: {
      description: 'An official account belongs to its shop alone: it cannot be linked to, or join an affiliate plan of, another shop, and an account working for other shops cannot become one.',
    },
    MARKETING_MAX_PER_SHOP: { description: 'A shop has at most 4 marketing accounts.' },
    MARKETING_ONE_SHOP: { description: 'An account is the marketing account of at most 1 shop.' },
    MARKETING_LINK_QUOTA: { description: 'An account can be linked as a marketing account at most 10 times in 180 days (configurable).' },
    OFFICIAL_REVOKE_TOO_SOON: { description: 'An official link can be revoked only after it has been active for 24 hours (configurable).' },
    OFFICIAL_REVOCATION_LIMIT: { description: 'A shop can revoke an official link at most 3 times (configurable).' },
  } satisfies Record<LinkRule, { description: string }>,
});

builder.objectType(LinkRuleError, {
  name: 'LinkRuleError',
  description: 'A rule of linked accounts refused the change; nothing was changed. Its code is LINK_RULE_VIOLATED.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    rule: t.field({ type: LinkRuleEnum, description: 'The rule that was broken.', resolve: (error) => error.rule }),
  }),
});

const ShowcaseSourceEnum = builder.enumType('ShowcaseEntrySource', {
  description: 'Why a product is in a showcase.',
  values: {
    OFFICIAL: { description: "The account is the shop's official account: every buyable product of the shop is shown." },
    MARKETING: { description: 'The account is a marketing account of the shop and its holder picked the product.' },
    AFFILIATE: { description: 'The account joined an affiliate plan covering the product and its holder picked it; see `plan`.' },
  },
});

/** Account links, most recently requested first. */
const NEWEST_LINKS_FIRST = order<AccountLink>('NEWEST', [
  ['requestedAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

// ─── Objects ───

export const CreatorAccountRef = builder.prismaNode('CreatorAccount', {
  description: 'A social account with followers and a showcase, held by a user. Public; links, plans and earnings are for its holder only.',
  id: { field: 'id', description: 'Global id of the account.' },
  nullable: true,
  fields: (t) => ({
    handle: t.exposeString('handle', { description: 'Unique handle, lower-case, without the "@".' }),
    displayName: t.exposeString('displayName', { description: 'Name shown on the account.' }),
    region: t.expose('region', { type: RegionEnum, description: "Where the account's audience is; it can join OPEN plans of shops in this region." }),
    followerCount: t.exposeInt('followerCount', { description: 'Followers.' }),
    avatarUrl: t.exposeString('avatarUrl', { nullable: true, description: 'HTTPS address of the avatar.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    links: t.connection({
      type: AccountLinkRef,
      nullable: true,
      description: "The account's links to shops, newest first (pending requests to answer among them). Holder and staff only.",
      args: { status: t.arg({ type: [LinkStatusEnum], required: false, description: 'Only links in these statuses.' }) },
      ...holderOnly,
      resolve: (account, args, context, info) =>
        prismaRelationKeysetConnection({
          args,
          context,
          info,
          typeName: 'AccountLink',
          order: NEWEST_LINKS_FIRST,
          parentId: account.id,
          where: args.status ? { status: { in: [...args.status] } } : {},
          load: async (ids, query) =>
            (await context.services.prisma.creatorAccount.findMany({ where: { id: { in: ids } }, select: { id: true, links: query } })).map(({ id, links }) => ({ id, rows: links })),
        }),
    }),
    showcase: t.connection(
      {
        type: ShowcaseEntryRef,
        description: `The products the account shows, buyable ones only, each with its shop, current price and why it is there. Public. A showcase mixes shops: all buyable products of the account's official shop, and up to ${SHOWCASE_MAX_ITEMS} products its holder picked as a marketing account or affiliate.`,
        args: {
          filter: t.arg({ type: ShowcaseFilter, required: false, description: 'Conditions the products must meet.' }),
          sortBy: t.arg(productSortArg),
        },
        complexity: { field: 1, multiplier: 1 },
        resolve: (account, args, context, info) =>
          resolveProductEntries(args, context, info, args.sortBy, (query) =>
            context.services.showcases.page(
              account,
              query,
              {
                shopId: optionalId('Shop', args.filter?.shopId, ['filter', 'shopId']),
                categoryId: optionalId('Category', args.filter?.categoryId, ['filter', 'categoryId']),
              },
              args.sortBy,
            ),
          ),
      },
      { name: 'ShowcaseConnection', description: 'A page of a showcase.' },
      { name: 'ShowcaseEdge', description: 'A showcase entry and its cursor.' },
    ),
  }),
});

const ShowcaseFilter = builder.inputType('ShowcaseFilter', {
  description: 'Narrows a showcase. All given conditions must hold.',
  fields: (t) => ({
    shopId: t.id({ required: false, description: "Only this shop's products." }),
    categoryId: t.id({ required: false, description: 'Only products in this category.' }),
  }),
});

const ShowcaseEntryRef = builder.objectRef<ShowcaseEntry>('ShowcaseEntry').implement({
  description: 'A product in a showcase, and why it is there. The product carries its shop, `currentPrice` and `inStock`.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, description: 'The product.', resolve: (entry) => entry.product }),
    source: t.field({ type: ShowcaseSourceEnum, description: 'Why it is shown.', resolve: (entry) => entry.source }),
    plan: t.field({
      type: AffiliatePlanRef,
      nullable: true,
      description: 'For an AFFILIATE entry, the plan it comes through, when the viewer may see that plan (OPEN plans: anyone); otherwise null.',
      resolve: (entry) => entry.plan,
    }),
  }),
});

/** Links: the holder of the account, members of the shop and staff. */
const linkVisibility = defineVisibility('AccountLink', 'AccountLink', (viewer): Prisma.AccountLinkWhereInput => {
  if (viewer?.isStaff) return {};
  if (!viewer) return NOTHING;
  return { OR: [{ account: { userId: viewer.userId } }, { shop: { members: { some: { userId: viewer.userId } } } }] };
});

export const AccountLinkRef = builder.prismaNode('AccountLink', {
  description: 'A link of a creator account to a shop as its OFFICIAL or MARKETING account. Visible to the account holder, members of the shop and staff.',
  id: { field: 'id', description: 'Global id of the link.' },
  nullable: true,
  findUnique: visibleById(linkVisibility),
  fields: (t) => ({
    shop: t.relation('shop', { description: 'The shop.' }),
    account: t.relation('account', { description: 'The creator account.' }),
    role: t.expose('role', { type: LinkRoleEnum, description: 'OFFICIAL or MARKETING.' }),
    status: t.expose('status', { type: LinkStatusEnum, description: 'Where the link is.' }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime', description: 'When the shop asked.' }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true, description: 'When the holder confirmed or declined.' }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime', nullable: true, description: 'When it took effect.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked.' }),
    revokedBy: t.expose('revokedBy', { type: LinkPartyEnum, nullable: true, description: 'Which side revoked it.' }),
  }),
});

// ─── Queries ───

builder.queryFields((t) => ({
  creatorAccount: t.prismaField({
    type: 'CreatorAccount',
    nullable: true,
    description: 'A creator account by handle (with or without "@", any case); null when there is none. No sign-in needed.',
    args: { handle: t.arg.string({ description: 'The handle, e.g. "siti.style".' }) },
    resolve: (query, _root, args, context) => {
      const handle = normaliseHandle(args.handle);
      // Read before the check: the prisma plugin reports a resolver that leaves its query unread.
      const selection = { ...query };
      return handle ? context.services.prisma.creatorAccount.findUnique({ ...selection, where: { handle } }) : null;
    },
  }),
}));

builder.prismaObjectField('User', 'creatorAccounts', (t) =>
  t.relation('creatorAccounts', {
    nullable: true,
    description: 'Creator accounts the user holds, oldest first. The user themself and staff only.',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    authScopes: (user) => ({ $any: { staff: true, user: user.id } }),
    unauthorizedResolver: () => null,
  }),
);

builder.prismaObjectField('Shop', 'accountLinks', (t) =>
  t.connection({
    type: AccountLinkRef,
    nullable: true,
    description: "The shop's account links, newest first. Members and staff only.",
    args: {
      status: t.arg({ type: [LinkStatusEnum], required: false, description: 'Only links in these statuses.' }),
      role: t.arg({ type: LinkRoleEnum, required: false, description: 'Only links of this role.' }),
    },
    ...shopMembersOnly,
    resolve: (shop, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'AccountLink',
        order: NEWEST_LINKS_FIRST,
        parentId: shop.id,
        where: { ...(args.status ? { status: { in: [...args.status] } } : {}), ...(args.role ? { role: args.role } : {}) },
        load: async (ids, query) =>
          (await context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, links: query } })).map(({ id, links }) => ({ id, rows: links })),
      }),
  }),
);

// ─── Mutations ───

const CreateCreatorAccountInput = builder.inputType('CreateCreatorAccountInput', {
  description: 'A new creator account, held by the viewer.',
  fields: (t) => ({
    handle: t.string({ description: 'Unique handle: 1 to 24 letters, digits, dots and underscores; stored lower-case.' }),
    displayName: t.string({ description: '1 to 60 characters.' }),
    region: t.field({ type: RegionEnum, description: "Where the account's audience is." }),
    followerCount: t.int({ defaultValue: 0, description: 'Followers; at least 0.' }),
    avatarUrl: t.string({ required: false, description: 'An https:// address.' }),
  }),
});

const UpdateCreatorAccountInput = builder.inputType('UpdateCreatorAccountInput', {
  description: 'Changes to a creator account. Leave a field out (or null) to keep it.',
  fields: (t) => ({
    accountId: t.id({ description: 'The account; the viewer must hold it.' }),
    displayName: t.string({ required: false, description: '1 to 60 characters.' }),
    followerCount: t.int({ required: false, description: 'Followers; at least 0.' }),
    avatarUrl: t.string({ required: false, description: 'An https:// address; null removes it.' }),
  }),
});

const RequestAccountLinkInput = builder.inputType('RequestAccountLinkInput', {
  description: 'A shop asks a creator account to become its official or marketing account.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be an OWNER or ADMIN.' }),
    accountHandle: t.string({ description: 'Handle of the creator account.' }),
    role: t.field({ type: LinkRoleEnum, description: 'OFFICIAL or MARKETING.' }),
  }),
});

const LinkIdInput = builder.inputType('AccountLinkIdInput', {
  description: 'Names a link.',
  fields: (t) => ({ linkId: t.id({ description: 'The link.' }) }),
});

const ShowcaseProductsInput = builder.inputType('ShowcaseProductsInput', {
  description: 'Products to put in, or take out of, a showcase.',
  fields: (t) => ({
    accountId: t.id({ description: 'The account; the viewer must hold it.' }),
    productIds: t.idList({ description: '1 to 50 products.' }),
    planId: t.id({
      required: false,
      description: 'When adding as an affiliate: the joined plan to show them through. By default, the best-paying joined plan that covers each product.',
    }),
  }),
});

const CreatorAccountPayload = builder.simpleObject('CreatorAccountPayload', {
  description: 'The creator account after the change.',
  fields: (t) => ({ account: t.field({ type: CreatorAccountRef, description: 'The account.' }) }),
});

const AccountLinkPayload = builder.simpleObject('AccountLinkPayload', {
  description: 'The link after the change.',
  fields: (t) => ({ link: t.field({ type: AccountLinkRef, description: 'The link.' }) }),
});

const linkId = (input: { linkId: string | number }) => decodeIdOf('AccountLink', String(input.linkId), ['input', 'linkId']);
const withAccount = (account: CreatorAccount) => ({ account });
const withLink = (link: AccountLink) => ({ link });

builder.mutationFields((t) => ({
  createCreatorAccount: t.field({
    type: CreatorAccountPayload,
    description: 'Creates a creator account held by the viewer. A user may hold several.',
    ...signedIn,
    args: { input: t.arg({ type: CreateCreatorAccountInput, description: 'The account.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) => withAccount(await context.services.accounts.create(context, input)),
  }),
  updateCreatorAccount: t.field({
    type: CreatorAccountPayload,
    description: "Edits one of the viewer's creator accounts.",
    ...signedIn,
    args: { input: t.arg({ type: UpdateCreatorAccountInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => withAccount(await context.services.accounts.update(context, accountIdOf(input), input)),
  }),
  requestAccountLink: t.field({
    type: AccountLinkPayload,
    description: `A shop OWNER or ADMIN asks a creator account to be its OFFICIAL or MARKETING account; the link is PENDING until the holder confirms. Refused early when a rule would refuse the confirmation (see \`LinkRule\`). Roles allowed: ${MANAGER_ROLES.join(', ')}.`,
    ...signedIn,
    args: { input: t.arg({ type: RequestAccountLinkInput, description: 'The shop, account and role.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError, LinkRuleError] },
    resolve: async (_root, { input }, context) => {
      const shopId = decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']);
      return withLink(await context.services.links.request(context, shopId, input));
    },
  }),
  confirmAccountLink: t.field({
    type: AccountLinkPayload,
    description: 'The account holder accepts a PENDING link; the link rules are checked again at this moment, so of racing confirmations only the allowed number win.',
    ...signedIn,
    args: { input: t.arg({ type: LinkIdInput, description: 'The link.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, LinkRuleError] },
    resolve: async (_root, { input }, context) => withLink(await context.services.links.confirm(context, linkId(input))),
  }),
  declineAccountLink: t.field({
    type: AccountLinkPayload,
    description: 'The account holder turns a PENDING link down.',
    ...signedIn,
    args: { input: t.arg({ type: LinkIdInput, description: 'The link.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => withLink(await context.services.links.decline(context, linkId(input))),
  }),
  revokeAccountLink: t.field({
    type: AccountLinkPayload,
    description:
      'Either side ends a PENDING or ACTIVE link: the account holder, or a shop OWNER/ADMIN. The products it put in the showcase leave it. Official links: only after 24 hours active, and at most 3 times per shop.',
    ...signedIn,
    args: { input: t.arg({ type: LinkIdInput, description: 'The link.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, LinkRuleError] },
    resolve: async (_root, { input }, context) => withLink(await context.services.links.revoke(context, linkId(input))),
  }),
  addShowcaseProducts: t.field({
    type: CreatorAccountPayload,
    description:
      "The holder puts products in the account's showcase: products of the shop it is the marketing account of, or of affiliate plans it joined. All or nothing; products already there are kept (their source updated).",
    ...signedIn,
    args: { input: t.arg({ type: ShowcaseProductsInput, description: 'The account and products.' }) },
    errors: { types: [...COMMON_ERRORS, RuleViolationError] },
    resolve: async (_root, { input }, context) =>
      withAccount(await context.services.showcases.add(context, accountIdOf(input), showcaseChange(input))),
  }),
  removeShowcaseProducts: t.field({
    type: CreatorAccountPayload,
    description: "The holder takes picked products out of the showcase. An official shop's products cannot be taken out: they follow the shop.",
    ...signedIn,
    args: { input: t.arg({ type: ShowcaseProductsInput, description: 'The account and products (`planId` is ignored).' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) =>
      withAccount(await context.services.showcases.remove(context, accountIdOf(input), showcaseChange(input))),
  }),
}));

function showcaseChange(input: { productIds: (string | number)[]; planId?: string | number | null }) {
  return {
    productIds: input.productIds.map((id, index) => decodeIdOf('Product', String(id), ['input', 'productIds', String(index)])),
    planId: optionalId('AffiliatePlan', input.planId, ['input', 'planId']),
  };
}
