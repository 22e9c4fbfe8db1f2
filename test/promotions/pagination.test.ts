import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectNoSkipNoRepeat, expectPagingError, PAGE_INFO, pageOf, type PageArgs } from '../support/paging.ts';
import { createDiscount, createVoucher, expectTypename, pricedProduct, type PromoWorld, rawId, startPromoWorld } from './helpers.ts';

const PROMOTIONS = `query PromoPage($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on Shop { list: promotions(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } ${PAGE_INFO} } } }
}`;
const VOUCHERS = `query PromoVoucherPage($id: ID!, $first: Int, $after: String) {
  node(id: $id) { ... on Shop { list: vouchers(first: $first, after: $after) { edges { cursor node { id } } ${PAGE_INFO} } } }
}`;

/** The shop's promotion list pages with the shared keyset cursors: rows leaving or joining never make a page skip or repeat. */
describe('promotion lists', () => {
  let world: PromoWorld;
  let productId: string;

  beforeAll(async () => {
    world = await startPromoWorld();
    ({ productId } = await pricedProduct(world.seller, world.categoryId, ['100000.00']));
  });

  afterAll(async () => {
    await world?.server.close();
  });

  const add = async () =>
    expectTypename(
      await createDiscount(world.seller.owner, { shopId: world.seller.shopId, kind: 'PERCENT_OFF', percentOffBps: 100, items: [{ productId }] }),
      'CreateProductDiscountPayload',
    ).promotion?.id as string;

  for (const backwards of [false, true]) {
    it(`pages ${backwards ? 'backwards' : 'forwards'} without skipping or repeating while promotions come and go`, async () => {
      for (let index = 0; index < 7; index += 1) await add();
      await expectNoSkipNoRepeat(
        {
          page: (args: PageArgs) => pageOf(world.seller.owner.client, PROMOTIONS, { ...args, id: world.seller.shopId }),
          remove: async (id) => {
            await world.server.running.services.prisma.promotion.delete({ where: { id: rawId(id) } });
          },
          add,
        },
        backwards,
      );
    });
  }

  it("refuses another list's cursor", async () => {
    expectTypename(await createVoucher(world.seller.owner, { shopId: world.seller.shopId, discountKind: 'PERCENT', percentOffBps: 100 }), 'CreateVoucherPayload');
    const vouchers = await pageOf(world.seller.owner.client, VOUCHERS, { first: 1, id: world.seller.shopId });
    await expectPagingError(world.seller.owner.client, PROMOTIONS, { first: 2, after: vouchers.cursors[0], id: world.seller.shopId }, 'INVALID_CURSOR', 'after');
  });
});
