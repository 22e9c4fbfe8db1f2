import type { CurrencyCode, Region, ShippingProvider, VoucherFunder } from '../../generated/prisma/enums.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';

/**
 * What checkout asks of promotions and shipping. Checkout owns orders and stock; this module decides
 * what each line, each shop's shipping and the voucher cost at one moment, with the same rules that
 * `PricingStrategy` applies to product pages, showcases and live overlays, so a buyer is charged the
 * price they were shown.
 *
 * Implemented by `PromotionPricing` (promotion-pricing.ts), made by `createPromotionPricing(prisma,
 * clock)`; the composition root installs the one instance as both `deps.pricing` and
 * `deps.checkoutPricing`. Its typed errors name fields of checkout's input: `['input', 'items', i,
 * 'skuId' | 'quantity']`, `['input', 'voucherCode']`, `['input', 'shippingAddress']`. `reserve` relies
 * on READ COMMITTED (PostgreSQL's default) for the per-buyer voucher count it takes under the voucher's
 * row lock.
 */

/** A Prisma client or the transaction client of an open transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/** One line of a cart. */
export interface CartLine {
  skuId: string;
  quantity: number;
}

export interface QuoteRequest {
  buyerId: string;
  lines: readonly CartLine[];
  /** The voucher code the buyer entered, as typed (matching is case-insensitive). */
  voucherCode: string | null;
  /** Where the parcel goes: the shipping fee depends on it. */
  destination: { region: Region; postalCode: string | null };
  /** The live stream the purchase is attributed to, if any. */
  liveStreamId: string | null;
  at: Date;
}

/** One priced cart line. Amounts are minor units of the shop's currency. */
export interface QuotedLine {
  skuId: string;
  productId: string;
  shopId: string;
  quantity: number;
  listUnitPriceMinor: bigint;
  /** What one unit costs after the best product-level promotion (the price the product page shows). */
  unitPriceMinor: bigint;
  /** The product-level promotion that set `unitPriceMinor`, if any. */
  promotionId: string | null;
  /** True when that promotion is a flash deal, whose units `reserve` must take. */
  flashDeal: boolean;
}

/** One shop's part of a cart, priced: it becomes one order. */
export interface ShopQuote {
  shopId: string;
  currency: CurrencyCode;
  lines: QuotedLine[];
  /** Σ list price × quantity. */
  subtotalMinor: bigint;
  /** Σ (list − unit price) × quantity: what product-level promotions take off. */
  discountMinor: bigint;
  voucherId: string | null;
  voucherDiscountMinor: bigint;
  shippingProvider: ShippingProvider;
  shippingMinor: bigint;
  shippingDiscountMinor: bigint;
  /** subtotal − discount − voucher discount + shipping − shipping discount; never negative. */
  totalMinor: bigint;
  /** Who bears `voucherDiscountMinor` (null without a voucher). */
  voucherFundedBy?: VoucherFunder | null;
  /** The moment the quote priced (`QuoteRequest.at`); `reserve` holds promotions to that moment. */
  quotedAt?: Date;
}

export interface CheckoutPricing {
  /**
   * Prices a cart at `request.at`: one quote per shop, in the order each shop first appears in the
   * lines. Reads only. Throws typed errors (an unusable voucher says why) as DomainErrors.
   */
  quote(db: DbClient, request: QuoteRequest): Promise<ShopQuote[]>;
  /**
   * Inside the checkout transaction, once the orders exist: takes the flash-deal units and the voucher
   * use each order needs, with conditional updates, so concurrent checkouts never exceed a deal's
   * quantity or a voucher's limits. Throws a typed error (flash deal over, voucher limit reached) so the
   * whole checkout rolls back.
   */
  reserve(tx: Prisma.TransactionClient, buyerId: string, orders: ReadonlyArray<{ orderId: string; quote: ShopQuote }>): Promise<void>;
  /** Gives back what `reserve` took for an order that is cancelled before shipping. */
  release(tx: Prisma.TransactionClient, orderId: string): Promise<void>;
}
