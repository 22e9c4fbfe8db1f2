import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { sqlStatementsOf } from '../support/client.ts';
import {
  AdjustStock,
  type CatalogShop,
  createProduct,
  productInput,
  SetStatus,
  skuInput,
  startCatalogWorld,
  SuspendShop,
} from '../catalog/helpers.ts';
import {
  AddToShowcase,
  createAccount,
  createPlan,
  joinPlan,
  link,
  RemoveFromShowcase,
  RevokeLink,
  Showcase,
  showcaseOf,
  shopWithProducts,
  type TestAccount,
} from './helpers.ts';

describe('showcases', () => {
  let server: TestServer;
  let staff: TestUser;
  let categoryId: string;

  beforeAll(async () => {
    ({ server, staff, categoryId } = await startCatalogWorld());
  });

  afterAll(async () => {
    await server?.close();
  });

  const add = (account: TestAccount, productIds: string[], planId?: string) =>
    account.holder.client.request(AddToShowcase, { input: { accountId: account.accountId, productIds, planId } }).then((result) => result.data?.addShowcaseProducts);

  describe('of an official account', () => {
    let shop: CatalogShop & { productIds: string[] };
    let official: TestAccount;

    beforeAll(async () => {
      shop = await shopWithProducts(server, staff, categoryId, 2);
      official = await createAccount(server);
      await link(shop, official, 'OFFICIAL');
    });

    it("shows every buyable product of the shop without anyone picking them, and nothing else", async () => {
      const entries = await showcaseOf(server, official);
      expect(entries.map((entry) => entry.productId).sort()).toEqual([...shop.productIds].sort());
      expect(entries.every((entry) => entry.source === 'OFFICIAL' && entry.planId === null)).toBe(true);
      // The holder cannot pick them: they are there already.
      expect(await add(official, [shop.productIds[0] as string])).toMatchObject({ __typename: 'ValidationError', field: ['input', 'productIds', '0'] });
    });

    it('follows the catalogue: a new product appears; deactivated or sold out it disappears; restocked it is back', async () => {
      const product = await createProduct(shop.owner, productInput(shop.shopId, categoryId, { status: 'ACTIVE', skus: [skuInput({ stock: 1 })] }));
      const skuId = product.skus[0]?.id as string;
      const ids = async () => (await showcaseOf(server, official)).map((entry) => entry.productId);
      expect(await ids()).toContain(product.id);

      await shop.owner.client.request(AdjustStock, { input: { skuId, delta: -1 } });
      expect(await ids()).not.toContain(product.id);
      await shop.owner.client.request(AdjustStock, { input: { skuId, delta: 5 } });
      expect(await ids()).toContain(product.id);

      await shop.owner.client.request(SetStatus, { input: { productId: product.id, status: 'INACTIVE' } });
      expect(await ids()).not.toContain(product.id);
      await shop.owner.client.request(SetStatus, { input: { productId: product.id, status: 'ACTIVE' } });
      expect(await ids()).toContain(product.id);
    });

    it("shows each product's shop, current price and stock", async () => {
      const result = await server.client.request(Showcase, { handle: official.handle, first: 1, sortBy: 'PRICE_ASC', filter: { shopId: shop.shopId } });
      expect(result.data?.creatorAccount?.showcase.edges[0]?.node.product).toMatchObject({
        inStock: true,
        shop: { id: shop.shopId },
        currentPrice: { min: { amount: '50000.00', currencyCode: 'IDR' }, max: { amount: '50000.00', currencyCode: 'IDR' } },
      });
    });
  });

  describe('of a marketing account', () => {
    it('shows the products its holder picks, of its shop only, until the link is revoked', async () => {
      const [shop, other] = await Promise.all([
        shopWithProducts(server, staff, categoryId, 3),
        shopWithProducts(server, staff, categoryId, 1),
      ]);
      const marketer = await createAccount(server);
      const linkId = await link(shop, marketer, 'MARKETING');
      expect(await showcaseOf(server, marketer)).toEqual([]);

      const picked = shop.productIds.slice(0, 2);
      expect(await add(marketer, picked)).toMatchObject({ __typename: 'CreatorAccountPayload' });
      const entries = await showcaseOf(server, marketer);
      expect(entries.map((entry) => entry.productId).sort()).toEqual([...picked].sort());
      expect(entries.every((entry) => entry.source === 'MARKETING')).toBe(true);

      // All or nothing: a product of a shop it has no link or plan with refuses the whole call.
      const refused = await add(marketer, [shop.productIds[2] as string, other.productIds[0] as string]);
      expect(refused).toMatchObject({ __typename: 'RuleViolationError', code: 'NOT_ELIGIBLE', field: ['input', 'productIds', '1'] });
      expect(await showcaseOf(server, marketer)).toHaveLength(2);

      // Only the holder edits the showcase.
      const byShop = await shop.owner.client.request(AddToShowcase, { input: { accountId: marketer.accountId, productIds: picked } });
      expect(byShop.data?.addShowcaseProducts).toMatchObject({ __typename: 'PermissionDeniedError' });

      const removed = await marketer.holder.client.request(RemoveFromShowcase, { input: { accountId: marketer.accountId, productIds: [picked[0] as string] } });
      expect(removed.data?.removeShowcaseProducts).toMatchObject({ __typename: 'CreatorAccountPayload' });
      expect(await showcaseOf(server, marketer)).toHaveLength(1);

      await shop.owner.client.request(RevokeLink, { input: { linkId } });
      expect(await showcaseOf(server, marketer)).toEqual([]);
      // What the link put there is gone, not hidden: linking again starts empty.
      await link(shop, marketer, 'MARKETING');
      expect(await showcaseOf(server, marketer)).toEqual([]);
    });
  });

  describe('mixing shops', () => {
    it('shows one creator as marketing account of one shop and affiliate of three others, each entry with its source', async () => {
      const marketingShop = await shopWithProducts(server, staff, categoryId, 2);
      const affiliateShops = await Promise.all([1, 2, 3].map(() => shopWithProducts(server, staff, categoryId, 2)));
      const creator = await createAccount(server);
      await link(marketingShop, creator, 'MARKETING');
      const plans: string[] = [];
      for (const shop of affiliateShops) {
        const plan = await createPlan(shop);
        expect(await joinPlan(creator, plan.id)).toMatchObject({ __typename: 'AffiliateParticipationPayload' });
        plans.push(plan.id);
      }
      expect(await add(creator, [marketingShop.productIds[0] as string, ...affiliateShops.map((shop) => shop.productIds[0] as string)])).toMatchObject({
        __typename: 'CreatorAccountPayload',
      });

      const entries = await showcaseOf(server, creator);
      expect(entries).toHaveLength(4);
      expect(entries.find((entry) => entry.productId === marketingShop.productIds[0])).toMatchObject({ source: 'MARKETING', planId: null });
      affiliateShops.forEach((shop, index) => {
        expect(entries.find((entry) => entry.productId === shop.productIds[0])).toMatchObject({ source: 'AFFILIATE', planId: plans[index] });
      });

      const onlyOne = await showcaseOf(server, creator, { shopId: affiliateShops[1]?.shopId });
      expect(onlyOne.map((entry) => entry.productId)).toEqual([affiliateShops[1]?.productIds[0]]);
    });

    it('drops the products of a suspended shop from every showcase', async () => {
      const shop = await shopWithProducts(server, staff, categoryId, 2);
      const [official, affiliate] = await Promise.all([createAccount(server), createAccount(server)]);
      await link(shop, official, 'OFFICIAL');
      const plan = await createPlan(shop);
      await joinPlan(affiliate, plan.id);
      await add(affiliate, shop.productIds);
      expect(await showcaseOf(server, official)).toHaveLength(2);
      expect(await showcaseOf(server, affiliate)).toHaveLength(2);

      const suspended = await staff.client.request(SuspendShop, { input: { shopId: shop.shopId, reason: 'Counterfeit goods reported' } });
      expect(suspended.data?.suspendShop?.__typename).toBe('SuspendShopPayload');
      expect(await showcaseOf(server, official)).toEqual([]);
      expect(await showcaseOf(server, affiliate)).toEqual([]);
    });
  });

  describe('paging', () => {
    let creator: TestAccount;

    beforeAll(async () => {
      const shops = await Promise.all([shopWithProducts(server, staff, categoryId, 3, '30000.00'), shopWithProducts(server, staff, categoryId, 3, '10000.00')]);
      creator = await createAccount(server);
      for (const shop of shops) {
        const plan = await createPlan(shop);
        await joinPlan(creator, plan.id);
        await add(creator, shop.productIds);
      }
    });

    it('pages forwards and backwards with stable cursors, sorted by price across shops', async () => {
      const all = await server.client.request(Showcase, { handle: creator.handle, first: 6, sortBy: 'PRICE_ASC' });
      const edges = all.data?.creatorAccount?.showcase.edges ?? [];
      expect(edges.map((edge) => edge.node.product.currentPrice.min.amount)).toEqual(['10000.00', '10000.00', '10000.00', '30000.00', '30000.00', '30000.00']);

      const page = (after: string | null) => server.client.request(Showcase, { handle: creator.handle, first: 2, after, sortBy: 'PRICE_ASC' });
      const walked: string[] = [];
      let after: string | null = null;
      for (let index = 0; index < 4; index += 1) {
        const result: Awaited<ReturnType<typeof page>> = await page(after);
        const connection = result.data?.creatorAccount?.showcase;
        if (!connection) throw new Error(JSON.stringify(result.errors));
        walked.push(...connection.edges.map((edge) => edge.node.product.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(walked).toEqual(edges.map((edge) => edge.node.product.id));

      const backwards = await server.client.request(Showcase, { handle: creator.handle, last: 2, before: edges[4]?.cursor, sortBy: 'PRICE_ASC' });
      expect(backwards.data?.creatorAccount?.showcase.edges.map((edge) => edge.node.product.id)).toEqual(edges.slice(2, 4).map((edge) => edge.node.product.id));
    });

    it('refuses a cursor it did not make', async () => {
      const result = await server.client.request(Showcase, { handle: creator.handle, first: 2, after: 'not-a-cursor' });
      expect(result.errors?.[0]?.message).toMatch(/cursor/);
    });
  });

  describe('cost', () => {
    it('runs as many SQL statements for 50 products from 5 shops as for 5 products from 1', async () => {
      const shops = await Promise.all([1, 2, 3, 4, 5].map(() => shopWithProducts(server, staff, categoryId, 10)));
      const [big, small] = await Promise.all([createAccount(server), createAccount(server)]);
      for (const shop of shops) {
        const plan = await createPlan(shop);
        await joinPlan(big, plan.id);
        if (shop === shops[0]) await joinPlan(small, plan.id);
      }
      expect(await add(big, shops.flatMap((shop) => shop.productIds))).toMatchObject({ __typename: 'CreatorAccountPayload' });
      expect(await add(small, shops[0]?.productIds.slice(0, 5) ?? [])).toMatchObject({ __typename: 'CreatorAccountPayload' });

      const statements = async (account: TestAccount, expected: number) => {
        const result = await server.client.request(Showcase, { handle: account.handle, first: 100 });
        expect(result.data?.creatorAccount?.showcase.edges).toHaveLength(expected);
        expect(new Set(result.data?.creatorAccount?.showcase.edges.map((edge) => edge.node.plan?.id)).size).toBe(expected === 50 ? 5 : 1);
        return sqlStatementsOf(result);
      };
      // The account; the page with its products' shops and SKUs; each entry's source and plan; the
      // plans' visibility check (an invite-only plan is shown to its parties only); the promotions in
      // force for the page.
      expect(await statements(big, 50)).toBe(5);
      expect(await statements(small, 5)).toBe(5);
    });
  });

  it('is public: anyone reads a showcase by handle without signing in', async () => {
    const shop = await shopWithProducts(server, staff, categoryId, 1);
    const official = await createAccount(server);
    await link(shop, official, 'OFFICIAL');
    const anonymous = await server.client.request(Showcase, { handle: official.handle, first: 5 });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data?.creatorAccount?.showcase.edges.map((edge) => edge.node.source)).toEqual(['OFFICIAL']);
  });
});
