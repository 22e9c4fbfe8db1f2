import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { createAccount } from '../accounts/helpers.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import { createProduct, productInput } from '../catalog/helpers.ts';
import { TestClock } from '../support/clock.ts';
import { untilListening } from '../support/server.ts';
import {
  createDiscount,
  createFlashDeal,
  createShippingDiscount,
  createVoucher,
  EndPromotion,
  EndVoucher,
  engineOf,
  expectTypename,
  pricedProduct,
  type PromoWorld,
  ProductPrice,
  PromotionNode,
  quoteRequest,
  rawId,
  startPromoWorld,
  stubOrder,
  UpdatePromotion,
  UpdateVoucher,
} from './helpers.ts';
import { systemContext } from '../../src/context.ts';
import { createLogger } from '../../src/infra/logger.ts';
import type { UpdatePromotionInput } from '../generated/graphql.ts';
import type { PromotionChanged } from '../../src/modules/promotions/promotion.events.ts';
import { promotionJobs } from '../../src/modules/promotions/promotion.jobs.ts';

const ShopPromotions = graphql(`
  query PromoShopLists($id: ID!) {
    node(id: $id) {
      ... on Shop {
        promotions(first: 50) { edges { node { id kind status } } }
        vouchers(first: 50) { edges { node { id code } } }
      }
    }
  }
`);

const PlatformVouchers = graphql(`
  query PromoPlatformVouchers {
    platformVouchers(first: 50) { edges { node { id code fundedBy } } }
  }
`);

const PromotionItems = graphql(`
  query PromoItems($id: ID!) {
    node(id: $id) { ... on Promotion { items { product { id } } } }
  }
`);

const MINUTE = 60_000;
const at = (clock: TestClock, minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();

describe('promotions', () => {
  let world: PromoWorld;
  let clock: TestClock;
  let product: { productId: string; skuIds: string[] };
  let creator: TestUser;

  beforeAll(async () => {
    clock = new TestClock();
    world = await startPromoWorld({ clock });
    product = await pricedProduct(world.seller, world.categoryId, ['100000.00', '120000.00']);
    creator = (await createAccount(world.server)).holder;
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const shop = () => world.seller.shopId;

  describe('validation: every rule broken once, with the field named and nothing written', () => {
    const issueFields = (result: unknown) =>
      (result as { issues?: Array<{ field: string[] }> }).issues?.map((issue) => issue.field.join('.')) ?? [(result as { field: string[] }).field.join('.')];

    it('product discounts', async () => {
      const base = { shopId: shop(), kind: 'PERCENT_OFF' as const, percentOffBps: 1000, items: [{ productId: product.productId }] };
      const cases: Array<[Parameters<typeof createDiscount>[1], string]> = [
        [{ ...base, name: '' }, 'input.name'],
        [{ ...base, name: 'Nul\u0000byte' }, 'input.name'],
        [{ ...base, name: 'x'.repeat(101) }, 'input.name'],
        [{ ...base, percentOffBps: 0 }, 'input.percentOffBps'],
        [{ ...base, percentOffBps: 10_000 }, 'input.percentOffBps'],
        [{ ...base, percentOffBps: null }, 'input.percentOffBps'],
        [{ ...base, items: [] }, 'input.items'],
        [{ ...base, items: [{ productId: product.productId, price: { amount: '1.00' } }] }, 'input.items.0.price'],
        [{ ...base, items: [{ productId: product.productId }, { productId: product.productId, skuId: product.skuIds[0] }] }, 'input.items.1.productId'],
        [{ ...base, items: [{ productId: 'not-an-id' }] }, 'input.items.0.productId'],
        [{ ...base, items: [{ productId: product.skuIds[0] as string }] }, 'input.items.0.productId'],
        [{ ...base, kind: 'FIXED_PRICE', percentOffBps: null, items: [{ productId: product.productId }] }, 'input.items.0.price'],
        // A fixed price must be below the list price of every SKU it covers (the cheaper one is 100,000).
        [{ ...base, kind: 'FIXED_PRICE', percentOffBps: null, items: [{ productId: product.productId, price: { amount: '100000.00' } }] }, 'input.items.0.price.amount'],
        [{ ...base, kind: 'FIXED_PRICE', percentOffBps: null, items: [{ productId: product.productId, price: { amount: '1.001' } }] }, 'input.items.0.price.amount'],
        [{ ...base, kind: 'FIXED_PRICE', percentOffBps: null, items: [{ productId: product.productId, price: { amount: '-5' } }] }, 'input.items.0.price.amount'],
        [{ ...base, startsAt: at(clock, -60), endsAt: at(clock, 60) }, 'input.startsAt'],
        [{ ...base, startsAt: at(clock, 60), endsAt: at(clock, 30) }, 'input.endsAt'],
        [{ ...base, endsAt: at(clock, 367 * 24 * 60) }, 'input.endsAt'],
      ];
      for (const [input, field] of cases) {
        const result = await createDiscount(world.seller.owner, input);
        expect(result?.__typename, JSON.stringify(input)).toBe('ValidationError');
        expect(issueFields(result), JSON.stringify(input)).toContain(field);
      }
      // Another shop's product is not found; nothing was written by any of the above.
      const foreign = await pricedProduct(world.otherShop, world.categoryId, ['50000.00']);
      expect(await createDiscount(world.seller.owner, { ...base, items: [{ productId: foreign.productId }] })).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'items', '0', 'productId'] });
      expect(await world.server.running.services.prisma.promotion.count({ where: { shopId: rawId(shop()) } })).toBe(0);
    });

    it('flash deals, shipping discounts and vouchers', async () => {
      const deal = { shopId: shop(), productId: product.productId, price: { amount: '90000.00' }, quantityLimit: 10 };
      expect(issueFields(await createFlashDeal(world.seller.owner, { ...deal, quantityLimit: 0 }))).toContain('input.quantityLimit');
      expect(issueFields(await createFlashDeal(world.seller.owner, { ...deal, price: { amount: '100000.00' } }))).toContain('input.price.amount');
      expect(await createFlashDeal(world.seller.owner, { ...deal, liveStreamId: 'gid://seller-center/LiveStream/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })).toMatchObject({
        code: 'NOT_FOUND',
        field: ['input', 'liveStreamId'],
      });
      expect(issueFields(await createShippingDiscount(world.seller.owner, { shopId: shop() }))).toContain('input.percentOffBps');
      expect(issueFields(await createShippingDiscount(world.seller.owner, { shopId: shop(), percentOffBps: 100, amountOff: { amount: '1.00' } }))).toContain('input.percentOffBps');
      expect(issueFields(await createShippingDiscount(world.seller.owner, { shopId: shop(), amountOff: { amount: '0' } }))).toContain('input.amountOff.amount');

      const voucher = { shopId: shop(), discountKind: 'PERCENT' as const, percentOffBps: 1000 };
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, code: 'AB' }))).toContain('input.code');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, code: 'BAD CODE!' }))).toContain('input.code');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, code: 'ÜNICODE' }))).toContain('input.code');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, percentOffBps: null }))).toContain('input.percentOffBps');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, discountKind: 'AMOUNT', percentOffBps: null, amountOff: { amount: '10.00' }, maxDiscount: { amount: '5.00' } }))).toContain('input.maxDiscount');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, perBuyerLimit: 0 }))).toContain('input.perBuyerLimit');
      expect(issueFields(await createVoucher(world.seller.owner, { ...voucher, currency: 'VND' }))).toContain('input.currency');
      expect(issueFields(await createVoucher(world.staff, { discountKind: 'PERCENT', percentOffBps: 500 }))).toContain('input.currency');
      // Codes are unique per shop, case-insensitively; another shop may use the same code.
      expectTypename(await createVoucher(world.seller.owner, { ...voucher, code: 'summer10' }), 'CreateVoucherPayload');
      expect(await createVoucher(world.seller.owner, { ...voucher, code: 'SUMMER10' })).toMatchObject({ __typename: 'AlreadyExistsError', field: ['input', 'code'] });
      expectTypename(await createVoucher(world.otherShop.owner, { shopId: world.otherShop.shopId, discountKind: 'PERCENT', percentOffBps: 1000, code: 'Summer10' }), 'CreateVoucherPayload');
      // Only staff create platform vouchers.
      expect(await createVoucher(world.seller.owner, { discountKind: 'PERCENT', percentOffBps: 500, currency: 'IDR' })).toMatchObject({ code: 'PERMISSION_DENIED' });
    });
  });

  describe('life of a promotion', () => {
    it('edits: a start only before it starts, a flash quantity never below what is sold, nothing once ended', async () => {
      const deal = expectTypename(
        await createFlashDeal(world.seller.owner, { shopId: shop(), productId: product.productId, price: { amount: '80000.00' }, quantityLimit: 5 }),
        'CreateFlashDealPayload',
      ).promotion;
      const id = deal?.id as string;
      const update = (input: Omit<UpdatePromotionInput, 'promotionId'>) =>
        world.operator.client.request(UpdatePromotion, { input: { promotionId: id, ...input } }).then((result) => result.data?.updatePromotion);
      expect(await update({ startsAt: at(clock, 10) })).toMatchObject({ __typename: 'InvalidStateError', currentState: 'ACTIVE' });
      // Take 3 units, then try to lower the quantity to 2.
      const engine = engineOf(world.server, clock);
      const prisma = world.server.running.services.prisma;
      const [quote] = await engine.quote(prisma, quoteRequest(world.buyer, [[product.skuIds[0] as string, 3]], { at: clock.now() }));
      await prisma.$transaction(async (tx) => engine.reserve(tx, rawId(world.buyer.userId), [{ orderId: await stubOrder(tx, rawId(world.buyer.userId), rawId(shop())), quote: quote! }]));
      expect(await update({ quantityLimit: 2 })).toMatchObject({ __typename: 'ValidationError', field: ['input', 'quantityLimit'] });
      expect(await update({ quantityLimit: 8, name: 'Bigger deal', endsAt: at(clock, 120) })).toMatchObject({
        __typename: 'UpdatePromotionPayload',
        promotion: { name: 'Bigger deal', quantityLimit: 8, quantityLeft: 5 },
      });
      const ended = await world.operator.client.request(EndPromotion, { input: { promotionId: id } });
      expect(expectTypename(ended.data?.endPromotion, 'EndPromotionPayload').promotion?.status).toBe('ENDED');
      expect((await world.operator.client.request(EndPromotion, { input: { promotionId: id } })).data?.endPromotion).toMatchObject({
        __typename: 'InvalidStateError',
        code: 'INVALID_STATE',
        currentState: 'ENDED',
      });
      expect(await update({ name: 'Too late' })).toMatchObject({ __typename: 'InvalidStateError', currentState: 'ENDED' });
    });

    it('vouchers: the total limit never below the uses, ending twice refused', async () => {
      const voucher = expectTypename(await createVoucher(world.admin, { shopId: shop(), discountKind: 'AMOUNT', amountOff: { amount: '1000.00' }, totalLimit: 5 }), 'CreateVoucherPayload').voucher;
      const engine = engineOf(world.server, clock);
      const prisma = world.server.running.services.prisma;
      const [quote] = await engine.quote(prisma, quoteRequest(world.buyer, [[product.skuIds[1] as string, 1]], { at: clock.now(), voucherCode: voucher?.code as string }));
      await prisma.$transaction(async (tx) => engine.reserve(tx, rawId(world.buyer.userId), [{ orderId: await stubOrder(tx, rawId(world.buyer.userId), rawId(shop())), quote: quote! }]));
      const update = (totalLimit: number) => world.admin.client.request(UpdateVoucher, { input: { voucherId: voucher?.id as string, totalLimit } }).then((r) => r.data?.updateVoucher);
      await prisma.voucher.update({ where: { id: rawId(voucher?.id as string) }, data: { usedCount: 3 } });
      expect(await update(2)).toMatchObject({ __typename: 'ValidationError', field: ['input', 'totalLimit'] });
      expect(await update(3)).toMatchObject({ __typename: 'UpdateVoucherPayload', voucher: { totalLimit: 3 } });
      const end = () => world.admin.client.request(EndVoucher, { input: { voucherId: voucher?.id as string } }).then((r) => r.data?.endVoucher);
      expect(await end()).toMatchObject({ __typename: 'EndVoucherPayload', voucher: { status: 'ENDED' } });
      expect(await end()).toMatchObject({ __typename: 'InvalidStateError', currentState: 'ENDED' });
    });

    it('the promotion job starts and ends promotions with the clock, once, and publishes their events after the change', async () => {
      const { productId } = await pricedProduct(world.seller, world.categoryId, ['100000.00']);
      const bus = world.server.running.events.pubSub;
      const events: Array<[string, PromotionChanged]> = [];
      const listen = async (topic: 'promotion.flashDealStarted' | 'promotion.flashDealEnded' | 'promotion.priceChanged') => {
        for await (const event of bus.subscribe(topic, rawId(productId))) events.push([topic, event]);
      };
      void listen('promotion.flashDealStarted');
      void listen('promotion.flashDealEnded');
      void listen('promotion.priceChanged');
      for (const topic of ['promotion.flashDealStarted', 'promotion.flashDealEnded', 'promotion.priceChanged'] as const) {
        await untilListening(world.server, topic, rawId(productId));
      }

      const deal = expectTypename(
        await createFlashDeal(world.seller.owner, { shopId: shop(), productId, price: { amount: '50000.00' }, quantityLimit: 3, startsAt: at(clock, 10), endsAt: at(clock, 40) }),
        'CreateFlashDealPayload',
      ).promotion;
      expect(deal?.status).toBe('SCHEDULED');
      const ctx = systemContext(createLogger('silent'));
      const promotions = world.server.running.services.promotions;

      clock.advance(11 * MINUTE);
      expect((await promotions.expireEndedPromotions(ctx, clock.now())).started).toContain(rawId(deal?.id as string));
      expect((await promotions.expireEndedPromotions(ctx, clock.now())).started).toEqual([]);
      expect((await world.seller.owner.client.request(PromotionNode, { id: deal?.id as string })).data?.node).toMatchObject({ status: 'ACTIVE' });

      clock.advance(30 * MINUTE);
      // Through the scheduled job's entry point, twice at once as two instances would.
      const [job] = promotionJobs(promotions, createLogger('silent'));
      const moved = await Promise.all([job!.runDue(clock.now()), job!.runDue(clock.now())]);
      expect(moved.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect((await promotions.expireEndedPromotions(ctx, clock.now())).ended).toEqual([]);
      expect((await world.seller.owner.client.request(PromotionNode, { id: deal?.id as string })).data?.node).toMatchObject({ status: 'ENDED' });

      const ofDeal = () => events.filter(([, event]) => event.promotionId === rawId(deal?.id as string)).map(([topic]) => topic);
      await expect.poll(ofDeal).toEqual(['promotion.flashDealStarted', 'promotion.priceChanged', 'promotion.flashDealEnded', 'promotion.priceChanged']);
      expect(events[0]?.[1]).toMatchObject({ productId: rawId(productId), shopId: rawId(shop()), kind: 'FLASH_DEAL', liveStreamId: null });
    });
  });

  describe('authorisation: anonymous, buyer, creator, other shop, operator, owner, staff', () => {
    let scheduled: string;
    let voucherId: string;
    let platformVoucherId: string;

    beforeAll(async () => {
      scheduled = expectTypename(
        await createDiscount(world.seller.owner, { shopId: shop(), kind: 'PERCENT_OFF', percentOffBps: 500, items: [{ productId: product.productId }], startsAt: at(clock, 600), endsAt: at(clock, 900) }),
        'CreateProductDiscountPayload',
      ).promotion?.id as string;
      voucherId = expectTypename(await createVoucher(world.seller.owner, { shopId: shop(), discountKind: 'PERCENT', percentOffBps: 500 }), 'CreateVoucherPayload').voucher?.id as string;
      platformVoucherId = expectTypename(await createVoucher(world.staff, { discountKind: 'PERCENT', percentOffBps: 500, currency: 'IDR' }), 'CreateVoucherPayload').voucher?.id as string;
    });

    const viewers = () =>
      ({
        anonymous: { client: world.server.client },
        buyer: world.buyer,
        creator,
        otherShop: world.otherShop.owner,
        operator: world.operator,
        owner: world.seller.owner,
        staff: world.staff,
      }) as const;

    it('reads: seller-side data for the shop and staff; a promotion that has not started and vouchers are not found for anyone else', async () => {
      const seen: Record<string, unknown> = {};
      for (const [name, viewer] of Object.entries(viewers())) {
        const [promotion, voucher, platform, lists, platformList] = await Promise.all([
          viewer.client.request(PromotionNode, { id: scheduled }),
          viewer.client.request(PromotionNode, { id: voucherId }),
          viewer.client.request(PromotionNode, { id: platformVoucherId }),
          viewer.client.request(ShopPromotions, { id: shop() }),
          viewer.client.request(PlatformVouchers),
        ]);
        const shopNode = lists.data?.node as { promotions: { edges: unknown[] } | null; vouchers: { edges: unknown[] } | null } | null;
        seen[name] = [
          promotion.data?.node ? 'promotion' : null,
          voucher.data?.node ? 'voucher' : null,
          platform.data?.node ? 'platform' : null,
          shopNode?.promotions ? 'list' : null,
          shopNode?.vouchers ? 'vouchers' : null,
          platformList.data?.platformVouchers ? 'platformList' : null,
        ];
      }
      const member = ['promotion', 'voucher', null, 'list', 'vouchers', null];
      const outsider = [null, null, null, null, null, null];
      expect(seen).toEqual({
        anonymous: outsider,
        buyer: outsider,
        creator: outsider,
        otherShop: outsider,
        operator: member,
        owner: member,
        staff: ['promotion', 'voucher', 'platform', 'list', 'vouchers', 'platformList'],
      });
    });

    it('writes: members of the shop only; anyone else gets not-found (anonymous: UNAUTHENTICATED)', async () => {
      const outcomes: Record<string, unknown> = {};
      for (const [name, viewer] of Object.entries(viewers())) {
        const [create, update, endVoucher] = await Promise.all([
          viewer.client.request(graphql(`
            mutation PromoAuthzCreate($input: CreateShippingDiscountInput!) { createShippingDiscount(input: $input) { __typename ... on UserError { code } } }
          `), { input: { shopId: shop(), name: 'Free shipping', percentOffBps: 10_000, endsAt: at(clock, 60) } }),
          viewer.client.request(UpdatePromotion, { input: { promotionId: scheduled, name: `Renamed by ${name}` } }),
          viewer.client.request(UpdateVoucher, { input: { voucherId, name: `Renamed by ${name}` } }),
        ]);
        const outcome = (result: { data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }, field: string) =>
          result.errors ? result.errors[0]?.extensions?.code : ((result.data as Record<string, { __typename: string; code?: string }>)[field]?.code ?? 'ok');
        outcomes[name] = [outcome(create, 'createShippingDiscount'), outcome(update, 'updatePromotion'), outcome(endVoucher, 'updateVoucher')];
      }
      expect(outcomes).toEqual({
        anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
        buyer: ['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
        creator: ['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
        otherShop: ['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
        operator: ['ok', 'ok', 'ok'],
        owner: ['ok', 'ok', 'ok'],
        staff: ['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
      });
    });

    it('a running promotion is public (what product pages show), but its sold count is not', async () => {
      const running = expectTypename(
        await createFlashDeal(world.seller.owner, { shopId: shop(), productId: product.productId, price: { amount: '70000.00' }, quantityLimit: 4 }),
        'CreateFlashDealPayload',
      ).promotion?.id as string;
      const outsider = await signUp(world.server.client, 'outsider');
      for (const viewer of [{ client: world.server.client }, outsider]) {
        expect((await viewer.client.request(PromotionNode, { id: running })).data?.node).toMatchObject({ kind: 'FLASH_DEAL', quantityLeft: 4, quantitySold: null });
      }
      expect((await world.operator.client.request(PromotionNode, { id: running })).data?.node).toMatchObject({ quantitySold: 0 });
    });

    it("a running promotion's items show only products the viewer may see", async () => {
      const draft = await createProduct(world.seller.owner, productInput(world.seller.shopId, world.categoryId));
      const discount = expectTypename(
        await createDiscount(world.seller.owner, { shopId: shop(), kind: 'PERCENT_OFF', percentOffBps: 300, items: [{ productId: product.productId }, { productId: draft.id }] }),
        'CreateProductDiscountPayload',
      ).promotion?.id as string;
      const items = async (viewer: { client: typeof world.server.client }) =>
        ((await viewer.client.request(PromotionItems, { id: discount })).data?.node as { items: Array<{ product: { id: string } }> }).items.map((item) => item.product.id);
      expect(await items({ client: world.server.client })).toEqual([product.productId]);
      expect((await items(world.operator)).sort()).toEqual([product.productId, draft.id].sort());
    });
  });
});

describe('promotion visibility follows the clock, not the promotion job', () => {
  let world: PromoWorld;
  let clock: TestClock;

  beforeAll(async () => {
    clock = new TestClock();
    // The promotion job never runs here: the stored status stays SCHEDULED, as it does between the
    // moment a window opens and the job's next tick. The response cache is off: its answers follow
    // windows in real time (RESPONSE_CACHE_PRICE_TTL_SECONDS), not the test clock.
    world = await startPromoWorld({ clock, env: { JOBS_INTERVAL_MS: String(24 * 60 * MINUTE), RESPONSE_CACHE: 'false' } });
  });

  afterAll(async () => {
    await world?.server.close();
  });

  it('lets anyone fetch, with node, the promotion a product page shows, from the moment its window opens until it closes', async () => {
    const product = await pricedProduct(world.seller, world.categoryId, ['100000.00']);
    const deal = expectTypename(
      await createFlashDeal(world.seller.owner, { shopId: world.seller.shopId, productId: product.productId, price: { amount: '60000.00' }, quantityLimit: 5, startsAt: at(clock, 10), endsAt: at(clock, 40) }),
      'CreateFlashDealPayload',
    ).promotion?.id as string;
    const anonymous = { client: world.server.client };
    const seenBy = async (viewer: { client: typeof world.server.client }) => (await viewer.client.request(PromotionNode, { id: deal })).data?.node ?? null;
    const shownOnPage = async () => {
      const page = (await world.server.client.request(ProductPrice, { id: product.productId })).data?.node;
      return page && 'activePromotion' in page ? (page.activePromotion?.promotionId ?? null) : null;
    };

    expect(await shownOnPage()).toBeNull();
    expect(await seenBy(anonymous)).toBeNull();
    expect(await seenBy(world.buyer)).toBeNull();
    expect(await seenBy(world.seller.owner)).toMatchObject({ status: 'SCHEDULED' });

    clock.advance(11 * MINUTE);
    expect(await shownOnPage()).toBe(deal);
    for (const viewer of [anonymous, world.buyer, world.otherShop.owner]) expect(await seenBy(viewer)).toMatchObject({ id: deal, status: 'ACTIVE' });

    clock.advance(30 * MINUTE);
    expect(await shownOnPage()).toBeNull();
    expect(await seenBy(anonymous)).toBeNull();
    expect(await seenBy(world.buyer)).toBeNull();
    expect(await seenBy(world.seller.owner)).toMatchObject({ status: 'ENDED' });
    expect(await seenBy(world.staff)).toMatchObject({ status: 'ENDED' });
  });
});
