import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../support/fixtures.ts';
import { expectNoSkipNoRepeat, expectPagingError, listQuery, PAGE_INFO, pageOf, type PageArgs, tampered } from '../support/paging.ts';
import type { TestServer } from '../support/server.ts';
import { sqlStatementsOf } from '../support/client.ts';
import { AdjustStock, type CatalogShop, catalogShop, createProduct, productInput, SetStatus, skuInput, startCatalogWorld } from './helpers.ts';

const ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE = 'first: $first, after: $after, last: $last, before: $before';
const PRODUCTS = `query (${ARGS}, $sortBy: ProductSort, $filter: ProductFilter) {
  list: products(${PAGE}, sortBy: $sortBy, filter: $filter) { edges { cursor node { id } } ${PAGE_INFO} }
}`;
const SHOP_PRODUCTS = `query (${ARGS}, $id: ID!, $sortBy: ProductSort) {
  node(id: $id) { ... on Shop { list: products(${PAGE}, sortBy: $sortBy) { edges { cursor node { id } } ${PAGE_INFO} } } }
}`;
const MEMBER_PRODUCTS = `query (${ARGS}, $shopId: ID!) {
  list: shopProducts(${PAGE}, shopId: $shopId, status: [ACTIVE]) { edges { cursor node { id } } ${PAGE_INFO} }
}`;
const LOW_STOCK = `query (${ARGS}, $shopId: ID!) {
  list: lowStockSkus(${PAGE}, shopId: $shopId) { edges { cursor node { id } } ${PAGE_INFO} }
}`;
const SORTS = ['NEWEST', 'TITLE', 'PRICE_ASC', 'PRICE_DESC'] as const;

describe('keyset pagination of product lists', () => {
  let server: TestServer;
  let staff: TestUser;
  let categoryId: string;
  let shop: CatalogShop;
  /** SKU id of each product created here. */
  const skuOf = new Map<string, string>();

  /** An ACTIVE product with a random title and price, so that it lands anywhere in every sort. */
  async function addProduct(target: CatalogShop = shop, stock = 10): Promise<string> {
    const price = `${1000 + Math.floor(Math.random() * 9000)}.00`;
    const product = await createProduct(
      target.owner,
      productInput(target.shopId, categoryId, { title: `Tote ${randomUUID().slice(0, 8)}`, status: 'ACTIVE', skus: [skuInput({ price: { amount: price }, stock })] }),
    );
    skuOf.set(product.id, product.skus[0]?.id ?? '');
    return product.id;
  }

  const deactivate = async (productId: string) => {
    const result = await shop.owner.client.request(SetStatus, { input: { productId, status: 'INACTIVE' } });
    expect(result.data?.setProductStatus.__typename).toBe('SetProductStatusPayload');
  };

  beforeAll(async () => {
    ({ server, staff, categoryId } = await startCatalogWorld());
    shop = await catalogShop(server, staff);
    for (let index = 0; index < 7; index += 1) await addProduct();
  });

  afterAll(async () => {
    await server?.close();
  });

  describe.each(SORTS)('products sorted %s', (sortBy) => {
    const page = (args: PageArgs) => pageOf(server.client, PRODUCTS, { ...args, sortBy, filter: { shopId: shop.shopId } });

    it.each([false, true])('neither skips nor repeats while the item at the cursor leaves and others arrive (backwards: %s)', async (backwards) => {
      await expectNoSkipNoRepeat({ page, remove: deactivate, add: () => addProduct() }, backwards);
    });
  });

  describe.each(['NEWEST', 'TITLE', 'PRICE_DESC'] as const)('Shop.products sorted %s', (sortBy) => {
    const page = (args: PageArgs) => pageOf(server.client, SHOP_PRODUCTS, { ...args, sortBy, id: shop.shopId });

    it.each([false, true])('neither skips nor repeats while the item at the cursor leaves (backwards: %s)', async (backwards) => {
      await expectNoSkipNoRepeat({ page, remove: deactivate, add: () => addProduct() }, backwards);
    });
  });

  it.each([false, true])('shopProducts neither skips nor repeats while the item at the cursor leaves (backwards: %s)', async (backwards) => {
    const page = (args: PageArgs) => pageOf(shop.owner.client, MEMBER_PRODUCTS, { ...args, shopId: shop.shopId });
    await expectNoSkipNoRepeat({ page, remove: deactivate, add: () => addProduct() }, backwards);
  });

  it.each([false, true])('lowStockSkus neither skips nor repeats while the SKU at the cursor is restocked (backwards: %s)', async (backwards) => {
    const low = await catalogShop(server, staff);
    const owner = low.owner;
    const addLow = async () => skuOf.get(await addProduct(low, 1 + Math.floor(Math.random() * 4))) ?? '';
    for (let index = 0; index < 6; index += 1) await addLow();
    const restock = async (skuId: string) => {
      const result = await owner.client.request(AdjustStock, { input: { skuId, delta: 50 } });
      expect(result.data?.adjustSkuStock.__typename).toBe('AdjustSkuStockPayload');
    };
    const page = (args: PageArgs) => pageOf(owner.client, LOW_STOCK, { ...args, shopId: low.shopId });
    await expectNoSkipNoRepeat({ page, remove: restock, add: addLow }, backwards);
  });

  it('reads the audit trails of every SKU of a product in as many statements for three SKUs as for one, and pages each', async () => {
    const CHANGES = `query ($id: ID!, $after: String) {
      node(id: $id) { ... on Product { skus { id changes(first: 2, after: $after) { edges { cursor node { newStock } } ${PAGE_INFO} } } } }
    }`;
    type Answer = { node: { skus: { id: string; changes: { edges: { cursor: string; node: { newStock: number } }[]; pageInfo: { hasNextPage: boolean } } }[] } };
    const productWith = async (skuCount: number) => {
      const skus = Array.from({ length: skuCount }, (_, index) => skuInput({ attributes: [{ name: 'Size', value: `S${index}` }] }));
      const product = await createProduct(shop.owner, productInput(shop.shopId, categoryId, { title: `Trail ${skuCount}`, status: 'ACTIVE', skus }));
      for (const sku of product.skus) {
        for (const delta of [1, 2, 3]) await shop.owner.client.request(AdjustStock, { input: { skuId: sku.id, delta } });
      }
      return product.id;
    };
    const [one, three] = [await productWith(1), await productWith(3)];
    const statements = async (id: string) => {
      const result = await shop.owner.client.raw<Answer>({ query: CHANGES, variables: { id } });
      expect(result.errors).toBeUndefined();
      expect(result.data?.node.skus.every((sku) => sku.changes.edges.length === 2 && sku.changes.pageInfo.hasNextPage)).toBe(true);
      return { count: sqlStatementsOf(result), answer: result.data };
    };
    const small = await statements(one);
    const large = await statements(three);
    expect(large.count).toBe(small.count);
    // Each SKU's trail pages on from its own cursor.
    const first = small.answer?.node.skus[0]?.changes;
    const next = await shop.owner.client.raw<Answer>({ query: CHANGES, variables: { id: one, after: first?.edges[1]?.cursor } });
    // Newest first: stock went 10 → 11 → 13 → 16.
    expect(first?.edges.map((edge) => edge.node.newStock)).toEqual([16, 13]);
    expect(next.data?.node.skus[0]?.changes.edges.map((edge) => edge.node.newStock)).toEqual([11]);
  });

  describe('page info', () => {
    const page = (args: PageArgs, sortBy = 'NEWEST') => pageOf(server.client, PRODUCTS, { ...args, sortBy, filter: { shopId: shop.shopId } });

    it('tells whether items lie before and after a page, in both directions, whatever left the list', async () => {
      const all = await page({ first: 100 });
      expect(all.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
      const second = await page({ first: 2, after: all.cursors[0] });
      expect(second.ids).toEqual(all.ids.slice(1, 3));
      expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const end = await page({ first: 2, after: all.cursors.at(-1) });
      expect(end).toMatchObject({ ids: [], pageInfo: { hasPreviousPage: true, hasNextPage: false, startCursor: null, endCursor: null } });
      const start = await page({ last: 2, before: all.cursors[0] });
      expect(start).toMatchObject({ ids: [], pageInfo: { hasPreviousPage: false, hasNextPage: true } });
      const tail = await page({ last: 2 });
      expect(tail.ids).toEqual(all.ids.slice(-2));
      expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      // Once the first item has left, nothing lies before the cursor it gave.
      await deactivate(all.ids[0] ?? '');
      const afterGone = await page({ first: 2, after: all.cursors[0] });
      expect(afterGone.ids).toEqual(all.ids.slice(1, 3));
      expect(afterGone.pageInfo.hasPreviousPage).toBe(false);
    });

    it('refuses malformed, altered, old-style and foreign cursors with INVALID_CURSOR on the argument', async () => {
      const newest = await page({ first: 2 });
      const cursor = newest.cursors[0] ?? '';
      const variables = (extra: Record<string, unknown>) => ({ sortBy: 'NEWEST', filter: { shopId: shop.shopId }, ...extra });
      for (const bad of ['', 'abc', 'not.a.cursor', tampered(cursor), `${cursor}x`, newest.ids[0] ?? '', Buffer.from(`GPC:S:${newest.ids[0]}`).toString('base64'), 'x'.repeat(5000)]) {
        await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: bad }), 'INVALID_CURSOR', 'after');
      }
      // Control characters are refused before any argument is read, as in every text input.
      const withNul = await listQuery(server.client, PRODUCTS, variables({ first: 2, after: 'é\u0000'.repeat(50) }));
      expect(withNul.connection).toBeNull();
      expect(withNul.result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: ['after'] });
      await expectPagingError(server.client, PRODUCTS, variables({ last: 2, before: tampered(cursor) }), 'INVALID_CURSOR', 'before');
      // Another sort of the same list.
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: cursor, sortBy: 'TITLE' }), 'INVALID_CURSOR', 'after');
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: cursor, sortBy: 'PRICE_ASC' }), 'INVALID_CURSOR', 'after');
      // Another list in the same sort.
      const shopList = await pageOf(server.client, SHOP_PRODUCTS, { first: 2, sortBy: 'NEWEST', id: shop.shopId });
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: shopList.cursors[0] }), 'INVALID_CURSOR', 'after');
      const memberList = await pageOf(shop.owner.client, MEMBER_PRODUCTS, { first: 2, shopId: shop.shopId });
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: memberList.cursors[0] }), 'INVALID_CURSOR', 'after');
    });

    it('refuses arguments that mix directions with INVALID_PAGE_ARGUMENTS', async () => {
      const { cursors } = await page({ first: 2 });
      const variables = (extra: Record<string, unknown>) => ({ sortBy: 'NEWEST', filter: { shopId: shop.shopId }, ...extra });
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, last: 2 }), 'INVALID_PAGE_ARGUMENTS', 'last');
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, after: cursors[0], before: cursors[1] }), 'INVALID_PAGE_ARGUMENTS', 'before');
      await expectPagingError(server.client, PRODUCTS, variables({ first: 2, before: cursors[1] }), 'INVALID_PAGE_ARGUMENTS', 'before');
      await expectPagingError(server.client, PRODUCTS, variables({ last: 2, after: cursors[0] }), 'INVALID_PAGE_ARGUMENTS', 'after');
    });
  });
});
