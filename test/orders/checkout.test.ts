import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { print } from 'graphql';
import { expectTypename, sqlStatementsOf } from '../support/client.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import { createAccount, createPlan, joinPlan } from '../accounts/helpers.ts';
import { createProduct, productInput, SetStatus, skuInput, SuspendShop, ReinstateShop } from '../catalog/helpers.ts';
import { address, CancelOrder, checkout, OrderView, PlaceOrder, placeOrder, SkuStock, startOrderWorld, stockedSku, uniqueKey, type OrderWorld } from './helpers.ts';

/** Checkout over HTTP: the flash sale, idempotency keys, attribution, and every typed error of placeOrder. */

const AdjustWithKey = graphql(`
  mutation OrdersAdjustWithKey($input: AdjustSkuStockInput!) {
    adjustSkuStock(input: $input) {
      __typename
      ... on AdjustSkuStockPayload { sku { stock version } }
      ... on UserError { code message field }
    }
  }
`);

const stockOf = async (world: OrderWorld, skuId: string) => {
  const result = await world.server.client.request(SkuStock, { id: skuId });
  return result.data?.node && 'stock' in result.data.node ? result.data.node.stock : null;
};

const uuidOf = (globalId: string) => globalId.split('/').at(-1) ?? '';

describe('checkout', () => {
  let world: OrderWorld;
  let buyers: TestUser[];

  beforeAll(async () => {
    world = await startOrderWorld();
    buyers = [world.buyer, world.otherBuyer, ...(await Promise.all(Array.from({ length: 8 }, () => signUp(world.server.client, 'buyer'))))];
  }, 120_000);

  afterAll(async () => {
    await world?.server.close();
  });

  it('sells exactly 100 units to 1,000 concurrent buyers; every other caller is told it sold out', async () => {
    const sku = await stockedSku(world, 100);
    // Each attempt carries its own idempotency key, so a request whose connection the busy machine drops
    // can be sent again without the risk of buying twice: what a real client does.
    const send = (buyer: TestUser, idempotencyKey: string) => buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 1), idempotencyKey } });
    const attempt = async (buyer: TestUser, idempotencyKey: string, tries = 3): ReturnType<typeof send> => {
      try {
        return await send(buyer, idempotencyKey);
      } catch (error) {
        if (tries <= 1) throw error;
        return attempt(buyer, idempotencyKey, tries - 1);
      }
    };
    const results = await Promise.all(Array.from({ length: 1000 }, (_, index) => attempt(buyers[index % buyers.length] as TestUser, uniqueKey())));
    const outcomes = results.map((result) => result.data?.placeOrder?.__typename ?? JSON.stringify(result.errors));
    expect(outcomes.filter((name) => name !== 'PlaceOrderPayload' && name !== 'OutOfStockError').slice(0, 3)).toEqual([]);
    expect(outcomes.filter((name) => name === 'PlaceOrderPayload')).toHaveLength(100);
    expect(outcomes.filter((name) => name === 'OutOfStockError')).toHaveLength(900);
    for (const result of results) {
      const payload = result.data?.placeOrder;
      if (payload?.__typename === 'OutOfStockError') expect(payload).toMatchObject({ code: 'OUT_OF_STOCK', available: 0, requested: 1, skuId: sku });
    }
    // The losers waited in memory while the winners held the units, and were refused from the sold-out
    // memo: the session check and the key's lookup, no read of the SKU. (Without admission, on
    // PostgreSQL about a quarter of them read it, some writing orders only to roll them back.)
    const losers = results.filter((result) => result.data?.placeOrder?.__typename === 'OutOfStockError');
    expect(losers.filter((result) => sqlStatementsOf(result) > 2).length).toBeLessThan(100);
    expect(await stockOf(world, sku)).toBe(0);
    const prisma = world.server.running.services.prisma;
    const sold = await prisma.orderItem.aggregate({ _sum: { quantity: true }, where: { skuId: uuidOf(sku) } });
    expect(sold._sum.quantity).toBe(100);
    expect(await prisma.skuChange.count({ where: { skuId: uuidOf(sku), reason: 'Checkout' } })).toBe(100);
  }, 600_000);

  it('creates one order for 20 concurrent calls with one key, shows it to all 20, and refuses the key with another cart', { timeout: 120_000 }, async () => {
    const sku = await stockedSku(world, 50);
    const key = uniqueKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 2), idempotencyKey: key } })),
    );
    const payloads = results.map((result) => expectTypename(result.data?.placeOrder, 'PlaceOrderPayload'));
    const ids = new Set(payloads.map((payload) => payload.orders[0]?.id));
    expect(ids.size).toBe(1);
    expect(payloads.filter((payload) => !payload.replayed)).toHaveLength(1);
    expect(await stockOf(world, sku)).toBe(48);

    const changed = await world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 3), idempotencyKey: key } });
    expect(expectTypename(changed.data?.placeOrder, 'IdempotencyKeyReusedError')).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] });
    // Keys are per user: another buyer's same key is another request.
    const other = await world.otherBuyer.client.request(PlaceOrder, { input: { ...checkout(sku, 2), idempotencyKey: key } });
    expect(expectTypename(other.data?.placeOrder, 'PlaceOrderPayload').replayed).toBe(false);
    // A replay after the stock ran out still returns the order, not "sold out".
    await world.seller.owner.client.request(AdjustWithKey, { input: { skuId: sku, set: 0 } });
    const replay = await world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 2), idempotencyKey: key } });
    expect(expectTypename(replay.data?.placeOrder, 'PlaceOrderPayload').orders[0]?.id).toBe([...ids][0]);
  });

  it('keeps keys for 24 hours', async () => {
    const key = uniqueKey();
    const sku = await stockedSku(world, 5);
    await placeOrder(world.buyer, { ...checkout(sku, 1), idempotencyKey: key });
    const record = await world.server.running.services.prisma.idempotencyRecord.findFirstOrThrow({ where: { key } });
    expect(record.expiresAt.getTime() - record.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(await world.server.running.services.prisma.idempotencyRecord.count({ where: { key } })).toBe(1);
  });

  it('refuses bad keys', async () => {
    const sku = await stockedSku(world, 5);
    for (const idempotencyKey of ['', 'x'.repeat(256), 'has space', 'nul\u0000']) {
      const result = await world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 1), idempotencyKey } });
      expect(expectTypename(result.data?.placeOrder, 'ValidationError').field).toEqual(['input', 'idempotencyKey']);
    }
    expect(await stockOf(world, sku)).toBe(5);
  });

  it('makes stock adjustments idempotent with the same mechanism', async () => {
    const sku = await stockedSku(world, 5);
    const key = uniqueKey();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await world.seller.owner.client.request(AdjustWithKey, { input: { skuId: sku, delta: 3, idempotencyKey: key } });
      expect(expectTypename(result.data?.adjustSkuStock, 'AdjustSkuStockPayload').sku.stock).toBe(8);
    }
    const changed = await world.seller.owner.client.request(AdjustWithKey, { input: { skuId: sku, delta: 4, idempotencyKey: key } });
    expect(expectTypename(changed.data?.adjustSkuStock, 'IdempotencyKeyReusedError').code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stockOf(world, sku)).toBe(8);
  });

  it('refuses a SKU it saw sell out without a statement of its own, stores no such refusal under the key, and sells a restock at once', async () => {
    const sku = await stockedSku(world, 1);
    expectTypename((await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 1) })).data?.placeOrder, 'PlaceOrderPayload');
    // What any signed-in request costs: the viewer's session check.
    const signedIn = sqlStatementsOf(await world.otherBuyer.client.raw({ query: '{ __typename }' }));

    const refused = await world.otherBuyer.client.raw<{ placeOrder: { __typename: string } }>({ query: print(PlaceOrder), variables: { input: checkout(sku, 1) } });
    expect(refused.data?.placeOrder).toMatchObject({ __typename: 'OutOfStockError', available: 0, requested: 1, skuId: sku });
    expect(sqlStatementsOf(refused)).toBe(signedIn);
    // With a key, the stored result is looked up first (a retry of a checkout that went through gets its
    // orders back): one read more, and still no stock read.
    const key = uniqueKey();
    const keyed = await world.otherBuyer.client.raw<{ placeOrder: { __typename: string } }>({ query: print(PlaceOrder), variables: { input: { ...checkout(sku, 1), idempotencyKey: key } } });
    expect(keyed.data?.placeOrder.__typename).toBe('OutOfStockError');
    expect(sqlStatementsOf(keyed)).toBe(signedIn + 1);

    // A restock (a stock event) makes the instance forget; the same key then runs anew, as Stripe runs a
    // retry of a request refused before it executed.
    expectTypename((await world.seller.owner.client.request(AdjustWithKey, { input: { skuId: sku, delta: 2, idempotencyKey: uniqueKey() } })).data?.adjustSkuStock, 'AdjustSkuStockPayload');
    const retried = await world.otherBuyer.client.request(PlaceOrder, { input: { ...checkout(sku, 1), idempotencyKey: key } });
    expect(expectTypename(retried.data?.placeOrder, 'PlaceOrderPayload').replayed).toBe(false);
    expect(await stockOf(world, sku)).toBe(1);
  });

  it('learns a sold-out SKU from a read too, and forgets it when the product is delisted, so the refusal names the reason', async () => {
    const sku = await stockedSku(world, 1);
    const prisma = world.server.running.services.prisma;
    // Sold out behind the server's back (no event): the first attempt reads it, the next is answered from memory.
    await prisma.sku.update({ where: { id: uuidOf(sku) }, data: { stock: 0 } });
    const signedIn = sqlStatementsOf(await world.buyer.client.raw({ query: '{ __typename }' }));
    const first = await world.buyer.client.raw<{ placeOrder: { __typename: string } }>({ query: print(PlaceOrder), variables: { input: checkout(sku, 1) } });
    expect(first.data?.placeOrder.__typename).toBe('OutOfStockError');
    expect(sqlStatementsOf(first)).toBeGreaterThan(signedIn);
    const second = await world.buyer.client.raw<{ placeOrder: { __typename: string } }>({ query: print(PlaceOrder), variables: { input: checkout(sku, 1) } });
    expect(second.data?.placeOrder.__typename).toBe('OutOfStockError');
    expect(sqlStatementsOf(second)).toBe(signedIn);

    const { productId } = await prisma.sku.findUniqueOrThrow({ where: { id: uuidOf(sku) }, select: { productId: true } });
    const delisted = await world.seller.owner.client.request(SetStatus, { input: { productId: `gid://seller-center/Product/${productId}`, status: 'INACTIVE' } });
    expect(delisted.errors).toBeUndefined();
    const third = await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 1) });
    expect(expectTypename(third.data?.placeOrder, 'NotBuyableError').skuId).toBe(sku);
  });

  it('says how many are left when the stock is short, and reserves nothing of a cart that fails', async () => {
    const plenty = await stockedSku(world, 10);
    const short = await stockedSku(world, 2);
    const result = await world.buyer.client.request(PlaceOrder, {
      input: { items: [{ skuId: plenty, quantity: 5 }, { skuId: short, quantity: 3 }], shippingAddress: address() },
    });
    expect(expectTypename(result.data?.placeOrder, 'OutOfStockError')).toMatchObject({ available: 2, requested: 3, field: ['input', 'items', '1', 'quantity'] });
    expect(await stockOf(world, plenty)).toBe(10);
    expect(await stockOf(world, short)).toBe(2);
  });

  it('makes one order per shop of a cart', async () => {
    const other = await createProduct(
      world.otherSeller.owner,
      productInput(world.otherSeller.shopId, world.categoryId, { status: 'ACTIVE', skus: [skuInput({ stock: 3 })] }),
    );
    const mine = await stockedSku(world, 3);
    const placed = await placeOrder(world.buyer, {
      items: [{ skuId: mine, quantity: 1 }, { skuId: other.skus[0]?.id ?? '', quantity: 2 }],
      shippingAddress: address(),
    });
    expect(placed.orders.map((order) => order.shop.id)).toEqual([world.seller.shopId, world.otherSeller.shopId]);
    expect(placed.orders.map((order) => order.items.map((item) => item.quantity))).toEqual([[1], [2]]);
  });

  it('refuses a product that is not on sale, and any product of a shop that cannot sell', async () => {
    const product = await createProduct(world.seller.owner, productInput(world.seller.shopId, world.categoryId, { status: 'ACTIVE', skus: [skuInput({ stock: 3 })] }));
    const sku = product.skus[0]?.id ?? '';
    await world.seller.owner.client.request(SetStatus, { input: { productId: product.id, status: 'INACTIVE' } });
    const inactive = await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 1) });
    expect(expectTypename(inactive.data?.placeOrder, 'NotBuyableError')).toMatchObject({ code: 'NOT_BUYABLE', skuId: sku, field: ['input', 'items', '0', 'skuId'] });
    await world.seller.owner.client.request(SetStatus, { input: { productId: product.id, status: 'ACTIVE' } });
    await world.staff.client.request(SuspendShop, { input: { shopId: world.seller.shopId, reason: 'Review' } });
    try {
      const suspended = await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 1) });
      expect(expectTypename(suspended.data?.placeOrder, 'NotBuyableError').code).toBe('NOT_BUYABLE');
    } finally {
      await world.staff.client.request(ReinstateShop, { input: { shopId: world.seller.shopId } });
    }
    expect(expectTypename((await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 1) })).data?.placeOrder, 'PlaceOrderPayload'));
  });

  it('holds each buyer to a product’s per-buyer limit, across orders, counting cancelled ones out', async () => {
    const product = await createProduct(
      world.seller.owner,
      productInput(world.seller.shopId, world.categoryId, { status: 'ACTIVE', purchaseLimitPerBuyer: 2, skus: [skuInput({ stock: 20 })] }),
    );
    const sku = product.skus[0]?.id ?? '';
    const first = await placeOrder(world.buyer, checkout(sku, 1));
    const over = await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 2) });
    expect(expectTypename(over.data?.placeOrder, 'PurchaseLimitReachedError')).toMatchObject({ code: 'PURCHASE_LIMIT_REACHED', limit: 2, alreadyBought: 1 });
    await world.buyer.client.request(CancelOrder, { input: { orderId: first.orders[0]?.id ?? '', reason: 'Changed my mind' } });
    expect(expectTypename((await world.buyer.client.request(PlaceOrder, { input: checkout(sku, 2) })).data?.placeOrder, 'PlaceOrderPayload'));
    // Concurrent checkouts of one buyer cannot slip past the limit together.
    const racing = await Promise.all(Array.from({ length: 5 }, () => world.otherBuyer.client.request(PlaceOrder, { input: checkout(sku, 1) })));
    expect(racing.filter((result) => result.data?.placeOrder?.__typename === 'PlaceOrderPayload')).toHaveLength(2);
    expect(await stockOf(world, sku)).toBe(16);
  });

  it('records attribution: the channel, the account, and per item the affiliate plan and rate in force', async () => {
    const account = await createAccount(world.server);
    const plan = await createPlan(world.seller, { commissionBps: 1200 });
    expectTypename(await joinPlan(account, plan.id), 'AffiliateParticipationPayload');
    const sku = await stockedSku(world, 5);
    const placed = await placeOrder(world.buyer, { ...checkout(sku, 1), attribution: { accountId: account.accountId } });
    const order = placed.orders[0];
    expect(order?.channel).toBe('SHOWCASE');
    // The buyer does not see the commission; the seller does.
    expect(order?.items[0]?.commissionBps).toBeNull();
    const commissionSeenBy = async (user: TestUser) => {
      const view = await user.client.request(OrderView, { id: order?.id ?? '' });
      return view.data?.node?.__typename === 'Order' ? view.data.node.items[0]?.commissionBps : 'not visible';
    };
    expect(await commissionSeenBy(world.operator)).toBe(1200);
    expect(await commissionSeenBy(world.buyer)).toBeNull();
    expect(await commissionSeenBy(world.otherSeller.owner)).toBe('not visible');
    const row = await world.server.running.services.prisma.orderItem.findFirstOrThrow({ where: { orderId: uuidOf(order?.id ?? '') } });
    expect({ plan: row.affiliatePlanId, rate: row.commissionBps }).toEqual({ plan: uuidOf(plan.id), rate: 1200 });

    const video = await placeOrder(world.buyer, { ...checkout(sku, 1), attribution: { videoId: 'v-123', accountId: account.accountId } });
    expect(video.orders[0]?.channel).toBe('VIDEO');
    const otherPlan = await createPlan(world.otherSeller, { commissionBps: 900 });
    const wrongPlan = await world.buyer.client.request(PlaceOrder, {
      input: { ...checkout(sku, 1), attribution: { accountId: account.accountId, affiliatePlanId: otherPlan.id } },
    });
    expect(expectTypename(wrongPlan.data?.placeOrder, 'RuleViolationError')).toMatchObject({ code: 'NOT_ELIGIBLE', field: ['input', 'attribution', 'affiliatePlanId'] });
    const missingStream = await world.buyer.client.request(PlaceOrder, {
      input: { ...checkout(sku, 1), attribution: { liveStreamId: 'gid://seller-center/LiveStream/01900000-0000-7000-8000-000000000000' } },
    });
    expect(expectTypename(missingStream.data?.placeOrder, 'NotFoundError').field).toEqual(['input', 'attribution', 'liveStreamId']);
  });

  it('refuses bad input with typed errors on the exact field, writing nothing', async () => {
    const sku = await stockedSku(world, 5);
    const cases: [Parameters<typeof checkout>[2] & object, string[]][] = [
      [{ items: [] }, ['input', 'items']],
      [{ items: [{ skuId: sku, quantity: 0 }] }, ['input', 'items', '0', 'quantity']],
      [{ items: [{ skuId: sku, quantity: 1000 }] }, ['input', 'items', '0', 'quantity']],
      [{ items: [{ skuId: sku, quantity: 1 }, { skuId: sku, quantity: 1 }] }, ['input', 'items', '1', 'skuId']],
      [{ items: [{ skuId: 'not-an-id', quantity: 1 }] }, ['input', 'items', '0', 'skuId']],
      [{ items: [{ skuId: world.seller.shopId, quantity: 1 }] }, ['input', 'items', '0', 'skuId']],
      [{ shippingAddress: address({ recipientName: '' }) }, ['input', 'shippingAddress', 'recipientName']],
      [{ shippingAddress: address({ line1: 'Jl.\u0000' }) }, ['input', 'shippingAddress', 'line1']],
      [{ shippingAddress: address({ city: 'x'.repeat(101) }) }, ['input', 'shippingAddress', 'city']],
      [{ shippingAddress: address({ phone: 'call me' }) }, ['input', 'shippingAddress', 'phone']],
      [{ shippingAddress: address({ region: 'VN' }) }, ['input', 'shippingAddress', 'region']],
    ];
    for (const [overrides, field] of cases) {
      const result = await world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 1), ...overrides } });
      expect(expectTypename(result.data?.placeOrder, 'ValidationError').field, JSON.stringify(overrides)).toEqual(field);
    }
    const missing = await world.buyer.client.request(PlaceOrder, { input: checkout('gid://seller-center/Sku/01900000-0000-7000-8000-000000000000', 1) });
    expect(expectTypename(missing.data?.placeOrder, 'NotFoundError').field).toEqual(['input', 'items', '0', 'skuId']);
    const voucher = await world.buyer.client.request(PlaceOrder, { input: { ...checkout(sku, 1), voucherCode: 'NOPE' } });
    expect(expectTypename(voucher.data?.placeOrder, 'VoucherInvalidError')).toMatchObject({ code: 'VOUCHER_INVALID', field: ['input', 'voucherCode'] });
    const unicode = await placeOrder(world.buyer, { ...checkout(sku, 1), shippingAddress: address({ recipientName: 'Nguyễn Thị 🌸', line1: '東京都' }) });
    expect(unicode.orders).toHaveLength(1);
    expect(await stockOf(world, sku)).toBe(4);
    const anonymous = await world.server.client.request(PlaceOrder, { input: checkout(sku, 1) });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
