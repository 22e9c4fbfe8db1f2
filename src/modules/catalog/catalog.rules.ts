import type { Prisma } from '../../generated/prisma/client.ts';
import type { ProductStatus } from '../../generated/prisma/enums.ts';
import { SHOP_CAN_SELL_WHERE, sellBlockers } from '../shops/shop.rules.ts';

/**
 * The catalogue's business rules as pure functions and the Prisma filters that must agree with them.
 * A rule that is both checked on loaded rows (a field such as `Product.buyable`) and used to filter a
 * query (the public `products` list) lives here in both forms; a test checks that they agree.
 */

/** Limits of a product listing. */
export const PRODUCT_LIMITS = {
  titleMax: 255,
  descriptionMax: 10_000,
  bulletPoints: 10,
  bulletPointMax: 500,
  brandMax: 100,
  images: 9,
  imageUrlMax: 2048,
  altTextMax: 255,
  skus: 100,
  sellerSkuMax: 64,
  attributesPerSku: 10,
  attributeNameMax: 50,
  attributeValueMax: 100,
  /** Stock fits a 32-bit column with room for one adjustment of the same size. */
  stockMax: 1_000_000_000,
  weightGramsMax: 1_000_000,
  dimensionMmMax: 100_000,
  reasonMax: 500,
} as const;

/** What decides whether a product's shop can sell (the shape `sellBlockers` needs, as Prisma loads it). */
export interface ShopSellState {
  verificationStatus: string;
  suspendedAt: Date | null;
  bankAccount: { id: string } | null;
}

/** The Prisma `select` that loads a `ShopSellState`. */
export const SHOP_SELL_STATE_SELECT = {
  verificationStatus: true,
  suspendedAt: true,
  bankAccount: { select: { id: true } },
} as const satisfies Prisma.ShopSelect;

export function shopCanSell(shop: ShopSellState): boolean {
  return sellBlockers({ ...shop, hasBankAccount: shop.bankAccount !== null }).length === 0;
}

// ─── Listed: visible to everyone ───

/**
 * A product is **listed** (public: anyone can open its page) when it is ACTIVE and its shop can sell.
 * A listed product whose SKUs are all out of stock is still shown, as sold out, but is not buyable.
 */
export function isProductListed(product: { status: ProductStatus; shop: ShopSellState }): boolean {
  return product.status === 'ACTIVE' && shopCanSell(product.shop);
}

/** Prisma filter of listed products; agrees with `isProductListed`. */
export const LISTED_PRODUCT_WHERE = {
  status: 'ACTIVE',
  shop: SHOP_CAN_SELL_WHERE,
} as const satisfies Prisma.ProductWhereInput;

// ─── Buyable (SPEC §4) ───

/** A SKU is in stock when it has units left to sell. */
export function isSkuInStock(sku: { stock: number }): boolean {
  return sku.stock > 0;
}

export const IN_STOCK_SKU_WHERE = { stock: { gt: 0 } } as const satisfies Prisma.SkuWhereInput;

/** A SKU is **buyable** when its product is ACTIVE, its shop can sell, and it has stock > 0. */
export function isSkuBuyable(sku: { stock: number }, product: { status: ProductStatus; shop: ShopSellState }): boolean {
  return isSkuInStock(sku) && isProductListed(product);
}

/** Prisma filter of buyable SKUs; agrees with `isSkuBuyable`. */
export const BUYABLE_SKU_WHERE = {
  ...IN_STOCK_SKU_WHERE,
  product: LISTED_PRODUCT_WHERE,
} as const satisfies Prisma.SkuWhereInput;

/** A product is buyable when at least one of its SKUs is: the public `products` list shows only these. */
export function isProductBuyable(product: {
  status: ProductStatus;
  shop: ShopSellState;
  skus: readonly { stock: number }[];
}): boolean {
  return product.skus.some((sku) => isSkuBuyable(sku, product));
}

/** Prisma filter of buyable products; agrees with `isProductBuyable`. */
export const BUYABLE_PRODUCT_WHERE = {
  ...LISTED_PRODUCT_WHERE,
  skus: { some: IN_STOCK_SKU_WHERE },
} as const satisfies Prisma.ProductWhereInput;

// ─── Visibility ───

/**
 * Who may read a product (its page, `node(id:)`, its SKUs): anyone when it is listed; members of its
 * shop and platform staff always, whatever its status, DELETED included (they keep its history).
 * Anyone else gets "not found". As a Prisma filter, to add to lookups by id.
 */
export function visibleProductWhere(viewer: { userId: string; isStaff: boolean } | null): Prisma.ProductWhereInput {
  if (viewer?.isStaff) return {};
  if (!viewer) return LISTED_PRODUCT_WHERE;
  return { OR: [LISTED_PRODUCT_WHERE, { shop: { members: { some: { userId: viewer.userId } } } }] };
}

// ─── Stock alerts ───

/** A SKU is low on stock when its stock is at or below its threshold (the seller's alert). */
export function isLowStock(sku: { stock: number; lowStockThreshold: number }): boolean {
  return sku.stock <= sku.lowStockThreshold;
}

// ─── Status ───

/** Statuses a seller may set. FROZEN is set and lifted by platform staff only. */
export const SELLER_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE', 'DELETED'] as const satisfies readonly ProductStatus[];
export type SellerStatus = (typeof SELLER_STATUSES)[number];

/** Statuses in which the seller may still edit a product and change its status. */
export const SELLER_EDITABLE_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE'] as const satisfies readonly ProductStatus[];

/**
 * Why the seller may not change a product from `from`, or null when they may. DELETED is final;
 * FROZEN is in the hands of platform staff. Between DRAFT, ACTIVE and INACTIVE every move is allowed
 * (ACTIVE also needs a shop that can sell, checked separately), and any of them may become DELETED.
 */
export function sellerChangeBlocker(from: ProductStatus): string | null {
  if (from === 'DELETED') return 'The product is deleted; deletion is final';
  if (from === 'FROZEN') return 'The product is frozen by platform staff and cannot be changed by the seller until they unfreeze it';
  return null;
}

// ─── Variant attributes ───

export interface SkuAttribute {
  name: string;
  value: string;
}

/** Attribute names compare without case or surrounding space: "Colour" and " colour" are the same. */
export function attributeNameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}

/**
 * The combination a SKU stands for, independent of the order its attributes are listed in and of case.
 * Two SKUs of one product may not stand for the same combination.
 */
export function attributeCombinationKey(attributes: readonly SkuAttribute[]): string {
  return JSON.stringify(
    attributes
      .map((attribute) => [attributeNameKey(attribute.name), attribute.value.trim().toLocaleLowerCase('en')] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Reads the `attributes` JSON column back; anything malformed reads as no attributes. */
export function readAttributes(value: Prisma.JsonValue): SkuAttribute[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item && typeof item === 'object' && !Array.isArray(item) && typeof item.name === 'string' && typeof item.value === 'string'
      ? [{ name: item.name, value: item.value }]
      : [],
  );
}

/**
 * The one order of a product's SKUs. Computed fields that read the SKUs load them with the same
 * arguments as the `skus` field, so the prisma plugin merges them into one query instead of falling
 * back to a query per product; the pinned product's card (live.card.ts) loads them so too.
 */
export const SKU_ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.SkuOrderByWithRelationInput[];

/** The display order of a product's images. */
export const IMAGE_ORDER = [{ position: 'asc' }, { id: 'asc' }] satisfies Prisma.ProductImageOrderByWithRelationInput[];
