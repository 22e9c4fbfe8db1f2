import { NotFoundError } from '../../infra/errors.ts';
import type { CheckoutPricing, ShopQuote } from '../promotions/checkout-pricing.ts';

/** The flat shipping fee per order, in minor units, until shipping templates price it. */
export const FLAT_SHIPPING_MINOR = 1_000_000n;

/**
 * Checkout pricing without promotions: every line at its list price, a flat shipping fee per shop, the
 * platform's carrier, and no vouchers (a code is refused as unknown). The composition root installs it
 * until the promotion-aware implementation replaces it; it reserves and releases nothing.
 */
export const listPriceCheckoutPricing: CheckoutPricing = {
  async quote(db, request) {
    const skus = await db.sku.findMany({
      where: { id: { in: request.lines.map((line) => line.skuId) } },
      select: { id: true, productId: true, shopId: true, priceMinor: true, shop: { select: { currency: true } } },
    });
    if (request.voucherCode !== null) throw new NotFoundError('Voucher', ['input', 'voucherCode']);
    const byId = new Map(skus.map((sku) => [sku.id, sku]));
    const quotes = new Map<string, ShopQuote>();
    request.lines.forEach((line, index) => {
      const sku = byId.get(line.skuId);
      if (!sku) throw new NotFoundError('Sku', ['input', 'items', String(index), 'skuId']);
      let quote = quotes.get(sku.shopId);
      if (!quote) {
        quote = {
          shopId: sku.shopId,
          currency: sku.shop.currency,
          lines: [],
          subtotalMinor: 0n,
          discountMinor: 0n,
          voucherId: null,
          voucherDiscountMinor: 0n,
          shippingProvider: 'PLATFORM',
          shippingMinor: FLAT_SHIPPING_MINOR,
          shippingDiscountMinor: 0n,
          totalMinor: FLAT_SHIPPING_MINOR,
        };
        quotes.set(sku.shopId, quote);
      }
      const amount = sku.priceMinor * BigInt(line.quantity);
      quote.lines.push({
        skuId: sku.id,
        productId: sku.productId,
        shopId: sku.shopId,
        quantity: line.quantity,
        listUnitPriceMinor: sku.priceMinor,
        unitPriceMinor: sku.priceMinor,
        promotionId: null,
        flashDeal: false,
      });
      quote.subtotalMinor += amount;
      quote.totalMinor += amount;
    });
    return [...quotes.values()];
  },
  reserve: async () => {},
  release: async () => {},
};
