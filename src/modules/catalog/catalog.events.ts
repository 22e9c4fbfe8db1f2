/** A SKU's sellable stock changed (seller edit, checkout, cancellation). Published after commit. */
export interface SkuStockChanged {
  shopId: string;
  productId: string;
  skuId: string;
  stock: number;
  occurredAt: string;
}

/** Topics of the catalogue module, routed by product id. */
export type CatalogTopics = {
  'sku.stockChanged': [productId: string, event: SkuStockChanged];
};
