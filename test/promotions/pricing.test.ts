import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { sqlStatementsOf } from '../support/client.ts';
import { address, placeOrder } from '../orders/helpers.ts';
import { createAccount, link, Showcase, showcaseOf } from '../accounts/helpers.ts';
import {
  createDiscount,
  createFlashDeal,
  createShippingDiscount,
  createTemplate,
  createVoucher,
  EndPromotion,
  engineOf,
  expectTypename,
  pricedProduct,
  productPrice,
  type PromoWorld,
  quoteRequest,
  rawId,
  startPromoWorld,
  stubOrder,
} from './helpers.ts';

/**
 * The overlap rule, case by case, as buyers see it on product pages and as checkout quotes it: the
 * lowest product-level price among running discounts and flash deals with units left, then one
 * voucher on the merchandise total, then the shop's best shipping discount.
 */
describe('the overlap rule', () => {
  let world: PromoWorld;
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  beforeAll(async () => {
    world = await startPromoWorld();
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const priceOf = async (productId: string, liveStreamId?: string) => productPrice(world.server, productId, liveStreamId);

  it('without a promotion, the list price; activePromotion is null', async () => {
    const { productId } = await pricedProduct(world.seller, world.categoryId, ['189000.00']);
    const page = await priceOf(productId);
    expect(page.currentPrice.min.amount).toBe('189000.00');
    expect(page.activePromotion).toBeNull();
  });

  it('a percentage discount takes the rounded-half-up percentage off each SKU', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['10.05', '189000.00']);
    expectTypename(await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 1500, items: [{ productId }] }), 'CreateProductDiscountPayload');
    const page = await priceOf(productId);
    // 10.05 × 15% = 1.5075 → 1.51 off (half-up to the minor unit) → 8.54; 189000 × 15% = 28350 off.
    expect(page.skus.map((sku) => sku.currentPrice.amount)).toEqual(['8.54', '160650.00']);
    expect(page.currentPrice).toMatchObject({ min: { amount: '8.54' }, max: { amount: '160650.00' } });
    expect(page.activePromotion).toMatchObject({ kind: 'PERCENT_OFF', price: { min: { amount: '8.54' } }, quantityLeft: null });
    const [quote] = await engineOf(world.server).quote(world.server.running.services.prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 2]]));
    expect(quote?.lines[0]).toMatchObject({ listUnitPriceMinor: 1005n, unitPriceMinor: 854n, flashDeal: false });
    expect(quote?.discountMinor).toBe(302n);
  });

  it('of a percentage and a fixed price, the lower price wins', async () => {
    const { productId } = await pricedProduct(world.seller, world.categoryId, ['200000.00']);
    const percent = expectTypename(await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 1000, items: [{ productId }] }), 'CreateProductDiscountPayload');
    expect((await priceOf(productId)).currentPrice.min.amount).toBe('180000.00');
    const fixed = expectTypename(
      await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'FIXED_PRICE', items: [{ productId, price: { amount: '150000.00' } }] }),
      'CreateProductDiscountPayload',
    );
    const page = await priceOf(productId);
    expect(page.currentPrice.min.amount).toBe('150000.00');
    expect(page.activePromotion?.promotionId).toBe(fixed.promotion?.id);
    // Ending the fixed price brings the percentage back.
    expectTypename((await world.seller.owner.client.request(EndPromotion, { input: { promotionId: fixed.promotion?.id as string } })).data?.endPromotion, 'EndPromotionPayload');
    expect((await priceOf(productId)).activePromotion?.promotionId).toBe(percent.promotion?.id);
  });

  it('a flash deal with units left beats a discount when lower, and shows its countdown and quantity', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['200000.00']);
    await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 1000, items: [{ productId }] });
    const endsAt = inMinutes(30);
    const deal = expectTypename(
      await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, price: { amount: '99000.00' }, quantityLimit: 2, endsAt }),
      'CreateFlashDealPayload',
    );
    const page = await priceOf(productId);
    expect(page.currentPrice.min.amount).toBe('99000.00');
    expect(page.activePromotion).toMatchObject({ promotionId: deal.promotion?.id, kind: 'FLASH_DEAL', quantityLeft: 2, endsAt: new Date(endsAt).toISOString() });

    // Once its units are taken, the discount is the best price again.
    const engine = engineOf(world.server);
    const prisma = world.server.running.services.prisma;
    const quotes = await engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 2]]));
    expect(quotes[0]?.lines[0]).toMatchObject({ unitPriceMinor: 9_900_000n, flashDeal: true, promotionId: rawId(deal.promotion?.id as string) });
    await prisma.$transaction(async (tx) => {
      const orderId = await stubOrder(tx, rawId(world.buyer.userId), rawId(world.seller.shopId));
      await engine.reserve(tx, rawId(world.buyer.userId), [{ orderId, quote: quotes[0]! }]);
    });
    // Units taken inside a transaction of the test's own publish no event: a signed-in buyer, whose reads
    // are never cached, sees the change at once (anonymous pages within RESPONSE_CACHE_PRICE_TTL_SECONDS).
    const after = await productPrice(world.buyer, productId);
    expect(after.currentPrice.min.amount).toBe('180000.00');
    expect(after.activePromotion?.kind).toBe('PERCENT_OFF');
  });

  it('on an equal price a discount is preferred over a flash deal, whose units stay untouched', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['100000.00']);
    await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, price: { amount: '80000.00' }, quantityLimit: 5 });
    await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'FIXED_PRICE', items: [{ productId, price: { amount: '80000.00' } }] });
    expect((await priceOf(productId)).activePromotion?.kind).toBe('FIXED_PRICE');
    const [quote] = await engineOf(world.server).quote(world.server.running.services.prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 1]]));
    expect(quote?.lines[0]?.flashDeal).toBe(false);
  });

  it('an item naming one SKU prices only that SKU; a product item prices every SKU', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['100000.00', '120000.00']);
    await createDiscount(world.seller.owner, {
      shopId: world.seller.shopId,
      kind: 'FIXED_PRICE',
      items: [{ productId, skuId: skuIds[1], price: { amount: '90000.00' } }],
    });
    expect((await priceOf(productId)).skus.map((sku) => sku.currentPrice.amount)).toEqual(['100000.00', '90000.00']);
  });

  it('a promotion that has not started, or that was cancelled, changes no price', async () => {
    const { productId } = await pricedProduct(world.seller, world.categoryId, ['100000.00']);
    const later = expectTypename(
      await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 5000, items: [{ productId }], startsAt: inMinutes(10), endsAt: inMinutes(60) }),
      'CreateProductDiscountPayload',
    );
    expect(later.promotion?.status).toBe('SCHEDULED');
    expect((await priceOf(productId)).currentPrice.min.amount).toBe('100000.00');
    const cancelled = await world.seller.owner.client.request(EndPromotion, { input: { promotionId: later.promotion?.id as string } });
    expect(expectTypename(cancelled.data?.endPromotion, 'EndPromotionPayload').promotion?.status).toBe('CANCELLED');
  });

  it('a flash deal tied to a live stream applies only inside that stream', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['100000.00']);
    const account = await createAccount(world.server);
    const stream = await world.server.running.services.prisma.liveStream.create({
      data: { accountId: rawId(account.accountId), shopId: rawId(world.seller.shopId), title: 'Evening live', scheduledAt: new Date() },
    });
    const streamId = `gid://seller-center/LiveStream/${stream.id}`;
    expectTypename(
      await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, price: { amount: '70000.00' }, quantityLimit: 10, liveStreamId: streamId }),
      'CreateFlashDealPayload',
    );
    expect((await priceOf(productId)).currentPrice.min.amount).toBe('100000.00');
    const live = await priceOf(productId, streamId);
    expect(live.currentPrice.min.amount).toBe('70000.00');
    expect(live.activePromotion).toMatchObject({ kind: 'FLASH_DEAL', quantityLeft: 10 });
    const engine = engineOf(world.server);
    const prisma = world.server.running.services.prisma;
    const [outside] = await engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 1]]));
    const [inside] = await engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 1]], { liveStreamId: stream.id }));
    expect([outside?.lines[0]?.unitPriceMinor, inside?.lines[0]?.unitPriceMinor]).toEqual([10_000_000n, 7_000_000n]);
  });

  it('then one voucher on the total after product discounts, then the best shipping discount the shop qualifies for', async () => {
    const shop = world.otherShop;
    const { productId, skuIds } = await pricedProduct(shop, world.categoryId, ['100000.00'], 100, 1500);
    await createDiscount(shop.owner, { shopId: shop.shopId, kind: 'PERCENT_OFF', percentOffBps: 2000, items: [{ productId }] });
    const voucher = expectTypename(
      await createVoucher(shop.owner, { shopId: shop.shopId, discountKind: 'PERCENT', percentOffBps: 1000, maxDiscount: { amount: '15000.00' }, minSpend: { amount: '150000.00' } }),
      'CreateVoucherPayload',
    ).voucher;
    await createTemplate(shop.owner, { shopId: shop.shopId, provider: 'SELLER', bands: [{ region: 'ID', upToGrams: 1000, fee: { amount: '9000.00' } }, { region: 'ID', fee: { amount: '20000.00' } }] });
    await createShippingDiscount(shop.owner, { shopId: shop.shopId, amountOff: { amount: '5000.00' } });
    await createShippingDiscount(shop.owner, { shopId: shop.shopId, percentOffBps: 5000, minSpend: { amount: '200000.00' } });
    await createShippingDiscount(shop.owner, { shopId: shop.shopId, percentOffBps: 10_000, minSpend: { amount: '1000000.00' } });

    const engine = engineOf(world.server);
    const prisma = world.server.running.services.prisma;
    // 2 × 80,000 = 160,000 after the discount: the voucher's 10% (16,000) is capped at 15,000.
    // Weight 3 kg → the open band, 20,000; 50% off (min 200,000) does not qualify, 5,000 off does.
    const [two] = await engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 2]], { voucherCode: voucher?.code.toLowerCase() ?? null }));
    expect(two).toMatchObject({
      subtotalMinor: 20_000_000n,
      discountMinor: 4_000_000n,
      voucherId: rawId(voucher?.id as string),
      voucherDiscountMinor: 1_500_000n,
      voucherFundedBy: 'SELLER',
      shippingProvider: 'SELLER',
      shippingMinor: 2_000_000n,
      shippingDiscountMinor: 500_000n,
      totalMinor: 16_000_000n - 1_500_000n + 2_000_000n - 500_000n,
    });
    // 3 units: 240,000 qualifies for 50% off shipping (10,000), more than 5,000 off.
    const [three] = await engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 3]]));
    expect(three?.shippingDiscountMinor).toBe(1_000_000n);
    // The minimum spend is measured after product discounts: 1 unit is 80,000 < 150,000.
    await expect(engine.quote(prisma, quoteRequest(world.buyer, [[skuIds[0] as string, 1]], { voucherCode: voucher?.code ?? null }))).rejects.toMatchObject({
      code: 'VOUCHER_INVALID',
      reason: 'MINIMUM_SPEND_NOT_MET',
    });
  });

  it('a platform voucher is split between the shops of its currency in proportion to their merchandise, to the minor unit', async () => {
    const first = await pricedProduct(world.seller, world.categoryId, ['100000.01']);
    const second = await pricedProduct(world.otherShop, world.categoryId, ['200000.00']);
    const voucher = expectTypename(
      await createVoucher(world.staff, { currency: 'IDR', discountKind: 'AMOUNT', amountOff: { amount: '10000.00' }, minSpend: { amount: '250000.00' } }),
      'CreateVoucherPayload',
    ).voucher;
    expect(voucher).toMatchObject({ fundedBy: 'PLATFORM', shop: null });
    const quotes = await engineOf(world.server).quote(
      world.server.running.services.prisma,
      quoteRequest(world.buyer, [[first.skuIds[0] as string, 1], [second.skuIds[0] as string, 1]], { voucherCode: voucher?.code ?? null }),
    );
    // 1,000,000 minor units split 10,000,001 : 20,000,000 → 333,333.34 and 666,666.65: floors 333,333 and 666,666, one unit left
    // goes to the larger remainder (the second shop's).
    expect(quotes.map((quote) => [quote.shopId, quote.voucherDiscountMinor, quote.voucherFundedBy])).toEqual([
      [rawId(world.seller.shopId), 333_333n, 'PLATFORM'],
      [rawId(world.otherShop.shopId), 666_667n, 'PLATFORM'],
    ]);
    expect(quotes[0]?.voucherId).toBe(quotes[1]?.voucherId);
  });
});

const PricedCards = graphql(`
  query PromoPricedCards($shopId: ID!, $first: Int!) {
    products(first: $first, filter: { shopId: $shopId }) {
      edges { node { id currentPrice { min { amount } } activePromotion { kind endsAt quantityLeft } skus { currentPrice { amount } } } }
    }
  }
`);

describe('pricing a page', () => {
  let world: PromoWorld;

  beforeAll(async () => {
    world = await startPromoWorld();
  });

  afterAll(async () => {
    await world?.server.close();
  });

  it('costs the same number of SQL statements for 1 and for 5 promoted products', async () => {
    const shop = world.otherShop;
    for (let index = 0; index < 5; index += 1) {
      const { productId } = await pricedProduct(shop, world.categoryId, ['100000.00', '90000.00']);
      await createDiscount(shop.owner, { shopId: shop.shopId, kind: 'PERCENT_OFF', percentOffBps: 1000 + index, items: [{ productId }] });
      await createFlashDeal(shop.owner, { shopId: shop.shopId, productId, price: { amount: '50000.00' }, quantityLimit: 3 });
    }
    const statements = async (first: number) => {
      const result = await world.server.client.request(PricedCards, { shopId: shop.shopId, first });
      expect(result.data?.products.edges).toHaveLength(first);
      expect(result.data?.products.edges.every((edge) => edge.node.activePromotion?.kind === 'FLASH_DEAL')).toBe(true);
      return sqlStatementsOf(result);
    };
    // The page with its cards, then the promotions in force for the page's products.
    expect(await statements(5)).toBe(2);
    expect(await statements(1)).toBe(2);
  });
});

/** The product page, a showcase and checkout's quote show and charge the same price at the same moment. */
describe('one price everywhere', () => {
  let world: PromoWorld;

  beforeAll(async () => {
    world = await startPromoWorld();
  });

  afterAll(async () => {
    await world?.server.close();
  });

  it('the product page, the showcase, the live overlay, the quote and the order placed all agree while a flash deal runs', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['250000.00', '260000.00']);
    await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 1250, items: [{ productId }] });
    await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, skuId: skuIds[0], price: { amount: '199000.00' }, quantityLimit: 50 });
    const official = await createAccount(world.server);
    await link(world.seller, official, 'OFFICIAL');
    const stream = await world.server.running.services.prisma.liveStream.create({
      data: { accountId: rawId(official.accountId), shopId: rawId(world.seller.shopId), title: 'Flash hour', scheduledAt: new Date() },
    });
    const streamId = `gid://seller-center/LiveStream/${stream.id}`;
    // Inside the stream only, its own deal undercuts the discount on the second SKU.
    await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, skuId: skuIds[1], price: { amount: '215000.00' }, quantityLimit: 50, liveStreamId: streamId });

    const page = await productPrice(world.buyer, productId);
    const showcase = (await world.server.client.request(Showcase, { handle: official.handle, first: 100 })).data?.creatorAccount?.showcase.edges.find((edge) => edge.node.product.id === productId)?.node.product.currentPrice;
    const overlay = await productPrice(world.buyer, productId, streamId);
    const cart: Array<[string, number]> = [[skuIds[0] as string, 1], [skuIds[1] as string, 2]];
    const [quote] = await engineOf(world.server).quote(world.server.running.services.prisma, quoteRequest(world.buyer, cart));
    const [liveQuote] = await engineOf(world.server).quote(world.server.running.services.prisma, quoteRequest(world.buyer, cart, { liveStreamId: stream.id }));
    const items = cart.map(([skuId, quantity]) => ({ skuId, quantity }));
    const [order] = (await placeOrder(world.buyer, { items, shippingAddress: address({ postalCode: '11530' }) })).orders;
    const [liveOrder] = (await placeOrder(world.buyer, { items, shippingAddress: address({ postalCode: '11530' }), attribution: { liveStreamId: streamId } })).orders;

    expect(page.skus.map((sku) => sku.currentPrice.amount)).toEqual(['199000.00', '227500.00']);
    expect(page.activePromotion).toMatchObject({ kind: 'FLASH_DEAL', price: { min: { amount: '199000.00' } } });
    expect(showcase).toEqual(page.currentPrice);
    expect(page.currentPrice).toMatchObject({ min: { amount: '199000.00' }, max: { amount: '227500.00' } });
    expect((await showcaseOf(world.server, official)).map((entry) => entry.productId)).toContain(productId);
    expect(quote?.lines.map((line) => line.unitPriceMinor)).toEqual([19_900_000n, 22_750_000n]);
    // The order placed through placeOrder is charged per unit what the page (and the quote) showed, and in
    // all what the quote totalled.
    expect(order?.items.map((item) => item.unitPrice.amount)).toEqual(page.skus.map((sku) => sku.currentPrice.amount));
    expect(order?.total.amount).toBe(formatMinor(quote?.totalMinor));
    // Bought in the stream: what the overlay showed, its own deal included.
    expect(overlay.skus.map((sku) => sku.currentPrice.amount)).toEqual(['199000.00', '215000.00']);
    expect(overlay.activePromotion).toMatchObject({ kind: 'FLASH_DEAL', price: { min: { amount: '199000.00' } } });
    expect(liveOrder?.items.map((item) => item.unitPrice.amount)).toEqual(overlay.skus.map((sku) => sku.currentPrice.amount));
    expect(liveOrder?.items[0]?.unitPrice.amount).toBe(overlay.activePromotion?.price.min.amount);
    expect(liveOrder?.total.amount).toBe(formatMinor(liveQuote?.totalMinor));
  });
});

/** Minor units of IDR as the API writes amounts. */
function formatMinor(minor: bigint | undefined): string {
  if (minor === undefined) return 'no amount';
  return `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
}
