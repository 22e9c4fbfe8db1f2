import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/fixtures.ts';
import {
  createFlashDeal,
  createTemplate,
  createVoucher,
  engineOf,
  expectTypename,
  pricedProduct,
  type PromoWorld,
  PromotionNode,
  quoteRequest,
  rawId,
  startPromoWorld,
  stubOrder,
} from './helpers.ts';
import type { PromotionPricing } from '../../src/modules/promotions/promotion-pricing.ts';
import type { QuoteRequest } from '../../src/modules/promotions/checkout-pricing.ts';
import { FlashDealOverError, VoucherInvalidError } from '../../src/modules/promotions/promotion.errors.ts';

/**
 * The contract checkout uses: quote, then reserve inside the checkout transaction, and release on
 * cancellation. Concurrency is settled by the database: run these on PostgreSQL to see real races.
 */
describe('checkout pricing', () => {
  let world: PromoWorld;
  let engine: PromotionPricing;

  beforeAll(async () => {
    world = await startPromoWorld();
    engine = engineOf(world.server);
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const prisma = () => world.server.running.services.prisma;

  /** Quote and reserve in one transaction, as checkout does; one order per shop quote. Returns the order ids. */
  async function checkout(request: QuoteRequest): Promise<string[]> {
    return prisma().$transaction(async (tx) => {
      const quotes = await engine.quote(tx, request);
      const orders = [];
      for (const quote of quotes) orders.push({ orderId: await stubOrder(tx, request.buyerId, quote.shopId), quote });
      await engine.reserve(tx, request.buyerId, orders);
      return orders.map((order) => order.orderId);
    });
  }

  /** Buyers written straight to the database: these tests are about reservations, not sign-up. */
  async function manyBuyers(count: number): Promise<string[]> {
    const users = Array.from({ length: count }, () => ({ id: randomUUID(), email: `${randomUUID()}@example.com`, passwordHash: 'x', displayName: 'Buyer' }));
    await prisma().user.createMany({ data: users });
    return users.map((user) => user.id);
  }

  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: unknown) => (error instanceof FlashDealOverError ? 'FLASH_DEAL_OVER' : error instanceof VoucherInvalidError ? error.reason : String(error)),
    );

  it('quotes one shop quote per shop, in the order shops first appear, with the default shipping when a shop has no template', async () => {
    const a = await pricedProduct(world.seller, world.categoryId, ['10000.00'], 100, 1200);
    const b = await pricedProduct(world.otherShop, world.categoryId, ['20000.00'], 100, 300);
    const quotes = await engine.quote(prisma(), quoteRequest(world.buyer, [[b.skuIds[0] as string, 1], [a.skuIds[0] as string, 2], [b.skuIds[0] as string, 1]]));
    expect(quotes.map((quote) => quote.shopId)).toEqual([rawId(world.otherShop.shopId), rawId(world.seller.shopId)]);
    // 2.4 kg → 3 started kilograms at the IDR default of 10,000.00 each; 0.6 kg → 1.
    expect(quotes.map((quote) => [quote.shippingProvider, quote.shippingMinor, quote.lines.length])).toEqual([
      ['PLATFORM', 1_000_000n, 2],
      ['PLATFORM', 3_000_000n, 1],
    ]);
    expect(quotes[1]).toMatchObject({ subtotalMinor: 2_000_000n, discountMinor: 0n, voucherId: null, totalMinor: 5_000_000n, quotedAt: expect.any(Date) });
  });

  it('refuses an unknown SKU, a quantity below 1, and a destination the shop has no fee for, with typed errors', async () => {
    const some = await pricedProduct(world.seller, world.categoryId, ['1000.00']);
    await expect(engine.quote(prisma(), quoteRequest(world.buyer, [[some.skuIds[0] as string, 0]]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: ['input', 'items', '0', 'quantity'],
    });
    await expect(engine.quote(prisma(), quoteRequest(world.buyer, [['gid://seller-center/Sku/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 1]]))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'items', '0', 'skuId'],
    });
    const shop = world.otherShop;
    await createTemplate(shop.owner, { shopId: shop.shopId, provider: 'PLATFORM', bands: [{ region: 'ID', upToGrams: 5000, fee: { amount: '8000.00' } }] });
    const heavy = await pricedProduct(shop, world.categoryId, ['5000.00'], 100, 6000);
    await expect(engine.quote(prisma(), quoteRequest(world.buyer, [[heavy.skuIds[0] as string, 1]]))).rejects.toMatchObject({ code: 'SHIPPING_UNAVAILABLE' });
    await expect(engine.quote(prisma(), quoteRequest(world.buyer, [[heavy.skuIds[0] as string, 1]], { destination: { region: 'VN', postalCode: null } }))).rejects.toMatchObject({
      code: 'SHIPPING_UNAVAILABLE',
    });
  });

  it('says why a voucher cannot be used: unknown, another shop, not started, expired, per-buyer limit, limit reached', async () => {
    const { skuIds } = await pricedProduct(world.seller, world.categoryId, ['50000.00']);
    const line: Array<[string, number]> = [[skuIds[0] as string, 1]];
    const other = expectTypename(await createVoucher(world.otherShop.owner, { shopId: world.otherShop.shopId, discountKind: 'AMOUNT', amountOff: { amount: '1000.00' } }), 'CreateVoucherPayload').voucher;
    const later = expectTypename(
      await createVoucher(world.seller.owner, {
        shopId: world.seller.shopId,
        discountKind: 'AMOUNT',
        amountOff: { amount: '1000.00' },
        startsAt: new Date(Date.now() + 600_000).toISOString(),
        endsAt: new Date(Date.now() + 1_200_000).toISOString(),
      }),
      'CreateVoucherPayload',
    ).voucher;
    const once = expectTypename(await createVoucher(world.seller.owner, { shopId: world.seller.shopId, discountKind: 'AMOUNT', amountOff: { amount: '1000.00' }, totalLimit: 1, perBuyerLimit: 1 }), 'CreateVoucherPayload').voucher;
    const reason = (code: string, at = new Date(), buyer = world.buyer) => outcome(engine.quote(prisma(), quoteRequest(buyer, line, { voucherCode: code, at })));

    expect(await reason('NO-SUCH-CODE')).toBe('UNKNOWN_CODE');
    expect(await reason(other?.code as string)).toBe('NOT_FOR_THIS_SHOP');
    expect(await reason(later?.code as string)).toBe('NOT_STARTED');
    expect(await reason(later?.code as string, new Date(Date.now() + 1_300_000))).toBe('EXPIRED');
    expect(await reason((once?.code as string).toLowerCase())).toBe('ok');
    await checkout(quoteRequest(world.buyer, line, { voucherCode: once?.code as string }));
    expect(await reason(once?.code as string)).toBe('PER_BUYER_LIMIT_REACHED');
    expect(await reason(once?.code as string, new Date(), await signUp(world.server.client, 'buyer2'))).toBe('LIMIT_REACHED');
  });

  it('asks for no more flash-deal units than are left, and release gives units and voucher uses back once', async () => {
    const { productId, skuIds } = await pricedProduct(world.seller, world.categoryId, ['80000.00']);
    const deal = expectTypename(
      await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, price: { amount: '50000.00' }, quantityLimit: 3 }),
      'CreateFlashDealPayload',
    ).promotion;
    const voucher = expectTypename(await createVoucher(world.seller.owner, { shopId: world.seller.shopId, discountKind: 'AMOUNT', amountOff: { amount: '1000.00' }, totalLimit: 5 }), 'CreateVoucherPayload').voucher;
    const tooMany = await outcome(engine.quote(prisma(), quoteRequest(world.buyer, [[skuIds[0] as string, 2], [skuIds[0] as string, 2]])));
    expect(tooMany).toBe('FLASH_DEAL_OVER');
    await expect(engine.quote(prisma(), quoteRequest(world.buyer, [[skuIds[0] as string, 4]]))).rejects.toMatchObject({ quantityLeft: 3, field: ['input', 'items', '0', 'quantity'] });

    const [orderId] = await checkout(quoteRequest(world.buyer, [[skuIds[0] as string, 2]], { voucherCode: voucher?.code as string }));
    const state = async () => {
      const [promotion, row] = await Promise.all([
        prisma().promotion.findUniqueOrThrow({ where: { id: rawId(deal?.id as string) } }),
        prisma().voucher.findUniqueOrThrow({ where: { id: rawId(voucher?.id as string) } }),
      ]);
      return [promotion.quantitySold, row.usedCount];
    };
    expect(await state()).toEqual([2, 1]);
    // The seller sees the sold count; the public sees what is left.
    const seen = await world.seller.owner.client.request(PromotionNode, { id: deal?.id as string });
    expect(seen.data?.node).toMatchObject({ quantitySold: 2, quantityLeft: 1 });
    const publicView = await world.server.client.request(PromotionNode, { id: deal?.id as string });
    expect(publicView.data?.node).toMatchObject({ quantitySold: null, quantityLeft: 1 });

    await prisma().$transaction((tx) => engine.release(tx, orderId as string));
    await prisma().$transaction((tx) => engine.release(tx, orderId as string));
    expect(await state()).toEqual([0, 0]);
  });

  it('a platform voucher split over two orders is one use, given back when the last of them is released', async () => {
    const a = await pricedProduct(world.seller, world.categoryId, ['30000.00']);
    const b = await pricedProduct(world.otherShop, world.categoryId, ['30000.00']);
    const voucher = expectTypename(
      await createVoucher(world.staff, { currency: 'IDR', discountKind: 'PERCENT', percentOffBps: 1000, totalLimit: 10, perBuyerLimit: 1 }),
      'CreateVoucherPayload',
    ).voucher;
    const buyer = await signUp(world.server.client, 'buyer');
    const orders = await checkout(quoteRequest(buyer, [[a.skuIds[0] as string, 1], [b.skuIds[0] as string, 1]], { voucherCode: voucher?.code as string }));
    const used = async () => (await prisma().voucher.findUniqueOrThrow({ where: { id: rawId(voucher?.id as string) } })).usedCount;
    expect(orders).toHaveLength(2);
    expect(await used()).toBe(1);
    expect(await outcome(engine.quote(prisma(), quoteRequest(buyer, [[a.skuIds[0] as string, 1]], { voucherCode: voucher?.code as string })))).toBe('PER_BUYER_LIMIT_REACHED');
    await prisma().$transaction((tx) => engine.release(tx, orders[0] as string));
    expect(await used()).toBe(1);
    await Promise.all(orders.map((orderId) => prisma().$transaction((tx) => engine.release(tx, orderId))));
    expect(await used()).toBe(0);
  });

  describe('under concurrency', () => {
    // Every fixture is made over HTTP first: the races below keep the embedded database (and so the
    // event loop) busy for seconds, and an HTTP request straight after can meet a keep-alive socket the
    // server closed in the meantime.
    const fixtures = {} as {
      capped: { skuId: string; dealId: string };
      inTransaction: { skuId: string };
      limited: { skuId: string; voucherId: string; code: string };
      perBuyer: { skuId: string; voucherId: string; code: string };
    };

    beforeAll(async () => {
      const product = async () => pricedProduct(world.seller, world.categoryId, ['90000.00']);
      const flash = async (quantityLimit: number) => {
        const { productId, skuIds } = await product();
        const deal = expectTypename(
          await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId, price: { amount: '45000.00' }, quantityLimit }),
          'CreateFlashDealPayload',
        ).promotion;
        return { skuId: skuIds[0] as string, dealId: deal?.id as string };
      };
      const withVoucher = async (limits: { totalLimit?: number; perBuyerLimit?: number }) => {
        const { skuIds } = await product();
        const voucher = expectTypename(
          await createVoucher(world.seller.owner, { shopId: world.seller.shopId, discountKind: 'AMOUNT', amountOff: { amount: '5000.00' }, ...limits }),
          'CreateVoucherPayload',
        ).voucher;
        return { skuId: skuIds[0] as string, voucherId: voucher?.id as string, code: voucher?.code as string };
      };
      fixtures.capped = await flash(7);
      fixtures.inTransaction = await flash(5);
      fixtures.limited = await withVoucher({ totalLimit: 10 });
      fixtures.perBuyer = await withVoucher({ perBuyerLimit: 2 });
    });

    it('a flash deal capped at N never sells more than N to concurrent checkouts that were all quoted the deal', async () => {
      const { skuId, dealId } = fixtures.capped;
      const skuIds = [skuId];
      const buyers = await manyBuyers(40);
      // Every buyer is quoted the deal first (7 left each time); then all reserve at once.
      const quoted = await Promise.all(buyers.map((buyerId) => engine.quote(prisma(), { ...quoteRequest(world.buyer, [[skuIds[0] as string, 1]]), buyerId })));
      expect(quoted.every((quotes) => quotes[0]?.lines[0]?.flashDeal)).toBe(true);
      const results = await Promise.all(
        buyers.map((buyerId, index) =>
          outcome(
            prisma().$transaction(async (tx) => {
              const quote = quoted[index]![0]!;
              await engine.reserve(tx, buyerId, [{ orderId: await stubOrder(tx, buyerId, quote.shopId), quote }]);
            }),
          ),
        ),
      );
      const promotion = await prisma().promotion.findUniqueOrThrow({ where: { id: rawId(dealId) } });
      const reserved = await prisma().flashDealReservation.aggregate({ where: { promotionId: promotion.id }, _sum: { quantity: true } });
      expect(results.filter((result) => result === 'ok')).toHaveLength(7);
      expect(new Set(results.filter((result) => result !== 'ok'))).toEqual(new Set(['FLASH_DEAL_OVER']));
      expect([promotion.quantitySold, reserved._sum.quantity]).toEqual([7, 7]);
    });

    it('checkouts that quote inside their transaction get the deal price N times, then the next best price', async () => {
      const skuIds = [fixtures.inTransaction.skuId];
      const buyers = await manyBuyers(30);
      const prices = await Promise.all(
        buyers.map((buyerId) =>
          prisma().$transaction(async (tx) => {
            const [quote] = await engine.quote(tx, { ...quoteRequest(world.buyer, [[skuIds[0] as string, 1]]), buyerId });
            await engine.reserve(tx, buyerId, [{ orderId: await stubOrder(tx, buyerId, quote!.shopId), quote: quote! }]);
            return quote!.lines[0]!.unitPriceMinor;
          }).catch((error: unknown) => (error instanceof FlashDealOverError ? 'FLASH_DEAL_OVER' : Promise.reject(error))),
        ),
      );
      // A checkout quoted the deal that then lost the race gets the typed error; nobody pays the deal price past N.
      expect(prices.filter((price) => price === 4_500_000n)).toHaveLength(5);
      expect(prices.every((price) => price === 4_500_000n || price === 9_000_000n || price === 'FLASH_DEAL_OVER')).toBe(true);
    });

    it('a voucher limited to 10 uses gives exactly 10 to 50 concurrent buyers', async () => {
      const skuIds = [fixtures.limited.skuId];
      const voucher = { id: fixtures.limited.voucherId, code: fixtures.limited.code };
      const buyers = await manyBuyers(50);
      const results = await Promise.all(
        buyers.map((buyerId) => outcome(checkout({ ...quoteRequest(world.buyer, [[skuIds[0] as string, 1]], { voucherCode: voucher?.code as string }), buyerId }))),
      );
      const row = await prisma().voucher.findUniqueOrThrow({ where: { id: rawId(voucher?.id as string) } });
      expect(results.filter((result) => result === 'ok')).toHaveLength(10);
      expect(new Set(results.filter((result) => result !== 'ok'))).toEqual(new Set(['LIMIT_REACHED']));
      expect(row.usedCount).toBe(10);
      expect(await prisma().voucherRedemption.count({ where: { voucherId: row.id } })).toBe(10);
    });

    it('one buyer racing against themself gets the per-buyer limit exactly', async () => {
      const skuIds = [fixtures.perBuyer.skuId];
      const voucher = { id: fixtures.perBuyer.voucherId, code: fixtures.perBuyer.code };
      const [buyerId] = await manyBuyers(1);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => outcome(checkout({ ...quoteRequest(world.buyer, [[skuIds[0] as string, 1]], { voucherCode: voucher.code }), buyerId: buyerId as string }))),
      );
      expect(results.filter((result) => result === 'ok')).toHaveLength(2);
      expect(new Set(results.filter((result) => result !== 'ok'))).toEqual(new Set(['PER_BUYER_LIMIT_REACHED']));
      expect((await prisma().voucher.findUniqueOrThrow({ where: { id: rawId(voucher?.id as string) } })).usedCount).toBe(2);
    });
  });
});
