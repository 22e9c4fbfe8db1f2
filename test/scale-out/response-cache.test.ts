import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { shopWithProducts } from '../accounts/helpers.ts';
import { AdjustStock, type CatalogShop, createCategory } from '../catalog/helpers.ts';
import { expectTypename, sqlStatementsOf } from '../support/client.ts';
import { signUpStaff } from '../support/fixtures.ts';
import { startTestServers, type TestServer } from '../support/server.ts';
import { RACE_REPEAT_MS } from '../../src/server/cache-invalidation.ts';

const Cards = graphql(`
  query ScaleOutCards($shopId: ID!) {
    products(first: 10, filter: { shopId: $shopId }) {
      edges { node { id title skus { id stock } } }
    }
  }
`);

const Page = graphql(`
  query ScaleOutPage($shopId: ID!, $first: Int!) {
    products(first: $first, filter: { shopId: $shopId }) { edges { node { id } } }
  }
`);

const Retitle = graphql(`
  mutation ScaleOutRetitle($input: UpdateProductInput!) {
    updateProduct(input: $input) { __typename }
  }
`);

/** How long tests wait for an invalidation to reach every instance: past RACE_REPEAT_MS and the stock window, with room for a busy machine. */
const INVALIDATION_BOUND = { timeout: 10_000, interval: 50 };

/** Two instances on one PostgreSQL and one Redis: one response cache, dropped by changes made through either. */
describe('response cache across instances', () => {
  let first: TestServer;
  let second: TestServer;
  let shop: CatalogShop & { productIds: string[] };

  const read = (server: TestServer) => server.client.request(Cards, { shopId: shop.shopId });
  const cards = async (server: TestServer) => (await read(server)).data?.products.edges.map((edge) => edge.node) ?? [];

  const prefix = `test-${randomUUID()}:`;
  const redis = new Redis(inject('redisUrl'));
  /** How many answers the shared store holds: the cache writes one after the response has gone out. */
  const storedCount = async () => (await redis.keys(`${prefix}response-cache:operations:*`)).length;

  beforeAll(async () => {
    [first, second] = (await startTestServers(2, { REDIS_KEY_PREFIX: prefix })) as [TestServer, TestServer];
    const staff = await signUpStaff(first);
    shop = await shopWithProducts(first, staff, await createCategory(staff), 2);
    // Every invalidation runs once more RACE_REPEAT_MS later; let those of the set-up pass first.
    await new Promise((resolve) => setTimeout(resolve, RACE_REPEAT_MS + 200));
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    redis.disconnect();
  });

  it('fills the cache on one instance and serves the other from it', async () => {
    // An invalidation left over from the set-up (a busy machine runs its repeat late) can drop the entry
    // between the two reads. So each attempt reads a page size of its own, which nothing filled before,
    // until one pair shows the second instance answering from what the first stored; were the store not
    // shared, no attempt would.
    let size = 0;
    const attempt = async () => {
      size += 1;
      const page = (server: TestServer) => server.client.request(Page, { shopId: shop.shopId, first: size });
      const before = await storedCount();
      if (sqlStatementsOf(await page(first)) === 0) return 'the first instance answered from the cache';
      await expect.poll(storedCount, { timeout: 10_000 }).toBeGreaterThan(before);
      return sqlStatementsOf(await page(second)) === 0 ? 'served from the shared store' : 'the second instance ran the read';
    };
    await expect.poll(attempt, { timeout: 30_000, interval: 0 }).toBe('served from the shared store');
  });

  it('shows an edit made through one instance on the other', async () => {
    const productId = shop.productIds[0] ?? '';
    await cards(second);
    const result = await second.client.as(shop.owner.token).request(Retitle, { input: { productId, title: 'Edited on the second' } });
    expect(result.data?.updateProduct.__typename).toBe('UpdateProductPayload');
    await expect.poll(async () => (await cards(first)).map((card) => card.title), INVALIDATION_BOUND).toContain('Edited on the second');
  });

  it('drops a sold-out product on the other instance, and lists it there again when stock comes back', async () => {
    const productId = shop.productIds[1] ?? '';
    const skuId = (await cards(second)).find((card) => card.id === productId)?.skus[0]?.id ?? '';
    const ids = async () => (await cards(second)).map((card) => card.id);
    expect(await ids()).toContain(productId);
    expectTypename((await first.client.as(shop.owner.token).request(AdjustStock, { input: { skuId, set: 0 } })).data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(ids, INVALIDATION_BOUND).not.toContain(productId);
    expectTypename((await first.client.as(shop.owner.token).request(AdjustStock, { input: { skuId, set: 3 } })).data?.adjustSkuStock, 'AdjustSkuStockPayload');
    await expect.poll(ids, INVALIDATION_BOUND).toContain(productId);
  });
});
