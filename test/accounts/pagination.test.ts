import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTypename } from '../support/client.ts';
import { createShop, pdfFile, signUp, UploadDocument, type TestUser } from '../support/fixtures.ts';
import { expectNoSkipNoRepeat, expectPagingError, PAGE_INFO, pageOf, type PageArgs } from '../support/paging.ts';
import type { TestServer } from '../support/server.ts';
import { createProduct, productInput, SetStatus, skuInput, startCatalogWorld } from '../catalog/helpers.ts';
import { createAccount, createPlan, joinPlan, link, shopWithProducts, type TestAccount } from './helpers.ts';

const ARGS = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE = 'first: $first, after: $after, last: $last, before: $before';
const SHOWCASE = `query (${ARGS}, $handle: String!, $sortBy: ProductSort) {
  creatorAccount(handle: $handle) { list: showcase(${PAGE}, sortBy: $sortBy) { edges { cursor node { product { id } } } ${PAGE_INFO} } }
}`;
const EARNABLE = `query (${ARGS}, $handle: String!, $sortBy: ProductSort) {
  creatorAccount(handle: $handle) { list: earnableProducts(${PAGE}, sortBy: $sortBy) { edges { cursor node { product { id } } } ${PAGE_INFO} } }
}`;
const FOR_REVIEW = `query (${ARGS}) { list: shopsForReview(${PAGE}) { edges { cursor node { id } } ${PAGE_INFO} } }`;
const MY_SHOPS = `query (${ARGS}) { list: myShops(${PAGE}) { edges { cursor node { id } } ${PAGE_INFO} } }`;
const SUBMIT = `mutation ($input: SubmitShopForVerificationInput!) { submitShopForVerification(input: $input) { __typename } }`;
const REVIEW = `mutation ($input: ReviewShopVerificationInput!) { reviewShopVerification(input: $input) { __typename } }`;

describe('keyset pagination of showcases, earnable products and the review queue', () => {
  let server: TestServer;
  let staff: TestUser;
  let categoryId: string;
  let shop: Awaited<ReturnType<typeof shopWithProducts>>;
  let official: TestAccount;
  let affiliate: TestAccount;

  const addProduct = async () => {
    const price = `${1000 + Math.floor(Math.random() * 9000)}.00`;
    const input = productInput(shop.shopId, categoryId, { title: `Tote ${randomUUID().slice(0, 8)}`, status: 'ACTIVE', skus: [skuInput({ price: { amount: price } })] });
    return (await createProduct(shop.owner, input)).id;
  };
  const deactivate = async (productId: string) => {
    const result = await shop.owner.client.request(SetStatus, { input: { productId, status: 'INACTIVE' } });
    expect(result.data?.setProductStatus.__typename).toBe('SetProductStatusPayload');
  };

  beforeAll(async () => {
    ({ server, staff, categoryId } = await startCatalogWorld());
    shop = await shopWithProducts(server, staff, categoryId, 0);
    for (let index = 0; index < 7; index += 1) await addProduct();
    official = await createAccount(server);
    await link(shop, official, 'OFFICIAL');
    affiliate = await createAccount(server);
    const plan = await createPlan(shop);
    expect(await joinPlan(affiliate, plan.id)).toMatchObject({ __typename: 'AffiliateParticipationPayload' });
  });

  afterAll(async () => {
    await server?.close();
  });

  describe.each(['NEWEST', 'TITLE', 'PRICE_ASC'] as const)('sorted %s', (sortBy) => {
    it.each([false, true])('a showcase neither skips nor repeats while the product at the cursor leaves (backwards: %s)', async (backwards) => {
      const page = (args: PageArgs) => pageOf(server.client, SHOWCASE, { ...args, sortBy, handle: official.handle });
      await expectNoSkipNoRepeat({ page, remove: deactivate, add: addProduct }, backwards);
    });

    it.each([false, true])('earnable products neither skip nor repeat while the product at the cursor leaves (backwards: %s)', async (backwards) => {
      const page = (args: PageArgs) => pageOf(affiliate.holder.client, EARNABLE, { ...args, sortBy, handle: affiliate.handle });
      await expectNoSkipNoRepeat({ page, remove: deactivate, add: addProduct }, backwards);
    });
  });

  it('refuses a cursor of another list, another sort or altered, on showcases and earnable products', async () => {
    const showcase = await pageOf(server.client, SHOWCASE, { first: 2, sortBy: 'NEWEST', handle: official.handle });
    const earnable = await pageOf(affiliate.holder.client, EARNABLE, { first: 2, sortBy: 'NEWEST', handle: affiliate.handle });
    await expectPagingError(affiliate.holder.client, EARNABLE, { first: 2, after: showcase.cursors[0], sortBy: 'NEWEST', handle: affiliate.handle }, 'INVALID_CURSOR', 'after');
    await expectPagingError(server.client, SHOWCASE, { last: 2, before: earnable.cursors[0], sortBy: 'NEWEST', handle: official.handle }, 'INVALID_CURSOR', 'before');
    await expectPagingError(server.client, SHOWCASE, { first: 2, after: showcase.cursors[0], sortBy: 'TITLE', handle: official.handle }, 'INVALID_CURSOR', 'after');
    // What the previous product-id cursors were: refused, not read as a position.
    await expectPagingError(server.client, SHOWCASE, { first: 2, after: showcase.ids[0], sortBy: 'NEWEST', handle: official.handle }, 'INVALID_CURSOR', 'after');
    await expectPagingError(server.client, SHOWCASE, { first: 2, last: 2, handle: official.handle }, 'INVALID_PAGE_ARGUMENTS', 'last');
  });

  describe('shopsForReview', () => {
    /** A shop of a new owner, submitted for verification: it joins the review queue. */
    const submitShop = async () => {
      const owner = await signUp(server.client, 'owner');
      const shopId = await createShop(owner);
      const upload = await owner.client.upload(UploadDocument, { input: { shopId, kind: 'NATIONAL_ID', file: null as never } }, 'input.file', pdfFile());
      expectTypename(upload.data?.uploadVerificationDocument, 'UploadVerificationDocumentPayload');
      const submitted = await owner.client.raw<{ submitShopForVerification: { __typename: string } }>({
        query: SUBMIT,
        variables: { input: { shopId, legalName: 'Siti Rahma', dateOfBirth: '1990-04-17' } },
      });
      expect(submitted.data?.submitShopForVerification.__typename).toBe('SubmitShopForVerificationPayload');
      return shopId;
    };
    /** Staff review the shop: it leaves the queue. */
    const review = async (shopId: string) => {
      const reviewed = await staff.client.raw<{ reviewShopVerification: { __typename: string } }>({ query: REVIEW, variables: { input: { shopId, decision: 'APPROVE' } } });
      expect(reviewed.data?.reviewShopVerification.__typename).toBe('ReviewShopVerificationPayload');
    };

    beforeAll(async () => {
      for (let index = 0; index < 6; index += 1) await submitShop();
    });

    it.each([false, true])('neither skips nor repeats while the shop at the cursor is reviewed out of the queue (backwards: %s)', async (backwards) => {
      const page = (args: PageArgs) => pageOf(staff.client, FOR_REVIEW, { ...args });
      await expectNoSkipNoRepeat({ page, remove: review, add: submitShop }, backwards);
    });

    it('lists the oldest submission first and refuses a cursor of myShops', async () => {
      const queue = await pageOf(staff.client, FOR_REVIEW, { first: 2 });
      expect(queue.ids).toHaveLength(2);
      const mine = await pageOf(shop.owner.client, MY_SHOPS, { first: 1 });
      await expectPagingError(staff.client, FOR_REVIEW, { first: 2, after: mine.cursors[0] }, 'INVALID_CURSOR', 'after');
      await expectPagingError(shop.owner.client, MY_SHOPS, { first: 2, after: queue.cursors[0] }, 'INVALID_CURSOR', 'after');
    });
  });
});
