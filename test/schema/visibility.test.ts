import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createPlan, joinPlan, requestLink } from '../accounts/helpers.ts';
import { addMember, catalogShop, createProduct, productInput, SetStatus, skuInput, startCatalogWorld, SuspendShop, type CatalogWorld } from '../catalog/helpers.ts';
import type { GraphQLTestClient } from '../support/client.ts';
import { expectTypename } from '../support/client.ts';
import { createShop, signUp } from '../support/fixtures.ts';

/**
 * The visibility matrix: each hidden object is read through every path that reaches it, by every kind
 * of viewer, and only those entitled to it see it. An unauthorised read looks like "not found": the
 * object is absent or null, with no error.
 */

type Viewer = 'anonymous' | 'buyer' | 'creator' | 'otherShopMember' | 'operator' | 'owner' | 'staff';
const VIEWERS: Viewer[] = ['anonymous', 'buyer', 'creator', 'otherShopMember', 'operator', 'owner', 'staff'];

interface Hidden {
  /** What the object is, for messages. */
  name: string;
  id: string;
  entitled: readonly Viewer[];
}

const SHOP_STAFF: Viewer[] = ['operator', 'owner', 'staff'];

describe('visibility of objects on every path', () => {
  let world: CatalogWorld;
  let clients: Record<Viewer, GraphQLTestClient>;
  let shopId: string;
  let draftShopId: string;
  let planId: string;
  let targetedPlanId: string;
  let linkId: string;
  let draftShopLinkId: string;
  let documentId: string;
  let suspendedShopId: string;
  let suspendedProduct: { id: string; skuId: string };
  let accountHandle: string;
  const products: Record<'active' | 'draft' | 'inactive' | 'deleted' | 'frozen', { id: string; skuId: string }> = {} as never;
  let objects: Hidden[];

  beforeAll(async () => {
    world = await startCatalogWorld();
    const { server, staff, seller, operator, outsider, categoryId } = world;
    shopId = seller.shopId;
    const other = await catalogShop(server, staff);
    const creator = await createAccount(server);
    accountHandle = creator.handle;
    clients = {
      anonymous: server.client,
      buyer: outsider.client,
      creator: creator.holder.client,
      otherShopMember: other.owner.client,
      operator: operator.client,
      owner: seller.owner.client,
      staff: staff.client,
    };
    for (const key of Object.keys(products) as (keyof typeof products)[]) delete products[key];
    for (const state of ['active', 'draft', 'inactive', 'deleted', 'frozen'] as const) {
      const product = await createProduct(seller.owner, productInput(shopId, categoryId, { title: `Shirt ${state}`, status: 'ACTIVE', skus: [skuInput()] }));
      products[state] = { id: product.id, skuId: product.skus[0]?.id ?? '' };
    }
    // An OPEN plan listing every product, made while all were on sale; then they leave the sale.
    planId = (await createPlan(seller, { scope: 'LISTED_PRODUCTS', products: Object.values(products).map(({ id }) => ({ productId: id })) })).id;
    expectTypename(await joinPlan(creator, planId), 'AffiliateParticipationPayload');
    for (const [state, status] of [['draft', 'DRAFT'], ['inactive', 'INACTIVE'], ['deleted', 'DELETED']] as const) {
      const result = await seller.owner.client.request(SetStatus, { input: { productId: products[state].id, status } });
      expectTypename(result.data?.setProductStatus, 'SetProductStatusPayload');
    }
    const frozen = await staff.client.raw<{ freezeProduct: { __typename: string } }>({
      query: 'mutation Freeze($input: FreezeProductInput!) { freezeProduct(input: $input) { __typename } }',
      variables: { input: { productId: products.frozen.id, reason: 'Counterfeit' } },
    });
    expect(frozen.data?.freezeProduct.__typename).toBe('FreezeProductPayload');

    // A TARGETED plan the creator is invited to: the shop's, the invited holder's and staff's alone.
    targetedPlanId = (await createPlan(seller, { kind: 'TARGETED', name: 'Invited creators' })).id;
    const invited = await seller.owner.client.raw<{ inviteToAffiliatePlan: { __typename: string } }>({
      query: 'mutation Invite($input: InviteToAffiliatePlanInput!) { inviteToAffiliatePlan(input: $input) { __typename } }',
      variables: { input: { planId: targetedPlanId, accountHandle: creator.handle } },
    });
    expect(invited.data?.inviteToAffiliatePlan.__typename).toBe('AffiliateParticipationPayload');
    // The creator joins it and shows the active product through it: the public showcase entry must not
    // reveal the plan to anyone else.
    expectTypename(await joinPlan(creator, targetedPlanId), 'AffiliateParticipationPayload');
    const shown = await creator.holder.client.raw<{ addShowcaseProducts: { __typename: string } }>({
      query: 'mutation Show($input: ShowcaseProductsInput!) { addShowcaseProducts(input: $input) { __typename } }',
      variables: { input: { accountId: creator.accountId, productIds: [products.active.id], planId: targetedPlanId } },
    });
    expect(shown.data?.addShowcaseProducts.__typename).toBe('CreatorAccountPayload');

    // A PENDING link of the selling shop, and a shop still in DRAFT that asked the creator too.
    linkId = expectTypename(await requestLink(seller, creator, 'MARKETING'), 'AccountLinkPayload').link.id;
    draftShopId = await createShop(seller.owner);
    // Asked of another account of the same holder: an official account belongs to one shop only.
    const secondAccount = await createAccount(server, { holder: creator.holder });
    draftShopLinkId = expectTypename(await requestLink({ shopId: draftShopId, owner: seller.owner }, secondAccount, 'OFFICIAL'), 'AccountLinkPayload').link.id;

    const documents = await seller.owner.client.raw<{ node: { documents: { id: string }[] } }>({
      query: 'query Docs($id: ID!) { node(id: $id) { ... on Shop { documents { id } } } }',
      variables: { id: shopId },
    });
    documentId = documents.data?.node.documents[0]?.id ?? '';
    // An OPERATOR of the other shop, to be sure membership of one shop opens nothing of another.
    await addMember(other, await signUp(server.client, 'other-operator'), 'OPERATOR');

    // A suspended shop stays on view (marked `suspended`), but its products leave the sale: they are its
    // members' and staff's alone.
    const suspended = await catalogShop(server, staff);
    suspendedShopId = suspended.shopId;
    const onSale = await createProduct(suspended.owner, productInput(suspendedShopId, categoryId, { title: 'Suspended shirt', status: 'ACTIVE', skus: [skuInput()] }));
    suspendedProduct = { id: onSale.id, skuId: onSale.skus[0]?.id ?? '' };
    const suspension = await staff.client.request(SuspendShop, { input: { shopId: suspendedShopId, reason: 'Fake reviews' } });
    expect(suspension.data?.suspendShop.__typename).toBe('SuspendShopPayload');

    const hiddenProducts = (['draft', 'inactive', 'deleted', 'frozen'] as const).flatMap((state) => [
      { name: `${state} product`, id: products[state].id, entitled: SHOP_STAFF },
      { name: `SKU of the ${state} product`, id: products[state].skuId, entitled: SHOP_STAFF },
    ]);
    objects = [
      { name: 'active product', id: products.active.id, entitled: VIEWERS },
      { name: 'SKU of the active product', id: products.active.skuId, entitled: VIEWERS },
      ...hiddenProducts,
      { name: 'product of a suspended shop', id: suspendedProduct.id, entitled: ['staff'] },
      { name: 'SKU of a product of a suspended shop', id: suspendedProduct.skuId, entitled: ['staff'] },
      { name: 'suspended shop', id: suspendedShopId, entitled: VIEWERS },
      { name: 'selling shop', id: shopId, entitled: VIEWERS },
      { name: 'DRAFT shop', id: draftShopId, entitled: ['owner', 'creator', 'staff'] },
      { name: 'pending link', id: linkId, entitled: ['creator', 'operator', 'owner', 'staff'] },
      { name: 'pending link of the DRAFT shop', id: draftShopLinkId, entitled: ['creator', 'owner', 'staff'] },
      { name: 'verification document', id: documentId, entitled: ['owner', 'staff'] },
      { name: 'OPEN plan', id: planId, entitled: VIEWERS },
      { name: 'TARGETED plan', id: targetedPlanId, entitled: ['creator', 'operator', 'owner', 'staff'] },
    ];
    expect(Object.values(products).every(({ id, skuId }) => id && skuId) && documentId).toBeTruthy();
    // Four shops and a few dozen mutations: more than the default hook time on a busy machine.
  }, 120_000);
  afterAll(() => world?.server.close());

  /** Sends a query as a viewer; any error fails the test (an unauthorised read is no error). */
  async function read<T>(viewer: Viewer, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await clients[viewer].raw<T>({ query, variables });
    expect(response.errors, `${viewer}: ${query}`).toBeUndefined();
    if (!response.data) throw new Error('no data');
    return response.data;
  }

  /** Every id in a response, wherever it sits. */
  function idsIn(value: unknown, into = new Set<string>()): Set<string> {
    if (Array.isArray(value)) value.forEach((item) => idsIn(item, into));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'id' && typeof item === 'string') into.add(item);
        else idsIn(item, into);
      }
    }
    return into;
  }

  /** The paths that reach the objects: each answers the set of ids a viewer saw through it. */
  const PATHS: Record<string, (viewer: Viewer) => Promise<Set<string>>> = {
    node: async (viewer) => {
      const seen = new Set<string>();
      for (const { id } of objects) {
        const data = await read<{ node: { id: string } | null }>(viewer, 'query N($id: ID!) { node(id: $id) { id } }', { id });
        if (data.node) seen.add(data.node.id);
      }
      return seen;
    },
    nodes: async (viewer) =>
      idsIn(await read(viewer, 'query Ns($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: objects.map(({ id }) => id) })),
    'AffiliatePlan.products': async (viewer) =>
      idsIn(
        await read(
          viewer,
          'query P($id: ID!) { node(id: $id) { ... on AffiliatePlan { products { product { id title status priceRange { min { amount } } skus { id sellerSku stock } } } } } }',
          { id: planId },
        ),
      ),
    'Sku.product and Product.shop': async (viewer) => {
      const seen = new Set<string>();
      for (const { skuId } of [...Object.values(products), suspendedProduct]) {
        const data = await read(viewer, 'query S($id: ID!) { node(id: $id) { ... on Sku { id product { id title shop { id } } } } }', { id: skuId });
        idsIn(data, seen);
      }
      return seen;
    },
    'Product.skus': async (viewer) => {
      const seen = new Set<string>();
      for (const { id } of [...Object.values(products), suspendedProduct]) {
        idsIn(await read(viewer, 'query PS($id: ID!) { node(id: $id) { ... on Product { id skus { id } } } }', { id }), seen);
      }
      return seen;
    },
    'products and Shop.products': async (viewer) =>
      idsIn(
        await read(
          viewer,
          'query L($shopId: ID!) { products(first: 20, filter: { shopId: $shopId }) { edges { node { id skus { id } } } } node(id: $shopId) { ... on Shop { products(first: 20) { edges { node { id } } } } } }',
          { shopId },
        ),
      ),
    shopProducts: async (viewer) =>
      idsIn(
        await read(viewer, 'query SP($shopId: ID!) { shopProducts(shopId: $shopId, status: [DRAFT, ACTIVE, INACTIVE, DELETED, FROZEN], first: 20) { edges { node { id skus { id } } } } }', {
          shopId,
        }),
      ),
    'links and their shops': async (viewer) =>
      idsIn(
        await read(
          viewer,
          `query Links($handle: String!, $shopId: ID!, $draftShopId: ID!, $linkId: ID!, $draftLinkId: ID!) {
            creatorAccount(handle: $handle) { links(first: 20) { edges { node { id shop { id } } } } }
            shop: node(id: $shopId) { ... on Shop { accountLinks(first: 20) { edges { node { id shop { id } } } } } }
            draftShop: node(id: $draftShopId) { ... on Shop { accountLinks(first: 20) { edges { node { id } } } } }
            link: node(id: $linkId) { ... on AccountLink { id shop { id } } }
            draftLink: node(id: $draftLinkId) { ... on AccountLink { id shop { id } } }
          }`,
          { handle: accountHandle, shopId, draftShopId, linkId, draftLinkId: draftShopLinkId },
        ),
      ),
    'Shop.affiliatePlans': async (viewer) =>
      idsIn(await read(viewer, 'query AP($id: ID!) { node(id: $id) { ... on Shop { affiliatePlans(first: 20) { edges { node { id products { product { id } } } } } } } }', { id: shopId })),
    'Shop.documents': async (viewer) =>
      idsIn(await read(viewer, 'query D($id: ID!) { node(id: $id) { ... on Shop { documents { id } } } }', { id: shopId })),
    'plans of the creator': async (viewer) =>
      idsIn(
        await read(
          viewer,
          `query C($handle: String!) { creatorAccount(handle: $handle) {
            affiliateParticipations(first: 20, status: [INVITED, JOINED]) { edges { node { plan { id shop { id } products { product { id } } } } } }
            joinableAffiliatePlans(first: 20) { edges { node { id } } }
            showcase(first: 20) { edges { node { product { id } plan { id } } } }
            earnableProducts(first: 20) { edges { node { product { id } plan { id } } } }
          } }`,
          { handle: accountHandle },
        ),
      ),
  };

  it.each(VIEWERS)('shows %s exactly what they are entitled to through `node`, and nothing more through any other path', async (viewer) => {
    const byNode = await PATHS.node!(viewer);
    for (const object of objects) {
      expect(byNode.has(object.id), `${object.name} through node, as ${viewer}`).toBe(object.entitled.includes(viewer));
    }
    for (const [path, reach] of Object.entries(PATHS)) {
      const seen = await reach(viewer);
      for (const object of objects) {
        if (seen.has(object.id)) expect(object.entitled, `${object.name} through ${path}, as ${viewer}`).toContain(viewer);
      }
    }
  });

  it('shows the public showcase entry to anyone, and its TARGETED plan only to those entitled to the plan', async () => {
    for (const viewer of VIEWERS) {
      const data = await read<{ creatorAccount: { showcase: { edges: { node: { product: { id: string }; plan: { id: string } | null } }[] } } }>(
        viewer,
        'query Sc($handle: String!) { creatorAccount(handle: $handle) { showcase(first: 20) { edges { node { product { id } plan { id } } } } } }',
        { handle: accountHandle },
      );
      const entry = data.creatorAccount.showcase.edges.map(({ node }) => node).find(({ product }) => product.id === products.active.id);
      expect(entry?.plan?.id ?? null, viewer).toBe(['creator', 'operator', 'owner', 'staff'].includes(viewer) ? targetedPlanId : null);
    }
  });

  it('lists in an OPEN plan, to those entitled, the products they may see whole', async () => {
    const listed = async (viewer: Viewer) => [...(await PATHS['AffiliatePlan.products']!(viewer))].filter((id) => Object.values(products).some((p) => p.id === id)).sort();
    expect(await listed('anonymous')).toEqual([products.active.id]);
    expect(await listed('creator')).toEqual([products.active.id]);
    expect(await listed('owner')).toEqual(Object.values(products).map(({ id }) => id).sort());
    expect(await listed('staff')).toEqual(Object.values(products).map(({ id }) => id).sort());
  });
});
