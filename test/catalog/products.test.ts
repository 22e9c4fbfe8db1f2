import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { expectTypename, sqlStatementsOf } from '../support/client.ts';
import type { TestUser } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { BUYABLE_PRODUCT_WHERE, isProductBuyable, SHOP_SELL_STATE_SELECT } from '../../src/modules/catalog/catalog.rules.ts';
import {
  catalogShop,
  CreateCategory,
  CreateProduct,
  createCategory,
  createProduct,
  productInput,
  ReinstateShop,
  SetStatus,
  skuInput,
  SuspendShop,
  startCatalogWorld,
  type CatalogShop,
} from './helpers.ts';

const Categories = graphql(`
  query CatalogCategories {
    categories { id slug name platformCommissionBps parent { slug } }
  }
`);

const ProductNode = graphql(`
  query CatalogProductNode($id: ID!) {
    node(id: $id) {
      __typename
      ... on Product { id title status buyable frozenReason skus { id sellerSku lowStockThreshold version } }
      ... on Sku { id sellerSku }
    }
  }
`);

const Products = graphql(`
  query CatalogProducts($first: Int, $after: String, $last: Int, $before: String, $filter: ProductFilter, $sortBy: ProductSort) {
    products(first: $first, after: $after, last: $last, before: $before, filter: $filter, sortBy: $sortBy) {
      edges { cursor node { id title priceRange { min { amount } } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

const ProductIds = graphql(`
  query CatalogProductIds($first: Int) {
    products(first: $first) { edges { node { id } } }
  }
`);

const ShopPage = graphql(`
  query CatalogShopPage($id: ID!) {
    node(id: $id) {
      ... on Shop { products(first: 10) { edges { node { id } } } }
    }
  }
`);

const ShopProducts = graphql(`
  query CatalogShopProducts($shopId: ID!, $status: [ProductStatus!], $search: String) {
    shopProducts(shopId: $shopId, first: 50, status: $status, search: $search) {
      edges { node { id status buyable } }
    }
  }
`);

const UpdateProduct = graphql(`
  mutation CatalogUpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      __typename
      ... on UpdateProductPayload { product { title brand description images { url position } category { slug } } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Freeze = graphql(`
  mutation CatalogFreeze($input: FreezeProductInput!) {
    freezeProduct(input: $input) {
      __typename
      ... on FreezeProductPayload { product { status frozenReason } }
      ... on UserError { code message field }
    }
  }
`);

const Unfreeze = graphql(`
  mutation CatalogUnfreeze($input: UnfreezeProductInput!) {
    unfreezeProduct(input: $input) {
      __typename
      ... on UnfreezeProductPayload { product { status frozenReason } }
      ... on UserError { code message field }
    }
  }
`);

/** Everything a product card shows: each computed field reads the SKUs or the shop. */
const ProductCards = graphql(`
  query CatalogProductCards($first: Int!, $sortBy: ProductSort!, $shopId: ID!) {
    products(first: $first, sortBy: $sortBy, filter: { shopId: $shopId }) {
      edges {
        node {
          id title buyable inStock
          shop { name canSell }
          category { name }
          images { url }
          priceRange { min { amount } max { amount } }
          skus { sellerSku stock inStock buyable price { amount currencyCode } attributes { name value } }
        }
      }
    }
  }
`);

describe('catalogue: products', () => {
  let server: TestServer;
  let staff: TestUser;
  /** A shop that can sell, with an OPERATOR member. */
  let seller: CatalogShop;
  let operator: TestUser;
  let outsider: TestUser;
  let categoryId: string;

  beforeAll(async () => {
    ({ server, staff, seller, operator, outsider, categoryId } = await startCatalogWorld());
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('categories', () => {
    it('are created by platform staff only, with unique slugs, and listed publicly', async () => {
      const bySeller = await seller.owner.client.request(CreateCategory, { input: { slug: 'beauty', name: 'Beauty' } });
      expect(bySeller.data?.createCategory).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });

      const created = await staff.client.request(CreateCategory, { input: { slug: 'beauty', name: 'Beauty', platformCommissionBps: 700 } });
      expect(expectTypename(created.data?.createCategory, 'CreateCategoryPayload').category).toMatchObject({
        slug: 'beauty',
        platformCommissionBps: 700,
      });
      const again = await staff.client.request(CreateCategory, { input: { slug: 'beauty', name: 'Beauty again' } });
      expect(again.data?.createCategory).toMatchObject({ code: 'ALREADY_EXISTS', field: ['input', 'slug'] });
      const badSlug = await staff.client.request(CreateCategory, { input: { slug: 'Home & Living', name: 'Home' } });
      expect(badSlug.data?.createCategory).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'slug'] });

      const listed = await server.client.request(Categories);
      expect(listed.data?.categories.map((category) => category.slug)).toContain('beauty');
    });
  });

  describe('creating a product', () => {
    it('lets an OPERATOR list a product with SKUs, in the shop currency', async () => {
      const product = await createProduct(
        operator,
        productInput(seller.shopId, categoryId, {
          skus: [
            skuInput({ sellerSku: 'BATIK-S', attributes: [{ name: 'Size', value: 'S' }], price: { amount: '189000' } }),
            skuInput({ sellerSku: 'BATIK-M', attributes: [{ name: 'Size', value: 'M' }], price: { amount: '199000.5' } }),
            skuInput({ sellerSku: 'BATIK-L', attributes: [{ name: 'Size', value: 'L' }], price: { amount: '209000.00' } }),
          ],
        }),
      );
      expect(product).toMatchObject({
        status: 'DRAFT',
        buyable: false,
        inStock: true,
        brand: 'Batik Siti',
        category: { slug: expect.stringMatching(/^fashion-/) },
        images: [{ url: 'https://images.example.com/batik.jpg', altText: 'Blue batik shirt', position: 0 }],
        priceRange: { min: { amount: '189000.00', currencyCode: 'IDR' }, max: { amount: '209000.00', currencyCode: 'IDR' } },
      });
      expect(product.skus.map((sku) => [sku.sellerSku, sku.price.amount, sku.version])).toEqual([
        ['BATIK-S', '189000.00', 0],
        ['BATIK-M', '199000.50', 0],
        ['BATIK-L', '209000.00', 0],
      ]);
    });

    it('is NOT_FOUND for someone outside the shop, as if the shop did not exist', async () => {
      const result = await outsider.client.request(CreateProduct, { input: productInput(seller.shopId, categoryId) });
      expect(result.data?.createProduct).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: ['input', 'shopId'] });
      const anonymous = await server.client.request(CreateProduct, { input: productInput(seller.shopId, categoryId) });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses more decimals than the currency has, on the exact field', async () => {
      const idr = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: [skuInput(), skuInput({ attributes: [{ name: 'Size', value: 'L' }], price: { amount: '10.505' } })],
        }),
      });
      expect(idr.data?.createProduct).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: ['input', 'skus', '1', 'price', 'amount'],
        message: 'IDR amounts have at most 2 decimal places',
      });
      // The Vietnamese dong has no minor unit at all.
      const vietnam = await catalogShop(server, staff, { verified: false, region: 'VN' });
      const vnd = await vietnam.owner.client.request(CreateProduct, {
        input: productInput(vietnam.shopId, categoryId, { skus: [skuInput({ price: { amount: '150000.5' } })] }),
      });
      expect(vnd.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus', '0', 'price', 'amount'] });
      const whole = await createProduct(vietnam.owner, productInput(vietnam.shopId, categoryId, { skus: [skuInput({ price: { amount: '150000' } })] }));
      expect(whole.skus[0]?.price).toEqual({ amount: '150000', currencyCode: 'VND' });
    });

    it('refuses negative stock and prices, bad sizes, plain-http images and reports every issue', async () => {
      const result = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          title: ' ',
          bulletPoints: Array.from({ length: 11 }, (_, index) => `Point ${index}`),
          images: [{ url: 'http://images.example.com/a.jpg' }],
          skus: [skuInput({ stock: -1, weightGrams: 0, dimensions: { lengthMm: 10, widthMm: -5, heightMm: 10 } })],
        }),
      });
      const error = expectTypename(result.data?.createProduct, 'ValidationError');
      expect(error.issues.map((issue) => issue.field.join('.')).sort()).toEqual(
        [
          'input.bulletPoints',
          'input.images.0.url',
          'input.skus.0.dimensions.widthMm',
          'input.skus.0.stock',
          'input.skus.0.weightGrams',
          'input.title',
        ].sort(),
      );
      const negativePrice = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, { skus: [skuInput({ price: { amount: '-1.00' } })] }),
      });
      expect(negativePrice.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus', '0', 'price', 'amount'] });
    });

    it('needs 1 to 100 SKUs, unique attribute names in a SKU and unique combinations in the product', async () => {
      const none = await seller.owner.client.request(CreateProduct, { input: productInput(seller.shopId, categoryId, { skus: [] }) });
      expect(none.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus'] });
      const tooMany = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: Array.from({ length: 101 }, (_, index) => skuInput({ attributes: [{ name: 'No', value: String(index) }] })),
        }),
      });
      expect(tooMany.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus'] });
      const twiceInSku = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: [skuInput({ attributes: [{ name: 'Colour', value: 'Red' }, { name: ' colour', value: 'Blue' }] })],
        }),
      });
      expect(twiceInSku.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus', '0', 'attributes', '1', 'name'] });
      const sameCombination = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: [
            skuInput({ attributes: [{ name: 'Colour', value: 'Red' }, { name: 'Size', value: 'M' }] }),
            skuInput({ attributes: [{ name: 'size', value: 'm' }, { name: 'Colour', value: 'Red' }] }),
          ],
        }),
      });
      expect(sameCombination.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus', '1', 'attributes'] });
    });

    it('keeps seller SKU codes unique per shop', async () => {
      await createProduct(seller.owner, productInput(seller.shopId, categoryId, { skus: [skuInput({ sellerSku: 'KOPI-250' })] }));
      const inShop = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: [skuInput({ sellerSku: 'KOPI-500', attributes: [] }), skuInput({ sellerSku: 'KOPI-250', attributes: [{ name: 'W', value: '1' }] })],
        }),
      });
      expect(inShop.data?.createProduct).toMatchObject({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS', field: ['input', 'skus', '1', 'sellerSku'] });
      const inInput = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, categoryId, {
          skus: [skuInput({ sellerSku: 'TWIN', attributes: [] }), skuInput({ sellerSku: 'TWIN', attributes: [{ name: 'W', value: '1' }] })],
        }),
      });
      expect(inInput.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'skus', '1', 'sellerSku'] });
      // Another shop may use the same code.
      const other = await catalogShop(server, staff, { verified: false });
      await createProduct(other.owner, productInput(other.shopId, categoryId, { skus: [skuInput({ sellerSku: 'KOPI-250' })] }));
    });

    it('answers an unknown category or a mistyped id on its field', async () => {
      const unknown = await seller.owner.client.request(CreateProduct, {
        input: productInput(seller.shopId, 'gid://seller-center/Category/0190a000-0000-7000-8000-000000000000'),
      });
      expect(unknown.data?.createProduct).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'categoryId'] });
      const mistyped = await seller.owner.client.request(CreateProduct, { input: productInput(seller.shopId, seller.shopId) });
      expect(mistyped.data?.createProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'categoryId'] });
    });
  });

  describe('status', () => {
    it('activates only for a shop that can sell, listing every blocker', async () => {
      const unverified = await catalogShop(server, staff, { verified: false });
      const atCreation = await unverified.owner.client.request(CreateProduct, {
        input: productInput(unverified.shopId, categoryId, { status: 'ACTIVE' }),
      });
      expect(atCreation.data?.createProduct).toMatchObject({
        __typename: 'ShopCannotSellError',
        code: 'SHOP_CANNOT_SELL',
        field: ['input', 'status'],
        blockers: ['NOT_VERIFIED', 'NO_BANK_ACCOUNT'],
      });

      const noBank = await catalogShop(server, staff, { bankAccount: false });
      const draft = await createProduct(noBank.owner, productInput(noBank.shopId, categoryId));
      const activate = await noBank.owner.client.request(SetStatus, { input: { productId: draft.id, status: 'ACTIVE' } });
      expect(activate.data?.setProductStatus).toMatchObject({ code: 'SHOP_CANNOT_SELL', field: ['input', 'status'], blockers: ['NO_BANK_ACCOUNT'] });

      const suspended = await catalogShop(server, staff);
      const suspendedDraft = await createProduct(suspended.owner, productInput(suspended.shopId, categoryId));
      await staff.client.request(SuspendShop, { input: { shopId: suspended.shopId, reason: 'Counterfeits' } });
      const whileSuspended = await suspended.owner.client.request(SetStatus, { input: { productId: suspendedDraft.id, status: 'ACTIVE' } });
      expect(whileSuspended.data?.setProductStatus).toMatchObject({ code: 'SHOP_CANNOT_SELL', blockers: ['SUSPENDED'] });
    });

    it('moves between DRAFT, ACTIVE and INACTIVE; DELETED is final; outsiders get NOT_FOUND', async () => {
      const product = await createProduct(seller.owner, productInput(seller.shopId, categoryId));
      const set = async (status: 'DRAFT' | 'ACTIVE' | 'INACTIVE' | 'DELETED', user: TestUser = operator) =>
        (await user.client.request(SetStatus, { input: { productId: product.id, status } })).data?.setProductStatus;

      expect(await set('ACTIVE')).toMatchObject({ product: { status: 'ACTIVE', buyable: true } });
      expect(await set('INACTIVE')).toMatchObject({ product: { status: 'INACTIVE', buyable: false } });
      expect(await set('DRAFT')).toMatchObject({ product: { status: 'DRAFT' } });
      expect(await set('ACTIVE', outsider)).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'productId'] });
      expect(await set('DELETED')).toMatchObject({ product: { status: 'DELETED' } });
      expect(await set('ACTIVE')).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentState: 'DELETED' });
      const edit = await seller.owner.client.request(UpdateProduct, { input: { productId: product.id, title: 'Back' } });
      expect(edit.data?.updateProduct).toMatchObject({ code: 'INVALID_STATE', currentState: 'DELETED' });
    });

    it('lets only platform staff freeze and unfreeze; a frozen product is out of the seller’s hands', async () => {
      const product = await createProduct(seller.owner, productInput(seller.shopId, categoryId, { status: 'ACTIVE' }));
      const bySeller = await seller.owner.client.request(Freeze, { input: { productId: product.id, reason: 'self' } });
      expect(bySeller.data?.freezeProduct).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
      const unfreezeBySeller = await seller.owner.client.request(Unfreeze, { input: { productId: product.id } });
      expect(unfreezeBySeller.data?.unfreezeProduct).toMatchObject({ code: 'PERMISSION_DENIED' });

      const frozen = await staff.client.request(Freeze, { input: { productId: product.id, reason: 'Counterfeit brand' } });
      expect(frozen.data?.freezeProduct).toMatchObject({ product: { status: 'FROZEN', frozenReason: 'Counterfeit brand' } });
      expect((await server.client.request(ProductNode, { id: product.id })).data?.node).toBeNull();
      const memberView = await seller.owner.client.request(ProductNode, { id: product.id });
      expect(memberView.data?.node).toMatchObject({ status: 'FROZEN', frozenReason: 'Counterfeit brand' });

      const status = await seller.owner.client.request(SetStatus, { input: { productId: product.id, status: 'INACTIVE' } });
      expect(status.data?.setProductStatus).toMatchObject({ code: 'INVALID_STATE', currentState: 'FROZEN' });
      const edit = await seller.owner.client.request(UpdateProduct, { input: { productId: product.id, title: 'Renamed' } });
      expect(edit.data?.updateProduct).toMatchObject({ code: 'INVALID_STATE', currentState: 'FROZEN' });
      const twice = await staff.client.request(Freeze, { input: { productId: product.id, reason: 'again' } });
      expect(twice.data?.freezeProduct).toMatchObject({ code: 'INVALID_STATE' });

      const unfrozen = await staff.client.request(Unfreeze, { input: { productId: product.id } });
      expect(unfrozen.data?.unfreezeProduct).toMatchObject({ product: { status: 'ACTIVE', frozenReason: null } });
    });
  });

  describe('editing', () => {
    it('updates content, replaces images and clears the brand', async () => {
      const product = await createProduct(seller.owner, productInput(seller.shopId, categoryId));
      const otherCategory = await createCategory(staff, 'Home');
      const result = await operator.client.request(UpdateProduct, {
        input: {
          productId: product.id,
          title: 'Batik Shirt, Kawung Pattern',
          brand: null,
          categoryId: otherCategory,
          images: [{ url: 'https://images.example.com/1.jpg' }, { url: 'https://images.example.com/2.jpg', altText: 'Back' }],
        },
      });
      expect(expectTypename(result.data?.updateProduct, 'UpdateProductPayload').product).toMatchObject({
        title: 'Batik Shirt, Kawung Pattern',
        brand: null,
        description: 'Hand-stamped cotton batik shirt from Solo.',
        category: { slug: expect.stringMatching(/^home-/) },
        images: [
          { url: 'https://images.example.com/1.jpg', position: 0 },
          { url: 'https://images.example.com/2.jpg', position: 1 },
        ],
      });
      const tooLong = await operator.client.request(UpdateProduct, { input: { productId: product.id, title: 'x'.repeat(256) } });
      expect(tooLong.data?.updateProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'title'] });
      const tooManyImages = await operator.client.request(UpdateProduct, {
        input: { productId: product.id, images: Array.from({ length: 10 }, (_, index) => ({ url: `https://images.example.com/${index}.jpg` })) },
      });
      expect(tooManyImages.data?.updateProduct).toMatchObject({ code: 'VALIDATION_FAILED', field: ['input', 'images'] });
    });
  });

  describe('visibility and the buyable rule', () => {
    let shop: CatalogShop;
    const ids: Record<'active' | 'draft' | 'soldOut' | 'partlyInStock', string> = { active: '', draft: '', soldOut: '', partlyInStock: '' };

    beforeAll(async () => {
      shop = await catalogShop(server, staff);
      const make = async (title: string, status: 'DRAFT' | 'ACTIVE', stocks: number[]) =>
        (
          await createProduct(
            shop.owner,
            productInput(shop.shopId, categoryId, {
              title,
              status,
              skus: stocks.map((stock, index) => skuInput({ stock, attributes: [{ name: 'Size', value: String(index) }] })),
            }),
          )
        ).id;
      ids.active = await make('Active Kebaya', 'ACTIVE', [3]);
      ids.draft = await make('Draft Kebaya', 'DRAFT', [3]);
      ids.soldOut = await make('Sold-out Kebaya', 'ACTIVE', [0]);
      ids.partlyInStock = await make('Partly Kebaya', 'ACTIVE', [0, 2]);
    });

    const listed = async () =>
      (await server.client.request(Products, { first: 50, filter: { shopId: shop.shopId } })).data?.products.edges.map((edge) => edge.node.id);

    it('lists only buyable products: ACTIVE, shop can sell, a SKU in stock', async () => {
      expect(new Set(await listed())).toEqual(new Set([ids.active, ids.partlyInStock]));
      const shopPage = await server.client.request(ShopPage, { id: shop.shopId });
      expect(new Set(shopPage.data?.node && 'products' in shopPage.data.node ? shopPage.data.node.products.edges.map((edge) => edge.node.id) : [])).toEqual(
        new Set([ids.active, ids.partlyInStock]),
      );
    });

    it('shows a listed product to anyone, sold out or not, and hides the rest as if they did not exist', async () => {
      const anonymous = async (id: string) => (await server.client.request(ProductNode, { id })).data?.node ?? null;
      expect(await anonymous(ids.active)).toMatchObject({ __typename: 'Product', buyable: true, skus: [{ lowStockThreshold: null, version: null }] });
      expect(await anonymous(ids.soldOut)).toMatchObject({ __typename: 'Product', buyable: false });
      expect(await anonymous(ids.draft)).toBeNull();
      expect((await outsider.client.request(ProductNode, { id: ids.draft })).data?.node).toBeNull();
      const draftForOwner = await shop.owner.client.request(ProductNode, { id: ids.draft });
      expect(draftForOwner.data?.node).toMatchObject({ __typename: 'Product', status: 'DRAFT', skus: [{ lowStockThreshold: 5, version: 0 }] });
      const draftForStaff = await staff.client.request(ProductNode, { id: ids.draft });
      expect(draftForStaff.data?.node).toMatchObject({ status: 'DRAFT' });
      // Its SKUs follow the product.
      const skuId = draftForOwner.data?.node && 'skus' in draftForOwner.data.node ? draftForOwner.data.node.skus[0]?.id : undefined;
      expect(skuId).toBeDefined();
      expect((await server.client.request(ProductNode, { id: skuId ?? '' })).data?.node).toBeNull();
      expect((await shop.owner.client.request(ProductNode, { id: skuId ?? '' })).data?.node).toMatchObject({ __typename: 'Sku' });
    });

    it('agrees with itself: `buyable` (the predicate) matches membership of `products` (the Prisma filter)', async () => {
      const shown = new Set(await listed());
      const all = await shop.owner.client.request(ShopProducts, { shopId: shop.shopId });
      const products = all.data?.shopProducts?.edges.map((edge) => edge.node) ?? [];
      expect(products).toHaveLength(4);
      for (const product of products) expect(shown.has(product.id), product.id).toBe(product.buyable);

      // And directly on the rule's two forms, over every product in the database.
      const prisma = server.running.services.prisma;
      const rows = await prisma.product.findMany({ include: { shop: { select: SHOP_SELL_STATE_SELECT }, skus: { select: { stock: true } } } });
      const filtered = new Set((await prisma.product.findMany({ where: BUYABLE_PRODUCT_WHERE, select: { id: true } })).map((row) => row.id));
      expect(rows.length).toBeGreaterThan(4);
      for (const row of rows) expect(filtered.has(row.id), row.title).toBe(isProductBuyable(row));
    });

    it('drops every product of a suspended shop from the catalogue and brings them back on reinstatement', async () => {
      await staff.client.request(SuspendShop, { input: { shopId: shop.shopId, reason: 'Investigation' } });
      expect(await listed()).toEqual([]);
      expect((await server.client.request(ProductNode, { id: ids.active })).data?.node).toBeNull();
      expect((await shop.owner.client.request(ProductNode, { id: ids.active })).data?.node).toMatchObject({ buyable: false });
      await staff.client.request(ReinstateShop, { input: { shopId: shop.shopId } });
      expect(new Set(await listed())).toEqual(new Set([ids.active, ids.partlyInStock]));
    });

    it("gives members the shop's whole list and everyone else null", async () => {
      const forOperatorOfAnotherShop = await operator.client.request(ShopProducts, { shopId: shop.shopId });
      expect(forOperatorOfAnotherShop.data?.shopProducts).toBeNull();
      expect((await server.client.request(ShopProducts, { shopId: shop.shopId })).data?.shopProducts).toBeNull();
      const drafts = await shop.owner.client.request(ShopProducts, { shopId: shop.shopId, status: ['DRAFT'] });
      expect(drafts.data?.shopProducts?.edges.map((edge) => edge.node.id)).toEqual([ids.draft]);
      const search = await shop.owner.client.request(ShopProducts, { shopId: shop.shopId, search: 'SOLD-OUT' });
      expect(search.data?.shopProducts?.edges.map((edge) => edge.node.id)).toEqual([ids.soldOut]);
    });
  });

  describe('the public list', () => {
    let shop: CatalogShop;
    /** Title → lowest SKU price. */
    const catalogue: [string, string][] = [
      ['Gamma Tote', '75000.00'],
      ['Alpha Tote', '120000.00'],
      ['Delta Tote', '75000.00'],
      ['Beta Tote', '9000.50'],
      ['Epsilon Tote', '250000.00'],
    ];
    const made = new Map<string, string>();

    beforeAll(async () => {
      shop = await catalogShop(server, staff);
      for (const [title, price] of catalogue) {
        const product = await createProduct(
          shop.owner,
          productInput(shop.shopId, categoryId, {
            title,
            status: 'ACTIVE',
            skus: [
              skuInput({ price: { amount: price }, attributes: [{ name: 'Size', value: 'S' }] }),
              skuInput({ price: { amount: '999999.00' }, attributes: [{ name: 'Size', value: 'XL' }] }),
            ],
          }),
        );
        made.set(product.id, title);
      }
    });

    const listPage = (first: number, after: string | null, sortBy: 'NEWEST' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE') =>
      server.client.request(Products, { first, after, sortBy, filter: { shopId: shop.shopId } });

    /** Walks the whole list `pageSize` at a time, forwards, and returns the titles. */
    async function walk(sortBy: 'NEWEST' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE', pageSize = 2): Promise<string[]> {
      const titles: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: Awaited<ReturnType<typeof listPage>> = await listPage(pageSize, after, sortBy);
        const connection = result.data?.products;
        if (!connection) throw new Error(JSON.stringify(result.errors));
        titles.push(...connection.edges.map((edge) => made.get(edge.node.id) ?? '?'));
        if (!connection.pageInfo.hasNextPage) return titles;
        after = connection.pageInfo.endCursor;
      }
      throw new Error('too many pages');
    }

    it('sorts by the lowest SKU price, by title and by age, with stable cursor pages', async () => {
      // Equal prices are ordered by product id: creation order here (UUIDv7), reversed when descending.
      expect(await walk('PRICE_ASC')).toEqual(['Beta Tote', 'Gamma Tote', 'Delta Tote', 'Alpha Tote', 'Epsilon Tote']);
      expect(await walk('PRICE_DESC')).toEqual(['Epsilon Tote', 'Alpha Tote', 'Delta Tote', 'Gamma Tote', 'Beta Tote']);
      expect(await walk('TITLE', 3)).toEqual(['Alpha Tote', 'Beta Tote', 'Delta Tote', 'Epsilon Tote', 'Gamma Tote']);
      expect(await walk('NEWEST')).toEqual(catalogue.map(([title]) => title).reverse());
      // Page sizes do not change the order.
      expect(await walk('PRICE_ASC', 1)).toEqual(await walk('PRICE_ASC', 5));
    });

    it('pages backwards through a price sort', async () => {
      const forwards = await server.client.request(Products, { first: 5, sortBy: 'PRICE_ASC', filter: { shopId: shop.shopId } });
      const edges = forwards.data?.products.edges ?? [];
      const last = edges[4]?.cursor ?? '';
      const backwards = await server.client.request(Products, { last: 2, before: last, sortBy: 'PRICE_ASC', filter: { shopId: shop.shopId } });
      expect(backwards.data?.products.edges.map((edge) => edge.node.id)).toEqual(edges.slice(2, 4).map((edge) => edge.node.id));
      expect(backwards.data?.products.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      expect(edges[0]?.node.priceRange.min.amount).toBe('9000.50');
    });

    it('searches titles case-insensitively and filters by category', async () => {
      const result = await server.client.request(Products, { first: 10, filter: { shopId: shop.shopId, search: 'aLPHA' } });
      expect(result.data?.products.edges.map((edge) => made.get(edge.node.id))).toEqual(['Alpha Tote']);
      const wildcard = await server.client.request(Products, { first: 10, filter: { shopId: shop.shopId, search: '%' } });
      expect(wildcard.data?.products.edges).toEqual([]);
      const otherCategory = await createCategory(staff, 'Garden');
      const none = await server.client.request(Products, { first: 10, filter: { shopId: shop.shopId, categoryId: otherCategory } });
      expect(none.data?.products.edges).toEqual([]);
    });

    it('runs the same number of SQL statements for a page of 1 and of 5, whatever is selected', async () => {
      const statements = async (first: number, sortBy: 'NEWEST' | 'PRICE_ASC') => {
        const result = await server.client.request(ProductCards, { first, sortBy, shopId: shop.shopId });
        expect(result.data?.products.edges).toHaveLength(first);
        return sqlStatementsOf(result);
      };
      // NEWEST: one statement, the page with every relation of the card joined in. PRICE_ASC: the page
      // of ids in SQL order by lowest SKU price, then their cards.
      for (const [sortBy, count] of [['NEWEST', 1], ['PRICE_ASC', 2]] as const) {
        expect(await statements(5, sortBy)).toBe(count);
        expect(await statements(1, sortBy)).toBe(count);
      }
    });

    it('caps a page at 100 items with an error', async () => {
      const result = await server.client.request(ProductIds, { first: 101 });
      expect(result.data?.products ?? null).toBeNull();
      expect(result.errors?.[0]?.message).toMatch(/At most 100 items per page/);
      const fine = await server.client.request(ProductIds, { first: 100 });
      expect(fine.errors).toBeUndefined();
    });
  });
});

