import { randomUUID } from 'node:crypto';
import { graphql } from '../generated/index.ts';
import type {
  CreateFlashDealInput,
  CreateProductDiscountInput,
  CreateShippingDiscountInput,
  CreateShippingTemplateInput,
  CreateVoucherInput,
} from '../generated/graphql.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { addMember, catalogShop, type CatalogShop, createProduct, productInput, skuInput, startCatalogWorld } from '../catalog/helpers.ts';
import { decodeGlobalId } from '../../src/infra/ids.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { createPromotionPricing } from '../../src/modules/promotions/promotion-pricing.ts';
import type { QuoteRequest } from '../../src/modules/promotions/checkout-pricing.ts';
import type { Clock } from '../../src/services.ts';

/** Documents and set-up shared by the promotion, voucher and shipping tests. Operation names start with `Promo`. */

export const CreateDiscount = graphql(`
  mutation PromoCreateDiscount($input: CreateProductDiscountInput!) {
    createProductDiscount(input: $input) {
      __typename
      ... on CreateProductDiscountPayload { promotion { id kind name status startsAt endsAt percentOffBps items { product { id } sku { id } price { amount } } } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const CreateFlashDeal = graphql(`
  mutation PromoCreateFlashDeal($input: CreateFlashDealInput!) {
    createFlashDeal(input: $input) {
      __typename
      ... on CreateFlashDealPayload { promotion { id kind status quantityLimit quantityLeft quantitySold liveStreamId endsAt items { price { amount } } } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const CreateShippingDiscount = graphql(`
  mutation PromoCreateShippingDiscount($input: CreateShippingDiscountInput!) {
    createShippingDiscount(input: $input) {
      __typename
      ... on CreateShippingDiscountPayload { promotion { id kind percentOffBps amountOff { amount } minSpend { amount } } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const UpdatePromotion = graphql(`
  mutation PromoUpdate($input: UpdatePromotionInput!) {
    updatePromotion(input: $input) {
      __typename
      ... on UpdatePromotionPayload { promotion { id name status startsAt endsAt quantityLimit quantityLeft } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export const EndPromotion = graphql(`
  mutation PromoEnd($input: EndPromotionInput!) {
    endPromotion(input: $input) {
      __typename
      ... on EndPromotionPayload { promotion { id status endsAt } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export const CreateVoucher = graphql(`
  mutation PromoCreateVoucher($input: CreateVoucherInput!) {
    createVoucher(input: $input) {
      __typename
      ... on CreateVoucherPayload {
        voucher { id code name fundedBy currency discountKind percentOffBps maxDiscount { amount } amountOff { amount } minSpend { amount } totalLimit perBuyerLimit usedCount status shop { id } }
      }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const UpdateVoucher = graphql(`
  mutation PromoUpdateVoucher($input: UpdateVoucherInput!) {
    updateVoucher(input: $input) {
      __typename
      ... on UpdateVoucherPayload { voucher { id name totalLimit perBuyerLimit endsAt status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export const EndVoucher = graphql(`
  mutation PromoEndVoucher($input: EndVoucherInput!) {
    endVoucher(input: $input) {
      __typename
      ... on EndVoucherPayload { voucher { id status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export const CreateTemplate = graphql(`
  mutation PromoCreateTemplate($input: CreateShippingTemplateInput!) {
    createShippingTemplate(input: $input) {
      __typename
      ... on CreateShippingTemplatePayload { template { id name provider isDefault bands { region upToGrams fee { amount currencyCode } } } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

/** What a buyer sees of a product: its price now and the promotion that sets it. */
export const ProductPrice = graphql(`
  query PromoProductPrice($id: ID!, $liveStreamId: ID) {
    node(id: $id) {
      ... on Product {
        currentPrice(liveStreamId: $liveStreamId) { min { amount currencyCode } max { amount currencyCode } }
        priceRange { min { amount } max { amount } }
        activePromotion(liveStreamId: $liveStreamId) { promotionId kind price { min { amount } max { amount } } endsAt quantityLeft }
        skus { id currentPrice(liveStreamId: $liveStreamId) { amount } }
      }
    }
  }
`);

export const PromotionNode = graphql(`
  query PromoNode($id: ID!) {
    node(id: $id) {
      __typename
      ... on Promotion { id kind status quantitySold quantityLeft name }
      ... on Voucher { id code usedCount }
      ... on ShippingTemplate { id name }
    }
  }
`);

export interface PromoWorld {
  server: TestServer;
  staff: TestUser;
  seller: CatalogShop;
  admin: TestUser;
  operator: TestUser;
  otherShop: CatalogShop;
  buyer: TestUser;
  categoryId: string;
}

/** A server with staff, a selling shop with an ADMIN and an OPERATOR, another selling shop, a buyer and a category. */
export async function startPromoWorld(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<PromoWorld> {
  const world = await startCatalogWorld(options);
  const [otherShop, admin, buyer] = await Promise.all([
    catalogShop(world.server, world.staff),
    signUp(world.server.client, 'admin'),
    signUp(world.server.client, 'buyer'),
  ]);
  await addMember(world.seller, admin, 'ADMIN');
  return { server: world.server, staff: world.staff, seller: world.seller, admin, operator: world.operator, otherShop, buyer, categoryId: world.categoryId };
}

/** An ACTIVE product with the given SKU list prices (in IDR); returns its id and SKU ids. */
export async function pricedProduct(shop: CatalogShop, categoryId: string, prices: string[], stock = 1000, weightGrams = 250) {
  const product = await createProduct(
    shop.owner,
    productInput(shop.shopId, categoryId, {
      status: 'ACTIVE',
      skus: prices.map((price, index) => skuInput({ price: { amount: price }, stock, weightGrams, attributes: [{ name: 'Size', value: `S${index}` }] })),
    }),
  );
  return { productId: product.id, skuIds: product.skus.map((sku) => sku.id) };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

export async function createDiscount(user: TestUser, input: Omit<CreateProductDiscountInput, 'name' | 'endsAt'> & { name?: string; endsAt?: string }) {
  const result = await user.client.request(CreateDiscount, { input: { name: 'Discount', endsAt: inAnHour(), ...input } });
  return result.data?.createProductDiscount;
}

export async function createFlashDeal(user: TestUser, input: Omit<CreateFlashDealInput, 'name' | 'endsAt'> & { name?: string; endsAt?: string }) {
  const result = await user.client.request(CreateFlashDeal, { input: { name: 'Flash deal', endsAt: inAnHour(), ...input } });
  return result.data?.createFlashDeal;
}

export async function createShippingDiscount(user: TestUser, input: Omit<CreateShippingDiscountInput, 'name' | 'endsAt'> & { name?: string; endsAt?: string }) {
  const result = await user.client.request(CreateShippingDiscount, { input: { name: 'Shipping', endsAt: inAnHour(), ...input } });
  return result.data?.createShippingDiscount;
}

export async function createVoucher(user: TestUser, input: Omit<CreateVoucherInput, 'name' | 'endsAt' | 'code'> & { name?: string; endsAt?: string; code?: string }) {
  const result = await user.client.request(CreateVoucher, {
    input: { name: 'Voucher', code: `V${randomUUID().slice(0, 8).toUpperCase()}`, endsAt: inAnHour(), ...input },
  });
  return result.data?.createVoucher;
}

export async function createTemplate(user: TestUser, input: Omit<CreateShippingTemplateInput, 'name'> & { name?: string }) {
  const result = await user.client.request(CreateTemplate, { input: { name: `Template ${randomUUID().slice(0, 6)}`, ...input } });
  return result.data?.createShippingTemplate;
}

/** The product page's view of a product (fails the test on GraphQL errors). */
export async function productPrice(user: { client: TestServer['client'] }, productId: string, liveStreamId?: string) {
  const result = await user.client.request(ProductPrice, { id: productId, liveStreamId });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const node = result.data?.node;
  if (!node || !('currentPrice' in node)) throw new Error(`Product ${productId} not visible`);
  return node;
}

/** A raw database id from a global id. */
export const rawId = (globalId: string) => decodeGlobalId(globalId).id;

/** The promotion engine over the server's database, as checkout uses it (the composition root installs the same). */
export function engineOf(server: TestServer, clock?: Clock) {
  return createPromotionPricing(server.running.services.prisma, clock ?? { now: () => new Date() });
}

/** A quote request for a buyer (global ids of SKUs), delivered to Jakarta, now. */
export function quoteRequest(buyer: TestUser, lines: Array<[skuId: string, quantity: number]>, overrides: Partial<QuoteRequest> = {}): QuoteRequest {
  return {
    buyerId: rawId(buyer.userId),
    lines: lines.map(([skuId, quantity]) => ({ skuId: rawId(skuId), quantity })),
    voucherCode: null,
    destination: { region: 'ID', postalCode: '11530' },
    liveStreamId: null,
    at: new Date(),
    ...overrides,
  };
}

/**
 * An order row standing in for one that checkout creates (reserve and release work on existing orders),
 * written inside the caller's transaction.
 */
export async function stubOrder(tx: Prisma.TransactionClient, buyerId: string, shopId: string): Promise<string> {
  const order = await tx.order.create({
    data: {
      number: `T${randomUUID().slice(0, 12)}`,
      buyerId,
      shopId,
      currency: 'IDR',
      subtotalMinor: 0n,
      totalMinor: 0n,
      shippingAddress: {},
      channel: 'PRODUCT_PAGE',
      payBy: new Date(Date.now() + 3_600_000),
    },
  });
  return order.id;
}

export { expectTypename };
