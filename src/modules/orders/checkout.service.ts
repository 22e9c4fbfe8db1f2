import { z } from 'zod';
import { requireViewer, type ServiceContext } from '../../context.ts';
import { type Order, Prisma } from '../../generated/prisma/client.ts';
import { type ProductStatus, Region } from '../../generated/prisma/enums.ts';
import { ErrorCode, NotFoundError, RuleViolationError, ValidationError, type FieldPath } from '../../infra/errors.ts';
import type { IdempotentRequest } from '../../infra/idempotency.ts';
import { parseInput, plainText } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { bestPlanFor, type PlanCommission } from '../affiliates/affiliate.rules.ts';
import type { AffiliatePlanService } from '../affiliates/affiliate-plan.service.ts';
import { isProductListed } from '../catalog/catalog.rules.ts';
import type { CatalogService, StockLevel } from '../catalog/catalog.service.ts';
import type { ShopQuote } from '../promotions/checkout-pricing.ts';
import { NotBuyableError, OutOfStockError, PurchaseLimitReachedError } from './order.errors.ts';
import { orderNumber, salesChannel } from './order.rules.ts';
import { OrderChanges, type OrderService } from './order.service.ts';

const id = z.uuid('Must be an id');

const placeOrderInput = z.object({
  items: z
    .array(z.object({ skuId: id, quantity: z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(999, 'Must be at most 999') }))
    .min(1, 'A checkout needs at least one item')
    .max(50, 'At most 50 items per checkout')
    .superRefine((items, issues) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.skuId)) issues.addIssue({ code: 'custom', path: [index, 'skuId'], message: 'Listed twice: raise the quantity instead' });
        seen.add(item.skuId);
      });
    }),
  shippingAddress: z.object({
    recipientName: plainText(100),
    phone: plainText(30).pipe(z.string().regex(/^\+?[0-9 ()-]{6,30}$/, 'Must be a phone number')),
    line1: plainText(200),
    line2: plainText(200).nullish(),
    city: plainText(100),
    province: plainText(100).nullish(),
    postalCode: plainText(20),
    region: z.enum(Region),
  }),
  voucherCode: plainText(50).nullish(),
  attribution: z
    .object({ liveStreamId: id.nullish(), videoId: plainText(100).nullish(), accountId: id.nullish(), affiliatePlanId: id.nullish() })
    .nullish(),
});

type PlaceOrderInput = z.output<typeof placeOrderInput>;

/** What a checkout stores under its idempotency key and replays. */
interface CheckoutReceipt extends Prisma.InputJsonObject {
  orderIds: string[];
}

export interface PlacedOrders {
  orders: Order[];
  /** True when an earlier request with the same idempotency key placed them. */
  replayed: boolean;
}

/** Advisory-lock key spaces (the first of the two int4 keys), so different locks never collide. */
const LOCK_SPACE = { stock: 7_301, purchaseLimit: 7_302 } as const;

/** A cart line's SKU with what checkout checks of its product and shop, as `checkLines` reads it. */
interface LineRow {
  id: string;
  productId: string;
  shopId: string;
  stock: number;
  attributes: Prisma.JsonValue;
  title: string;
  status: ProductStatus;
  purchaseLimitPerBuyer: number | null;
  region: Region;
  verificationStatus: string;
  suspendedAt: Date | null;
  bankAccountId: string | null;
}

/** Where the sold units of a line came from, for attribution. */
interface Attribution {
  liveStreamId: string | null;
  videoId: string | null;
  accountId: string | null;
  plans: PlanCommission[];
}

/**
 * Checkout (SPEC §7): turns a cart into one UNPAID order per shop, priced by the installed
 * `CheckoutPricing` at this moment, with stock reserved atomically.
 *
 * Concurrency: a SKU this instance saw sold out is refused from `StockAdmission`'s memo without a
 * statement, and at the peak of a sale a checkout waits there, holding no connection, while this
 * instance's checkouts in flight hold the units left (see stock-admission.ts). Checks that only read
 * (the SKU is buyable, enough stock is left, the price) run before the transaction, so a buyer of a
 * sold-out SKU is refused without touching the hot row. Inside the
 * transaction the orders are written first and the stock is taken last, so each SKU row stays locked
 * only from its conditional UPDATE to the commit. Before that UPDATE a checkout tries the SKU's
 * advisory lock: when another checkout holds it, it re-reads the committed stock and gives up at once
 * if it cannot be served, instead of queueing on the row; only a checkout that can still win waits.
 */
export class CheckoutService {
  constructor(
    private readonly deps: Dependencies,
    private readonly orders: OrderService,
    private readonly catalog: CatalogService,
    private readonly affiliatePlans: AffiliatePlanService,
  ) {}

  /**
   * Places the viewer's cart. With an idempotency key, a retry (or a concurrent duplicate, which waits
   * for the first) returns the same orders; the same key with another cart is refused.
   */
  async placeOrder(ctx: ServiceContext, rawInput: unknown, idempotencyKey: string | null | undefined): Promise<PlacedOrders> {
    const buyerId = requireViewer(ctx);
    const input = parseInput(placeOrderInput, rawInput);
    const request = { userId: buyerId, operation: 'placeOrder', key: idempotencyKey, parameters: input };
    // A retry of a checkout that went through gets its orders back even once the stock is gone, so the
    // stored result comes first: a request with a key pays this one read before any refusal.
    const earlier = await this.deps.idempotency.lookup<CheckoutReceipt>(request);
    if (earlier) return this.placed(earlier.receipt, true);
    const remembered = this.soldOutError(input, this.deps.stockAdmission.soldOut(input.items.map((item) => item.skuId)));
    if (remembered) throw remembered;

    // Waits here, without a connection, while this instance's checkouts in flight hold the units left.
    const ticket = await this.deps.stockAdmission.admit(input.items);
    if ('soldOut' in ticket) throw this.soldOutError(input, ticket.soldOut) ?? new Error('Admission named a SKU outside the cart');
    const seen = new Map<string, number>();
    try {
      const skus = await this.checkLines(input);
      const placed = await this.reserveAndPlace(buyerId, input, request, skus);
      for (const level of placed.stock) seen.set(level.id, level.stock);
      return placed.result;
    } catch (error) {
      if (error instanceof OutOfStockError) seen.set(error.skuId, error.available);
      throw error;
    } finally {
      ticket.end(seen);
    }
  }

  /**
   * Prices the cart at this moment and, in one transaction, writes its orders and takes their
   * promotion units and stock. Returns the stock levels it committed (none for a replay).
   */
  private async reserveAndPlace(
    buyerId: string,
    input: PlaceOrderInput,
    request: IdempotentRequest,
    skus: Awaited<ReturnType<CheckoutService['checkLines']>>,
  ): Promise<{ result: PlacedOrders; stock: StockLevel[] }> {
    const now = this.deps.clock.now();
    const attribution = await this.attribution(input.attribution, [...new Set([...skus.values()].map((sku) => sku.shopId))]);
    const quotes = await this.deps.checkoutPricing.quote(this.deps.prisma, {
      buyerId,
      lines: input.items,
      voucherCode: input.voucherCode ?? null,
      destination: { region: input.shippingAddress.region, postalCode: input.shippingAddress.postalCode },
      liveStreamId: attribution.liveStreamId,
      at: now,
    });

    const changes = new OrderChanges();
    const orders: Order[] = [];
    const outcome = await this.deps.idempotency.run(request, async (tx) => {
      // Another instance's checkouts may have taken the stock since it was read: one cheap read (it
      // never waits for row locks) spares writing orders only to roll them back.
      await this.checkCommittedStock(tx, input);
      await this.checkPurchaseLimits(tx, buyerId, input, skus);
      const created: { orderId: string; quote: ShopQuote }[] = [];
      for (const quote of quotes) {
        const order = await tx.order.create({ data: this.orderRow(buyerId, input, quote, skus, attribution, now) });
        orders.push(order);
        created.push({ orderId: order.id, quote });
      }
      await this.deps.checkoutPricing.reserve(tx, buyerId, created);
      // The hot rows last, in one order (by SKU id) so that two carts never wait for each other.
      const lines = input.items.map((line, index) => ({ ...line, index })).sort((a, b) => a.skuId.localeCompare(b.skuId));
      for (const line of lines) changes.stock.push(await this.takeStock(tx, line.skuId, line.quantity, ['input', 'items', String(line.index), 'quantity']));
      // The events once every unit is taken: a cart refused above rolls back without having taken an
      // event sequence number, so it leaves no gap for the order-event streams to wait on.
      for (const order of orders) await this.orders.record(tx, changes, order, 'PLACED', buyerId, { total: order.totalMinor.toString(), currency: order.currency });
      return { orderIds: created.map((order) => order.orderId) } satisfies CheckoutReceipt;
    });
    if (outcome.replayed) return { result: await this.placed(outcome.receipt, true), stock: [] };
    await this.orders.publish(changes);
    // The rows as this transaction wrote them: no read after the commit.
    return { result: { orders, replayed: false }, stock: changes.stock };
  }

  /** The refusal of a cart with a SKU remembered sold out (`soldOut`), decided without a statement; null when none is. */
  private soldOutError(input: PlaceOrderInput, soldOut: readonly string[]): OutOfStockError | null {
    const index = input.items.findIndex((item) => soldOut.includes(item.skuId));
    const item = input.items[index];
    return item ? new OutOfStockError(item.skuId, 0, item.quantity, ['input', 'items', String(index), 'quantity']) : null;
  }

  /** Every line's SKU exists, is on sale, has enough stock (as last committed) and ships to the address. */
  private async checkLines(input: PlaceOrderInput) {
    const epoch = this.deps.stockAdmission.epoch();
    // One statement: Prisma would load the SKU, its product, the shop and its bank account with one
    // query each, and every attempt of a flash sale that gets this far sends this read.
    const found = await this.deps.prisma.$queryRaw<LineRow[]>`
      SELECT s."id", s."productId", s."shopId", s."stock", s."attributes", p."title", p."status"::text AS "status",
             p."purchaseLimitPerBuyer", sh."region"::text AS "region", sh."verificationStatus"::text AS "verificationStatus",
             sh."suspendedAt", b."id" AS "bankAccountId"
      FROM "Sku" s JOIN "Product" p ON p."id" = s."productId" JOIN "Shop" sh ON sh."id" = p."shopId"
      LEFT JOIN "BankAccount" b ON b."shopId" = sh."id"
      WHERE s."id" IN (${Prisma.join(input.items.map((item) => Prisma.sql`${item.skuId}::uuid`))})`;
    const rows = found.map((row) => ({
      id: row.id,
      productId: row.productId,
      shopId: row.shopId,
      stock: row.stock,
      attributes: row.attributes,
      product: {
        title: row.title,
        status: row.status,
        purchaseLimitPerBuyer: row.purchaseLimitPerBuyer,
        shop: { verificationStatus: row.verificationStatus, suspendedAt: row.suspendedAt, bankAccount: row.bankAccountId ? { id: row.bankAccountId } : null, region: row.region },
      },
    }));
    const skus = new Map(rows.map((sku) => [sku.id, sku]));
    // A SKU off sale is refused as such, not remembered as sold out.
    for (const sku of rows) if (isProductListed(sku.product)) this.deps.stockAdmission.remember(sku, sku.stock, epoch);
    input.items.forEach((item, index) => {
      const sku = skus.get(item.skuId);
      const path = ['input', 'items', String(index)];
      if (!sku) throw new NotFoundError('Sku', [...path, 'skuId']);
      if (!isProductListed(sku.product)) throw new NotBuyableError(sku.id, [...path, 'skuId']);
      if (sku.stock < item.quantity) throw new OutOfStockError(sku.id, sku.stock, item.quantity, [...path, 'quantity']);
      if (sku.product.shop.region !== input.shippingAddress.region) {
        throw ValidationError.single(['input', 'shippingAddress', 'region'], `"${sku.product.title}" ships within ${sku.product.shop.region} only`);
      }
    });
    return skus;
  }

  /**
   * The live stream, video and creator account a sale came from, and the affiliate plans that pay on it:
   * the named plan, or the account's best-paying joined, running plan per product.
   */
  private async attribution(raw: PlaceOrderInput['attribution'], shopIds: readonly string[]): Promise<Attribution> {
    const field = (name: string): FieldPath => ['input', 'attribution', name];
    let accountId = raw?.accountId ?? null;
    const liveStreamId = raw?.liveStreamId ?? null;
    if (liveStreamId) {
      const stream = await this.deps.prisma.liveStream.findUnique({ where: { id: liveStreamId }, select: { accountId: true } });
      if (!stream) throw new NotFoundError('LiveStream', field('liveStreamId'));
      accountId ??= stream.accountId;
    }
    if (accountId && !(await this.deps.prisma.creatorAccount.findUnique({ where: { id: accountId }, select: { id: true } }))) {
      throw new NotFoundError('CreatorAccount', field('accountId'));
    }
    let plans = accountId ? await this.affiliatePlans.joinedPlansOf(accountId, shopIds) : [];
    const planId = raw?.affiliatePlanId ?? null;
    if (planId) {
      plans = plans.filter((plan) => plan.id === planId);
      if (plans.length === 0) {
        throw new RuleViolationError(ErrorCode.NOT_ELIGIBLE, 'The account has not joined this plan, or it is not running for these products', field('affiliatePlanId'));
      }
    }
    return { liveStreamId, videoId: raw?.videoId ?? null, accountId, plans };
  }

  private async checkCommittedStock(tx: Prisma.TransactionClient, input: PlaceOrderInput): Promise<void> {
    const rows = await tx.sku.findMany({ where: { id: { in: input.items.map((item) => item.skuId) } }, select: { id: true, stock: true } });
    const stock = new Map(rows.map((row) => [row.id, row.stock]));
    input.items.forEach((item, index) => {
      const available = stock.get(item.skuId) ?? 0;
      if (available < item.quantity) throw new OutOfStockError(item.skuId, available, item.quantity, ['input', 'items', String(index), 'quantity']);
    });
  }

  /** Products with a per-buyer limit: what the buyer holds in orders that are not cancelled, plus this cart. */
  private async checkPurchaseLimits(
    tx: Prisma.TransactionClient,
    buyerId: string,
    input: PlaceOrderInput,
    skus: Awaited<ReturnType<CheckoutService['checkLines']>>,
  ): Promise<void> {
    const wanted = new Map<string, { limit: number; quantity: number; index: number }>();
    input.items.forEach((item, index) => {
      const sku = skus.get(item.skuId);
      const limit = sku?.product.purchaseLimitPerBuyer ?? null;
      if (!sku || limit === null) return;
      const entry = wanted.get(sku.productId) ?? { limit, quantity: 0, index };
      entry.quantity += item.quantity;
      wanted.set(sku.productId, entry);
    });
    for (const [productId, entry] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
      // One buyer's concurrent checkouts of the product count one after the other.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_SPACE.purchaseLimit}::int, hashtext(${`${buyerId}:${productId}`}::text))`;
      const held = await tx.orderItem.aggregate({
        _sum: { quantity: true },
        where: { productId, order: { buyerId, status: { not: 'CANCELLED' } } },
      });
      const bought = held._sum.quantity ?? 0;
      if (bought + entry.quantity > entry.limit) {
        throw new PurchaseLimitReachedError(entry.limit, bought, ['input', 'items', String(entry.index), 'quantity']);
      }
    }
  }

  /**
   * Takes `quantity` units with one conditional UPDATE. The advisory lock in front lets a checkout that
   * cannot win give up without waiting for the row lock: when another checkout is reserving this SKU,
   * the committed stock is read (reads never wait) and, if it is too low, the checkout fails fast.
   */
  private async takeStock(tx: Prisma.TransactionClient, skuId: string, quantity: number, field: FieldPath): Promise<StockLevel> {
    const [attempt] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(${LOCK_SPACE.stock}::int, hashtext(${skuId}::text)) AS "locked"`;
    if (!attempt?.locked) {
      const committed = await tx.sku.findUniqueOrThrow({ where: { id: skuId }, select: { stock: true } });
      if (committed.stock < quantity) throw new OutOfStockError(skuId, committed.stock, quantity, field);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_SPACE.stock}::int, hashtext(${skuId}::text))`;
    }
    const level = await this.catalog.changeStockIn(tx, skuId, -quantity, { actorId: null, reason: 'Checkout' });
    if (level) return level;
    const current = await tx.sku.findUniqueOrThrow({ where: { id: skuId }, select: { stock: true } });
    throw new OutOfStockError(skuId, current.stock, quantity, field);
  }

  private orderRow(
    buyerId: string,
    input: PlaceOrderInput,
    quote: ShopQuote,
    skus: Awaited<ReturnType<CheckoutService['checkLines']>>,
    attribution: Attribution,
    now: Date,
  ): Prisma.OrderUncheckedCreateInput {
    const items = quote.lines.map((line) => {
      const sku = skus.get(line.skuId);
      if (!sku) throw new Error(`Quoted SKU ${line.skuId} is not in the cart`);
      const plan = bestPlanFor(attribution.plans, { id: line.productId, shopId: line.shopId });
      return {
        productId: line.productId,
        skuId: line.skuId,
        productTitle: sku.product.title,
        skuAttributes: sku.attributes ?? [],
        quantity: line.quantity,
        listPriceMinor: line.listUnitPriceMinor,
        unitPriceMinor: line.unitPriceMinor,
        promotionId: line.promotionId,
        affiliatePlanId: plan?.planId ?? null,
        commissionBps: plan?.commissionBps ?? null,
        createdAt: now,
      };
    });
    return {
      number: orderNumber(now),
      buyerId,
      shopId: quote.shopId,
      currency: quote.currency,
      subtotalMinor: quote.subtotalMinor,
      discountMinor: quote.discountMinor,
      voucherDiscountMinor: quote.voucherDiscountMinor,
      shippingMinor: quote.shippingMinor,
      shippingDiscountMinor: quote.shippingDiscountMinor,
      totalMinor: quote.totalMinor,
      voucherId: quote.voucherId,
      shippingAddress: { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? null, province: input.shippingAddress.province ?? null },
      channel: salesChannel(attribution),
      liveStreamId: attribution.liveStreamId,
      videoId: attribution.videoId,
      attributedAccountId: attribution.accountId,
      affiliatePlanId: items.find((item) => item.affiliatePlanId !== null)?.affiliatePlanId ?? null,
      shippingProvider: quote.shippingProvider,
      payBy: new Date(now.getTime() + this.orders.windows().paymentMs),
      createdAt: now,
      items: { create: items },
    };
  }

  private async placed(receipt: CheckoutReceipt, replayed: boolean): Promise<PlacedOrders> {
    const rows = await this.deps.prisma.order.findMany({ where: { id: { in: receipt.orderIds } } });
    const byId = new Map(rows.map((order) => [order.id, order]));
    return { orders: receipt.orderIds.flatMap((orderId) => byId.get(orderId) ?? []), replayed };
  }
}
