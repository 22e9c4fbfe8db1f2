import { z } from 'zod';
import { requireStaff, requireViewer, type ServiceContext } from '../../context.ts';
import type { Category, Prisma, Product, Sku } from '../../generated/prisma/client.ts';
import type { CurrencyCode, ProductStatus } from '../../generated/prisma/enums.ts';
import {
  AlreadyExistsError,
  ErrorCode,
  type FieldPath,
  InvalidStateError,
  isUniqueViolation,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  type ValidationIssue,
} from '../../infra/errors.ts';
import { parseMinor } from '../../infra/money.ts';
import { type KeysetOrder, order, type SortDirection } from '../../infra/pagination/keyset.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';
import type { ProductChange, SkuStockChanged } from './catalog.events.ts';
import { publishAfterCommit } from '../../infra/event-bus.ts';
import { InsufficientStockError, SkuVersionConflictError } from './catalog.errors.ts';
import type { PricedSku, SkuOffer } from './pricing.ts';
import {
  attributeCombinationKey,
  attributeNameKey,
  BUYABLE_PRODUCT_WHERE,
  PRODUCT_LIMITS as LIMITS,
  readAttributes,
  SELLER_EDITABLE_STATUSES,
  SELLER_STATUSES,
  sellerChangeBlocker,
  type SkuAttribute,
} from './catalog.rules.ts';

// ─── Input schemas ───

const text = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);
const whole = (min: number, max: number) =>
  z
    .number()
    .int('Must be a whole number')
    .min(min, min === 0 ? 'Must not be negative' : `Must be at least ${min}`)
    .max(max, `Must be at most ${max}`);
const id = z.uuid('Must be an id');

const httpsUrl = z
  .string()
  .trim()
  .max(LIMITS.imageUrlMax, `Must be at most ${LIMITS.imageUrlMax} characters`)
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Must be an https:// URL' }));

const imageInput = z.object({ url: httpsUrl, altText: text(LIMITS.altTextMax).nullish() });

const attributesInput = z
  .array(z.object({ name: text(LIMITS.attributeNameMax), value: text(LIMITS.attributeValueMax) }))
  .max(LIMITS.attributesPerSku, `At most ${LIMITS.attributesPerSku} attributes`)
  .superRefine((attributes, issues) => {
    const seen = new Set<string>();
    attributes.forEach((attribute, index) => {
      const key = attributeNameKey(attribute.name);
      if (seen.has(key)) {
        issues.addIssue({ code: 'custom', path: [index, 'name'], message: `"${attribute.name}" is listed twice in this SKU` });
      }
      seen.add(key);
    });
  });

const dimensionsInput = z.object({
  lengthMm: whole(1, LIMITS.dimensionMmMax),
  widthMm: whole(1, LIMITS.dimensionMmMax),
  heightMm: whole(1, LIMITS.dimensionMmMax),
});

/** Money as typed by the seller; converted to minor units once the shop's currency is known. */
const moneyInput = z.object({ amount: z.string() });

const skuInput = z.object({
  sellerSku: text(LIMITS.sellerSkuMax).regex(/^\S+$/, 'Must not contain spaces'),
  attributes: attributesInput.default([]),
  price: moneyInput,
  stock: whole(0, LIMITS.stockMax),
  lowStockThreshold: whole(0, LIMITS.stockMax).default(5),
  weightGrams: whole(1, LIMITS.weightGramsMax),
  dimensions: dimensionsInput,
});
type SkuInput = z.output<typeof skuInput>;

const productContent = {
  title: text(LIMITS.titleMax),
  description: z.string().trim().max(LIMITS.descriptionMax, `Must be at most ${LIMITS.descriptionMax} characters`),
  bulletPoints: z.array(text(LIMITS.bulletPointMax)).max(LIMITS.bulletPoints, `At most ${LIMITS.bulletPoints} bullet points`),
  brand: text(LIMITS.brandMax).nullish(),
  purchaseLimitPerBuyer: whole(1, LIMITS.stockMax).nullish(),
  categoryId: id,
  images: z.array(imageInput).max(LIMITS.images, `At most ${LIMITS.images} images`),
};

const createProductInput = z
  .object({
    ...productContent,
    description: productContent.description.default(''),
    bulletPoints: productContent.bulletPoints.default([]),
    images: productContent.images.default([]),
    status: z.enum(['DRAFT', 'ACTIVE']).default('DRAFT'),
    skus: z.array(skuInput).min(1, 'A product needs at least one SKU').max(LIMITS.skus, `At most ${LIMITS.skus} SKUs`),
  })
  .superRefine((input, issues) => {
    const codes = new Set<string>();
    const combinations = new Set<string>();
    input.skus.forEach((sku, index) => {
      if (codes.has(sku.sellerSku)) {
        issues.addIssue({ code: 'custom', path: ['skus', index, 'sellerSku'], message: `"${sku.sellerSku}" is used twice` });
      }
      codes.add(sku.sellerSku);
      const combination = attributeCombinationKey(sku.attributes);
      if (combinations.has(combination)) {
        issues.addIssue({
          code: 'custom',
          path: ['skus', index, 'attributes'],
          message: 'Another SKU of this product has the same attributes',
        });
      }
      combinations.add(combination);
    });
  });

/** Absent or null leaves a field as it is; `brand: null` clears the brand. */
const updateProductInput = z.object({
  title: productContent.title.nullish(),
  description: productContent.description.nullish(),
  bulletPoints: productContent.bulletPoints.nullish(),
  brand: productContent.brand,
  purchaseLimitPerBuyer: productContent.purchaseLimitPerBuyer,
  categoryId: id.nullish(),
  images: productContent.images.nullish(),
});

const updateSkuInput = z.object({
  price: moneyInput.nullish(),
  stock: whole(0, LIMITS.stockMax).nullish(),
  lowStockThreshold: whole(0, LIMITS.stockMax).nullish(),
  attributes: attributesInput.nullish(),
  weightGrams: whole(1, LIMITS.weightGramsMax).nullish(),
  dimensions: dimensionsInput.nullish(),
  expectedVersion: whole(0, Number.MAX_SAFE_INTEGER).nullish(),
  reason: text(LIMITS.reasonMax).nullish(),
});

const adjustStockInput = z
  .object({
    delta: whole(-LIMITS.stockMax, LIMITS.stockMax)
      .refine((delta) => delta !== 0, 'Must not be 0')
      .nullish(),
    set: whole(0, LIMITS.stockMax).nullish(),
    expectedVersion: whole(0, Number.MAX_SAFE_INTEGER).nullish(),
    reason: text(LIMITS.reasonMax).nullish(),
  })
  .superRefine((input, issues) => {
    const given = [input.delta, input.set].filter((value) => value !== null && value !== undefined).length;
    if (given !== 1) issues.addIssue({ code: 'custom', path: ['delta'], message: 'Give exactly one of delta and set' });
  });

/** A SKU's stock after a change, as `sku.stockChanged` announces it. */
/** A SKU's stock after a change, and before it. */
export type StockLevel = Pick<Sku, 'id' | 'productId' | 'shopId' | 'stock'> & { previousStock: number };

/** A stock adjustment: add or remove units (`delta`), or set the count (`set`, after a stocktake). */
export type StockAdjustment =
  | { delta: number; expectedVersion?: number | null; reason?: string | null }
  | { set: number; expectedVersion?: number | null; reason?: string | null };

const statusInput = z.object({ status: z.enum(SELLER_STATUSES) });
const freezeInput = z.object({ reason: text(LIMITS.reasonMax) });

const createCategoryInput = z.object({
  slug: z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(60, 'Must be at most 60 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single dashes, e.g. "home-living"'),
  name: text(100),
  platformCommissionBps: whole(0, 10_000).default(500),
  parentId: id.nullish(),
});

// ─── Listing ───

/** How the public product list is ordered. */
export type ProductSort = 'NEWEST' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE';

export interface ProductListFilter {
  shopId?: string | null;
  categoryId?: string | null;
  search?: string | null;
}

/**
 * The Prisma query of one page of products: the `select`/`include` the GraphQL selection needs, and the
 * keyset condition, ordering and size from the shared pagination (src/infra/pagination/keyset.ts) for
 * one of `PRODUCT_ORDERS`.
 */
export interface ProductPageQuery {
  include?: Prisma.ProductInclude;
  select?: Prisma.ProductSelect;
  /** The keyset condition in the terms of the sort's keys; null on a first page. */
  where: object | null;
  orderBy: object[];
  take: number;
}

/** A product as product lists return it; price-sorted pages carry the lowest SKU price they sorted by. */
export type ProductRow = Product & { lowestPriceMinor?: bigint };

/**
 * The order of a price sort: the product's lowest SKU price (what `priceRange.min` shows), computed by
 * grouping SKUs per product, then the product id. Its keys are conditions and orderings of that
 * `sku.groupBy` (`having`, `orderBy`).
 */
function lowestPriceOrder(name: ProductSort, direction: SortDirection): KeysetOrder<ProductRow> {
  return {
    name,
    keys: [
      {
        type: 'bigint',
        direction,
        nullable: false,
        read: (row) => row.lowestPriceMinor ?? null,
        where: (comparison) => ({ priceMinor: { _min: comparison } }),
        orderBy: (order) => ({ _min: { priceMinor: order } }),
      },
      {
        type: 'string',
        direction,
        nullable: false,
        read: (row) => row.id,
        where: (comparison) => ({ productId: comparison }),
        orderBy: (order) => ({ productId: order }),
      },
    ],
  };
}

/** The orders of product lists (`products`, `Shop.products`, showcases, earnable products), by sort. */
export const PRODUCT_ORDERS: Record<ProductSort, KeysetOrder<ProductRow>> = {
  NEWEST: order<ProductRow>('NEWEST', [
    ['createdAt', 'date', 'desc'],
    ['id', 'string', 'desc'],
  ]),
  TITLE: order<ProductRow>('TITLE', [
    ['title', 'string', 'asc'],
    ['id', 'string', 'asc'],
  ]),
  PRICE_ASC: lowestPriceOrder('PRICE_ASC', 'asc'),
  PRICE_DESC: lowestPriceOrder('PRICE_DESC', 'desc'),
};

const searchInput = z.string().trim().max(100, 'Must be at most 100 characters');

/** Products, SKUs, images and categories, with the stock and price audit trail. */
export class CatalogService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
  ) {}

  // ─── Categories ───

  /** Platform staff: adds a category of the platform's tree, with the commission charged on its sales. */
  async createCategory(ctx: ServiceContext, rawInput: unknown): Promise<Category> {
    requireStaff(ctx);
    const input = parseInput(createCategoryInput, rawInput);
    if (input.parentId) {
      const parent = await this.deps.prisma.category.findUnique({ where: { id: input.parentId }, select: { id: true } });
      if (!parent) throw new NotFoundError('Category', ['input', 'parentId']);
    }
    try {
      return await this.deps.prisma.category.create({
        data: {
          slug: input.slug,
          name: input.name,
          platformCommissionBps: input.platformCommissionBps,
          parentId: input.parentId ?? null,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`A category "${input.slug}" exists already`, ['input', 'slug']);
      throw error;
    }
  }

  // ─── Products ───

  /**
   * Lists a new product with its SKUs and images (any member). It starts in DRAFT unless `status` is
   * ACTIVE, which needs a shop that can sell. Seller SKU codes are unique within the shop.
   */
  async createProduct(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Product> {
    const shop = await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    const input = parseInput(createProductInput, rawInput);
    const prices = parsePrices(input.skus, shop.currency, (index) => ['input', 'skus', String(index), 'price', 'amount']);
    await this.requireCategory(input.categoryId, ['input', 'categoryId']);
    if (input.status === 'ACTIVE') await this.shops.assertCanSell(shopId, ['input', 'status']);
    const skuPath = (index: number) => ['input', 'skus', String(index), 'sellerSku'];
    await this.assertSellerSkusFree(shopId, input.skus, skuPath);
    let product: Product;
    try {
      product = await this.deps.prisma.product.create({
        data: {
          shopId,
          title: input.title,
          description: input.description,
          bulletPoints: input.bulletPoints,
          brand: input.brand ?? null,
          purchaseLimitPerBuyer: input.purchaseLimitPerBuyer ?? null,
          categoryId: input.categoryId,
          status: input.status,
          images: { create: imageRows(input.images) },
          skus: { create: input.skus.map((sku, index) => ({ shopId, ...skuRow(sku, prices[index] ?? 0n) })) },
        },
      });
    } catch (error) {
      // Another request took one of the codes between the check and the write.
      if (isUniqueViolation(error)) await this.assertSellerSkusFree(shopId, input.skus, skuPath);
      throw error;
    }
    await this.publishProduct(shopId, product.id, 'LISTING');
    return product;
  }

  /** Edits a product's content (any member). Images, when given, replace the current ones. */
  async updateProduct(ctx: ServiceContext, productId: string, rawInput: unknown): Promise<Product> {
    await this.productForMember(ctx, productId);
    const input = parseInput(updateProductInput, rawInput);
    if (input.categoryId) await this.requireCategory(input.categoryId, ['input', 'categoryId']);
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      await lockEditableProduct(tx, productId);
      if (input.images) {
        await tx.productImage.deleteMany({ where: { productId } });
        await tx.productImage.createMany({ data: imageRows(input.images).map((image) => ({ ...image, productId })) });
      }
      return tx.product.update({
        where: { id: productId },
        data: {
          title: input.title ?? undefined,
          description: input.description ?? undefined,
          bulletPoints: input.bulletPoints ?? undefined,
          brand: input.brand === undefined ? undefined : input.brand,
          purchaseLimitPerBuyer: input.purchaseLimitPerBuyer === undefined ? undefined : input.purchaseLimitPerBuyer,
          categoryId: input.categoryId ?? undefined,
        },
      });
    });
    await this.publishProduct(updated.shopId, updated.id, 'CONTENT');
    return updated;
  }

  /**
   * The seller's status change: DRAFT, ACTIVE, INACTIVE or DELETED (final). ACTIVE needs a shop that can
   * sell. A FROZEN or DELETED product cannot be changed by the seller. Setting the current status is a no-op.
   */
  async setProductStatus(ctx: ServiceContext, productId: string, rawInput: unknown): Promise<Product> {
    const product = await this.productForMember(ctx, productId);
    const input = parseInput(statusInput, rawInput);
    const blocker = sellerChangeBlocker(product.status);
    if (blocker) throw new InvalidStateError(blocker, product.status);
    if (product.status === input.status) return product;
    if (input.status === 'ACTIVE') await this.shops.assertCanSell(product.shopId, ['input', 'status']);
    return this.transitionProduct(productId, SELLER_EDITABLE_STATUSES, { status: input.status });
  }

  /** Platform staff: takes a product off sale for a violation; the seller can no longer change it. */
  async freezeProduct(ctx: ServiceContext, productId: string, rawInput: unknown): Promise<Product> {
    requireStaff(ctx);
    const input = parseInput(freezeInput, rawInput);
    const product = await this.deps.prisma.product.findUnique({ where: { id: productId } });
    if (!product) throw new NotFoundError('Product', ['input', 'productId']);
    if (product.status === 'FROZEN' || product.status === 'DELETED') {
      throw new InvalidStateError(`A ${product.status} product cannot be frozen`, product.status);
    }
    return this.transitionProduct(productId, [product.status], {
      status: 'FROZEN',
      statusBeforeFreeze: product.status,
      frozenReason: input.reason,
    });
  }

  /** Platform staff: lifts a freeze; the product returns to the status it had before. */
  async unfreezeProduct(ctx: ServiceContext, productId: string): Promise<Product> {
    requireStaff(ctx);
    const product = await this.deps.prisma.product.findUnique({ where: { id: productId } });
    if (!product) throw new NotFoundError('Product', ['input', 'productId']);
    if (product.status !== 'FROZEN') throw new InvalidStateError('Only a FROZEN product can be unfrozen', product.status);
    return this.transitionProduct(productId, ['FROZEN'], {
      status: product.statusBeforeFreeze ?? 'INACTIVE',
      statusBeforeFreeze: null,
      frozenReason: null,
    });
  }

  // ─── SKUs ───

  /** Adds a SKU to a product (any member); at most 100 per product, each with its own attribute combination. */
  async addSku(ctx: ServiceContext, productId: string, rawInput: unknown): Promise<Sku> {
    const product = await this.productForMember(ctx, productId);
    const input = parseInput(skuInput, rawInput);
    const [price = 0n] = parsePrices([input], product.shop.currency, () => ['input', 'price', 'amount']);
    const codePath = () => ['input', 'sellerSku'];
    await this.assertSellerSkusFree(product.shopId, [input], codePath);
    let sku: Sku;
    try {
      sku = await this.deps.prisma.$transaction(async (tx) => {
        await lockEditableProduct(tx, productId);
        const siblings = await tx.sku.findMany({ where: { productId }, select: { attributes: true } });
        if (siblings.length >= LIMITS.skus) {
          throw new RuleViolationError(ErrorCode.LIMIT_REACHED, `A product has at most ${LIMITS.skus} SKUs`, ['input', 'productId']);
        }
        assertNewCombination(input.attributes, siblings, ['input', 'attributes']);
        return tx.sku.create({ data: { productId, shopId: product.shopId, ...skuRow(input, price) } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) await this.assertSellerSkusFree(product.shopId, [input], codePath);
      throw error;
    }
    await this.publishProduct(product.shopId, productId, 'LISTING', sku.id);
    return sku;
  }

  /**
   * Edits a SKU (any member). Price and stock changes are compare-and-set when `expectedVersion` is
   * given, bump the version, and are written to the audit trail in the same transaction.
   */
  async updateSku(ctx: ServiceContext, skuId: string, rawInput: unknown): Promise<Sku> {
    const sku = await this.skuForMember(ctx, skuId);
    const input = parseInput(updateSkuInput, rawInput);
    const price = input.price ? parseMinor(input.price.amount, sku.shop.currency, ['input', 'price', 'amount']) : null;
    const actorId = requireViewer(ctx);
    const { updated, previous } = await this.deps.prisma.$transaction(async (tx) => {
      await lockEditableProduct(tx, sku.productId);
      const current = await lockSku(tx, skuId);
      const expectedVersion = input.expectedVersion ?? null;
      if (expectedVersion !== null && expectedVersion !== current.version) {
        throw new SkuVersionConflictError(expectedVersion, current.version);
      }
      if (input.attributes) {
        const siblings = await tx.sku.findMany({ where: { productId: sku.productId, id: { not: skuId } }, select: { attributes: true } });
        assertNewCombination(input.attributes, siblings, ['input', 'attributes']);
      }
      const changes: Prisma.SkuChangeCreateManyInput[] = [];
      const audit = { skuId, actorId, reason: input.reason ?? null };
      if (price !== null && price !== current.priceMinor) {
        changes.push({ ...audit, field: 'PRICE', oldValue: current.priceMinor, newValue: price });
      }
      const stock = input.stock ?? null;
      if (stock !== null && stock !== current.stock) {
        changes.push({ ...audit, field: 'STOCK', oldValue: BigInt(current.stock), newValue: BigInt(stock) });
      }
      const row = await tx.sku.update({
        where: { id: skuId },
        data: {
          priceMinor: price ?? undefined,
          stock: input.stock ?? undefined,
          lowStockThreshold: input.lowStockThreshold ?? undefined,
          attributes: input.attributes ?? undefined,
          weightGrams: input.weightGrams ?? undefined,
          lengthMm: input.dimensions?.lengthMm,
          widthMm: input.dimensions?.widthMm,
          heightMm: input.dimensions?.heightMm,
          version: changes.length > 0 ? { increment: 1 } : undefined,
        },
      });
      if (changes.length > 0) await tx.skuChange.createMany({ data: changes });
      return { updated: row, previous: current };
    });
    if (updated.priceMinor !== previous.priceMinor) await this.publishProduct(updated.shopId, updated.productId, 'PRICE', skuId);
    else if (input.attributes || input.weightGrams || input.dimensions) await this.publishProduct(updated.shopId, updated.productId, 'CONTENT', skuId);
    if (updated.stock !== previous.stock) await this.publishStock([{ ...updated, previousStock: previous.stock }]);
    return updated;
  }

  /** Removes a SKU (any member). A product keeps at least one; a SKU that was ever ordered stays. */
  async removeSku(ctx: ServiceContext, skuId: string): Promise<Product> {
    const sku = await this.skuForMember(ctx, skuId);
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      const product = await lockEditableProduct(tx, sku.productId);
      const count = await tx.sku.count({ where: { productId: sku.productId } });
      if (count <= 1) {
        throw new RuleViolationError(ErrorCode.LAST_SKU, 'A product keeps at least one SKU: add another first', ['input', 'skuId']);
      }
      const ordered = await tx.orderItem.count({ where: { skuId } });
      if (ordered > 0) {
        throw new RuleViolationError(ErrorCode.SKU_HAS_ORDERS, 'This SKU has orders and cannot be removed: set its stock to 0 instead', [
          'input',
          'skuId',
        ]);
      }
      await tx.sku.delete({ where: { id: skuId } });
      return tx.product.findUniqueOrThrow({ where: { id: product.id } });
    });
    await this.publishProduct(updated.shopId, updated.id, 'LISTING', skuId);
    return updated;
  }

  /**
   * Changes a SKU's stock (any member) atomically, so concurrent adjustments never lose an update:
   * `delta` is one conditional UPDATE (`stock = stock + delta WHERE stock + delta >= 0`); `set` locks the
   * row. With `expectedVersion` either is also a compare-and-set on the version. The change is audited in
   * the same transaction, and `sku.stockChanged` is published after it commits.
   */
  async adjustStock(
    ctx: ServiceContext,
    skuId: string,
    rawInput: StockAdjustment | Readonly<Record<string, unknown>>,
    idempotencyKey: string | null = null,
  ): Promise<Sku> {
    const sku = await this.skuForMember(ctx, skuId);
    const input = parseInput(adjustStockInput, rawInput);
    if (sku.product.status === 'DELETED') throw new InvalidStateError('The product is deleted', sku.product.status);
    const actorId = requireViewer(ctx);
    const expectedVersion = input.expectedVersion ?? undefined;
    const request = { userId: actorId, operation: 'adjustSkuStock', key: idempotencyKey, parameters: { skuId, ...input } };
    // Typed by assertion: control-flow narrowing would otherwise pin it to null past the callback.
    let changed = null as { sku: Sku; previousStock: number } | null;
    const { replayed } = await this.deps.idempotency.run(request, async (tx) => {
      let before: number;
      let after: Sku;
      const delta = input.delta ?? null;
      if (delta !== null) {
        const [row] = await tx.sku.updateManyAndReturn({
          where: {
            id: skuId,
            stock: delta < 0 ? { gte: -delta } : { lte: LIMITS.stockMax - delta },
            ...(expectedVersion === undefined ? {} : { version: expectedVersion }),
          },
          data: { stock: { increment: delta }, version: { increment: 1 } },
        });
        if (!row) {
          const current = await tx.sku.findUniqueOrThrow({ where: { id: skuId } });
          if (expectedVersion !== undefined && current.version !== expectedVersion) {
            throw new SkuVersionConflictError(expectedVersion, current.version);
          }
          if (delta < 0) throw new InsufficientStockError(current.stock, -delta);
          throw ValidationError.single(['input', 'delta'], `Stock cannot exceed ${LIMITS.stockMax}`);
        }
        before = row.stock - delta;
        after = row;
      } else {
        const set = input.set ?? 0;
        const current = await lockSku(tx, skuId);
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new SkuVersionConflictError(expectedVersion, current.version);
        }
        before = current.stock;
        after = await tx.sku.update({ where: { id: skuId }, data: { stock: set, version: { increment: 1 } } });
      }
      await tx.skuChange.create({
        data: { skuId, actorId, field: 'STOCK', oldValue: BigInt(before), newValue: BigInt(after.stock), reason: input.reason ?? null },
      });
      changed = { sku: after, previousStock: before };
      return { skuId };
    });
    // A fresh change answers the row as this change left it; a replay, the SKU as it is now.
    if (replayed || !changed) return this.deps.prisma.sku.findUniqueOrThrow({ where: { id: skuId } });
    await this.publishStock([{ ...changed.sku, previousStock: changed.previousStock }]);
    return changed.sku;
  }

  /**
   * Adds (`delta` > 0) or takes (`delta` < 0) units inside the caller's transaction, as one conditional
   * UPDATE that never takes stock below 0, audited as a system change when `actorId` is null (checkout,
   * cancellation). Returns null, changing nothing, when there are fewer than `-delta` units.
   */
  async changeStockIn(
    tx: Prisma.TransactionClient,
    skuId: string,
    delta: number,
    audit: { actorId: string | null; reason: string },
  ): Promise<StockLevel | null> {
    const [row] = await tx.sku.updateManyAndReturn({
      where: { id: skuId, ...(delta < 0 ? { stock: { gte: -delta } } : {}) },
      data: { stock: { increment: delta }, version: { increment: 1 } },
      select: { id: true, productId: true, shopId: true, stock: true },
    });
    if (!row) return null;
    const previousStock = row.stock - delta;
    await tx.skuChange.create({
      data: { skuId, actorId: audit.actorId, field: 'STOCK', oldValue: BigInt(previousStock), newValue: BigInt(row.stock), reason: audit.reason },
    });
    return { ...row, previousStock };
  }

  // ─── Reads ───

  /** Current offers (unit price and the promotion setting it) of SKUs through the installed pricing strategy, in one batch. */
  currentOffers(skus: readonly PricedSku[], liveStreamId: string | null = null): Promise<Map<string, SkuOffer>> {
    return this.deps.pricing.offers(skus, this.deps.clock.now(), { liveStreamId });
  }

  /** Current unit prices of SKUs through the installed pricing strategy, in one batch. */
  currentUnitPrices(skus: readonly PricedSku[]): Promise<Map<string, bigint>> {
    return this.deps.pricing.unitPrices(skus, this.deps.clock.now());
  }


  /** A page of buyable products (SPEC §4: ACTIVE, shop can sell, a SKU in stock), filtered and sorted. */
  async listBuyableProducts(query: ProductPageQuery, filter: ProductListFilter, sort: ProductSort): Promise<ProductRow[]> {
    return this.pageBuyableProducts(query, productFilterWhere(filter), sort);
  }

  /**
   * A page of the buyable products `narrowing` selects, in `sort` order (`query` is keyset-paged in
   * `PRODUCT_ORDERS[sort]`). The price sorts group SKUs per product in SQL and then load the page's
   * products with the selection: two statements whatever the page size. Only buyable products, whatever
   * the caller asks for: every product list of the public pages (catalogue, showcases, earnable products)
   * shows only those, and the GraphQL layer counts on it to skip their visibility check.
   */
  async pageBuyableProducts(query: ProductPageQuery, narrowing: Prisma.ProductWhereInput, sort: ProductSort): Promise<ProductRow[]> {
    const where: Prisma.ProductWhereInput = { AND: [BUYABLE_PRODUCT_WHERE, narrowing] };
    if (sort === 'NEWEST' || sort === 'TITLE') {
      const { where: after, orderBy, ...rest } = query;
      return this.deps.prisma.product.findMany({
        ...rest,
        where: after ? { AND: [where, after as Prisma.ProductWhereInput] } : where,
        orderBy: orderBy as Prisma.ProductOrderByWithRelationInput[],
      });
    }
    return this.pageByLowestPrice(query, where);
  }

  /** The Prisma filter of a shop's own product list: every status but DELETED unless `statuses` say otherwise. */
  shopProductsWhere(shopId: string, options: { statuses?: readonly ProductStatus[] | null; search?: string | null }): Prisma.ProductWhereInput {
    return {
      shopId,
      status: options.statuses ? { in: [...options.statuses] } : { not: 'DELETED' },
      ...titleContains(options.search ? parseInput(searchInput, options.search) : ''),
    };
  }

  /** The Prisma filter of a shop's SKUs at or below their low-stock threshold, leaving out deleted products. */
  lowStockSkuWhere(shopId: string): Prisma.SkuWhereInput {
    return {
      shopId,
      stock: { lte: this.deps.prisma.sku.fields.lowStockThreshold },
      product: { status: { not: 'DELETED' } },
    };
  }

  private async pageByLowestPrice(query: ProductPageQuery, where: Prisma.ProductWhereInput): Promise<ProductRow[]> {
    const { where: having, orderBy, take, ...selection } = query;
    const groups = await this.deps.prisma.sku.groupBy({
      by: ['productId'],
      where: { product: where },
      _min: { priceMinor: true },
      having: (having ?? undefined) as Prisma.SkuScalarWhereWithAggregatesInput | undefined,
      orderBy: orderBy as ({ _min: { priceMinor: Prisma.SortOrder } } | { productId: Prisma.SortOrder })[],
      take,
    });
    const products = await this.deps.prisma.product.findMany({ ...selection, where: { id: { in: groups.map((group) => group.productId) } } });
    const byId = new Map(products.map((product) => [product.id, product]));
    return groups.flatMap((group) => {
      const product = byId.get(group.productId);
      return product && group._min.priceMinor !== null ? [{ ...product, id: group.productId, lowestPriceMinor: group._min.priceMinor }] : [];
    });
  }

  // ─── Helpers ───

  /** A product the viewer may edit as a member of its shop; anyone else: not found. */
  private async productForMember(ctx: ServiceContext, productId: string) {
    const product = await this.deps.prisma.product.findUnique({
      where: { id: productId },
      include: { shop: { select: { currency: true } } },
    });
    if (!product) throw new NotFoundError('Product', ['input', 'productId']);
    await this.requireMember(ctx, product.shopId, 'Product', ['input', 'productId']);
    return product;
  }

  private async skuForMember(ctx: ServiceContext, skuId: string) {
    const sku = await this.deps.prisma.sku.findUnique({
      where: { id: skuId },
      include: { shop: { select: { currency: true } }, product: { select: { status: true } } },
    });
    if (!sku) throw new NotFoundError('Sku', ['input', 'skuId']);
    await this.requireMember(ctx, sku.shopId, 'Sku', ['input', 'skuId']);
    return sku;
  }

  /** Any member role; outside the shop the object reads as not found, like the shop itself. */
  private async requireMember(ctx: ServiceContext, shopId: string, resource: string, field: FieldPath): Promise<void> {
    try {
      await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(resource, field);
      throw error;
    }
  }

  private async requireCategory(categoryId: string, field: FieldPath): Promise<void> {
    const category = await this.deps.prisma.category.findUnique({ where: { id: categoryId }, select: { id: true } });
    if (!category) throw new NotFoundError('Category', field);
  }

  /** Refuses seller SKU codes the shop uses already, naming the first offending input field. */
  private async assertSellerSkusFree(
    shopId: string,
    skus: readonly { sellerSku: string }[],
    path: (index: number) => FieldPath,
  ): Promise<void> {
    const taken = await this.deps.prisma.sku.findMany({
      where: { shopId, sellerSku: { in: skus.map((sku) => sku.sellerSku) } },
      select: { sellerSku: true },
    });
    const takenCodes = new Set(taken.map((sku) => sku.sellerSku));
    const index = skus.findIndex((sku) => takenCodes.has(sku.sellerSku));
    const clash = skus[index];
    if (clash) throw new AlreadyExistsError(`The shop already has a SKU with the code "${clash.sellerSku}"`, path(index));
  }

  /** A compare-and-set status change: a concurrent change cannot be overwritten unseen. */
  private async transitionProduct(
    productId: string,
    from: readonly Product['status'][],
    data: Prisma.ProductUncheckedUpdateManyInput,
  ): Promise<Product> {
    const [updated] = await this.deps.prisma.product.updateManyAndReturn({ where: { id: productId, status: { in: [...from] } }, data });
    if (updated) {
      await this.publishProduct(updated.shopId, updated.id, 'LISTING');
      return updated;
    }
    const current = await this.deps.prisma.product.findUniqueOrThrow({ where: { id: productId } });
    throw new InvalidStateError(`The product is ${current.status} now; reload it and try again`, current.status);
  }

  /**
   * Publishes stock changes after commit, to each product's own topic and to the catalogue-wide one. The
   * write stands even if the bus is down: a failed publish is logged only.
   */
  async publishStock(levels: readonly StockLevel[]): Promise<void> {
    for (const sku of levels) {
      const event: SkuStockChanged = {
        shopId: sku.shopId,
        productId: sku.productId,
        skuId: sku.id,
        stock: sku.stock,
        previousStock: sku.previousStock,
        occurredAt: this.deps.clock.now().toISOString(),
      };
      await publishAfterCommit(this.deps.events, this.deps.log, 'sku.stockChanged', sku.productId, event);
      await publishAfterCommit(this.deps.events, this.deps.log, 'catalog.stockChanged', event);
    }
  }

  /** Publishes a change of a product buyers can see, after commit. */
  private async publishProduct(shopId: string, productId: string, change: ProductChange, skuId: string | null = null): Promise<void> {
    await publishAfterCommit(this.deps.events, this.deps.log, 'catalog.productChanged', {
      shopId,
      productId,
      change,
      skuId,
      occurredAt: this.deps.clock.now().toISOString(),
    });
  }
}

// ─── Module helpers ───

/** The Prisma filter of a product list's shop, category and title search. */
export function productFilterWhere(filter: ProductListFilter): Prisma.ProductWhereInput {
  return {
    ...(filter.shopId ? { shopId: filter.shopId } : {}),
    ...(filter.categoryId ? { categoryId: filter.categoryId } : {}),
    ...titleContains(filter.search ? parseInput(searchInput, filter.search) : ''),
  };
}

/** A case-insensitive substring match on the title, with LIKE's wildcards taken literally. */
function titleContains(search: string): Prisma.ProductWhereInput {
  if (!search) return {};
  return { title: { contains: search.replace(/[\\%_]/g, (char) => `\\${char}`), mode: 'insensitive' } };
}


/**
 * Locks the product row for the rest of the transaction (SKU-set changes of one product are serialised:
 * the 100-SKU limit, unique combinations and "keep one SKU" hold under concurrency) and checks that the
 * seller may still edit it.
 */
async function lockEditableProduct(tx: Prisma.TransactionClient, productId: string): Promise<Product> {
  await tx.$queryRaw`SELECT "id" FROM "Product" WHERE "id" = ${productId}::uuid FOR UPDATE`;
  const product = await tx.product.findUnique({ where: { id: productId } });
  if (!product) throw new NotFoundError('Product', ['input', 'productId']);
  const blocker = sellerChangeBlocker(product.status);
  if (blocker) throw new InvalidStateError(blocker, product.status);
  return product;
}

/**
 * Locks a SKU row for the rest of the transaction and reads it as it is now (under READ COMMITTED the
 * read after the lock sees every change committed before the lock was granted).
 */
async function lockSku(tx: Prisma.TransactionClient, skuId: string): Promise<Sku> {
  await tx.$queryRaw`SELECT "id" FROM "Sku" WHERE "id" = ${skuId}::uuid FOR UPDATE`;
  const sku = await tx.sku.findUnique({ where: { id: skuId } });
  if (!sku) throw new NotFoundError('Sku', ['input', 'skuId']);
  return sku;
}

/** Parses every SKU price in the shop's currency, reporting all bad ones at once. */
function parsePrices(
  skus: readonly { price: { amount: string } }[],
  currency: CurrencyCode,
  path: (index: number) => FieldPath,
): bigint[] {
  const issues: ValidationIssue[] = [];
  const prices = skus.map((sku, index) => {
    try {
      return parseMinor(sku.price.amount, currency, path(index));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
      return 0n;
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return prices;
}

function assertNewCombination(attributes: readonly SkuAttribute[], siblings: readonly { attributes: Prisma.JsonValue }[], field: FieldPath): void {
  const key = attributeCombinationKey(attributes);
  const clash = siblings.some((sibling) => attributeCombinationKey(readAttributes(sibling.attributes)) === key);
  if (clash) throw ValidationError.single(field, 'Another SKU of this product has the same attributes');
}

function imageRows(images: readonly { url: string; altText?: string | null }[]) {
  return images.map((image, position) => ({ url: image.url, altText: image.altText ?? null, position }));
}

function skuRow(sku: SkuInput, priceMinor: bigint) {
  return {
    sellerSku: sku.sellerSku,
    attributes: sku.attributes.map((attribute) => ({ name: attribute.name, value: attribute.value })),
    priceMinor,
    stock: sku.stock,
    lowStockThreshold: sku.lowStockThreshold,
    weightGrams: sku.weightGrams,
    lengthMm: sku.dimensions.lengthMm,
    widthMm: sku.dimensions.widthMm,
    heightMm: sku.dimensions.heightMm,
  };
}
