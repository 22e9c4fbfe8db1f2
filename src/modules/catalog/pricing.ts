/**
 * The price a buyer pays for one unit of a SKU now. Every place that shows or charges a price (product
 * pages, showcases, affiliate commission estimates, checkout) asks the one `PricingStrategy` the
 * composition root installs, in batches, so that a promotion engine replaces the default without any
 * caller changing.
 */

/** What pricing needs to know of a SKU. */
export interface PricedSku {
  id: string;
  productId: string;
  shopId: string;
  /** The seller's list price, in minor units of the shop's currency. */
  priceMinor: bigint;
}

/** Policy that varies: how the current unit price of SKUs is decided. */
export interface PricingStrategy {
  /**
   * The current unit price of each SKU, in minor units, keyed by SKU id. Called with many SKUs at once
   * (a whole page); an implementation must answer a batch with a fixed number of queries.
   */
  unitPrices(skus: readonly PricedSku[], at: Date): Promise<Map<string, bigint>>;
}

/** The default until promotions exist: the list price. */
export const listPricePricing: PricingStrategy = {
  unitPrices: async (skus) => new Map(skus.map((sku) => [sku.id, sku.priceMinor])),
};

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
