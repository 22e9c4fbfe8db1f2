import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { CurrencyCode } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { NotFoundError, ValidationError } from '../../infra/errors.ts';
import type { Clock } from '../../services.ts';
import { type PricedSku, type PricingContext, type PricingStrategy, pricesOf, type SkuOffer } from '../catalog/pricing.ts';
import { shopShippingFee } from '../shipping/shipping.rules.ts';
import type { CartLine, CheckoutPricing, DbClient, QuotedLine, QuoteRequest, ShopQuote } from './checkout-pricing.ts';
import { FlashDealOverError, ShippingUnavailableError, VoucherInvalidError } from './promotion.errors.ts';
import {
  bestOffer,
  bestShippingDiscount,
  isRunning,
  LIVE_STATUSES,
  normaliseVoucherCode,
  type PriceCandidate,
  PRODUCT_LEVEL_KINDS,
  quantityLeft,
  splitProportionally,
  voucherDiscount,
} from './promotion.rules.ts';

/** The promotion columns the overlap rule reads. */
const CANDIDATE_SELECT = {
  id: true,
  kind: true,
  status: true,
  percentOffBps: true,
  quantityLimit: true,
  quantitySold: true,
  liveStreamId: true,
  startsAt: true,
  endsAt: true,
} as const satisfies Prisma.PromotionSelect;

/** Promotion items covering a product, keyed by product id: what `bestOffer` chooses among. */
type CandidatesByProduct = Map<string, Array<{ skuId: string | null; candidate: PriceCandidate }>>;

/** A voucher as quote and reserve read it. */
type VoucherRow = Prisma.VoucherGetPayload<Record<string, never>>;

/**
 * The promotion engine: the one implementation of the overlap rule (promotion.rules.ts) behind both
 * `PricingStrategy` (product pages, showcases, live overlays) and `CheckoutPricing` (checkout), so a
 * buyer is charged what they were shown at the same moment. Every batch costs a fixed number of
 * queries whatever its size: offers one, a quote at most seven.
 */
export class PromotionPricing implements PricingStrategy, CheckoutPricing {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  // ─── PricingStrategy ───

  async offers(skus: readonly PricedSku[], at: Date, context?: PricingContext): Promise<Map<string, SkuOffer>> {
    const candidates = await loadCandidates(this.prisma, skus.map((sku) => sku.productId), at);
    return offersFor(skus, candidates, at, context?.liveStreamId ?? null);
  }

  async unitPrices(skus: readonly PricedSku[], at: Date, context?: PricingContext): Promise<Map<string, bigint>> {
    return pricesOf(await this.offers(skus, at, context));
  }

  // ─── CheckoutPricing ───

  async quote(db: DbClient, request: QuoteRequest): Promise<ShopQuote[]> {
    const { at } = request;
    if (request.lines.length === 0) return [];
    request.lines.forEach((line, index) => {
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw ValidationError.single(lineField(index, 'quantity'), 'Must be a whole number of at least 1');
    });
    const skus = await db.sku.findMany({
      where: { id: { in: [...new Set(request.lines.map((line) => line.skuId))] } },
      select: { id: true, productId: true, shopId: true, priceMinor: true, weightGrams: true, shop: { select: { currency: true } } },
    });
    const skuById = new Map(skus.map((sku) => [sku.id, sku]));
    request.lines.forEach((line, index) => {
      if (!skuById.has(line.skuId)) throw new NotFoundError('Sku', lineField(index, 'skuId'));
    });
    const offers = offersFor(skus, await loadCandidates(db, skus.map((sku) => sku.productId), at), at, request.liveStreamId);
    assertFlashDealsCover(request.lines, offers);

    // One quote per shop, in the order each shop first appears.
    const byShop = new Map<string, { currency: CurrencyCode; lines: QuotedLine[]; weightGrams: number }>();
    for (const line of request.lines) {
      const sku = skuById.get(line.skuId)!;
      const offer = offers.get(sku.id)!;
      const shop = byShop.get(sku.shopId) ?? { currency: sku.shop.currency, lines: [], weightGrams: 0 };
      byShop.set(sku.shopId, shop);
      shop.weightGrams += sku.weightGrams * line.quantity;
      shop.lines.push({
        skuId: sku.id,
        productId: sku.productId,
        shopId: sku.shopId,
        quantity: line.quantity,
        listUnitPriceMinor: sku.priceMinor,
        unitPriceMinor: offer.unitPriceMinor,
        promotionId: offer.promotion?.id ?? null,
        flashDeal: offer.promotion?.kind === 'FLASH_DEAL',
      });
    }
    const parts = [...byShop].map(([shopId, shop]) => {
      const subtotalMinor = sum(shop.lines.map((line) => line.listUnitPriceMinor * BigInt(line.quantity)));
      const merchandiseMinor = sum(shop.lines.map((line) => line.unitPriceMinor * BigInt(line.quantity)));
      return { shopId, ...shop, subtotalMinor, merchandiseMinor };
    });

    const vouchers = request.voucherCode === null ? new Map<string, AppliedVoucher>() : await applyVoucher(db, request, parts);
    const shipping = await shippingFor(db, parts, request, at);

    return parts.map((part) => {
      const voucher = vouchers.get(part.shopId) ?? null;
      const ship = shipping.get(part.shopId)!;
      const voucherDiscountMinor = voucher?.discountMinor ?? 0n;
      return {
        shopId: part.shopId,
        currency: part.currency,
        lines: part.lines,
        subtotalMinor: part.subtotalMinor,
        discountMinor: part.subtotalMinor - part.merchandiseMinor,
        voucherId: voucher?.voucher.id ?? null,
        voucherDiscountMinor,
        voucherFundedBy: voucher?.voucher.fundedBy ?? null,
        shippingProvider: ship.provider,
        shippingMinor: ship.feeMinor,
        shippingDiscountMinor: ship.discountMinor,
        totalMinor: part.merchandiseMinor - voucherDiscountMinor + ship.feeMinor - ship.discountMinor,
        quotedAt: at,
      };
    });
  }

  async reserve(tx: Prisma.TransactionClient, buyerId: string, orders: ReadonlyArray<{ orderId: string; quote: ShopQuote }>): Promise<void> {
    const at = orders[0]?.quote.quotedAt ?? this.clock.now();
    // Fixed order (promotion, then voucher, each by id) so that two checkouts never wait on each other.
    const flashTakes = new Map<string, { promotionId: string; orderId: string; quantity: number }>();
    for (const { orderId, quote } of orders) {
      for (const line of quote.lines) {
        if (!line.flashDeal || !line.promotionId) continue;
        const key = `${line.promotionId}:${orderId}`;
        const take = flashTakes.get(key) ?? { promotionId: line.promotionId, orderId, quantity: 0 };
        take.quantity += line.quantity;
        flashTakes.set(key, take);
      }
    }
    for (const take of [...flashTakes.values()].sort((a, b) => compare(a.promotionId, b.promotionId) || compare(a.orderId, b.orderId))) {
      await takeFlashDealUnits(tx, take, at);
    }

    const voucherOrders = new Map<string, string[]>();
    for (const { orderId, quote } of orders) {
      if (quote.voucherId) voucherOrders.set(quote.voucherId, [...(voucherOrders.get(quote.voucherId) ?? []), orderId]);
    }
    for (const voucherId of [...voucherOrders.keys()].sort(compare)) {
      await takeVoucherUse(tx, voucherId, buyerId, voucherOrders.get(voucherId)!, at);
    }
  }

  async release(tx: Prisma.TransactionClient, orderId: string): Promise<void> {
    const taken = await tx.$queryRaw<Array<{ promotionId: string; quantity: number }>>(
      Prisma.sql`DELETE FROM "FlashDealReservation" WHERE "orderId" = ${orderId}::uuid RETURNING "promotionId", "quantity"`,
    );
    for (const { promotionId, quantity } of taken.sort((a, b) => compare(a.promotionId, b.promotionId))) {
      await tx.$executeRaw`UPDATE "Promotion" SET "quantitySold" = "quantitySold" - ${quantity}, "updatedAt" = now() WHERE "id" = ${promotionId}::uuid`;
    }
    const redemption = await tx.voucherRedemption.findUnique({ where: { orderId }, select: { voucherId: true, useId: true } });
    if (!redemption) return;
    // Under the voucher's row lock, so that when the orders sharing one use (a split platform voucher)
    // are released at the same time, the last of them sees the others gone and gives the use back.
    await lockRow(tx, 'Voucher', redemption.voucherId);
    const removed = await tx.voucherRedemption.deleteMany({ where: { orderId } });
    if (removed.count === 0) return;
    if ((await tx.voucherRedemption.count({ where: { useId: redemption.useId } })) > 0) return;
    await tx.$executeRaw`UPDATE "Voucher" SET "usedCount" = "usedCount" - 1, "updatedAt" = now() WHERE "id" = ${redemption.voucherId}::uuid AND "usedCount" > 0`;
  }
}

/** Creates the promotion engine the composition root installs as both the pricing strategy and checkout's pricing. */
export function createPromotionPricing(prisma: PrismaClient, clock: Clock): PromotionPricing {
  return new PromotionPricing(prisma, clock);
}

// ─── Offers ───

/** One query: every running product-level promotion item covering the products, with its promotion. */
async function loadCandidates(db: DbClient, productIds: readonly string[], at: Date): Promise<CandidatesByProduct> {
  const unique = [...new Set(productIds)];
  const byProduct: CandidatesByProduct = new Map();
  if (unique.length === 0) return byProduct;
  const items = await db.promotionItem.findMany({
    where: {
      productId: { in: unique },
      promotion: { kind: { in: [...PRODUCT_LEVEL_KINDS] }, status: { in: [...LIVE_STATUSES] }, startsAt: { lte: at }, endsAt: { gt: at } },
    },
    select: { productId: true, skuId: true, priceMinor: true, promotion: { select: CANDIDATE_SELECT } },
  });
  for (const item of items) {
    const { id, ...promotion } = item.promotion;
    const list = byProduct.get(item.productId) ?? [];
    list.push({ skuId: item.skuId, candidate: { promotionId: id, ...promotion, priceMinor: item.priceMinor } });
    byProduct.set(item.productId, list);
  }
  return byProduct;
}

function offersFor(
  skus: ReadonlyArray<Pick<PricedSku, 'id' | 'productId' | 'priceMinor'>>,
  candidates: CandidatesByProduct,
  at: Date,
  liveStreamId: string | null,
): Map<string, SkuOffer> {
  return new Map(
    skus.map((sku) => {
      const covering = (candidates.get(sku.productId) ?? []).filter((item) => item.skuId === null || item.skuId === sku.id);
      return [sku.id, bestOffer(sku.priceMinor, covering.map((item) => item.candidate), at, liveStreamId)];
    }),
  );
}

/** A quote asks for no more flash-deal units than are left: otherwise the typed error says how many are. */
function assertFlashDealsCover(lines: readonly CartLine[], offers: ReadonlyMap<string, SkuOffer>): void {
  const asked = new Map<string, { quantity: number; left: number; index: number }>();
  lines.forEach((line, index) => {
    const promotion = offers.get(line.skuId)?.promotion;
    if (promotion?.kind !== 'FLASH_DEAL') return;
    const entry = asked.get(promotion.id) ?? { quantity: 0, left: promotion.quantityLeft ?? 0, index };
    entry.quantity += line.quantity;
    asked.set(promotion.id, entry);
  });
  for (const [promotionId, entry] of asked) {
    if (entry.quantity > entry.left) throw new FlashDealOverError(promotionId, entry.left, lineField(entry.index, 'quantity'));
  }
}

// ─── Vouchers ───

interface CartPart {
  shopId: string;
  currency: CurrencyCode;
  merchandiseMinor: bigint;
}

interface AppliedVoucher {
  voucher: VoucherRow;
  discountMinor: bigint;
}

/**
 * Step 2 of the overlap rule. The code names the cart's shops' own vouchers when any has one (each
 * applies to its shop's part), otherwise a platform voucher (split between the shops in its currency).
 */
async function applyVoucher(db: DbClient, request: QuoteRequest, parts: readonly CartPart[]): Promise<Map<string, AppliedVoucher>> {
  const code = normaliseVoucherCode(request.voucherCode ?? '');
  const shopIds = parts.map((part) => part.shopId);
  const found = code === '' ? [] : await db.voucher.findMany({ where: { code, OR: [{ shopId: { in: shopIds } }, { shopId: null }] } });
  const shopVouchers = found.filter((voucher) => voucher.shopId !== null);
  const chosen = shopVouchers.length > 0 ? shopVouchers : found;
  if (chosen.length === 0) {
    const elsewhere = code === '' ? null : await db.voucher.findFirst({ where: { code }, select: { id: true } });
    throw new VoucherInvalidError(elsewhere ? 'NOT_FOR_THIS_SHOP' : 'UNKNOWN_CODE');
  }
  const uses = await buyerUses(db, request.buyerId, chosen.map((voucher) => voucher.id));
  const applied = new Map<string, AppliedVoucher>();
  for (const voucher of chosen) {
    const eligible = parts.filter((part) => (voucher.shopId === null ? part.currency === voucher.currency : part.shopId === voucher.shopId));
    if (eligible.length === 0) throw new VoucherInvalidError('NOT_FOR_THIS_SHOP');
    assertUsable(voucher, request.at, uses.get(voucher.id) ?? 0);
    const eligibleMinor = sum(eligible.map((part) => part.merchandiseMinor));
    if (eligibleMinor < voucher.minSpendMinor) {
      throw new VoucherInvalidError('MINIMUM_SPEND_NOT_MET', ['input', 'voucherCode'], { minor: voucher.minSpendMinor, currency: voucher.currency });
    }
    const shares = splitProportionally(voucherDiscount(voucher, eligibleMinor), eligible.map((part) => part.merchandiseMinor));
    eligible.forEach((part, index) => applied.set(part.shopId, { voucher, discountMinor: shares[index] ?? 0n }));
  }
  return applied;
}

/** Window, status and limits of a voucher, the buyer's own limit before the total (it is the more specific reason). */
function assertUsable(voucher: VoucherRow, at: Date, buyerUseCount: number): void {
  if (voucher.status === 'ENDED' || voucher.status === 'CANCELLED' || at >= voucher.endsAt) throw new VoucherInvalidError('EXPIRED');
  if (at < voucher.startsAt) throw new VoucherInvalidError('NOT_STARTED');
  if (buyerUseCount >= voucher.perBuyerLimit) throw new VoucherInvalidError('PER_BUYER_LIMIT_REACHED');
  if (voucher.totalLimit !== null && voucher.usedCount >= voucher.totalLimit) throw new VoucherInvalidError('LIMIT_REACHED');
}

/** How many uses (checkouts, not orders) the buyer has made of each voucher. */
async function buyerUses(db: DbClient, buyerId: string, voucherIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.voucherRedemption.findMany({
    where: { buyerId, voucherId: { in: [...voucherIds] } },
    select: { voucherId: true, useId: true },
    distinct: ['voucherId', 'useId'],
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.voucherId, (counts.get(row.voucherId) ?? 0) + 1);
  return counts;
}

// ─── Shipping ───

interface ShippingPart extends CartPart {
  weightGrams: number;
}

/** Step 3: each shop's fee from its default template (or the platform default), less its best shipping discount. */
async function shippingFor(db: DbClient, parts: readonly ShippingPart[], request: QuoteRequest, at: Date) {
  const shopIds = parts.map((part) => part.shopId);
  const [templates, discounts] = await Promise.all([
    db.shippingTemplate.findMany({
      where: { shopId: { in: shopIds }, isDefault: true },
      select: { shopId: true, provider: true, bands: { select: { region: true, upToGrams: true, feeMinor: true } } },
    }),
    db.promotion.findMany({
      where: { shopId: { in: shopIds }, kind: 'SHIPPING_DISCOUNT', status: { in: [...LIVE_STATUSES] }, startsAt: { lte: at }, endsAt: { gt: at } },
      select: { id: true, shopId: true, percentOffBps: true, amountOffMinor: true, minSpendMinor: true },
    }),
  ]);
  const templateByShop = new Map(templates.map((template) => [template.shopId, template]));
  const result = new Map<string, { provider: ShopQuote['shippingProvider']; feeMinor: bigint; discountMinor: bigint }>();
  for (const part of parts) {
    const { provider, feeMinor } = shopShippingFee(templateByShop.get(part.shopId), part.currency, request.destination.region, part.weightGrams);
    if (feeMinor === null) throw new ShippingUnavailableError(part.shopId);
    const shopDiscounts = discounts
      .filter((discount) => discount.shopId === part.shopId)
      .map((discount) => ({ promotionId: discount.id, ...discount }));
    const discount = bestShippingDiscount(feeMinor, part.merchandiseMinor, shopDiscounts);
    result.set(part.shopId, { provider, feeMinor, discountMinor: discount?.discountMinor ?? 0n });
  }
  return result;
}

// ─── Reservations ───

/** Takes flash-deal units with one conditional update: never past the deal's quantity. */
async function takeFlashDealUnits(tx: Prisma.TransactionClient, take: { promotionId: string; orderId: string; quantity: number }, at: Date) {
  const updated = await tx.$executeRaw`
    UPDATE "Promotion" SET "quantitySold" = "quantitySold" + ${take.quantity}, "updatedAt" = now()
    WHERE "id" = ${take.promotionId}::uuid AND "kind" = 'FLASH_DEAL' AND "status" IN ('SCHEDULED', 'ACTIVE')
      AND "startsAt" <= ${at} AND "endsAt" > ${at} AND "quantitySold" + ${take.quantity} <= "quantityLimit"`;
  if (updated === 0) {
    const promotion = await tx.promotion.findUnique({ where: { id: take.promotionId }, select: CANDIDATE_SELECT });
    const left = promotion && isRunning(promotion, at) ? (quantityLeft(promotion) ?? 0) : 0;
    throw new FlashDealOverError(take.promotionId, left);
  }
  await tx.flashDealReservation.create({ data: take });
}

/**
 * Takes one use of a voucher for a checkout: the conditional update keeps the total limit, and the row
 * lock it holds until commit makes the per-buyer count that follows race-free (a concurrent checkout of
 * the same voucher waits for this one and then counts its redemptions; READ COMMITTED, the default).
 */
async function takeVoucherUse(tx: Prisma.TransactionClient, voucherId: string, buyerId: string, orderIds: readonly string[], at: Date) {
  const taken = await tx.$queryRaw<Array<{ perBuyerLimit: number }>>`
    UPDATE "Voucher" SET "usedCount" = "usedCount" + 1, "updatedAt" = now()
    WHERE "id" = ${voucherId}::uuid AND "status" IN ('SCHEDULED', 'ACTIVE') AND "startsAt" <= ${at} AND "endsAt" > ${at}
      AND ("totalLimit" IS NULL OR "usedCount" < "totalLimit")
    RETURNING "perBuyerLimit"`;
  const perBuyerLimit = taken[0]?.perBuyerLimit;
  if (perBuyerLimit === undefined) {
    const voucher = await tx.voucher.findUnique({ where: { id: voucherId } });
    if (!voucher) throw new VoucherInvalidError('UNKNOWN_CODE');
    assertUsable(voucher, at, (await buyerUses(tx, buyerId, [voucherId])).get(voucherId) ?? 0);
    throw new VoucherInvalidError('LIMIT_REACHED');
  }
  if (((await buyerUses(tx, buyerId, [voucherId])).get(voucherId) ?? 0) >= perBuyerLimit) throw new VoucherInvalidError('PER_BUYER_LIMIT_REACHED');
  const useId = randomUUID();
  await tx.voucherRedemption.createMany({ data: orderIds.map((orderId) => ({ voucherId, buyerId, orderId, useId })) });
}

// ─── Helpers ───

function lineField(index: number, name: string): string[] {
  return ['input', 'items', String(index), name];
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

