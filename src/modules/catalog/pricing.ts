/**
 * The price a buyer pays for one unit of a SKU now. Every place that shows or charges a price (product
 * pages, showcases, live overlays, affiliate commission estimates, checkout) asks the one
 * `PricingStrategy` the composition root installs, in batches: the promotion engine
 * (src/modules/promotions/promotion-pricing.ts), so all of them apply the same overlap rule.
 */

/** What pricing needs to know of a SKU. */
export interface PricedSku {
  id: string;
  productId: string;
  shopId: string;
  /** The seller's list price, in minor units of the shop's currency. */
  priceMinor: bigint;
}

/** Where a price is asked from: deals tied to a live stream apply only inside that stream. */
export interface PricingContext {
  liveStreamId: string | null;
}

/** The product-level promotion that sets an offer's price, as buyers may see it. */
export interface OfferPromotion {
  id: string;
  kind: 'PERCENT_OFF' | 'FIXED_PRICE' | 'FLASH_DEAL';
  startsAt: Date;
  endsAt: Date;
  /** Flash deals: units still available at the deal price; null for other kinds. */
  quantityLeft: number | null;
  /** Flash deals tied to a live stream: the stream. */
  liveStreamId: string | null;
}

/** The price of one unit of a SKU at one moment, and the promotion that set it (null: the list price). */
export interface SkuOffer {
  unitPriceMinor: bigint;
  promotion: OfferPromotion | null;
}

/** Policy that varies: how the current unit price of SKUs is decided. */
export interface PricingStrategy {
  /**
   * The offer for each SKU at `at`, keyed by SKU id. Called with many SKUs at once (a whole page); an
   * implementation must answer a batch with a fixed number of queries.
   */
  offers(skus: readonly PricedSku[], at: Date, context?: PricingContext): Promise<Map<string, SkuOffer>>;
  /** The unit price of each SKU at `at` (the offers' prices), keyed by SKU id. */
  unitPrices(skus: readonly PricedSku[], at: Date, context?: PricingContext): Promise<Map<string, bigint>>;
}

/** The unit prices of offers, keyed by SKU id. */
export function pricesOf(offers: ReadonlyMap<string, SkuOffer>): Map<string, bigint> {
  return new Map([...offers].map(([skuId, offer]) => [skuId, offer.unitPriceMinor]));
}

/** The lowest and highest of some prices; null for none. */
export function minMax(prices: readonly bigint[]): { min: bigint; max: bigint } | null {
  if (prices.length === 0) return null;
  let min = prices[0] as bigint;
  let max = min;
  for (const price of prices) {
    if (price < min) min = price;
    if (price > max) max = price;
  }
  return { min, max };
}
