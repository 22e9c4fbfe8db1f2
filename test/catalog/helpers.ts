import { randomUUID } from 'node:crypto';
import { graphql } from '../generated/index.ts';
import type { CreateProductInput, SkuInput } from '../generated/graphql.ts';
import { expectTypename } from '../support/client.ts';
import { createShop, createVerifiedShop, signUp, signUpStaff, type TestUser } from '../support/fixtures.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/server.ts';

/** Documents and set-up shared by the catalogue tests. Operation names start with `Catalog` to stay unique. */

export const CreateCategory = graphql(`
  mutation CatalogCreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) {
      __typename
      ... on CreateCategoryPayload { category { id slug name platformCommissionBps } }
      ... on UserError { code message field }
    }
  }
`);

export const CreateProduct = graphql(`
  mutation CatalogCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      __typename
      ... on CreateProductPayload {
        product {
          id
          title
          status
          buyable
          inStock
          brand
          bulletPoints
          category { slug }
          images { url altText position }
          priceRange { min { amount currencyCode } max { amount currencyCode } }
          skus { id sellerSku attributes { name value } price { amount currencyCode } stock version dimensions { lengthMm widthMm heightMm } weightGrams }
        }
      }
      ... on ValidationError { issues { field message } }
      ... on ShopCannotSellError { blockers }
      ... on UserError { code message field }
    }
  }
`);

export const SetStatus = graphql(`
  mutation CatalogSetStatus($input: SetProductStatusInput!) {
    setProductStatus(input: $input) {
      __typename
      ... on SetProductStatusPayload { product { id status buyable } }
      ... on ShopCannotSellError { blockers }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export const AdjustStock = graphql(`
  mutation CatalogAdjustStock($input: AdjustSkuStockInput!) {
    adjustSkuStock(input: $input) {
      __typename
      ... on AdjustSkuStockPayload { sku { id stock version inStock isLowStock } }
      ... on InsufficientStockError { available requested }
      ... on SkuVersionConflictError { expectedVersion currentVersion }
      ... on UserError { code message field }
    }
  }
`);

export const SuspendShop = graphql(`
  mutation CatalogSuspendShop($input: SuspendShopInput!) {
    suspendShop(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

export const ReinstateShop = graphql(`
  mutation CatalogReinstateShop($input: ShopIdInput!) {
    reinstateShop(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

const SetMember = graphql(`
  mutation CatalogSetMember($input: SetShopMemberInput!) {
    setShopMember(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

export interface CatalogShop {
  shopId: string;
  owner: TestUser;
}

/**
 * A shop through the public API: verified by staff with a bank account (it can sell) by default;
 * `bankAccount: false` stops before the bank account, `verified: false` leaves it in DRAFT.
 */
export async function catalogShop(
  server: TestServer,
  staff: TestUser,
  options: { verified?: boolean; bankAccount?: boolean; region?: 'ID' | 'VN' | 'US' } = {},
): Promise<CatalogShop> {
  if (options.verified === false) {
    const owner = await signUp(server.client, 'owner');
    return { shopId: await createShop(owner, { region: options.region ?? 'ID' }), owner };
  }
  const { shopId, owner } = await createVerifiedShop(server, { staff, bankAccount: options.bankAccount });
  return { shopId, owner };
}

export async function addMember(shop: CatalogShop, user: TestUser, role: 'ADMIN' | 'OPERATOR'): Promise<void> {
  const result = await shop.owner.client.request(SetMember, { input: { shopId: shop.shopId, email: user.email, role } });
  expectTypename(result.data?.setShopMember, 'SetShopMemberPayload');
}

/** A category made by staff; returns its global id. */
export async function createCategory(staff: TestUser, name = 'Fashion'): Promise<string> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`;
  const result = await staff.client.request(CreateCategory, { input: { slug, name, platformCommissionBps: 800 } });
  return expectTypename(result.data?.createCategory, 'CreateCategoryPayload').category.id;
}

export function skuInput(overrides: Partial<SkuInput> = {}): SkuInput {
  return {
    sellerSku: `SKU-${randomUUID().slice(0, 8)}`,
    attributes: [{ name: 'Size', value: 'M' }],
    price: { amount: '189000.00' },
    stock: 10,
    lowStockThreshold: 5,
    weightGrams: 250,
    dimensions: { lengthMm: 300, widthMm: 200, heightMm: 50 },
    ...overrides,
  };
}

export function productInput(shopId: string, categoryId: string, overrides: Partial<CreateProductInput> = {}): CreateProductInput {
  return {
    shopId,
    categoryId,
    title: 'Batik Shirt, Parang Pattern',
    description: 'Hand-stamped cotton batik shirt from Solo.',
    bulletPoints: ['100% cotton', 'Regular fit'],
    brand: 'Batik Siti',
    status: 'DRAFT',
    images: [{ url: 'https://images.example.com/batik.jpg', altText: 'Blue batik shirt' }],
    skus: [skuInput()],
    ...overrides,
  };
}

/** Creates a product and returns the payload's product (fails the test on a typed error). */
export async function createProduct(user: TestUser, input: CreateProductInput) {
  const result = await user.client.request(CreateProduct, { input });
  return expectTypename(result.data?.createProduct, 'CreateProductPayload').product;
}

/** What both catalogue suites start from: a server, staff, a selling shop with an OPERATOR, an outsider, a category. */
export interface CatalogWorld {
  server: TestServer;
  staff: TestUser;
  /** A shop that can sell, with an OPERATOR member. */
  seller: CatalogShop;
  operator: TestUser;
  outsider: TestUser;
  categoryId: string;
}

export async function startCatalogWorld(options: { env?: Record<string, string> } & TestServerOptions = {}): Promise<CatalogWorld> {
  const server = await startTestServer(options.env, { clock: options.clock, log: options.log });
  const staff = await signUpStaff(server);
  const [seller, operator, outsider, categoryId] = await Promise.all([
    catalogShop(server, staff),
    signUp(server.client, 'operator'),
    signUp(server.client, 'outsider'),
    createCategory(staff, 'Fashion'),
  ]);
  await addMember(seller, operator, 'OPERATOR');
  return { server, staff, seller, operator, outsider, categoryId };
}
