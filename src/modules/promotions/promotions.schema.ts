import type { GraphQLContext, Viewer } from '../../context.ts';
import type { Prisma, Promotion } from '../../generated/prisma/client.ts';
import { defineVisibility, visibleById } from '../../schema/visibility.ts';
import { SHOP_CAN_SELL_WHERE } from '../shops/shop.rules.ts';
import { PromotionKind, PromotionStatus } from '../../generated/prisma/enums.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import { order } from '../../infra/pagination/keyset.ts';
import { prismaRelationKeysetConnection } from '../../schema/pagination.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { MoneyInput, MoneyRef, objectPayloads } from '../../schema/common.ts';
import { COMMON_ERRORS, InvalidStateError, UserErrorInterface } from '../../schema/errors.ts';
import { ALL_ROLES } from '../shops/shop.service.ts';
import { visibleProductWhere } from '../catalog/catalog.rules.ts';
import { LIVE_STREAM_ARG, optionalId, PRICED_SKU_SELECT, PriceRangeRef, priceRange, SKU_ORDER } from '../catalog/catalog.schema.ts';
import type { SkuOffer } from '../catalog/pricing.ts';
import { shopMembersOnly } from '../shops/shop.schema.ts';
import { FlashDealOverError, ShippingUnavailableError, VoucherInvalidError, type VoucherInvalidReason } from './promotion.errors.ts';
import { LIVE_STATUSES, quantityLeft } from './promotion.rules.ts';

// ─── Enums ───

export const PromotionKindEnum = builder.enumType(PromotionKind, {
  name: 'PromotionKind',
  description: 'What a promotion does.',
  values: {
    PERCENT_OFF: { description: 'A percentage off the list price of its products.' },
    FIXED_PRICE: { description: 'A fixed price for each of its products, below the list price.' },
    FLASH_DEAL: { description: 'A price for a limited quantity in a short window, optionally only inside one live stream.' },
    SHIPPING_DISCOUNT: { description: "A percentage or an amount off the shop's shipping fee, from a minimum spend." },
  } satisfies Record<PromotionKind, { description: string }>,
});

export const PromotionStatusEnum = builder.enumType(PromotionStatus, {
  name: 'PromotionStatus',
  description: 'Where a promotion or voucher is in its life, by the clock: it applies only while ACTIVE.',
  values: {
    SCHEDULED: { description: 'Its window has not opened yet.' },
    ACTIVE: { description: 'Running now (a sold-out flash deal stays ACTIVE with quantityLeft 0 until it ends).' },
    ENDED: { description: 'Its window closed, or the shop ended it early.' },
    CANCELLED: { description: 'Cancelled before it started.' },
  } satisfies Record<PromotionStatus, { description: string }>,
});

const VoucherInvalidReasonEnum = builder.enumType('VoucherInvalidReason', {
  description: 'Why a voucher code cannot be used.',
  values: {
    UNKNOWN_CODE: { description: 'No voucher has this code.' },
    NOT_STARTED: { description: 'Its validity window has not opened yet.' },
    EXPIRED: { description: 'Its validity window has closed, or it was ended.' },
    MINIMUM_SPEND_NOT_MET: { description: 'The merchandise total after product discounts is below its minimum spend.' },
    NOT_FOR_THIS_SHOP: { description: "It belongs to another shop, or (a platform voucher) to another currency than the cart's shops." },
    LIMIT_REACHED: { description: 'It has been used as many times as it may be.' },
    PER_BUYER_LIMIT_REACHED: { description: 'The buyer has used it as many times as one buyer may.' },
  } satisfies Record<VoucherInvalidReason, { description: string }>,
});

// ─── Errors (checkout returns them too) ───

export const VoucherInvalidErrorRef = builder.objectType(VoucherInvalidError, {
  name: 'VoucherInvalidError',
  description: 'The voucher code cannot be used for this cart; nothing was reserved. Its code is VOUCHER_INVALID.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: VoucherInvalidReasonEnum, description: 'Why.', resolve: (error) => error.reason }),
    minimumSpend: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'For MINIMUM_SPEND_NOT_MET: the spend the voucher needs.',
      resolve: (error) => error.minimumSpend,
    }),
  }),
});

export const FlashDealOverErrorRef = builder.objectType(FlashDealOverError, {
  name: 'FlashDealOverError',
  description: 'The flash deal has fewer units left at its price than asked for, or is over; nothing was reserved. Its code is FLASH_DEAL_OVER.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    promotionId: t.id({ description: 'The flash deal (a Promotion).', resolve: (error) => encodeGlobalId('Promotion', error.promotionId) }),
    quantityLeft: t.exposeInt('quantityLeft', { description: 'Units still available at the deal price.' }),
  }),
});

export const ShippingUnavailableErrorRef = builder.objectType(ShippingUnavailableError, {
  name: 'ShippingUnavailableError',
  description: "The shop's shipping template has no fee for this destination region and parcel weight. Its code is SHIPPING_UNAVAILABLE.",
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    shopId: t.id({ description: 'The shop that does not ship there.', resolve: (error) => encodeGlobalId('Shop', error.shopId) }),
  }),
});

// ─── Objects ───

const currencyOf = { shop: { select: { currency: true } } } as const;
const membersOfItsShop = {
  authScopes: (parent: { shopId: string }) => ({ $any: { staff: true, shopRole: { shopId: parent.shopId, roles: ALL_ROLES } } }),
  unauthorizedResolver: () => null,
} as const;

builder.prismaObject('PromotionItem', {
  description: 'A product, or a single SKU of it, that a promotion covers, with its price for FIXED_PRICE and FLASH_DEAL.',
  fields: (t) => ({
    product: t.relation('product', { description: 'The product.' }),
    sku: t.relation('sku', { nullable: true, description: 'The single SKU covered; null when the item covers every SKU of the product.' }),
    price: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The unit price it sets (FIXED_PRICE, FLASH_DEAL); null for PERCENT_OFF.',
      select: { promotion: { select: currencyOf } },
      resolve: (item) => (item.priceMinor === null ? null : { minor: item.priceMinor, currency: item.promotion.shop.currency }),
    }),
  }),
});

/**
 * Who may see a promotion: members of its shop and staff always; anyone else while it runs by the clock
 * (`startsAt <= now < endsAt`, not ended or cancelled by hand) in a shop that can sell. That is the
 * window in which pricing applies it, so a product page's `activePromotion` can always be fetched with
 * `node`, even before the promotion job has moved the stored status.
 */
const promotionVisibility = defineVisibility('Promotion', 'Promotion', (viewer: Viewer | null, at: Date): Prisma.PromotionWhereInput => {
  if (viewer?.isStaff) return {};
  const running: Prisma.PromotionWhereInput = { status: { in: [...LIVE_STATUSES] }, startsAt: { lte: at }, endsAt: { gt: at }, shop: SHOP_CAN_SELL_WHERE };
  return viewer ? { OR: [running, { shop: { members: { some: { userId: viewer.userId } } } }] } : running;
});

export const PromotionRef = builder.prismaNode('Promotion', {
  description:
    "A shop's promotion. Members of the shop and staff always see it; anyone else while it runs (status ACTIVE by the clock) in a shop that can sell: what buyers see on product pages. The sold count is for members and staff only.",
  id: { field: 'id', description: 'Global id of the promotion.' },
  nullable: true,
  findUnique: visibleById(promotionVisibility),
  fields: (t) => ({
    kind: t.expose('kind', { type: PromotionKindEnum, description: 'What it does.' }),
    name: t.exposeString('name', { description: 'Its name, as the shop gave it.' }),
    status: t.field({
      type: PromotionStatusEnum,
      description: 'Where it is now, by the clock.',
      resolve: (promotion, _args, context) => context.services.promotions.statusOf(promotion),
    }),
    startsAt: t.expose('startsAt', { type: 'DateTime', description: 'When it starts to apply.' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', description: 'When it stops applying (a countdown runs to this).' }),
    percentOffBps: t.exposeInt('percentOffBps', { nullable: true, description: 'PERCENT_OFF and percentage SHIPPING_DISCOUNT: the rate in basis points (1000 = 10%).' }),
    amountOff: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Amount SHIPPING_DISCOUNT: the most it takes off the shipping fee.',
      select: currencyOf,
      resolve: (promotion) => (promotion.amountOffMinor === null ? null : { minor: promotion.amountOffMinor, currency: promotion.shop.currency }),
    }),
    minSpend: t.field({
      type: MoneyRef,
      nullable: true,
      description: "SHIPPING_DISCOUNT: the shop's merchandise total (after product discounts) it needs.",
      select: currencyOf,
      resolve: (promotion) => (promotion.minSpendMinor === null ? null : { minor: promotion.minSpendMinor, currency: promotion.shop.currency }),
    }),
    quantityLimit: t.exposeInt('quantityLimit', { nullable: true, description: 'FLASH_DEAL: units that may be sold at the deal price.' }),
    quantityLeft: t.int({
      nullable: true,
      description: 'FLASH_DEAL: units still available at the deal price.',
      resolve: (promotion) => quantityLeft(promotion),
    }),
    quantitySold: t.exposeInt('quantitySold', {
      nullable: true,
      description: 'FLASH_DEAL: units sold at the deal price (held by unpaid orders included). Members of the shop and staff only.',
      ...membersOfItsShop,
    }),
    liveStreamId: t.id({
      nullable: true,
      description: 'FLASH_DEAL: the live stream it is tied to; it applies only to purchases made there.',
      resolve: (promotion) => (promotion.liveStreamId ? encodeGlobalId('LiveStream', promotion.liveStreamId) : null),
    }),
    items: t.relation('items', {
      description: 'The products and SKUs it covers that the viewer may see (none for SHIPPING_DISCOUNT).',
      query: (_args, context) => ({ where: { product: visibleProductWhere(context.viewer) }, orderBy: [{ id: 'asc' }] }),
      complexity: { field: 1, multiplier: 10 },
    }),
    shop: t.relation('shop', { description: 'The shop running it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

/** The promotion that sets a product's current price, as product pages and overlays show it. */
export interface ProductDeal {
  offer: SkuOffer & { promotion: NonNullable<SkuOffer['promotion']> };
  prices: bigint[];
  currency: Parameters<typeof priceRange>[1];
  productId: string;
}

export const ProductDealRef = builder.objectRef<ProductDeal>('ProductDeal').implement({
  description: "The promotion that sets a product's current price: what a product page or live overlay shows, with a countdown to `endsAt`.",
  fields: (t) => ({
    promotionId: t.id({ description: 'The promotion (fetch it with `node`).', resolve: (deal) => encodeGlobalId('Promotion', deal.offer.promotion.id) }),
    kind: t.field({ type: PromotionKindEnum, description: 'PERCENT_OFF, FIXED_PRICE or FLASH_DEAL.', resolve: (deal) => deal.offer.promotion.kind }),
    price: t.field({
      type: PriceRangeRef,
      description: 'Lowest and highest price it gives the SKUs it prices: the price checkout charges now.',
      resolve: (deal) => priceRange(deal.prices, deal.currency, deal.productId),
    }),
    startsAt: t.field({ type: 'DateTime', description: 'When it started.', resolve: (deal) => deal.offer.promotion.startsAt }),
    endsAt: t.field({ type: 'DateTime', description: 'When it ends.', resolve: (deal) => deal.offer.promotion.endsAt }),
    quantityLeft: t.int({
      nullable: true,
      description: 'FLASH_DEAL: units still available at the deal price; null for discounts.',
      resolve: (deal) => deal.offer.promotion.quantityLeft,
    }),
  }),
});

/** What `activeDeal` needs of a product (a Prisma select). */
export const PRODUCT_DEAL_SELECT = { id: true, shop: { select: { currency: true } }, skus: { orderBy: SKU_ORDER, select: PRICED_SKU_SELECT } } as const satisfies Prisma.ProductSelect;

/**
 * The promotion that sets the lowest current price among a product's SKUs, with the prices it gives
 * (inside `liveStreamId` when given, so that the stream's own flash deals count); null at list price.
 */
export async function activeDeal(
  product: Prisma.ProductGetPayload<{ select: typeof PRODUCT_DEAL_SELECT }>,
  liveStreamId: string | null,
  context: Pick<GraphQLContext, 'offer'>,
): Promise<ProductDeal | null> {
  const offers = await Promise.all(product.skus.map((sku) => context.offer(sku, liveStreamId)));
  let best: ProductDeal['offer'] | null = null;
  for (const offer of offers) {
    if (offer.promotion && (!best || offer.unitPriceMinor < best.unitPriceMinor)) best = offer as ProductDeal['offer'];
  }
  if (!best) return null;
  const promotionId = best.promotion.id;
  const prices = offers.filter((offer) => offer.promotion?.id === promotionId).map((offer) => offer.unitPriceMinor);
  return { offer: best, prices, currency: product.shop.currency, productId: product.id };
}

builder.prismaObjectFields('Product', (t) => ({
  activePromotion: t.field({
    type: ProductDealRef,
    nullable: true,
    description:
      'The promotion that sets the lowest current price among its SKUs (by the overlap rule: lowest price among running discounts and flash deals with units left); null when every SKU sells at its list price. Public.',
    args: { liveStreamId: t.arg.id({ required: false, description: LIVE_STREAM_ARG }) },
    select: PRODUCT_DEAL_SELECT,
    resolve: (product, args, context) => activeDeal(product, optionalId('LiveStream', args.liveStreamId, ['liveStreamId']), context),
  }),
}));

// ─── Lists ───

const NEWEST_PROMOTIONS_FIRST = order<Promotion>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

builder.prismaObjectField('Shop', 'promotions', (t) =>
  t.connection({
    type: PromotionRef,
    nullable: true,
    description: "The shop's promotions of every kind and status, newest first. Members and staff only.",
    args: { kind: t.arg({ type: [PromotionKindEnum], required: false, description: 'Only promotions of these kinds.' }) },
    ...shopMembersOnly,
    resolve: (shop, args, context, info) =>
      prismaRelationKeysetConnection({
        args,
        context,
        info,
        typeName: 'Promotion',
        order: NEWEST_PROMOTIONS_FIRST,
        parentId: shop.id,
        where: args.kind?.length ? { kind: { in: [...args.kind] } } : {},
        load: async (ids, query) =>
          (await context.services.prisma.shop.findMany({ where: { id: { in: ids } }, select: { id: true, promotions: query } })).map(({ id, promotions }) => ({ id, rows: promotions })),
      }),
  }),
);

// ─── Mutations ───

const PromotionItemInput = builder.inputType('PromotionItemInput', {
  description: 'A product, or one SKU of it, for a discount.',
  fields: (t) => ({
    productId: t.id({ description: "One of the shop's products (not deleted); each product once per promotion." }),
    skuId: t.id({ required: false, description: 'Only this SKU of the product; leave out for every SKU.' }),
    price: t.field({ type: MoneyInput, required: false, description: 'FIXED_PRICE: the price, below the list price of every SKU it covers.' }),
  }),
});

const ProductDiscountKindEnum = builder.enumType('ProductDiscountKind', {
  description: 'The kinds of product discount.',
  values: {
    PERCENT_OFF: { description: 'A rate off every item (`percentOffBps`).' },
    FIXED_PRICE: { description: 'A price per item (`items[].price`).' },
  },
});

const CreateProductDiscountInput = builder.inputType('CreateProductDiscountInput', {
  description: 'A percentage-off or fixed-price discount on products.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be a member.' }),
    name: t.string({ description: '1 to 100 characters.' }),
    kind: t.field({ type: ProductDiscountKindEnum, description: 'PERCENT_OFF or FIXED_PRICE.' }),
    percentOffBps: t.int({ required: false, description: 'PERCENT_OFF: 1 to 9999 basis points (1000 = 10%).' }),
    items: t.field({ type: [PromotionItemInput], description: '1 to 100 products or SKUs.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When it starts; now when left out. Not in the past.' }),
    endsAt: t.field({ type: 'DateTime', description: 'When it ends: after the start, at most 366 days later.' }),
  }),
});

const CreateFlashDealInput = builder.inputType('CreateFlashDealInput', {
  description: 'A flash deal: a price for a limited quantity in a window.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be a member.' }),
    name: t.string({ description: '1 to 100 characters.' }),
    productId: t.id({ description: "One of the shop's products." }),
    skuId: t.id({ required: false, description: 'Only this SKU; leave out for every SKU of the product.' }),
    price: t.field({ type: MoneyInput, description: 'The deal price, below the list price of every SKU it covers.' }),
    quantityLimit: t.int({ description: 'Units that may be sold at the deal price, across all buyers: 1 to 1,000,000.' }),
    liveStreamId: t.id({ required: false, description: 'Only for purchases made in this live stream (not ended).' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When it starts; now when left out.' }),
    endsAt: t.field({ type: 'DateTime', description: 'When it ends.' }),
  }),
});

const CreateShippingDiscountInput = builder.inputType('CreateShippingDiscountInput', {
  description: "A discount on the shop's shipping fee: exactly one of `percentOffBps` and `amountOff`.",
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be a member.' }),
    name: t.string({ description: '1 to 100 characters.' }),
    percentOffBps: t.int({ required: false, description: 'A rate off the fee, 1 to 10000 basis points (10000 = free shipping).' }),
    amountOff: t.field({ type: MoneyInput, required: false, description: 'An amount off the fee (never more than the fee).' }),
    minSpend: t.field({ type: MoneyInput, required: false, description: "The shop's merchandise total (after product discounts) it needs." }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'When it starts; now when left out.' }),
    endsAt: t.field({ type: 'DateTime', description: 'When it ends.' }),
  }),
});

const UpdatePromotionInput = builder.inputType('UpdatePromotionInput', {
  description: 'Changes to a promotion that has not ended. Leave a field out to keep it. Prices and rates are not edited: end it and create another.',
  fields: (t) => ({
    promotionId: t.id({ description: 'The promotion.' }),
    name: t.string({ required: false, description: 'A new name.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'A new start; only before it starts.' }),
    endsAt: t.field({ type: 'DateTime', required: false, description: 'A new end, in the future.' }),
    quantityLimit: t.int({ required: false, description: 'FLASH_DEAL: a new quantity, never below the units sold.' }),
  }),
});

const EndPromotionInput = builder.inputType('EndPromotionInput', {
  description: 'Ends a running promotion now, or cancels one that has not started.',
  fields: (t) => ({ promotionId: t.id({ description: 'The promotion.' }) }),
});

const promotionPayload = objectPayloads('promotion', PromotionRef, 'promotion');

const shopIdOf = (input: { shopId: string | number }) => decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']);
const promotionIdOf = (input: { promotionId: string | number }) => decodeIdOf('Promotion', String(input.promotionId), ['input', 'promotionId']);
const withPromotion = (promotion: Promotion) => ({ promotion });
const decodeItems = (items: ReadonlyArray<{ productId: string | number; skuId?: string | number | null; price?: { amount: string } | null }>) =>
  items.map((item, index) => ({
    ...item,
    productId: decodeIdOf('Product', String(item.productId), ['input', 'items', String(index), 'productId']),
    skuId: optionalId('Sku', item.skuId, ['input', 'items', String(index), 'skuId']),
  }));

builder.mutationFields((t) => ({
  createProductDiscount: t.field({
    type: promotionPayload('CreateProductDiscountPayload', 'The discount created.'),
    description: 'Creates a percentage-off or fixed-price discount on products or SKUs (any member of the shop).',
    ...signedIn,
    args: { input: t.arg({ type: CreateProductDiscountInput, description: 'The discount.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) =>
      withPromotion(await context.services.promotions.createProductDiscount(context, shopIdOf(input), { ...input, items: decodeItems(input.items) })),
  }),
  createFlashDeal: t.field({
    type: promotionPayload('CreateFlashDealPayload', 'The flash deal created.'),
    description: 'Creates a flash deal (any member of the shop).',
    ...signedIn,
    args: { input: t.arg({ type: CreateFlashDealInput, description: 'The flash deal.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) =>
      withPromotion(
        await context.services.promotions.createFlashDeal(context, shopIdOf(input), {
          ...input,
          productId: decodeIdOf('Product', String(input.productId), ['input', 'productId']),
          skuId: optionalId('Sku', input.skuId, ['input', 'skuId']),
          liveStreamId: optionalId('LiveStream', input.liveStreamId, ['input', 'liveStreamId']),
        }),
      ),
  }),
  createShippingDiscount: t.field({
    type: promotionPayload('CreateShippingDiscountPayload', 'The shipping discount created.'),
    description: "Creates a discount on the shop's shipping fee (any member of the shop).",
    ...signedIn,
    args: { input: t.arg({ type: CreateShippingDiscountInput, description: 'The shipping discount.' }) },
    errors: { types: [...COMMON_ERRORS] },
    resolve: async (_root, { input }, context) => withPromotion(await context.services.promotions.createShippingDiscount(context, shopIdOf(input), input)),
  }),
  updatePromotion: t.field({
    type: promotionPayload('UpdatePromotionPayload', 'The promotion edited.'),
    description: 'Edits a promotion that has not ended (any member of its shop).',
    ...signedIn,
    args: { input: t.arg({ type: UpdatePromotionInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => withPromotion(await context.services.promotions.updatePromotion(context, promotionIdOf(input), input)),
  }),
  endPromotion: t.field({
    type: promotionPayload('EndPromotionPayload', 'The promotion, ENDED or CANCELLED.'),
    description: 'Ends a running promotion now (ENDED), or cancels one that has not started (CANCELLED). Any member of its shop.',
    ...signedIn,
    args: { input: t.arg({ type: EndPromotionInput, description: 'The promotion.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => withPromotion(await context.services.promotions.endPromotion(context, promotionIdOf(input))),
  }),
}));
