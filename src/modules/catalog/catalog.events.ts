/** A SKU's sellable stock changed (seller edit, checkout, cancellation). Published after commit. */
export interface SkuStockChanged {
  shopId: string;
  productId: string;
  skuId: string;
  stock: number;
  /** The stock before the change: with `stock`, whether the SKU ran out or came back. */
  previousStock: number;
  occurredAt: string;
}

/**
 * What a product change touched: CONTENT (title, description, images, category, SKU attributes or
 * parcel), LISTING (status, SKUs added or removed, or a new product: whether and where it is listed may
 * change), PRICE (a SKU's list price).
 */
export type ProductChange = 'CONTENT' | 'LISTING' | 'PRICE';

/** A product changed in a way buyers can see. Published after commit. */
export interface ProductChanged {
  shopId: string;
  productId: string;
  change: ProductChange;
  /** The SKU, when the change was to one SKU. */
  skuId: string | null;
  occurredAt: string;
}

/** Topics of the catalogue module. */
export type CatalogTopics = {
  /** Stock changes of one product, routed by product id (live pages of that product). */
  'sku.stockChanged': [productId: string, event: SkuStockChanged];
  /** Every stock change, unrouted, for whoever follows the whole catalogue (the response cache). */
  'catalog.stockChanged': [event: SkuStockChanged];
  /** Every product change buyers can see, unrouted. */
  'catalog.productChanged': [event: ProductChanged];
};
