import type { Prisma, Product, Sku } from '../../generated/prisma/client.ts';
import { type CurrencyCode, ProductStatus, SkuChangeField } from '../../generated/prisma/enums.ts';
import { decodeIdOf } from '../../infra/ids.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { defineVisibility, visibleById, vouchVisible } from '../../schema/visibility.ts';
import { MoneyInput, MoneyRef, objectPayloads } from '../../schema/common.ts';
import {
  AlreadyExistsError,
  COMMON_ERRORS,
  IdempotencyKeyReusedError,
  InvalidStateError,
  RuleViolationError,
  ShopCannotSellError,
  UserErrorInterface,
} from '../../schema/errors.ts';
import { ALL_ROLES } from '../shops/shop.service.ts';
import { InsufficientStockError, SkuVersionConflictError } from './catalog.errors.ts';
import {
  IMAGE_ORDER,
  isLowStock,
  isProductBuyable,
  isSkuBuyable,
  isSkuInStock,
  PRODUCT_LIMITS,
  readAttributes,
  SHOP_SELL_STATE_SELECT,
  SKU_ORDER,
  type SkuAttribute,
  visibleProductWhere,
} from './catalog.rules.ts';
import { PRODUCT_ORDERS, type ProductPageQuery, type ProductRow, type ProductSort } from './catalog.service.ts';
import { order, type PageArguments, through } from '../../infra/pagination/keyset.ts';
import { keysetConnection, prismaKeysetConnection, prismaRelationKeysetConnection, prismaSelection } from '../../schema/pagination.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../../context.ts';
import { minMax } from './pricing.ts';

// ─── Enums ───

export const ProductStatusEnum = builder.enumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Where a product is in its life. Only ACTIVE products of a shop that can sell are shown to buyers.',
  values: {
    DRAFT: { description: 'Being prepared; visible to the shop only.' },
    ACTIVE: { description: 'On sale, when the shop can sell; buyable while a SKU is in stock.' },
    INACTIVE: { description: 'Taken off sale by the seller; can be activated again.' },
    DELETED: { description: 'Deleted by the seller. Final: kept for the shop’s history only.' },
    FROZEN: { description: 'Taken off sale by platform staff; the seller cannot change it until staff unfreeze it.' },
  },
});

const NewProductStatusEnum = builder.enumType('NewProductStatus', {
  description: 'The status a product is created in.',
  values: {
    DRAFT: { description: 'Not yet on sale.' },
    ACTIVE: { description: 'On sale at once; the shop must be able to sell.' },
  },
});

const SellerProductStatusEnum = builder.enumType('SellerProductStatus', {
  description: 'The statuses a seller can set. FROZEN is set by platform staff only.',
  values: {
    DRAFT: { description: 'Back to draft.' },
    ACTIVE: { description: 'On sale; the shop must be able to sell.' },
    INACTIVE: { description: 'Off sale.' },
    DELETED: { description: 'Deleted, for good.' },
  },
});

const ProductSortEnum = builder.enumType('ProductSort', {
  description: 'Order of a product list. Ties are broken by product id, so pages are stable.',
  values: {
    NEWEST: { description: 'Most recently created first.' },
    PRICE_ASC: { description: 'Lowest `priceRange.min` (the cheapest SKU) first.' },
    PRICE_DESC: { description: 'Highest `priceRange.min` (the cheapest SKU) first.' },
    TITLE: { description: 'By title, A to Z.' },
  } satisfies Record<ProductSort, { description: string }>,
});

const SkuChangeFieldEnum = builder.enumType(SkuChangeField, {
  name: 'SkuChangeField',
  description: 'What an audited SKU change changed.',
  values: {
    PRICE: { description: 'The price.' },
    STOCK: { description: 'The stock on hand.' },
  },
});

// ─── Errors of the catalogue ───

builder.objectType(InsufficientStockError, {
  name: 'InsufficientStockError',
  description: 'The stock would go below zero; nothing was changed. Its code is INSUFFICIENT_STOCK.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    available: t.exposeInt('available', { description: 'Units in stock when the change was refused.' }),
    requested: t.exposeInt('requested', { description: 'Units the change tried to take away.' }),
  }),
});

builder.objectType(SkuVersionConflictError, {
  name: 'SkuVersionConflictError',
  description: 'The SKU is no longer at `expectedVersion`: someone changed it in between. Nothing was changed. Its code is VERSION_CONFLICT.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion', { description: 'The version the change expected.' }),
    currentVersion: t.exposeInt('currentVersion', { description: 'The version the SKU is at now.' }),
  }),
});

// ─── Authorisation ───

/** Members of the shop the object belongs to (any role) and staff; anyone else reads null. */
export const membersOnly = {
  authScopes: (parent: { shopId: string }) => ({ $any: { staff: true, shopRole: { shopId: parent.shopId, roles: ALL_ROLES } } }),
  unauthorizedResolver: () => null,
} as const;

/** Members of the shop named by the `shopId` argument and staff; anyone else reads null, as for a missing shop. */
const shopMembersByArgument = {
  authScopes: (_parent: unknown, args: { shopId: string | number }) => ({
    $any: { staff: true, shopRole: { shopId: decodeIdOf('Shop', String(args.shopId), ['shopId']), roles: ALL_ROLES } },
  }),
  unauthorizedResolver: () => null,
} as const;

// ─── Objects ───

export const CategoryRef = builder.prismaNode('Category', {
  description: "A node of the platform's category tree. Platform commission is charged per category.",
  id: { field: 'id', description: 'Global id of the category.' },
  nullable: true,
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, URL-safe key, e.g. "fashion".' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    platformCommissionBps: t.exposeInt('platformCommissionBps', {
      description: 'Commission the platform charges on sales in this category, in basis points (500 = 5%).',
    }),
    parent: t.relation('parent', { nullable: true, description: 'The parent category; null at the top of the tree.' }),
    children: t.relation('children', {
      description: 'Sub-categories, by name.',
      query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] },
    }),
  }),
});

builder.prismaObject('ProductImage', {
  description: 'A picture of a product.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'HTTPS address of the image.' }),
    altText: t.exposeString('altText', { nullable: true, description: 'Text describing the image, for accessibility.' }),
    position: t.exposeInt('position', { description: 'Order among the product’s images, from 0.' }),
  }),
});

export const SkuAttributeRef = builder.objectRef<SkuAttribute>('SkuAttribute').implement({
  description: 'One variant attribute of a SKU, e.g. Colour: Indigo.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Attribute name, e.g. "Colour".' }),
    value: t.exposeString('value', { description: 'Attribute value, e.g. "Indigo".' }),
  }),
});

const DimensionsRef = builder.objectRef<{ lengthMm: number; widthMm: number; heightMm: number }>('Dimensions').implement({
  description: 'Parcel size of one unit, for shipping cost.',
  fields: (t) => ({
    lengthMm: t.exposeInt('lengthMm', { description: 'Length in millimetres.' }),
    widthMm: t.exposeInt('widthMm', { description: 'Width in millimetres.' }),
    heightMm: t.exposeInt('heightMm', { description: 'Height in millimetres.' }),
  }),
});

export const PriceRangeRef = builder.simpleObject('PriceRange', {
  description: "The lowest and highest SKU price of a product, in the shop's currency.",
  fields: (t) => ({
    min: t.field({ type: MoneyRef, description: 'Price of the cheapest SKU (what the price sorts use).' }),
    max: t.field({ type: MoneyRef, description: 'Price of the dearest SKU.' }),
  }),
});

/** Description of the `liveStreamId` argument of price fields. */
export const LIVE_STREAM_ARG = "Price inside this live stream: flash deals tied to it count (a live overlay's view).";

/** Who may see a product: the same rule for `node(id:)`, SKUs and every product a field returns. */
const productVisibility = defineVisibility('Product', 'Product', visibleProductWhere, {
  // Only an ACTIVE product can be listed: anyone else's view of another status needs no query.
  decide: (product: { status?: ProductStatus }, viewer) =>
    viewer === null && product.status !== undefined && product.status !== 'ACTIVE' ? false : undefined,
});

/** A SKU is visible exactly when its product is. */
const skuVisibility = defineVisibility('Sku', 'Sku', (viewer) => (viewer?.isStaff ? {} : { product: visibleProductWhere(viewer) }), {
  impliedBy: ['Product'],
});

export const ProductRef = builder.prismaNode('Product', {
  description:
    'A product of a shop with its SKUs. Anyone sees it while it is ACTIVE and its shop can sell; members of the shop and platform staff always. For anyone else it does not exist.',
  id: { field: 'id', description: 'Global id of the product.' },
  nullable: true,
  findUnique: visibleById(productVisibility),
  fields: (t) => ({
    title: t.exposeString('title', { description: `Title, 1 to ${PRODUCT_LIMITS.titleMax} characters.` }),
    description: t.exposeString('description', { description: 'Plain-text description.' }),
    bulletPoints: t.exposeStringList('bulletPoints', { description: `Key selling points, at most ${PRODUCT_LIMITS.bulletPoints}.` }),
    brand: t.exposeString('brand', { nullable: true, description: 'Brand name, when there is one.' }),
    purchaseLimitPerBuyer: t.exposeInt('purchaseLimitPerBuyer', {
      nullable: true,
      description: 'The most units one buyer may hold in orders that are not cancelled; null for no limit.',
    }),
    category: t.relation('category', { description: 'The category it is listed in.' }),
    images: t.relation('images', {
      description: `Pictures, in display order (at most ${PRODUCT_LIMITS.images}).`,
      query: { orderBy: IMAGE_ORDER },
      complexity: { field: 1, multiplier: PRODUCT_LIMITS.images },
    }),
    skus: t.relation('skus', {
      description: `The variants, in the order they were added (at most ${PRODUCT_LIMITS.skus}).`,
      query: { orderBy: SKU_ORDER },
      // Loaded with the product in one query; a typical product has a handful of variants.
      complexity: { field: 1, multiplier: 5 },
    }),
    status: t.expose('status', { type: ProductStatusEnum, description: 'Where the product is in its life.' }),
    frozenReason: t.exposeString('frozenReason', {
      nullable: true,
      description: "Platform staff's reason while the product is FROZEN; members of the shop and staff only.",
      ...membersOnly,
    }),
    shop: t.relation('shop', { description: 'The shop that sells it.' }),
    buyable: t.boolean({
      description: 'True when it is ACTIVE, its shop can sell and a SKU is in stock: only then does it appear in `products`.',
      select: { shop: { select: SHOP_SELL_STATE_SELECT }, skus: { orderBy: SKU_ORDER, select: { stock: true } } },
      resolve: (product) => isProductBuyable(product),
    }),
    inStock: t.boolean({
      description: 'True when a SKU has stock.',
      select: { skus: { orderBy: SKU_ORDER, select: { stock: true } } },
      resolve: (product) => product.skus.some(isSkuInStock),
    }),
    priceRange: t.field({
      type: PriceRangeRef,
      description: 'Lowest and highest list price (what the seller set), over all SKUs whether in stock or not.',
      select: { shop: { select: { currency: true } }, skus: { orderBy: SKU_ORDER, select: PRICED_SKU_SELECT } },
      resolve: (product) => priceRange(product.skus.map((sku) => sku.priceMinor), product.shop.currency, product.id),
    }),
    currentPrice: t.field({
      type: PriceRangeRef,
      description:
        'Lowest and highest price a buyer pays for one unit now, over all SKUs: the list price after whatever the pricing in force applies (the same prices checkout charges).',
      args: { liveStreamId: t.arg.id({ required: false, description: LIVE_STREAM_ARG }) },
      select: { shop: { select: { currency: true } }, skus: { orderBy: SKU_ORDER, select: PRICED_SKU_SELECT } },
      resolve: async (product, args, context) => {
        const liveStreamId = optionalId('LiveStream', args.liveStreamId, ['liveStreamId']);
        const offers = await Promise.all(product.skus.map((sku) => context.offer(sku, liveStreamId)));
        return priceRange(offers.map((offer) => offer.unitPriceMinor), product.shop.currency, product.id);
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last changed.' }),
  }),
});

/** The columns the pricing strategy reads of a SKU. */
export const PRICED_SKU_SELECT = { id: true, productId: true, shopId: true, priceMinor: true } as const satisfies Prisma.SkuSelect;

/** The range of a product's SKU prices; a product always has a SKU. */
export function priceRange(prices: readonly bigint[], currency: CurrencyCode, productId: string) {
  const range = minMax(prices);
  if (!range) throw new Error(`Product ${productId} has no SKU`);
  return { min: { minor: range.min, currency }, max: { minor: range.max, currency } };
}

export const SkuRef = builder.prismaNode('Sku', {
  description:
    'A sellable variant of a product, with its own code, price and stock. Visible to whoever may see its product; stock alerts and the audit trail to members of the shop and staff only.',
  id: { field: 'id', description: 'Global id of the SKU.' },
  nullable: true,
  findUnique: visibleById(skuVisibility),
  fields: (t) => ({
    product: t.relation('product', { description: 'The product it is a variant of.' }),
    sellerSku: t.exposeString('sellerSku', { description: "The seller's own code for it; unique within the shop." }),
    attributes: t.field({
      type: [SkuAttributeRef],
      description: 'Variant attributes, in the order the seller gave them.',
      complexity: { field: 1, multiplier: 1 },
      resolve: (sku) => readAttributes(sku.attributes),
    }),
    price: t.field({
      type: MoneyRef,
      description: "Unit price in the shop's currency.",
      select: { shop: { select: { currency: true } } },
      resolve: (sku) => ({ minor: sku.priceMinor, currency: sku.shop.currency }),
    }),
    currentPrice: t.field({
      type: MoneyRef,
      description: 'The price a buyer pays for one unit now: the list price after the promotions in force (the price checkout charges).',
      args: { liveStreamId: t.arg.id({ required: false, description: LIVE_STREAM_ARG }) },
      select: { shop: { select: { currency: true } } },
      resolve: async (sku, args, context) => {
        const offer = await context.offer(sku, optionalId('LiveStream', args.liveStreamId, ['liveStreamId']));
        return { minor: offer.unitPriceMinor, currency: sku.shop.currency };
      },
    }),
    stock: t.exposeInt('stock', { description: 'Units that can still be sold.' }),
    inStock: t.boolean({ description: 'True when stock is above zero.', resolve: (sku) => isSkuInStock(sku) }),
    buyable: t.boolean({
      description: 'True when its product is ACTIVE, its shop can sell, and it is in stock.',
      select: { product: { select: { status: true, shop: { select: SHOP_SELL_STATE_SELECT } } } },
      resolve: (sku) => isSkuBuyable(sku, sku.product),
    }),
    lowStockThreshold: t.exposeInt('lowStockThreshold', {
      nullable: true,
      description: 'Stock at or below which the seller is alerted; members of the shop and staff only.',
      ...membersOnly,
    }),
    isLowStock: t.boolean({
      nullable: true,
      description: 'True when stock is at or below the low-stock threshold; members of the shop and staff only.',
      ...membersOnly,
      resolve: (sku) => isLowStock(sku),
    }),
    version: t.exposeInt('version', {
      nullable: true,
      description: 'Grows on every price or stock change; pass it as `expectedVersion` for a compare-and-set update. Members of the shop and staff only.',
      ...membersOnly,
    }),
    weightGrams: t.exposeInt('weightGrams', { description: 'Shipping weight of one unit, in grams.' }),
    dimensions: t.field({
      type: DimensionsRef,
      description: 'Parcel size of one unit.',
      resolve: (sku) => ({ lengthMm: sku.lengthMm, widthMm: sku.widthMm, heightMm: sku.heightMm }),
    }),
    changes: t.connection({
      type: SkuChangeRef,
      nullable: true,
      description: 'Audit trail of price and stock changes, newest first; members of the shop and staff only.',
      ...membersOnly,
      resolve: (sku, args, context, info) =>
        prismaRelationKeysetConnection({
          args,
          context,
          info,
          typeName: 'SkuChange',
          order: NEWEST_FIRST,
          parentId: sku.id,
          load: async (ids, query) =>
            (await context.services.prisma.sku.findMany({ where: { id: { in: ids } }, select: { id: true, changes: query } })).map(({ id, changes }) => ({ id, rows: changes })),
        }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was added.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last changed.' }),
  }),
});

const SkuChangeRef = builder.prismaObject('SkuChange', {
  description: 'One audited change of a SKU’s price or stock: who, when, old and new.',
  fields: (t) => ({
    field: t.expose('field', { type: SkuChangeFieldEnum, description: 'What changed.' }),
    oldStock: t.int({
      nullable: true,
      description: 'Stock before, for a STOCK change; null for a price change.',
      resolve: (change) => (change.field === 'STOCK' ? Number(change.oldValue) : null),
    }),
    newStock: t.int({
      nullable: true,
      description: 'Stock after, for a STOCK change; null for a price change.',
      resolve: (change) => (change.field === 'STOCK' ? Number(change.newValue) : null),
    }),
    oldPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Price before, for a PRICE change; null for a stock change.',
      select: { sku: { select: { shop: { select: { currency: true } } } } },
      resolve: (change) => (change.field === 'PRICE' ? { minor: change.oldValue, currency: change.sku.shop.currency } : null),
    }),
    newPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'Price after, for a PRICE change; null for a stock change.',
      select: { sku: { select: { shop: { select: { currency: true } } } } },
      resolve: (change) => (change.field === 'PRICE' ? { minor: change.newValue, currency: change.sku.shop.currency } : null),
    }),
    actor: t.relation('actor', { nullable: true, description: 'Who made the change; null when the system did (checkout, cancellation).' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, as given with the change.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it changed.' }),
  }),
});

// ─── Queries ───

const ProductFilter = builder.inputType('ProductFilter', {
  description: 'Narrows a product list. All given conditions must hold.',
  fields: (t) => ({
    shopId: t.id({ required: false, description: 'Only this shop’s products.' }),
    categoryId: t.id({ required: false, description: 'Only products in this category.' }),
    search: t.string({ required: false, description: 'Only products whose title contains this text (case-insensitive), at most 100 characters.' }),
  }),
});

/** Decodes an optional global id argument. */
export const optionalId = (typename: string, value: string | number | null | undefined, field: string[]) =>
  value === null || value === undefined ? null : decodeIdOf(typename, String(value), field);

/** The `sortBy` argument of product lists. */
export const productSortArg = {
  type: ProductSortEnum,
  defaultValue: 'NEWEST',
  description: 'Order of the list.',
} as const;

builder.queryFields((t) => ({
  categories: t.prismaField({
    type: ['Category'],
    description: "The platform's categories, by name (the whole tree, flat; see `parent`).",
    complexity: { field: 1, multiplier: 10 },
    resolve: (query, _root, _args, context) =>
      context.services.prisma.category.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
  products: t.connection({
    type: ProductRef,
    description:
      'The public catalogue: buyable products only (ACTIVE, of a shop that can sell, with a SKU in stock). No sign-in needed.',
    args: {
      filter: t.arg({ type: ProductFilter, required: false, description: 'Conditions the products must meet.' }),
      sortBy: t.arg(productSortArg),
    },
    resolve: (_root, args, context, info) => {
      const filter = {
        shopId: optionalId('Shop', args.filter?.shopId, ['filter', 'shopId']),
        categoryId: optionalId('Category', args.filter?.categoryId, ['filter', 'categoryId']),
        search: args.filter?.search,
      };
      return resolveProducts(args, context, info, args.sortBy, (query) => context.services.catalog.listBuyableProducts(query, filter, args.sortBy));
    },
  }),
  shopProducts: t.connection({
    type: ProductRef,
    nullable: true,
    description:
      "Members and staff: a shop's products in every status (DELETED only when asked for), newest first. Null for anyone else, as for a shop that does not exist.",
    args: {
      shopId: t.arg.id({ description: 'The shop.' }),
      status: t.arg({
        type: [ProductStatusEnum],
        required: false,
        description: 'Only products in these statuses; by default every status but DELETED.',
      }),
      search: t.arg.string({ required: false, description: 'Only products whose title contains this text (case-insensitive).' }),
    },
    ...shopMembersByArgument,
    resolve: (_root, args, context, info) => {
      const where = context.services.catalog.shopProductsWhere(decodeIdOf('Shop', String(args.shopId), ['shopId']), { statuses: args.status, search: args.search });
      return prismaKeysetConnection({ args, context, info, typeName: 'Product', order: PRODUCT_ORDERS.NEWEST, where, load: (query) => context.services.prisma.product.findMany(query) });
    },
  }),
  lowStockSkus: t.connection({
    type: SkuRef,
    nullable: true,
    description:
      "Members and staff: the shop's SKUs at or below their low-stock threshold (products not deleted), lowest stock first. Null for anyone else.",
    args: { shopId: t.arg.id({ description: 'The shop.' }) },
    ...shopMembersByArgument,
    resolve: (_root, args, context, info) =>
      prismaKeysetConnection({
        args,
        context,
        info,
        typeName: 'Sku',
        order: LOWEST_STOCK_FIRST,
        where: context.services.catalog.lowStockSkuWhere(decodeIdOf('Shop', String(args.shopId), ['shopId'])),
        load: (query) => context.services.prisma.sku.findMany(query),
      }),
  }),
}));

builder.prismaObjectField('Shop', 'products', (t) =>
  t.connection({
    type: ProductRef,
    description: "The shop's buyable products (as in `products`), for its public page.",
    args: {
      categoryId: t.arg.id({ required: false, description: 'Only products in this category.' }),
      search: t.arg.string({ required: false, description: 'Only products whose title contains this text (case-insensitive).' }),
      sortBy: t.arg(productSortArg),
    },
    resolve: (shop, args, context, info) => {
      const filter = { shopId: shop.id, categoryId: optionalId('Category', args.categoryId, ['categoryId']), search: args.search };
      return resolveProducts(args, context, info, args.sortBy, (query) => context.services.catalog.listBuyableProducts(query, filter, args.sortBy));
    },
  }),
);

// ─── Pages of products ───

/** Audit trails, newest first. */
const NEWEST_FIRST = order<{ createdAt: Date; id: string }>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);
const LOWEST_STOCK_FIRST = order<Sku>('LOWEST_STOCK', [
  ['stock', 'int', 'asc'],
  ['id', 'string', 'asc'],
]);

/** A connection of products (`products`, `Shop.products`) in one of the product sorts. */
function resolveProducts(args: PageArguments, context: GraphQLContext, info: GraphQLResolveInfo, sort: ProductSort, load: (query: ProductPageQuery) => Promise<ProductRow[]>) {
  return resolveProductEntries(args, context, info, sort, load, (product) => product, ['edges', 'node']);
}

/**
 * A connection whose nodes are or wrap a product (a showcase entry, an earnable product), paged in one
 * of the product sorts (`PRODUCT_ORDERS`). The product is loaded with exactly what the query selects
 * at `path`, in the page's own query, so the page costs the same number of SQL statements whatever its
 * size. `load` pages through `CatalogService.pageBuyableProducts`, which returns buyable products only:
 * every viewer may see those, so the visibility rule is not checked again for them.
 */
export function resolveProductEntries<Entry>(
  args: PageArguments,
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  sort: ProductSort,
  load: (query: ProductPageQuery) => Promise<Entry[]>,
  productOf: (entry: Entry) => ProductRow = (entry) => (entry as { product: ProductRow }).product,
  path = ['edges', 'node', 'product'],
) {
  const products = PRODUCT_ORDERS[sort];
  const selection = prismaSelection(context, info, 'Product', products, path);
  return keysetConnection({
    args,
    info,
    order: through(products, productOf),
    load: async (page) => {
      const entries = await load({ ...selection, ...page });
      vouchVisible(context, entries.map(productOf));
      return entries;
    },
  });
}

// ─── Mutations ───

const SkuAttributeInput = builder.inputType('SkuAttributeInput', {
  description: 'A variant attribute. Names are unique within a SKU (case-insensitive).',
  fields: (t) => ({
    name: t.string({ description: `Attribute name, e.g. "Colour", 1 to ${PRODUCT_LIMITS.attributeNameMax} characters.` }),
    value: t.string({ description: `Attribute value, e.g. "Indigo", 1 to ${PRODUCT_LIMITS.attributeValueMax} characters.` }),
  }),
});

const DimensionsInput = builder.inputType('DimensionsInput', {
  description: 'Parcel size of one unit, in whole millimetres, each at least 1.',
  fields: (t) => ({
    lengthMm: t.int({ description: 'Length in millimetres.' }),
    widthMm: t.int({ description: 'Width in millimetres.' }),
    heightMm: t.int({ description: 'Height in millimetres.' }),
  }),
});

const ProductImageInput = builder.inputType('ProductImageInput', {
  description: 'A product picture by address.',
  fields: (t) => ({
    url: t.string({ description: 'An https:// address, at most 2048 characters.' }),
    altText: t.string({ required: false, description: 'Text describing the image.' }),
  }),
});

const SkuInput = builder.inputType('SkuInput', {
  description: 'A new SKU (variant).',
  fields: (t) => ({
    sellerSku: t.string({ description: `The seller's code, unique within the shop; no spaces, at most ${PRODUCT_LIMITS.sellerSkuMax} characters.` }),
    attributes: t.field({
      type: [SkuAttributeInput],
      defaultValue: [],
      description: `Variant attributes (at most ${PRODUCT_LIMITS.attributesPerSku}); no two SKUs of a product may have the same combination.`,
    }),
    price: t.field({ type: MoneyInput, description: "Unit price in the shop's currency; at least 0." }),
    stock: t.int({ description: 'Units on hand; at least 0.' }),
    lowStockThreshold: t.int({ defaultValue: 5, description: 'Alert at or below this stock; at least 0.' }),
    weightGrams: t.int({ description: 'Shipping weight of one unit in grams; at least 1.' }),
    dimensions: t.field({ type: DimensionsInput, description: 'Parcel size of one unit.' }),
  }),
});

const CreateProductInput = builder.inputType('CreateProductInput', {
  description: 'A new product with its SKUs.',
  fields: (t) => ({
    shopId: t.id({ description: 'The shop; the viewer must be a member.' }),
    title: t.string({ description: `1 to ${PRODUCT_LIMITS.titleMax} characters.` }),
    description: t.string({ defaultValue: '', description: `Plain text, at most ${PRODUCT_LIMITS.descriptionMax} characters.` }),
    bulletPoints: t.stringList({ defaultValue: [], description: `At most ${PRODUCT_LIMITS.bulletPoints}.` }),
    brand: t.string({ required: false, description: 'Brand name.' }),
    purchaseLimitPerBuyer: t.int({ required: false, description: 'The most units one buyer may hold in orders that are not cancelled (1 to 10000); none by default.' }),
    categoryId: t.id({ description: 'Its category (from `categories`).' }),
    status: t.field({ type: NewProductStatusEnum, defaultValue: 'DRAFT', description: 'DRAFT, or ACTIVE to put it on sale at once.' }),
    images: t.field({ type: [ProductImageInput], defaultValue: [], description: `At most ${PRODUCT_LIMITS.images}, in display order.` }),
    skus: t.field({ type: [SkuInput], description: `1 to ${PRODUCT_LIMITS.skus} variants.` }),
  }),
});

const UpdateProductInput = builder.inputType('UpdateProductInput', {
  description: "Changes to a product's content. Leave a field out (or null) to keep it.",
  fields: (t) => ({
    productId: t.id({ description: 'The product.' }),
    title: t.string({ required: false, description: `1 to ${PRODUCT_LIMITS.titleMax} characters.` }),
    description: t.string({ required: false, description: `At most ${PRODUCT_LIMITS.descriptionMax} characters.` }),
    bulletPoints: t.stringList({ required: false, description: `Replaces them all; at most ${PRODUCT_LIMITS.bulletPoints}.` }),
    brand: t.string({ required: false, description: 'Brand name; null removes it.' }),
    purchaseLimitPerBuyer: t.int({ required: false, description: 'New per-buyer limit; null removes it.' }),
    categoryId: t.id({ required: false, description: 'Moves it to this category.' }),
    images: t.field({ type: [ProductImageInput], required: false, description: `Replaces them all; at most ${PRODUCT_LIMITS.images}.` }),
  }),
});

const SetProductStatusInput = builder.inputType('SetProductStatusInput', {
  description: "A seller's status change.",
  fields: (t) => ({
    productId: t.id({ description: 'The product.' }),
    status: t.field({ type: SellerProductStatusEnum, description: 'The new status.' }),
  }),
});

const FreezeProductInput = builder.inputType('FreezeProductInput', {
  description: 'Takes a product off sale for a violation.',
  fields: (t) => ({
    productId: t.id({ description: 'The product.' }),
    reason: t.string({ description: 'Shown to the shop.' }),
  }),
});

const UnfreezeProductInput = builder.inputType('UnfreezeProductInput', {
  description: 'Lifts a freeze.',
  fields: (t) => ({
    productId: t.id({ description: 'The product.' }),
  }),
});

const AddSkuInput = builder.inputType('AddSkuInput', {
  description: 'A new SKU for an existing product.',
  fields: (t) => ({
    productId: t.id({ description: 'The product.' }),
    sellerSku: t.string({ description: "The seller's code, unique within the shop; no spaces." }),
    attributes: t.field({ type: [SkuAttributeInput], defaultValue: [], description: 'Variant attributes; a combination no other SKU of the product has.' }),
    price: t.field({ type: MoneyInput, description: "Unit price in the shop's currency." }),
    stock: t.int({ description: 'Units on hand; at least 0.' }),
    lowStockThreshold: t.int({ defaultValue: 5, description: 'Alert at or below this stock.' }),
    weightGrams: t.int({ description: 'Shipping weight of one unit in grams.' }),
    dimensions: t.field({ type: DimensionsInput, description: 'Parcel size of one unit.' }),
  }),
});

const UpdateSkuInput = builder.inputType('UpdateSkuInput', {
  description: 'Changes to a SKU. Leave a field out (or null) to keep it. Price and stock changes are audited.',
  fields: (t) => ({
    skuId: t.id({ description: 'The SKU.' }),
    price: t.field({ type: MoneyInput, required: false, description: 'New unit price.' }),
    stock: t.int({ required: false, description: 'New stock count (for relative changes use `adjustSkuStock`).' }),
    lowStockThreshold: t.int({ required: false, description: 'New low-stock threshold.' }),
    attributes: t.field({ type: [SkuAttributeInput], required: false, description: 'Replaces the attributes.' }),
    weightGrams: t.int({ required: false, description: 'New shipping weight in grams.' }),
    dimensions: t.field({ type: DimensionsInput, required: false, description: 'New parcel size.' }),
    expectedVersion: t.int({ required: false, description: 'Apply only if the SKU is still at this `version`.' }),
    reason: t.string({ required: false, description: 'Why; kept in the audit trail.' }),
  }),
});

const RemoveSkuInput = builder.inputType('RemoveSkuInput', {
  description: 'Removes a SKU. A product keeps at least one.',
  fields: (t) => ({
    skuId: t.id({ description: 'The SKU.' }),
  }),
});

const AdjustSkuStockInput = builder.inputType('AdjustSkuStockInput', {
  description: 'A stock change: exactly one of `delta` and `set`.',
  fields: (t) => ({
    skuId: t.id({ description: 'The SKU.' }),
    delta: t.int({ required: false, description: 'Units to add (positive) or take away (negative); refused if stock would go below 0.' }),
    set: t.int({ required: false, description: 'The new count, e.g. after a stocktake.' }),
    expectedVersion: t.int({ required: false, description: 'Apply only if the SKU is still at this `version`.' }),
    reason: t.string({ required: false, description: 'Why; kept in the audit trail.' }),
    idempotencyKey: t.string({
      required: false,
      description: 'Makes a retry safe: the same key (1–255 characters, kept 24 hours) returns the first result instead of changing stock again; the same key with other input is refused.',
    }),
  }),
});

const CreateCategoryInput = builder.inputType('CreateCategoryInput', {
  description: 'A new category.',
  fields: (t) => ({
    slug: t.string({ description: 'Unique key: lower-case letters, digits and dashes, e.g. "home-living".' }),
    name: t.string({ description: 'Display name.' }),
    platformCommissionBps: t.int({ defaultValue: 500, description: 'Platform commission in basis points, 0 to 10000.' }),
    parentId: t.id({ required: false, description: 'Parent category; none for a top-level one.' }),
  }),
});

const productPayload = objectPayloads('product', ProductRef, 'product');

const skuPayload = objectPayloads('sku', SkuRef, 'SKU');

const CreateProductPayload = productPayload('CreateProductPayload', 'The product created.');
const UpdateProductPayload = productPayload('UpdateProductPayload', 'The product edited.');
const SetProductStatusPayload = productPayload('SetProductStatusPayload', 'The product in its new status.');
const FreezeProductPayload = productPayload('FreezeProductPayload', 'The frozen product.');
const UnfreezeProductPayload = productPayload('UnfreezeProductPayload', 'The product, back in its status from before the freeze.');
const RemoveSkuPayload = productPayload('RemoveSkuPayload', 'The product without the SKU.');
const AddSkuPayload = skuPayload('AddSkuPayload', 'The SKU added (its `product` lists all of them).');
const UpdateSkuPayload = skuPayload('UpdateSkuPayload', 'The SKU edited.');
const AdjustSkuStockPayload = skuPayload('AdjustSkuStockPayload', 'The SKU with its new stock and version.');

const CreateCategoryPayload = builder.simpleObject('CreateCategoryPayload', {
  description: 'The category created.',
  fields: (t) => ({ category: t.field({ type: CategoryRef, description: 'The new category.' }) }),
});

const productId = (input: { productId: string | number }) => decodeIdOf('Product', String(input.productId), ['input', 'productId']);
const skuId = (input: { skuId: string | number }) => decodeIdOf('Sku', String(input.skuId), ['input', 'skuId']);

/** The payload's product, loaded as the mutation left it (the viewer is a member or staff, so it is visible). */
const withProduct = (product: Product) => ({ product });
const withSku = (sku: Sku) => ({ sku });

builder.mutationFields((t) => ({
  createCategory: t.field({
    type: CreateCategoryPayload,
    description: 'Platform staff: adds a category.',
    ...signedIn,
    args: { input: t.arg({ type: CreateCategoryInput, description: 'The category.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError] },
    resolve: async (_root, { input }, context) => ({
      category: await context.services.catalog.createCategory(context, {
        ...input,
        parentId: optionalId('Category', input.parentId, ['input', 'parentId']),
      }),
    }),
  }),
  createProduct: t.field({
    type: CreateProductPayload,
    description: 'Lists a product with its SKUs (any member of the shop). ACTIVE needs a shop that can sell.',
    ...signedIn,
    args: { input: t.arg({ type: CreateProductInput, description: 'The product.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError, ShopCannotSellError] },
    resolve: async (_root, { input }, context) => {
      const shopId = decodeIdOf('Shop', String(input.shopId), ['input', 'shopId']);
      const categoryId = decodeIdOf('Category', String(input.categoryId), ['input', 'categoryId']);
      return withProduct(await context.services.catalog.createProduct(context, shopId, { ...input, categoryId }));
    },
  }),
  updateProduct: t.field({
    type: UpdateProductPayload,
    description: "Edits a product's content (any member). Not while it is FROZEN or DELETED.",
    ...signedIn,
    args: { input: t.arg({ type: UpdateProductInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) => {
      const categoryId = optionalId('Category', input.categoryId, ['input', 'categoryId']);
      return withProduct(await context.services.catalog.updateProduct(context, productId(input), { ...input, categoryId }));
    },
  }),
  setProductStatus: t.field({
    type: SetProductStatusPayload,
    description:
      "Changes a product's status (any member): DRAFT, ACTIVE, INACTIVE or DELETED (final). ACTIVE needs a shop that can sell; a FROZEN product cannot be changed.",
    ...signedIn,
    args: { input: t.arg({ type: SetProductStatusInput, description: 'The product and status.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, ShopCannotSellError] },
    resolve: async (_root, { input }, context) =>
      withProduct(await context.services.catalog.setProductStatus(context, productId(input), input)),
  }),
  freezeProduct: t.field({
    type: FreezeProductPayload,
    description: 'Platform staff: takes a product off sale with a reason; the seller cannot change it until it is unfrozen.',
    ...signedIn,
    args: { input: t.arg({ type: FreezeProductInput, description: 'The product and reason.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) =>
      withProduct(await context.services.catalog.freezeProduct(context, productId(input), input)),
  }),
  unfreezeProduct: t.field({
    type: UnfreezeProductPayload,
    description: 'Platform staff: lifts a freeze; the product returns to its status from before.',
    ...signedIn,
    args: { input: t.arg({ type: UnfreezeProductInput, description: 'The product.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError] },
    resolve: async (_root, { input }, context) =>
      withProduct(await context.services.catalog.unfreezeProduct(context, productId(input))),
  }),
  addSku: t.field({
    type: AddSkuPayload,
    description: 'Adds a SKU to a product (any member); at most 100 per product.',
    ...signedIn,
    args: { input: t.arg({ type: AddSkuInput, description: 'The SKU.' }) },
    errors: { types: [...COMMON_ERRORS, AlreadyExistsError, InvalidStateError, RuleViolationError] },
    resolve: async (_root, { input }, context) => withSku(await context.services.catalog.addSku(context, productId(input), input)),
  }),
  updateSku: t.field({
    type: UpdateSkuPayload,
    description: 'Edits a SKU (any member). Price and stock changes are audited; `expectedVersion` makes it a compare-and-set.',
    ...signedIn,
    args: { input: t.arg({ type: UpdateSkuInput, description: 'The changes.' }) },
    errors: { types: [...COMMON_ERRORS, SkuVersionConflictError, InvalidStateError] },
    resolve: async (_root, { input }, context) => withSku(await context.services.catalog.updateSku(context, skuId(input), input)),
  }),
  removeSku: t.field({
    type: RemoveSkuPayload,
    description: 'Removes a SKU (any member). The last SKU of a product, and a SKU with orders, stay.',
    ...signedIn,
    args: { input: t.arg({ type: RemoveSkuInput, description: 'The SKU.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, RuleViolationError] },
    resolve: async (_root, { input }, context) => withProduct(await context.services.catalog.removeSku(context, skuId(input))),
  }),
  adjustSkuStock: t.field({
    type: AdjustSkuStockPayload,
    description:
      'Changes stock atomically (any member): by `delta`, never below 0, or to `set`. Concurrent adjustments never lose an update. Audited.',
    ...signedIn,
    args: { input: t.arg({ type: AdjustSkuStockInput, description: 'The change.' }) },
    errors: { types: [...COMMON_ERRORS, InsufficientStockError, SkuVersionConflictError, InvalidStateError, IdempotencyKeyReusedError] },
    resolve: async (_root, { input }, context) => {
      const { idempotencyKey, ...adjustment } = input;
      return withSku(await context.services.catalog.adjustStock(context, skuId(input), adjustment, idempotencyKey ?? null));
    },
  }),
}));
