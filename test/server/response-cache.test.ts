import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { AddToShowcase, createAccount, link, RemoveFromShowcase, RevokeLink, shopWithProducts, Showcase, type TestAccount } from '../accounts/helpers.ts';
import { AdjustStock, type CatalogShop, createCategory, ReinstateShop, SuspendShop } from '../catalog/helpers.ts';
import { createDiscount, ProductPrice } from '../promotions/helpers.ts';
import { expectTypename, type GraphQLTestClient, sqlStatementsOf } from '../support/client.ts';
import { signUpStaff, type TestUser } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { RACE_REPEAT_MS } from '../../src/server/cache-invalidation.ts';

/**
 * The response cache of public reads: anonymous catalogue, product, shop and showcase reads are served
 * from it; signed-in requests and private fields never are; each kind of change a page shows drops the
 * pages that show it. "Served from the cache" is seen as a request that sends no SQL statement.
 */

const Catalogue = graphql(`
  query ResponseCacheCatalogue($shopId: ID!) {
    products(first: 20, filter: { shopId: $shopId }) {
      edges { node { id title inStock priceRange { min { amount } } skus { id stock price { amount } } } }
    }
  }
`);

const Detail = graphql(`
  query ResponseCacheDetail($id: ID!) {
    node(id: $id) {
      ... on Product { id title buyable skus { id stock lowStockThreshold version } shop { name } }
    }
  }
`);

const MixedWithPrivate = graphql(`
  query ResponseCacheMixed($shopId: ID!) {
    products(first: 1, filter: { shopId: $shopId }) { edges { node { id } } }
    shopProducts(shopId: $shopId, first: 1) { edges { node { id } } }
  }
`);

const UpdateTitle = graphql(`
  mutation ResponseCacheUpdateTitle($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      __typename
      ... on UserError { code message }
    }
  }
`);

const UpdatePrice = graphql(`
  mutation ResponseCacheUpdatePrice($input: UpdateSkuInput!) {
    updateSku(input: $input) {
      __typename
      ... on UserError { code message }
    }
  }
`);

/**
 * Lets the invalidations of a set-up pass first: a stock change's last invalidation comes at the end of
 * the stock window (1 s by default), and every invalidation runs once more RACE_REPEAT_MS later.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000 + RACE_REPEAT_MS + 500));

/** How long tests wait for an invalidation to reach every instance: past RACE_REPEAT_MS and the stock window, with room for a busy machine. */
const INVALIDATION_BOUND = { timeout: 10_000, interval: 50 };

/**
 * Repeats a read until it is served from the cache (sends no SQL) and returns that answer. The cache stores
 * an answer after sending it, and an invalidation repeated in the background (RACE_REPEAT_MS after a change
 * of the set-up) may drop an entry: a test that needs a stored entry must meet one, not assume it. A read
 * that is never cached fails after INVALIDATION_BOUND.
 */
async function servedFromCache<T extends { headers: Headers }>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + INVALIDATION_BOUND.timeout;
  for (;;) {
    const response = await run();
    if (sqlStatementsOf(response) === 0) return response;
    if (Date.now() > deadline) throw new Error(`No read was served from the cache within ${INVALIDATION_BOUND.timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, INVALIDATION_BOUND.interval));
  }
}

describe('response cache', () => {
  let server: TestServer;
  let staff: TestUser;
  let categoryId: string;
  let shop: CatalogShop & { productIds: string[] };

  /** SQL statements one request sends: 0 when it is served from the cache. */
  const statementsOf = async (run: () => Promise<{ headers: Headers }>) => sqlStatementsOf(await run());

  const catalogue = (client: GraphQLTestClient = server.client) => client.request(Catalogue, { shopId: shop.shopId });
  const titles = async () => (await catalogue()).data?.products.edges.map((edge) => edge.node.title);
  const listedIds = async () => (await catalogue()).data?.products.edges.map((edge) => edge.node.id) ?? [];
  const skuOf = async (productId: string) => {
    const product = (await server.client.request(Detail, { id: productId })).data?.node;
    return product && 'skus' in product ? product.skus[0] : undefined;
  };

  beforeAll(async () => {
    server = await startTestServer();
    staff = await signUpStaff(server);
    categoryId = await createCategory(staff);
    shop = await shopWithProducts(server, staff, categoryId, 3);
    await settle();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves a repeated anonymous read from the cache', async () => {
    expect(await statementsOf(() => catalogue())).toBeGreaterThan(0);
    await servedFromCache(() => catalogue());
    const first = await catalogue();
    expect(first.data?.products.edges).toHaveLength(3);
    expect(await statementsOf(() => server.client.request(Detail, { id: shop.productIds[0] ?? '' }))).toBeGreaterThan(0);
    await servedFromCache(() => server.client.request(Detail, { id: shop.productIds[0] ?? '' }));
  });

  it('never serves or fills the cache for a signed-in request, so members see their private fields', async () => {
    const productId = shop.productIds[0] ?? '';
    const anonymous = await server.client.request(Detail, { id: productId });
    const anonymousSku = anonymous.data?.node && 'skus' in anonymous.data.node ? anonymous.data.node.skus[0] : null;
    expect(anonymousSku?.lowStockThreshold).toBeNull();
    for (let round = 0; round < 2; round += 1) {
      expect(await statementsOf(() => shop.owner.client.request(Detail, { id: productId }))).toBeGreaterThan(0);
    }
    const member = await shop.owner.client.request(Detail, { id: productId });
    const memberSku = member.data?.node && 'skus' in member.data.node ? member.data.node.skus[0] : null;
    expect(memberSku?.lowStockThreshold).toBe(5);
    expect(memberSku?.version).toBe(0);
    // And what the member saw was not stored for anonymous buyers.
    const again = await server.client.request(Detail, { id: productId });
    expect(again.data?.node && 'skus' in again.data.node ? again.data.node.skus[0]?.lowStockThreshold : 'missing').toBeNull();
  });

  it('does not cache an operation that selects a private root field, nor a "not found"', async () => {
    for (let round = 0; round < 2; round += 1) {
      expect(await statementsOf(() => server.client.request(MixedWithPrivate, { shopId: shop.shopId }))).toBeGreaterThan(0);
    }
    const missing = 'gid://seller-center/Product/00000000-0000-4000-8000-000000000000';
    for (let round = 0; round < 2; round += 1) {
      expect(await statementsOf(() => server.client.request(Detail, { id: missing }))).toBeGreaterThan(0);
    }
  });

  it('never answers a mutation from the cache', async () => {
    const signUp = { query: 'mutation { signUp(input: { email: "cache-twice@example.com", password: "correct-horse-battery", displayName: "Twice" }) { __typename } }' };
    expect((await server.client.raw<{ signUp: { __typename: string } }>(signUp)).data?.signUp.__typename).toBe('AuthPayload');
    expect((await server.client.raw<{ signUp: { __typename: string } }>(signUp)).data?.signUp.__typename).toBe('AlreadyExistsError');
  });

  it('does not keep the cost budget of whoever filled an entry', async () => {
    const cached = await servedFromCache(() => catalogue());
    expect(cached.extensions?.cost).toBeUndefined();
  });

  it('drops the pages of a product when it is edited', async () => {
    const productId = shop.productIds[1] ?? '';
    expect(await titles()).toContain('Product 2');
    const result = await shop.owner.client.request(UpdateTitle, { input: { productId, title: 'Renamed product' } });
    expect(result.data?.updateProduct.__typename).toBe('UpdateProductPayload');
    await expect.poll(titles, INVALIDATION_BOUND).toContain('Renamed product');
    const detail = (await server.client.request(Detail, { id: productId })).data?.node;
    expect(detail && 'title' in detail ? detail.title : null).toBe('Renamed product');
  });

  it('drops the pages of a product when a price changes', async () => {
    const productId = shop.productIds[2] ?? '';
    const sku = await skuOf(productId);
    const price = async () => (await catalogue()).data?.products.edges.find((edge) => edge.node.id === productId)?.node.priceRange.min.amount;
    expect(await price()).toBe('50000.00');
    const result = await shop.owner.client.request(UpdatePrice, { input: { skuId: sku?.id ?? '', price: { amount: '42000.00' } } });
    expect(result.data?.updateSku.__typename).toBe('UpdateSkuPayload');
    await expect.poll(price, INVALIDATION_BOUND).toBe('42000.00');
  });

  it('drops a product from every page when its stock reaches zero, and lists it again when stock comes back', async () => {
    const productId = shop.productIds[0] ?? '';
    const sku = await skuOf(productId);
    expect(await listedIds()).toContain(productId);
    const out = await shop.owner.client.request(AdjustStock, { input: { skuId: sku?.id ?? '', set: 0 } });
    expectTypename(out.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(listedIds, INVALIDATION_BOUND).not.toContain(productId);
    // The page without it is cached now; the product coming back is a change to a page that does not show it.
    await servedFromCache(() => catalogue());
    const back = await shop.owner.client.request(AdjustStock, { input: { skuId: sku?.id ?? '', set: 4 } });
    expectTypename(back.data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(listedIds, INVALIDATION_BOUND).toContain(productId);
  });

  it('shows a changed stock count within the stock window', async () => {
    const productId = shop.productIds[1] ?? '';
    const sku = await skuOf(productId);
    const stock = async () => (await skuOf(productId))?.stock;
    const before = (await stock()) ?? 0;
    for (const delta of [-1, -1, -1]) {
      expectTypename((await shop.owner.client.request(AdjustStock, { input: { skuId: sku?.id ?? '', delta } })).data?.adjustSkuStock, 'AdjustSkuStockPayload');
    }
    await expect.poll(stock, INVALIDATION_BOUND).toBe(before - 3);
  });

  it('drops every page of a shop when it is suspended, and lists it again when reinstated', async () => {
    const productId = shop.productIds[2] ?? '';
    expect(await listedIds()).toContain(productId);
    expect(await skuOf(productId)).toBeDefined();
    await staff.client.request(SuspendShop, { input: { shopId: shop.shopId, reason: 'Investigation' } });
    await expect.poll(listedIds, INVALIDATION_BOUND).toEqual([]);
    await expect.poll(() => skuOf(productId), INVALIDATION_BOUND).toBeUndefined();
    await staff.client.request(ReinstateShop, { input: { shopId: shop.shopId } });
    await expect.poll(listedIds, INVALIDATION_BOUND).toContain(productId);
  });

  it('drops the pages of a product when a promotion changes its price', async () => {
    const productId = shop.productIds[1] ?? '';
    const read = () => server.client.request(ProductPrice, { id: productId });
    const current = async () => {
      const node = (await read()).data?.node;
      return node && 'currentPrice' in node ? node.currentPrice.min.amount : null;
    };
    expect(await current()).toBe('50000.00');
    await servedFromCache(read);
    const created = await createDiscount(shop.owner, { shopId: shop.shopId, kind: 'PERCENT_OFF', percentOffBps: 5000, items: [{ productId }] });
    expectTypename(created, 'CreateProductDiscountPayload');
    await expect.poll(current, INVALIDATION_BOUND).toBe('25000.00');
  });

  describe('showcases', () => {
    let account: TestAccount;
    let linkId: string;
    let other: CatalogShop & { productIds: string[] };
    const read = () => server.client.request(Showcase, { handle: account.handle, first: 20 });
    const showcase = async () => ((await read()).data?.creatorAccount?.showcase.edges ?? []).map((edge) => edge.node.product.id);

    beforeAll(async () => {
      other = await shopWithProducts(server, staff, categoryId, 2);
      account = await createAccount(server);
      linkId = await link(other, account, 'MARKETING');
      await settle();
    });

    it('drops a showcase when its holder adds or removes products', async () => {
      expect(await showcase()).toEqual([]);
      await servedFromCache(read);
      const added = await account.holder.client.request(AddToShowcase, { input: { accountId: account.accountId, productIds: other.productIds } });
      expect(added.data?.addShowcaseProducts.__typename).toBe('CreatorAccountPayload');
      await expect.poll(showcase, INVALIDATION_BOUND).toHaveLength(2);
      await account.holder.client.request(RemoveFromShowcase, { input: { accountId: account.accountId, productIds: [other.productIds[0] ?? ''] } });
      await expect.poll(showcase, INVALIDATION_BOUND).toEqual([other.productIds[1]]);
    });

    it('drops a showcase when the link behind its products is revoked', async () => {
      expect(await showcase()).toEqual([other.productIds[1]]);
      const revoked = await other.owner.client.request(RevokeLink, { input: { linkId } });
      expect(revoked.data?.revokeAccountLink.__typename).toBe('AccountLinkPayload');
      await expect.poll(showcase, INVALIDATION_BOUND).toEqual([]);
    });
  });

  describe('HTTP caching of GET queries', () => {
    const get = (token: string | null, headers: Record<string, string> = {}) => {
      const url = new URL(server.url);
      url.searchParams.set('query', print(Catalogue));
      url.searchParams.set('variables', JSON.stringify({ shopId: shop.shopId }));
      return fetch(url, { headers: { accept: 'application/graphql-response+json', 'graphql-require-preflight': '1', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    };

    it('makes anonymous answers public with an ETag of their content, and answers a matching revalidation with 304', async () => {
      // The earlier tests' invalidations are repeated once a moment later; let them pass. The cache stores
      // an answer after sending it: wait until a read is served from the stored entry, so that the
      // revalidation below meets it.
      await settle();
      // An entry can still be dropped between a read and its revalidation by a late repeat: retry the
      // pair until a revalidation meets the entry it names. A server that never answers 304 fails.
      let etag = '';
      await expect
        .poll(async () => {
          const response = await servedFromCache(() => get(null));
          expect(response.status).toBe(200);
          expect(response.headers.get('cache-control')).toBe('public, max-age=5');
          expect(response.headers.get('vary')).toBe('Authorization');
          etag = response.headers.get('etag') ?? '';
          expect(etag).toMatch(/^".+:.+"$/);
          const revalidated = await get(null, { 'if-none-match': etag });
          return { status: revalidated.status, body: await revalidated.text() };
        }, INVALIDATION_BOUND)
        .toEqual({ status: 304, body: '' });

      // After a change, the old tag no longer matches: the new content comes back with a new tag.
      await shop.owner.client.request(UpdateTitle, { input: { productId: shop.productIds[0] ?? '', title: 'Retitled for HTTP' } });
      await expect
        .poll(async () => (await get(null, { 'if-none-match': etag })).status, INVALIDATION_BOUND)
        .toBe(200);
      const fresh = await get(null, { 'if-none-match': etag });
      expect(fresh.headers.get('etag')).not.toBe(etag);
      expect(JSON.stringify(await fresh.json())).toContain('Retitled for HTTP');
    });

    it('marks answers to signed-in requests private and uncacheable', async () => {
      const response = await get(shop.owner.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
    });
  });
});

describe('response cache turned off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RESPONSE_CACHE: 'false' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs every read', async () => {
    const staff = await signUpStaff(server);
    const shop = await shopWithProducts(server, staff, await createCategory(staff), 1);
    for (let round = 0; round < 2; round += 1) {
      expect(sqlStatementsOf(await server.client.request(Catalogue, { shopId: shop.shopId }))).toBeGreaterThan(0);
    }
  });
});

describe('response cache and the cost budget', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_COST_POINTS: '2000', RATE_LIMIT_WINDOW_SECONDS: '600' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const available = (response: { extensions?: Record<string, unknown> }) =>
    (response.extensions?.cost as { throttleStatus: { currentlyAvailable: number } }).throttleStatus.currentlyAvailable;

  it('spends nothing on answers served from the cache, however many', async () => {
    const staff = await signUpStaff(server);
    const shop = await shopWithProducts(server, staff, await createCategory(staff), 3);
    await settle();
    const filled = await server.client.request(Catalogue, { shopId: shop.shopId });
    const cost = (filled.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost;
    let left = available(filled);
    // More reads served from the cache than the budget left would pay for. The cache stores an answer
    // after sending it, and an invalidation repeated late on a busy machine can drop it: a read that
    // misses is paid for and says what is left, and only reads served from the cache count.
    let cachedReads = 0;
    while (cachedReads <= Math.ceil(left / cost)) {
      const read = await server.client.request(Catalogue, { shopId: shop.shopId });
      expect(read.errors).toBeUndefined();
      if (sqlStatementsOf(read) === 0) cachedReads += 1;
      else left = available(read);
    }
    const next = await server.client.raw({ query: '{ products(first: 1) { edges { node { id } } } }' });
    expect(available(next)).toBe(left - 3);
  });
});
