import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import type { TestUser } from '../support/fixtures.ts';
import { untilListening, type TestServer } from '../support/server.ts';
import { decodeIdOf } from '../../src/infra/ids.ts';
import type { SkuStockChanged } from '../../src/modules/catalog/catalog.events.ts';
import {
  AdjustStock,
  catalogShop,
  createProduct,
  productInput,
  skuInput,
  startCatalogWorld,
  type CatalogShop,
} from './helpers.ts';

const SkuView = graphql(`
  query CatalogSkuView($id: ID!, $changes: Int) {
    node(id: $id) {
      ... on Sku {
        stock
        version
        lowStockThreshold
        isLowStock
        price { amount currencyCode }
        changes(first: $changes) {
          edges {
            node {
              field
              oldStock
              newStock
              oldPrice { amount currencyCode }
              newPrice { amount currencyCode }
              reason
              createdAt
              actor { id }
            }
          }
        }
      }
    }
  }
`);

const StockTrail = graphql(`
  query CatalogStockTrail($id: ID!) {
    node(id: $id) {
      ... on Sku { stock version isLowStock changes(first: 100) { edges { node { field oldStock newStock } } } }
    }
  }
`);

const UpdateSku = graphql(`
  mutation CatalogUpdateSku($input: UpdateSkuInput!) {
    updateSku(input: $input) {
      __typename
      ... on UpdateSkuPayload { sku { stock version price { amount } attributes { name value } weightGrams dimensions { lengthMm } lowStockThreshold } }
      ... on SkuVersionConflictError { expectedVersion currentVersion }
      ... on UserError { code message field }
    }
  }
`);

const AddSku = graphql(`
  mutation CatalogAddSku($input: AddSkuInput!) {
    addSku(input: $input) {
      __typename
      ... on AddSkuPayload { sku { id sellerSku product { skus { sellerSku } } } }
      ... on UserError { code message field }
    }
  }
`);

const RemoveSku = graphql(`
  mutation CatalogRemoveSku($input: RemoveSkuInput!) {
    removeSku(input: $input) {
      __typename
      ... on RemoveSkuPayload { product { skus { id } } }
      ... on UserError { code message field }
    }
  }
`);

const LowStock = graphql(`
  query CatalogLowStock($shopId: ID!) {
    lowStockSkus(shopId: $shopId, first: 50) {
      edges { node { id stock lowStockThreshold isLowStock } }
    }
  }
`);

describe('catalogue: SKUs and stock', () => {
  let server: TestServer;
  let staff: TestUser;
  let seller: CatalogShop;
  let operator: TestUser;
  let outsider: TestUser;
  let categoryId: string;

  beforeAll(async () => {
    ({ server, staff, seller, operator, outsider, categoryId } = await startCatalogWorld());
  });

  afterAll(async () => {
    await server?.close();
  });

  /** An ACTIVE product with one SKU; returns the SKU's id and the product's. */
  async function activeSku(stock: number, overrides: Parameters<typeof skuInput>[0] = {}) {
    const product = await createProduct(
      seller.owner,
      productInput(seller.shopId, categoryId, { status: 'ACTIVE', skus: [skuInput({ stock, ...overrides })] }),
    );
    const sku = product.skus[0];
    if (!sku) throw new Error('no SKU');
    return { skuId: sku.id, productId: product.id };
  }

  async function changesOf(skuId: string, user: TestUser = seller.owner) {
    const view = await user.client.request(SkuView, { id: skuId, changes: 20 });
    const node = view.data?.node;
    if (!node || !('stock' in node)) throw new Error(`SKU not visible: ${JSON.stringify(view)}`);
    return node;
  }

  it('adjusts stock by a delta or to a count, audits who, old, new and why, and bumps the version', async () => {
    const { skuId } = await activeSku(10);
    const added = await operator.client.request(AdjustStock, { input: { skuId, delta: 5, reason: 'Delivery from supplier' } });
    expect(expectTypename(added.data?.adjustSkuStock, 'AdjustSkuStockPayload').sku).toMatchObject({ stock: 15, version: 1, inStock: true });
    const counted = await seller.owner.client.request(AdjustStock, { input: { skuId, set: 12, expectedVersion: 1, reason: 'Stocktake' } });
    expect(counted.data?.adjustSkuStock).toMatchObject({ sku: { stock: 12, version: 2 } });

    const sku = await changesOf(skuId);
    expect(sku.changes?.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ field: 'STOCK', oldStock: 15, newStock: 12, reason: 'Stocktake', actor: { id: seller.owner.userId } }),
      expect.objectContaining({ field: 'STOCK', oldStock: 10, newStock: 15, reason: 'Delivery from supplier', actor: { id: operator.userId } }),
    ]);
  });

  it('refuses to go below zero, a stale version, and ambiguous input, changing nothing', async () => {
    const { skuId } = await activeSku(3);
    const tooMany = await seller.owner.client.request(AdjustStock, { input: { skuId, delta: -4 } });
    expect(tooMany.data?.adjustSkuStock).toMatchObject({
      __typename: 'InsufficientStockError',
      code: 'INSUFFICIENT_STOCK',
      field: ['input', 'delta'],
      available: 3,
      requested: 4,
    });
    const stale = await seller.owner.client.request(AdjustStock, { input: { skuId, set: 10, expectedVersion: 7 } });
    expect(stale.data?.adjustSkuStock).toMatchObject({
      __typename: 'SkuVersionConflictError',
      code: 'VERSION_CONFLICT',
      field: ['input', 'expectedVersion'],
      expectedVersion: 7,
      currentVersion: 0,
    });
    const staleDelta = await seller.owner.client.request(AdjustStock, { input: { skuId, delta: 1, expectedVersion: 3 } });
    expect(staleDelta.data?.adjustSkuStock).toMatchObject({ __typename: 'SkuVersionConflictError', currentVersion: 0 });
    const both = await seller.owner.client.request(AdjustStock, { input: { skuId, delta: 1, set: 1 } });
    expect(both.data?.adjustSkuStock).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'delta'] });
    const negativeSet = await seller.owner.client.request(AdjustStock, { input: { skuId, set: -1 } });
    expect(negativeSet.data?.adjustSkuStock).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'set'] });
    const zero = await seller.owner.client.request(AdjustStock, { input: { skuId, delta: 0 } });
    expect(zero.data?.adjustSkuStock).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'delta'] });

    const sku = await changesOf(skuId);
    expect(sku).toMatchObject({ stock: 3, version: 0, changes: { edges: [] } });
  });

  it('lets only members adjust: anyone else gets NOT_FOUND', async () => {
    const { skuId } = await activeSku(3);
    const byOutsider = await outsider.client.request(AdjustStock, { input: { skuId, delta: -1 } });
    expect(byOutsider.data?.adjustSkuStock).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: ['input', 'skuId'] });
    const byStaff = await staff.client.request(AdjustStock, { input: { skuId, delta: -1 } });
    expect(byStaff.data?.adjustSkuStock).toMatchObject({ code: 'NOT_FOUND' });
    const mistyped = await seller.owner.client.request(AdjustStock, { input: { skuId: seller.shopId, delta: -1 } });
    expect(mistyped.data?.adjustSkuStock).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skuId'] });
  });

  it('never loses an update: 50 concurrent sales of one unit from a stock of 30', async () => {
    const { skuId, productId } = await activeSku(30);
    const events: SkuStockChanged[] = [];
    const productKey = decodeIdOf('Product', productId, ['id']);
    const subscription = server.running.events.pubSub.subscribe('sku.stockChanged', productKey);
    const collecting = (async () => {
      for await (const event of subscription) {
        events.push(event);
        if (events.length === 30) return;
      }
    })();
    await untilListening(server, 'sku.stockChanged', productKey);

    const results = await Promise.all(
      Array.from({ length: 50 }, () => operator.client.request(AdjustStock, { input: { skuId, delta: -1, reason: 'Sale' } })),
    );
    const outcomes = results.map((result) => result.data?.adjustSkuStock?.__typename ?? JSON.stringify(result.errors));
    expect(outcomes.filter((name) => name === 'AdjustSkuStockPayload')).toHaveLength(30);
    expect(outcomes.filter((name) => name === 'InsufficientStockError')).toHaveLength(20);
    const versions = results.flatMap((result) =>
      result.data?.adjustSkuStock?.__typename === 'AdjustSkuStockPayload' ? [result.data.adjustSkuStock.sku.version] : [],
    );
    expect(new Set(versions).size).toBe(30);

    const trail = await seller.owner.client.request(StockTrail, { id: skuId });
    const sku = trail.data?.node;
    if (!sku || !('stock' in sku)) throw new Error(JSON.stringify(trail));
    expect(sku).toMatchObject({ stock: 0, version: 30, isLowStock: true });
    const changes = sku.changes?.edges.map((edge) => edge.node) ?? [];
    expect(changes).toHaveLength(30);
    // Each row takes exactly one unit, and together they walk the stock from 30 down to 0.
    expect(changes.every((change) => change.oldStock !== null && change.newStock === change.oldStock - 1)).toBe(true);
    expect(new Set(changes.map((change) => change.newStock))).toEqual(new Set(Array.from({ length: 30 }, (_, index) => index)));

    await Promise.race([collecting, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await subscription.return?.();
    expect(events).toHaveLength(30);
    expect(events.map((event) => event.stock).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index));
  });

  it('audits price changes with both amounts in the shop currency, and checks the decimals', async () => {
    const { skuId } = await activeSku(8, { price: { amount: '189000.00' } });
    const repriced = await seller.owner.client.request(UpdateSku, {
      input: { skuId, price: { amount: '159000.5' }, lowStockThreshold: 10, reason: 'Promotion', expectedVersion: 0 },
    });
    expect(repriced.data?.updateSku).toMatchObject({ sku: { price: { amount: '159000.50' }, version: 1, lowStockThreshold: 10 } });
    const tooPrecise = await seller.owner.client.request(UpdateSku, { input: { skuId, price: { amount: '1.001' } } });
    expect(tooPrecise.data?.updateSku).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'price', 'amount'] });
    const stale = await seller.owner.client.request(UpdateSku, { input: { skuId, stock: 1, expectedVersion: 0 } });
    expect(stale.data?.updateSku).toMatchObject({ __typename: 'SkuVersionConflictError', currentVersion: 1 });
    // Neither price nor stock: no audit row, no new version.
    const shape = await seller.owner.client.request(UpdateSku, {
      input: { skuId, weightGrams: 300, dimensions: { lengthMm: 1, widthMm: 2, heightMm: 3 }, attributes: [{ name: 'Size', value: 'XL' }] },
    });
    expect(shape.data?.updateSku).toMatchObject({ sku: { version: 1, weightGrams: 300, dimensions: { lengthMm: 1 }, attributes: [{ name: 'Size', value: 'XL' }] } });
    const restock = await seller.owner.client.request(UpdateSku, { input: { skuId, stock: 20 } });
    expect(restock.data?.updateSku).toMatchObject({ sku: { stock: 20, version: 2 } });

    const sku = await changesOf(skuId);
    expect(sku.changes?.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ field: 'STOCK', oldStock: 8, newStock: 20, oldPrice: null, newPrice: null, reason: null }),
      expect.objectContaining({
        field: 'PRICE',
        oldStock: null,
        newStock: null,
        oldPrice: { amount: '189000.00', currencyCode: 'IDR' },
        newPrice: { amount: '159000.50', currencyCode: 'IDR' },
        reason: 'Promotion',
        actor: { id: seller.owner.userId },
      }),
    ]);
  });

  it('shows stock to everyone but the threshold, version and audit trail to members and staff only', async () => {
    const { skuId } = await activeSku(2);
    await seller.owner.client.request(AdjustStock, { input: { skuId, delta: 1 } });
    const anonymous = await server.client.request(SkuView, { id: skuId });
    expect(anonymous.data?.node).toMatchObject({ stock: 3, version: null, lowStockThreshold: null, isLowStock: null, changes: null });
    expect((await outsider.client.request(SkuView, { id: skuId })).data?.node).toMatchObject({ stock: 3, changes: null });
    const forStaff = await changesOf(skuId, staff);
    expect(forStaff).toMatchObject({ version: 1, isLowStock: true });
    expect(forStaff.changes?.edges).toHaveLength(1);
  });

  it('lists low-stock SKUs to members of the shop, and null to anyone else', async () => {
    const shop = await catalogShop(server, staff);
    const product = await createProduct(
      shop.owner,
      productInput(shop.shopId, categoryId, {
        skus: [
          skuInput({ stock: 5, lowStockThreshold: 5, attributes: [{ name: 'Size', value: 'S' }] }),
          skuInput({ stock: 6, lowStockThreshold: 5, attributes: [{ name: 'Size', value: 'M' }] }),
          skuInput({ stock: 0, lowStockThreshold: 0, attributes: [{ name: 'Size', value: 'L' }] }),
        ],
      }),
    );
    const [small, medium, large] = product.skus.map((sku) => sku.id);
    const low = await shop.owner.client.request(LowStock, { shopId: shop.shopId });
    expect(low.data?.lowStockSkus?.edges.map((edge) => edge.node)).toEqual([
      { id: large, stock: 0, lowStockThreshold: 0, isLowStock: true },
      { id: small, stock: 5, lowStockThreshold: 5, isLowStock: true },
    ]);
    await shop.owner.client.request(AdjustStock, { input: { skuId: medium ?? '', delta: -1 } });
    const after = await shop.owner.client.request(LowStock, { shopId: shop.shopId });
    expect(after.data?.lowStockSkus?.edges.map((edge) => edge.node.id)).toEqual([large, small, medium]);
    expect((await operator.client.request(LowStock, { shopId: shop.shopId })).data?.lowStockSkus).toBeNull();
    expect((await server.client.request(LowStock, { shopId: shop.shopId })).data?.lowStockSkus).toBeNull();
    expect((await staff.client.request(LowStock, { shopId: shop.shopId })).data?.lowStockSkus?.edges).toHaveLength(3);
  });

  it('adds SKUs with unique codes and combinations, and removes any but the last', async () => {
    const product = await createProduct(
      seller.owner,
      productInput(seller.shopId, categoryId, { skus: [skuInput({ sellerSku: 'TOTE-RED', attributes: [{ name: 'Colour', value: 'Red' }] })] }),
    );
    const [only] = product.skus;
    const add = (sellerSku: string, colour: string) =>
      operator.client.request(AddSku, {
        input: {
          productId: product.id,
          ...skuInput({ sellerSku, attributes: [{ name: 'Colour', value: colour }] }),
        },
      });
    const added = await add('TOTE-BLUE', 'Blue');
    const addedSku = expectTypename(added.data?.addSku, 'AddSkuPayload').sku;
    expect(addedSku.product.skus.map((sku) => sku.sellerSku)).toEqual(['TOTE-RED', 'TOTE-BLUE']);
    expect((await add('TOTE-RED', 'Green')).data?.addSku).toMatchObject({ code: 'ALREADY_EXISTS', field: ['input', 'sellerSku'] });
    expect((await add('TOTE-RED-2', 'red')).data?.addSku).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'attributes'] });
    expect((await add('TOTE GREEN', 'Green')).data?.addSku).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'sellerSku'] });

    const removed = await operator.client.request(RemoveSku, { input: { skuId: only?.id ?? '' } });
    expect(expectTypename(removed.data?.removeSku, 'RemoveSkuPayload').product.skus.map((sku) => sku.id)).toEqual([addedSku.id]);
    const last = await operator.client.request(RemoveSku, { input: { skuId: addedSku.id } });
    expect(last.data?.removeSku).toMatchObject({ __typename: 'RuleViolationError', code: 'LAST_SKU', field: ['input', 'skuId'] });
    const byOutsider = await outsider.client.request(RemoveSku, { input: { skuId: addedSku.id } });
    expect(byOutsider.data?.removeSku).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'skuId'] });
  });
});
