import type { LivePin, LiveStream, Prisma } from '../../generated/prisma/client.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaKeysetConnection, prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { LiveStreamStatus } from '../../generated/prisma/enums.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { vouchVisible } from '../../schema/visibility.ts';
import { COMMON_ERRORS, UserErrorInterface } from '../../schema/errors.ts';
import { accountIdOf } from '../accounts/account.scopes.ts';
import { ProductRef } from '../catalog/catalog.schema.ts';
import { visibleProductWhere } from '../catalog/catalog.rules.ts';
import type { GraphQLContext } from '../../context.ts';
import type { LiveUpdate } from './live.channel.ts';
import { cardHolds, type ProductCard } from './live.card.ts';
import { LIVE_LIMITS, LiveStreamStatusError } from './live.rules.ts';
import { NotFoundError, RuleViolationError } from '../../infra/errors.ts';
import { activeDeal, PRODUCT_DEAL_SELECT, ProductDealRef } from '../promotions/promotions.schema.ts';

// ─── Enums and errors ───

export const LiveStreamStatusEnum = builder.enumType(LiveStreamStatus, {
  name: 'LiveStreamStatus',
  description: 'Where a live stream is: SCHEDULED → LIVE → ENDED.',
  values: {
    SCHEDULED: { description: 'Announced; not started yet.' },
    LIVE: { description: 'On air: products can be pinned.' },
    ENDED: { description: 'Over.' },
  },
});

builder.objectType(LiveStreamStatusError, {
  name: 'LiveStreamStatusError',
  description: 'The live stream is not in a status that allows the action; nothing was changed. Its code is LIVE_STREAM_STATUS.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    currentStatus: t.field({ type: LiveStreamStatusEnum, description: 'The status the stream is in.', resolve: (error) => error.currentStatus }),
    requiredStatus: t.field({ type: [LiveStreamStatusEnum], description: 'The statuses the action needs.', resolve: (error) => [...error.requiredStatus] }),
  }),
});

const LIVE_ERRORS = [...COMMON_ERRORS, LiveStreamStatusError, RuleViolationError] as const;

// ─── Objects ───

export const LiveStreamRef = builder.prismaNode('LiveStream', {
  description: 'A live stream of a creator account selling the products of one shop. Public.',
  id: { field: 'id', description: 'Global id of the live stream.' },
  nullable: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: `Title, 1 to ${LIVE_LIMITS.titleMax} characters.` }),
    status: t.expose('status', { type: LiveStreamStatusEnum, description: 'SCHEDULED, LIVE or ENDED.' }),
    account: t.relation('account', { description: 'The host: the creator account that goes live.' }),
    shop: t.relation('shop', { nullable: true, description: 'The shop whose products the stream sells.' }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime', description: 'When it is announced to start.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When it went live.' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true, description: 'When it ended.' }),
    products: t.field({
      type: [ProductRef],
      description: `The products shown in the stream, in order (at most ${LIVE_LIMITS.products}); those the viewer may not see are left out.`,
      complexity: { field: 1, multiplier: 10 },
      select: (_args, context, nestedSelection) => ({
        products: { orderBy: { position: 'asc' }, where: { product: visibleProductWhere(context.viewer) }, select: { product: nestedSelection(true) } },
      }),
      resolve: (stream) => stream.products.map((item) => item.product),
    }),
    pinned: t.field({
      type: LivePinRef,
      nullable: true,
      description: 'The open pin: the product shown now. Null when nothing is pinned.',
      select: (_args, _context, nestedSelection) => ({ pins: { where: { unpinnedAt: null }, take: 1, ...nestedSelection() } }),
      resolve: (stream) => stream.pins[0] ?? null,
    }),
    pins: t.connection({
      type: LivePinRef,
      description: 'Pin history, newest first: each pinning of a product with when it was pinned and unpinned.',
      resolve: (stream, args, context, info) =>
        prismaRelationKeysetConnection({
          args,
          context,
          info,
          typeName: 'LivePin',
          order: NEWEST_PINS_FIRST,
          parentId: stream.id,
          load: async (ids, query) =>
            (await context.services.prisma.liveStream.findMany({ where: { id: { in: ids } }, select: { id: true, pins: query } })).map(({ id, pins }) => ({ id, rows: pins })),
        }),
    }),
  }),
});

export const LivePinRef = builder.prismaNode('LivePin', {
  description: 'One pinning of a product during a live stream.',
  id: { field: 'id', description: 'Global id of the pin.' },
  nullable: true,
  fields: (t) => ({
    stream: t.relation('stream', { description: 'The live stream.' }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: 'The pinned product; null when the viewer may no longer see it.',
      resolve: (pin, _args, context) =>
        context.services.prisma.product.findFirst({ where: { id: pin.productId, AND: [visibleProductWhere(context.viewer)] } }),
    }),
    pinnedAt: t.expose('pinnedAt', { type: 'DateTime', description: 'When it was pinned.' }),
    unpinnedAt: t.expose('unpinnedAt', { type: 'DateTime', nullable: true, description: 'When it was unpinned; null while pinned.' }),
  }),
});

// ─── Queries ───

const NEWEST_PINS_FIRST = order<LivePin>('NEWEST', [
  ['pinnedAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);
const SOONEST_FIRST = order<LiveStream>('SOONEST', [
  ['scheduledAt', 'date', 'asc'],
  ['id', 'string', 'asc'],
]);
const LATEST_STARTED_FIRST = order<LiveStream>('LATEST_STARTED', [
  ['startedAt', 'date', 'desc', { nullable: true }],
  ['id', 'string', 'desc'],
]);

builder.queryFields((t) => ({
  liveStream: t.prismaField({
    type: LiveStreamRef,
    nullable: true,
    description: 'A live stream by id (also reachable with `node`). Public.',
    args: { id: t.arg.id({ description: 'Global id of the live stream.' }) },
    resolve: (query, _root, args, context) =>
      context.services.prisma.liveStream.findUnique({ ...query, where: { id: decodeIdOf('LiveStream', String(args.id), ['id']) } }),
  }),
  liveStreams: t.connection({
    type: LiveStreamRef,
    description: 'Live and upcoming streams of a shop or of a creator account: LIVE ones (latest start first) or SCHEDULED ones (soonest first); ENDED streams are not listed. Public.',
    args: {
      shopId: t.arg.id({ required: false, description: 'The shop (give this or `accountId`).' }),
      accountId: t.arg.id({ required: false, description: 'The creator account (give this or `shopId`).' }),
      status: t.arg({ type: LiveStreamStatusEnum, defaultValue: 'LIVE', description: 'LIVE (on air now) or SCHEDULED (upcoming).' }),
    },
    resolve: (_root, args, context, info) => {
      const owner = args.shopId
        ? { shopId: decodeIdOf('Shop', String(args.shopId), ['shopId']) }
        : args.accountId
          ? { accountId: decodeIdOf('CreatorAccount', String(args.accountId), ['accountId']) }
          : null;
      if (!owner) throw new NotFoundError('Shop or CreatorAccount', ['shopId']);
      return prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'LiveStream',
        order: args.status === 'SCHEDULED' ? SOONEST_FIRST : LATEST_STARTED_FIRST,
        where: context.services.live.listWhere(owner, args.status === 'SCHEDULED' ? 'SCHEDULED' : 'LIVE'),
        load: (query) => context.services.prisma.liveStream.findMany(query),
      });
    },
  }),
}));

// ─── Mutations ───

const ScheduleLiveStreamInput = builder.inputType('ScheduleLiveStreamInput', {
  description: 'A new live stream.',
  fields: (t) => ({
    accountId: t.id({ description: "The host: one of the viewer's creator accounts." }),
    shopId: t.id({ description: 'The shop whose products it sells: the account must be its official or marketing account, or have joined a running affiliate plan of it.' }),
    title: t.string({ description: `1 to ${LIVE_LIMITS.titleMax} characters.` }),
    scheduledAt: t.field({ type: 'DateTime', description: 'When it is announced to start.' }),
    productIds: t.idList({ description: `The products to show, in order: 1 to ${LIVE_LIMITS.products} listed products of the shop that the account may sell.` }),
  }),
});

const LiveStreamIdInput = builder.inputType('LiveStreamIdInput', {
  description: 'A live stream.',
  fields: (t) => ({ liveStreamId: t.id({ description: 'Global id of the live stream.' }) }),
});

const SetLiveStreamProductsInput = builder.inputType('SetLiveStreamProductsInput', {
  description: "The new list of a stream's products.",
  fields: (t) => ({
    liveStreamId: t.id({ description: 'Global id of the live stream.' }),
    productIds: t.idList({ description: `1 to ${LIVE_LIMITS.products} products, in order; the pinned product must stay.` }),
  }),
});

const PinLiveProductInput = builder.inputType('PinLiveProductInput', {
  description: 'The product to pin.',
  fields: (t) => ({
    liveStreamId: t.id({ description: 'Global id of the live stream.' }),
    productId: t.id({ description: "Global id of one of the stream's products." }),
  }),
});

const LiveStreamPayload = builder.simpleObject('LiveStreamPayload', {
  description: 'The live stream after the change.',
  fields: (t) => ({ liveStream: t.field({ type: LiveStreamRef, description: 'The live stream.' }) }),
});

const LivePinPayload = builder.simpleObject('LivePinPayload', {
  description: 'The pin after the change.',
  fields: (t) => ({ pin: t.field({ type: LivePinRef, nullable: true, description: 'The pin; for `unpinLiveProduct`, the pin it closed (null when nothing was pinned).' }) }),
});

const streamIdOf = (input: { liveStreamId: string | number }) => decodeIdOf('LiveStream', String(input.liveStreamId), ['input', 'liveStreamId']);
const productIdsOf = (ids: readonly (string | number)[]) => ids.map((id, index) => decodeIdOf('Product', String(id), ['input', 'productIds', String(index)]));
const withStream = async (context: { services: { prisma: { liveStream: { findUniqueOrThrow: (args: { where: { id: string } }) => Promise<unknown> } } } }, id: string) => ({
  liveStream: (await context.services.prisma.liveStream.findUniqueOrThrow({ where: { id } })) as never,
});
const withPin = (pin: LivePin | null) => ({ pin });

builder.mutationFields((t) => ({
  scheduleLiveStream: t.field({
    type: LiveStreamPayload,
    description: 'The holder of a creator account schedules a live stream for a shop it may sell for, with the products it will show.',
    ...signedIn,
    args: { input: t.arg({ type: ScheduleLiveStreamInput, description: 'The stream.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) => {
      const stream = await context.services.live.schedule(context, accountIdOf(input), {
        ...input,
        shopId: decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']),
        productIds: productIdsOf(input.productIds),
      });
      return { liveStream: stream };
    },
  }),
  setLiveStreamProducts: t.field({
    type: LiveStreamPayload,
    description: 'The host replaces the products of a stream that has not ended.',
    ...signedIn,
    args: { input: t.arg({ type: SetLiveStreamProductsInput, description: 'The stream and its products.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) => {
      const id = streamIdOf(input);
      await context.services.live.setProducts(context, id, { productIds: productIdsOf(input.productIds) });
      return withStream(context, id);
    },
  }),
  startLiveStream: t.field({
    type: LiveStreamPayload,
    description: 'The host goes live: SCHEDULED → LIVE.',
    ...signedIn,
    args: { input: t.arg({ type: LiveStreamIdInput, description: 'The stream.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) => ({ liveStream: await context.services.live.start(context, streamIdOf(input)) }),
  }),
  endLiveStream: t.field({
    type: LiveStreamPayload,
    description: "The host or a member of the stream's shop ends it: LIVE → ENDED. The pin closes and every `liveEvents` subscription completes.",
    ...signedIn,
    args: { input: t.arg({ type: LiveStreamIdInput, description: 'The stream.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) => ({ liveStream: await context.services.live.end(context, streamIdOf(input)) }),
  }),
  pinLiveProduct: t.field({
    type: LivePinPayload,
    description: "The host or an OWNER, ADMIN or OPERATOR of the stream's shop pins one of the stream's products while it is LIVE; the pinned product, if another, is unpinned.",
    ...signedIn,
    args: { input: t.arg({ type: PinLiveProductInput, description: 'The stream and product.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) =>
      withPin(await context.services.live.pin(context, streamIdOf(input), decodeIdOf('Product', String(input.productId), ['input', 'productId']))),
  }),
  unpinLiveProduct: t.field({
    type: LivePinPayload,
    description: "The host or a member of the stream's shop unpins the pinned product.",
    ...signedIn,
    args: { input: t.arg({ type: LiveStreamIdInput, description: 'The stream.' }) },
    errors: { types: [...LIVE_ERRORS] },
    resolve: async (_root, { input }, context) => withPin(await context.services.live.unpin(context, streamIdOf(input))),
  }),
}));

// ─── Subscription: what viewers receive ───

type UpdateOf<Name extends LiveUpdate['type']> = Extract<LiveUpdate, { type: Name }>;

/** Fields every live event has. */
const LiveEventInterface = builder.interfaceRef<LiveUpdate>('LiveEvent').implement({
  description: 'An event of a live stream, as viewers receive it; each kind is an object type implementing this.',
  resolveType: (event) => event.type,
  fields: (t) => ({
    liveStreamId: t.id({ description: 'Global id of the live stream.', resolve: (event) => encodeGlobalId('LiveStream', event.streamId) }),
    publishedAt: t.field({ type: 'DateTime', description: 'When the event was published on the server (to measure delivery delay).', resolve: (event) => new Date(event.publishedAt) }),
  }),
});

/**
 * The product of an event as the executing viewer may see it (anonymous, for broadcast groups), with
 * what the document asks of it (`query`, planned by the prisma plugin) in the same statement.
 */
async function loadProduct(productId: string | null, context: GraphQLContext, query: { include?: Prisma.ProductInclude; select?: Prisma.ProductSelect } = {}) {
  // Read before the check: the prisma plugin reports a resolver that leaves its query unread.
  const selection = { ...query };
  if (productId === null) return null;
  const product = await context.services.prisma.product.findFirst({ ...selection, where: { id: productId, AND: [visibleProductWhere(context.viewer)] } });
  // Loaded through the viewer's own visibility filter: no need to check it again.
  if (product) vouchVisible(context, [product]);
  return product;
}

/**
 * The pinned product of a pin event: from the card the event carries when the document asks for no
 * more than it holds, its prices included (they were computed through the pricing strategy when the
 * pin was published); else from the database. A card is only made of a product the public may see, and
 * whoever may see the public's products may see it; without one (or when the document asks for more),
 * the viewer's own visibility applies.
 */
function pinnedProduct(query: Parameters<typeof cardHolds>[0], event: UpdateOf<'LiveProductPinnedEvent'>, context: GraphQLContext) {
  if (event.card && cardHolds(query)) {
    primeCard(event.card, event.streamId, context);
    // The card was loaded through the public's visibility filter as the pin was published: the event
    // shows the product as of its pin, without checking it again.
    vouchVisible(context, [event.card.product]);
    return event.card.product;
  }
  return loadProduct(event.productId, context, query);
}

/** The card's offers answer the execution's price lookups of its SKUs, outside the stream and inside it. */
function primeCard(card: ProductCard, streamId: string, context: GraphQLContext): void {
  context.primeOffers(card.product.skus, card.offers.anywhere, null);
  context.primeOffers(card.product.skus, card.offers.inStream, streamId);
}

/** The deal that sets a product's price inside the stream (its own flash deals count), as the executing viewer may see the product. */
async function loadDeal(productId: string, streamId: string, context: GraphQLContext) {
  const product = await context.services.prisma.product.findFirst({ where: { id: productId, AND: [visibleProductWhere(context.viewer)] }, select: PRODUCT_DEAL_SELECT });
  return product ? activeDeal(product, streamId, context) : null;
}

const isEvent = (name: LiveUpdate['type']) => (value: unknown) => (value as LiveUpdate).type === name;

builder.objectRef<UpdateOf<'LiveStateEvent'>>('LiveStateEvent').implement({
  description: 'The state of the stream: always the first message of `liveEvents`, and sent again after the server reconnects to its event bus.',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveStateEvent'),
  fields: (t) => ({
  status: t.field({ type: LiveStreamStatusEnum, description: 'SCHEDULED, LIVE or ENDED.', resolve: (event) => event.status }),
  pinnedProduct: t.prismaField({
    type: ProductRef,
    nullable: true,
    description: 'The pinned product (its `currentPrice` is the price buyers pay now); null when none.',
    // Read now rather than taken from the pin's card: prices may have changed since the pin.
    resolve: (query, event, _args, context) => loadProduct(event.pin?.productId ?? null, context, query),
  }),
  pinnedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was pinned.', resolve: (event) => (event.pin ? new Date(event.pin.pinnedAt) : null) }),
  pinnedStock: t.int({ nullable: true, description: 'Units left of the pinned product; null when none is pinned.', resolve: (event) => event.pinnedStock }),
  pinnedDeal: t.field({
    type: ProductDealRef,
    nullable: true,
    description: "The promotion that sets the pinned product's price in this stream (a flash deal: its price, units left and end); null at list price or when none is pinned.",
    resolve: (event, _args, context) => (event.pin ? loadDeal(event.pin.productId, event.streamId, context) : null),
  }),
  viewerCount: t.int({ description: 'Viewers watching now, over every server instance.', resolve: (event) => event.viewerCount }),
}),
});

builder.objectRef<UpdateOf<'LiveProductPinnedEvent'>>('LiveProductPinnedEvent').implement({
  description: 'A product was pinned.',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveProductPinnedEvent'),
  fields: (t) => ({
  product: t.prismaField({
    type: ProductRef,
    nullable: true,
    description: 'The pinned product; its `currentPrice` is the price buyers pay now.',
    resolve: (query, event, _args, context) => pinnedProduct(query, event, context),
  }),
  pinnedAt: t.field({ type: 'DateTime', description: 'When it was pinned.', resolve: (event) => new Date(event.pinnedAt) }),
  stock: t.int({ description: 'Units left of it.', resolve: (event) => event.stock }),
  deal: t.field({
    type: ProductDealRef,
    nullable: true,
    description: 'The promotion that sets its price in this stream (a flash deal: its price, units left and end); null at list price.',
    resolve: (event, _args, context) => {
      if (!event.card) return loadDeal(event.productId, event.streamId, context);
      primeCard(event.card, event.streamId, context);
      return activeDeal(event.card.product, event.streamId, context);
    },
  }),
}),
});

builder.objectRef<UpdateOf<'LiveFlashDealStartedEvent'>>('LiveFlashDealStartedEvent').implement({
  description: "A flash deal on one of the stream's products started (one open to every buyer, or one tied to this stream).",
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveFlashDealStartedEvent'),
  fields: (t) => ({
    productId: t.id({ description: 'Global id of the product.', resolve: (event) => encodeGlobalId('Product', event.productId) }),
    promotionId: t.id({ description: 'Global id of the flash deal.', resolve: (event) => encodeGlobalId('Promotion', event.promotionId) }),
    endsAt: t.field({ type: 'DateTime', description: 'When it ends.', resolve: (event) => new Date(event.endsAt) }),
    deal: t.field({
      type: ProductDealRef,
      nullable: true,
      description: "The promotion that sets the product's price in this stream now (this deal unless a lower price applies): price, units left and end.",
      resolve: (event, _args, context) => loadDeal(event.productId, event.streamId, context),
    }),
  }),
});

builder.objectRef<UpdateOf<'LiveFlashDealEndedEvent'>>('LiveFlashDealEndedEvent').implement({
  description: "A flash deal on one of the stream's products ended (its window closed or the seller ended it).",
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveFlashDealEndedEvent'),
  fields: (t) => ({
    productId: t.id({ description: 'Global id of the product.', resolve: (event) => encodeGlobalId('Product', event.productId) }),
    promotionId: t.id({ description: 'Global id of the flash deal.', resolve: (event) => encodeGlobalId('Promotion', event.promotionId) }),
    deal: t.field({
      type: ProductDealRef,
      nullable: true,
      description: "The promotion that sets the product's price in this stream now; null at list price.",
      resolve: (event, _args, context) => loadDeal(event.productId, event.streamId, context),
    }),
  }),
});

builder.objectRef<UpdateOf<'LiveProductUnpinnedEvent'>>('LiveProductUnpinnedEvent').implement({
  description: 'The pinned product was unpinned.',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveProductUnpinnedEvent'),
  fields: (t) => ({
  productId: t.id({ description: 'Global id of the product.', resolve: (event) => encodeGlobalId('Product', event.productId) }),
}),
});

builder.objectRef<UpdateOf<'LiveStockChangedEvent'>>('LiveStockChangedEvent').implement({
  description: "The stock of one of the stream's products changed (at most one message per product per interval; the latest value wins).",
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveStockChangedEvent'),
  fields: (t) => ({
  productId: t.id({ description: 'Global id of the product.', resolve: (event) => encodeGlobalId('Product', event.productId) }),
  stock: t.int({ description: 'Units left (the sum over its SKUs).', resolve: (event) => event.stock }),
  soldOut: t.boolean({ description: 'True when none is left.', resolve: (event) => event.stock <= 0 }),
}),
});

builder.objectRef<UpdateOf<'LivePurchaseEvent'>>('LivePurchaseEvent').implement({
  description: 'Someone bought a product of the stream (purchase feed; at most one message per product per interval, the latest wins).',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LivePurchaseEvent'),
  fields: (t) => ({
  productId: t.id({ description: 'Global id of the product.', resolve: (event) => encodeGlobalId('Product', event.productId) }),
  productTitle: t.string({ nullable: true, description: 'Its title.', resolve: async (event, _args, context) => ((await loadProduct(event.productId, context)) as { title: string } | null)?.title ?? null }),
  quantity: t.int({ description: 'Units bought.', resolve: (event) => event.quantity }),
  buyerName: t.string({ description: 'The buyer, anonymised ("S***").', resolve: (event) => event.buyerName }),
}),
});

builder.objectRef<UpdateOf<'LiveViewerCountEvent'>>('LiveViewerCountEvent').implement({
  description: 'The number of viewers changed.',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveViewerCountEvent'),
  fields: (t) => ({
  viewerCount: t.int({ description: 'Viewers watching now, over every server instance.', resolve: (event) => event.viewerCount }),
}),
});

builder.objectRef<UpdateOf<'LiveStreamStatusEvent'>>('LiveStreamStatusEvent').implement({
  description: 'The stream went live or ended; after ENDED the subscription completes.',
  interfaces: [LiveEventInterface],
  isTypeOf: isEvent('LiveStreamStatusEvent'),
  fields: (t) => ({
  status: t.field({ type: LiveStreamStatusEnum, description: 'The new status.', resolve: (event) => event.status }),
}),
});

builder.subscriptionField('liveEvents', (t) =>
  t.field({
    type: LiveEventInterface,
    description:
      'Everything a live overlay shows, for anyone (anonymous included). The first message is the current state (`LiveStateEvent`); then pins and unpins, stock changes, flash deals starting and ending, the purchase feed, the viewer count and status changes; the subscription completes when the stream ends.',
    args: { liveStreamId: t.arg.id({ description: 'Global id of the live stream.' }) },
    subscribe: (_root, args, context) => context.services.liveFeeds.updates(decodeIdOf('LiveStream', String(args.liveStreamId), ['liveStreamId'])),
    resolve: (update) => update,
  }),
);
