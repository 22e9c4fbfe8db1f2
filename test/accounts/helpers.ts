import { randomUUID } from 'node:crypto';
import { graphql } from '../generated/index.ts';
import type { CreateAffiliatePlanInput } from '../generated/graphql.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, type TestUser } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { catalogShop, type CatalogShop, createProduct, productInput, skuInput } from '../catalog/helpers.ts';

/** Documents and set-up shared by the creator account, link, showcase and affiliate tests. */

export const CreateAccount = graphql(`
  mutation AccountsCreate($input: CreateCreatorAccountInput!) {
    createCreatorAccount(input: $input) {
      __typename
      ... on CreatorAccountPayload { account { id handle displayName region followerCount avatarUrl } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const RequestLink = graphql(`
  mutation AccountsRequestLink($input: RequestAccountLinkInput!) {
    requestAccountLink(input: $input) {
      __typename
      ... on AccountLinkPayload { link { id role status } }
      ... on LinkRuleError { rule }
      ... on UserError { code message field }
    }
  }
`);

export const ConfirmLink = graphql(`
  mutation AccountsConfirmLink($input: AccountLinkIdInput!) {
    confirmAccountLink(input: $input) {
      __typename
      ... on AccountLinkPayload { link { id role status activatedAt } }
      ... on LinkRuleError { rule }
      ... on UserError { code message field }
    }
  }
`);

export const DeclineLink = graphql(`
  mutation AccountsDeclineLink($input: AccountLinkIdInput!) {
    declineAccountLink(input: $input) {
      __typename
      ... on AccountLinkPayload { link { id status } }
      ... on UserError { code message field }
    }
  }
`);

export const RevokeLink = graphql(`
  mutation AccountsRevokeLink($input: AccountLinkIdInput!) {
    revokeAccountLink(input: $input) {
      __typename
      ... on AccountLinkPayload { link { id status revokedBy } }
      ... on LinkRuleError { rule }
      ... on UserError { code message field }
    }
  }
`);

export const AddToShowcase = graphql(`
  mutation AccountsAddToShowcase($input: ShowcaseProductsInput!) {
    addShowcaseProducts(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

export const RemoveFromShowcase = graphql(`
  mutation AccountsRemoveFromShowcase($input: ShowcaseProductsInput!) {
    removeShowcaseProducts(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

export const Showcase = graphql(`
  query AccountsShowcase($handle: String!, $first: Int, $after: String, $last: Int, $before: String, $filter: ShowcaseFilter, $sortBy: ProductSort) {
    creatorAccount(handle: $handle) {
      showcase(first: $first, after: $after, last: $last, before: $before, filter: $filter, sortBy: $sortBy) {
        edges {
          cursor
          node {
            source
            plan { id name }
            product {
              id
              title
              inStock
              shop { id name }
              currentPrice { min { amount currencyCode } max { amount currencyCode } }
            }
          }
        }
        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
      }
    }
  }
`);

export const CreatePlan = graphql(`
  mutation AccountsCreatePlan($input: CreateAffiliatePlanInput!) {
    createAffiliatePlan(input: $input) {
      __typename
      ... on AffiliatePlanPayload { plan { id kind scope status commissionBps participantCount } }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const JoinPlan = graphql(`
  mutation AccountsJoinPlan($input: AffiliateParticipationInput!) {
    joinAffiliatePlan(input: $input) {
      __typename
      ... on AffiliateParticipationPayload { participation { status joinedAt } }
      ... on LinkRuleError { rule }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

export interface TestAccount {
  accountId: string;
  handle: string;
  holder: TestUser;
}

/** A creator account held by `holder` (a new user by default), in `region` (ID by default). */
export async function createAccount(
  server: TestServer,
  options: { holder?: TestUser; region?: 'ID' | 'VN' | 'US'; followerCount?: number } = {},
): Promise<TestAccount> {
  const holder = options.holder ?? (await signUp(server.client, 'creator'));
  const handle = `creator_${randomUUID().slice(0, 8)}`;
  const result = await holder.client.request(CreateAccount, {
    input: { handle, displayName: 'Creator', region: options.region ?? 'ID', followerCount: options.followerCount ?? 1200 },
  });
  const account = expectTypename(result.data?.createCreatorAccount, 'CreatorAccountPayload').account;
  return { accountId: account.id, handle: account.handle, holder };
}

/** Asks for a link as the shop owner; returns the result union. */
export async function requestLink(shop: CatalogShop, account: TestAccount, role: 'OFFICIAL' | 'MARKETING') {
  const result = await shop.owner.client.request(RequestLink, { input: { shopId: shop.shopId, accountHandle: account.handle, role } });
  return result.data?.requestAccountLink;
}

/** Requests and confirms a link; fails the test on a typed error. Returns the link id. */
export async function link(shop: CatalogShop, account: TestAccount, role: 'OFFICIAL' | 'MARKETING'): Promise<string> {
  const requested = expectTypename(await requestLink(shop, account, role), 'AccountLinkPayload').link.id;
  const confirmed = await account.holder.client.request(ConfirmLink, { input: { linkId: requested } });
  expectTypename(confirmed.data?.confirmAccountLink, 'AccountLinkPayload');
  return requested;
}

/** A selling shop with `count` ACTIVE, in-stock products (returns their ids, oldest first). */
export async function shopWithProducts(
  server: TestServer,
  staff: TestUser,
  categoryId: string,
  count: number,
  price = '50000.00',
): Promise<CatalogShop & { productIds: string[] }> {
  const shop = await catalogShop(server, staff);
  const productIds: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const product = await createProduct(
      shop.owner,
      productInput(shop.shopId, categoryId, { title: `Product ${index + 1}`, status: 'ACTIVE', skus: [skuInput({ price: { amount: price } })] }),
    );
    productIds.push(product.id);
  }
  return { ...shop, productIds };
}

/** Creates a plan as the shop owner; fails the test on a typed error. */
export async function createPlan(shop: CatalogShop, overrides: Partial<CreateAffiliatePlanInput> = {}) {
  const result = await shop.owner.client.request(CreatePlan, {
    input: { shopId: shop.shopId, name: 'Summer creators', kind: 'OPEN', scope: 'ALL_PRODUCTS', commissionBps: 1000, ...overrides },
  });
  return expectTypename(result.data?.createAffiliatePlan, 'AffiliatePlanPayload').plan;
}

/** Joins a plan as the account holder; returns the result union. */
export async function joinPlan(account: TestAccount, planId: string) {
  const result = await account.holder.client.request(JoinPlan, { input: { planId, accountId: account.accountId } });
  return result.data?.joinAffiliatePlan;
}

/** The product ids of an account's showcase, first page of up to 100, with their sources. */
export async function showcaseOf(server: TestServer, account: TestAccount, filter?: { shopId?: string; categoryId?: string }) {
  const result = await server.client.request(Showcase, { handle: account.handle, first: 100, filter });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data?.creatorAccount?.showcase.edges ?? []).map(({ node }) => ({ productId: node.product.id, source: node.source, planId: node.plan?.id ?? null }));
}
