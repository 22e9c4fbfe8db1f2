import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, signUpStaff, type TestUser } from '../support/fixtures.ts';
import { DAY_MS, HOUR_MS, TestClock } from '../support/clock.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { addMember, type CatalogShop, catalogShop, startCatalogWorld } from '../catalog/helpers.ts';
import {
  ConfirmLink,
  CreateAccount,
  createAccount,
  createPlan,
  DeclineLink,
  joinPlan,
  link,
  requestLink,
  RevokeLink,
  type TestAccount,
} from './helpers.ts';

const AccountByHandle = graphql(`
  query LinksAccountByHandle($handle: String!) {
    creatorAccount(handle: $handle) {
      id
      handle
      displayName
      region
      followerCount
      links(first: 10) { edges { node { id role status shop { id } } } }
    }
  }
`);

const ShopLinks = graphql(`
  query LinksShopLinks($shopId: ID!) {
    node(id: $shopId) {
      ... on Shop { accountLinks(first: 20, status: [ACTIVE]) { edges { node { role account { handle } } } } }
    }
  }
`);

const UpdateAccount = graphql(`
  mutation LinksUpdateAccount($input: UpdateCreatorAccountInput!) {
    updateCreatorAccount(input: $input) {
      __typename
      ... on CreatorAccountPayload { account { displayName followerCount avatarUrl } }
      ... on UserError { code message field }
    }
  }
`);

const MyAccounts = graphql(`
  query LinksMyAccounts {
    me { creatorAccounts { handle } }
  }
`);

const RequestLinkAsAnyone = graphql(`
  mutation LinksRequestAsAnyone($input: RequestAccountLinkInput!) {
    requestAccountLink(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`);

describe('creator accounts and links', () => {
  let server: TestServer;
  let staff: TestUser;
  let shop: CatalogShop;

  beforeAll(async () => {
    ({ server, staff, seller: shop } = await startCatalogWorld());
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('creator accounts', () => {
    it('are created with a unique handle, found by handle in any case, and listed for their holder', async () => {
      const holder = await signUp(server.client, 'creator');
      const created = await holder.client.request(CreateAccount, {
        input: { handle: '@Siti.Style', displayName: 'Siti Style', region: 'ID', followerCount: 52000 },
      });
      expect(expectTypename(created.data?.createCreatorAccount, 'CreatorAccountPayload').account).toMatchObject({ handle: 'siti.style' });

      const again = await (await signUp(server.client, 'copycat')).client.request(CreateAccount, {
        input: { handle: 'SITI.STYLE', displayName: 'Copy', region: 'ID' },
      });
      expect(again.data?.createCreatorAccount).toMatchObject({ __typename: 'AlreadyExistsError', field: ['input', 'handle'] });

      const found = await server.client.request(AccountByHandle, { handle: '@siti.STYLE' });
      expect(found.data?.creatorAccount).toMatchObject({ displayName: 'Siti Style', followerCount: 52000, region: 'ID' });
      // Links are the holder's business: anonymous readers get null.
      expect(found.data?.creatorAccount?.links).toBeNull();

      const mine = await holder.client.request(MyAccounts);
      expect(mine.data?.me?.creatorAccounts).toEqual([{ handle: 'siti.style' }]);
    });

    it('are edited by their holder only', async () => {
      const account = await createAccount(server);
      const input = { accountId: account.accountId, displayName: 'Renamed', followerCount: 99, avatarUrl: 'https://images.example.com/me.png' };
      const edited = await account.holder.client.request(UpdateAccount, { input });
      expect(expectTypename(edited.data?.updateCreatorAccount, 'CreatorAccountPayload').account).toEqual({
        displayName: 'Renamed',
        followerCount: 99,
        avatarUrl: 'https://images.example.com/me.png',
      });
      const cleared = await account.holder.client.request(UpdateAccount, { input: { accountId: account.accountId, avatarUrl: null } });
      expect(expectTypename(cleared.data?.updateCreatorAccount, 'CreatorAccountPayload').account.avatarUrl).toBeNull();
      const byOther = await shop.owner.client.request(UpdateAccount, { input: { accountId: account.accountId, displayName: 'Hijacked' } });
      expect(byOther.data?.updateCreatorAccount).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
    });

    it('refuses malformed handles, negative followers and plain-http avatars, naming each field', async () => {
      const holder = await signUp(server.client, 'creator');
      const result = await holder.client.request(CreateAccount, {
        input: { handle: 'no spaces!', displayName: ' ', region: 'ID', followerCount: -1, avatarUrl: 'http://example.com/a.png' },
      });
      const error = expectTypename(result.data?.createCreatorAccount, 'ValidationError');
      expect(error.issues.map((issue) => issue.field.join('.')).sort()).toEqual([
        'input.avatarUrl',
        'input.displayName',
        'input.followerCount',
        'input.handle',
      ]);
    });
  });

  describe('the link life cycle', () => {
    it('is asked by the shop, seen by the holder, confirmed, and revoked by either side', async () => {
      const account = await createAccount(server);
      const requested = expectTypename(await requestLink(shop, account, 'MARKETING'), 'AccountLinkPayload').link;
      expect(requested.status).toBe('PENDING');

      const seen = await account.holder.client.request(AccountByHandle, { handle: account.handle });
      expect(seen.data?.creatorAccount?.links?.edges.map((edge) => edge.node)).toEqual([
        { id: requested.id, role: 'MARKETING', status: 'PENDING', shop: { id: shop.shopId } },
      ]);

      // Only the holder answers; the shop can see the link but not confirm it for the account.
      const byShop = await shop.owner.client.request(ConfirmLink, { input: { linkId: requested.id } });
      expect(byShop.data?.confirmAccountLink).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
      const byStranger = await (await signUp(server.client, 'stranger')).client.request(ConfirmLink, { input: { linkId: requested.id } });
      expect(byStranger.data?.confirmAccountLink).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });

      const confirmed = await account.holder.client.request(ConfirmLink, { input: { linkId: requested.id } });
      expect(expectTypename(confirmed.data?.confirmAccountLink, 'AccountLinkPayload').link.status).toBe('ACTIVE');
      const twice = await account.holder.client.request(ConfirmLink, { input: { linkId: requested.id } });
      expect(twice.data?.confirmAccountLink).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });

      const links = await shop.owner.client.request(ShopLinks, { shopId: shop.shopId });
      expect(links.data?.node).toMatchObject({ accountLinks: { edges: [{ node: { role: 'MARKETING', account: { handle: account.handle } } }] } });

      const revoked = await shop.owner.client.request(RevokeLink, { input: { linkId: requested.id } });
      expect(expectTypename(revoked.data?.revokeAccountLink, 'AccountLinkPayload').link).toMatchObject({ status: 'REVOKED', revokedBy: 'SHOP' });
    });

    it('lets the holder decline, and refuses a second open request for the same pair', async () => {
      const account = await createAccount(server);
      const first = expectTypename(await requestLink(shop, account, 'MARKETING'), 'AccountLinkPayload').link;
      expect(await requestLink(shop, account, 'OFFICIAL')).toMatchObject({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS' });
      const declined = await account.holder.client.request(DeclineLink, { input: { linkId: first.id } });
      expect(expectTypename(declined.data?.declineAccountLink, 'AccountLinkPayload').link.status).toBe('DECLINED');
      // Declined is closed: the shop may ask again.
      expect(await requestLink(shop, account, 'MARKETING')).toMatchObject({ __typename: 'AccountLinkPayload' });
    });

    it('lets only OWNER and ADMIN ask; an OPERATOR is denied and a stranger sees no shop', async () => {
      const account = await createAccount(server);
      const operator = await signUp(server.client, 'operator');
      await addMember(shop, operator, 'OPERATOR');
      const byOperator = await operator.client.request(RequestLinkAsAnyone, { input: { shopId: shop.shopId, accountHandle: account.handle, role: 'MARKETING' } });
      expect(byOperator.data?.requestAccountLink).toMatchObject({ __typename: 'PermissionDeniedError' });
      const stranger = await signUp(server.client, 'stranger');
      const byStranger = await stranger.client.request(RequestLinkAsAnyone, { input: { shopId: shop.shopId, accountHandle: account.handle, role: 'MARKETING' } });
      expect(byStranger.data?.requestAccountLink).toMatchObject({ __typename: 'NotFoundError', field: ['input', 'shopId'] });
      const unknown = await shop.owner.client.request(RequestLinkAsAnyone, { input: { shopId: shop.shopId, accountHandle: 'nobody_here', role: 'MARKETING' } });
      expect(unknown.data?.requestAccountLink).toMatchObject({ __typename: 'NotFoundError', field: ['input', 'accountHandle'] });
    });
  });

  describe('the rules of SPEC §5', () => {
    it('allows one official account per shop', async () => {
      const shopA = await catalogShop(server, staff);
      await link(shopA, await createAccount(server), 'OFFICIAL');
      expect(await requestLink(shopA, await createAccount(server), 'OFFICIAL')).toMatchObject({
        __typename: 'LinkRuleError',
        code: 'LINK_RULE_VIOLATED',
        rule: 'OFFICIAL_ONE_PER_SHOP',
      });
    });

    it('keeps an official account to its shop alone, in any role, and keeps busy accounts from becoming official', async () => {
      const [shopA, shopB] = await Promise.all([catalogShop(server, staff), catalogShop(server, staff)]);
      const official = await createAccount(server);
      await link(shopA, official, 'OFFICIAL');
      for (const role of ['OFFICIAL', 'MARKETING'] as const) {
        expect(await requestLink(shopB, official, role)).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_EXCLUSIVE' });
      }
      const plan = await createPlan(shopB);
      expect(await joinPlan(official, plan.id)).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_EXCLUSIVE' });

      // The other way round: an account that markets or is an affiliate of shop B cannot become A's official account.
      const marketer = await createAccount(server);
      await link(shopB, marketer, 'MARKETING');
      const shopC = await catalogShop(server, staff);
      expect(await requestLink(shopC, marketer, 'OFFICIAL')).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_EXCLUSIVE' });
      const affiliate = await createAccount(server);
      expect(await joinPlan(affiliate, plan.id)).toMatchObject({ __typename: 'AffiliateParticipationPayload' });
      expect(await requestLink(shopC, affiliate, 'OFFICIAL')).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_EXCLUSIVE' });
    });

    it('allows four marketing accounts per shop, and one marketing shop per account', async () => {
      const [shopA, shopB] = await Promise.all([catalogShop(server, staff), catalogShop(server, staff)]);
      const accounts = await Promise.all([1, 2, 3, 4].map(() => createAccount(server)));
      for (const account of accounts) await link(shopA, account, 'MARKETING');
      expect(await requestLink(shopA, await createAccount(server), 'MARKETING')).toMatchObject({
        __typename: 'LinkRuleError',
        rule: 'MARKETING_MAX_PER_SHOP',
      });
      expect(await requestLink(shopB, accounts[0] as TestAccount, 'MARKETING')).toMatchObject({
        __typename: 'LinkRuleError',
        rule: 'MARKETING_ONE_SHOP',
      });
      // A marketing account may still be an affiliate of other shops.
      const plan = await createPlan(shopB);
      expect(await joinPlan(accounts[0] as TestAccount, plan.id)).toMatchObject({ __typename: 'AffiliateParticipationPayload' });
    });

    it('checks the rules again when the holder confirms', async () => {
      const shopA = await catalogShop(server, staff);
      const [first, second] = await Promise.all([createAccount(server), createAccount(server)]);
      const firstRequest = expectTypename(await requestLink(shopA, first, 'OFFICIAL'), 'AccountLinkPayload').link.id;
      const secondRequest = expectTypename(await requestLink(shopA, second, 'OFFICIAL'), 'AccountLinkPayload').link.id;
      expectTypename((await first.holder.client.request(ConfirmLink, { input: { linkId: firstRequest } })).data?.confirmAccountLink, 'AccountLinkPayload');
      const late = await second.holder.client.request(ConfirmLink, { input: { linkId: secondRequest } });
      expect(late.data?.confirmAccountLink).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_ONE_PER_SHOP' });
    });

    it('lets an official link be revoked only after 24 hours active', async () => {
      const shopA = await catalogShop(server, staff);
      const account = await createAccount(server);
      const linkId = await link(shopA, account, 'OFFICIAL');
      const early = await shopA.owner.client.request(RevokeLink, { input: { linkId } });
      expect(early.data?.revokeAccountLink).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_REVOKE_TOO_SOON' });
      // A marketing link has no such wait.
      const marketingLink = await link(shopA, await createAccount(server), 'MARKETING');
      const revoked = await shopA.owner.client.request(RevokeLink, { input: { linkId: marketingLink } });
      expect(revoked.data?.revokeAccountLink).toMatchObject({ __typename: 'AccountLinkPayload' });
    });
  });

  describe('under concurrent requests', () => {
    it('gives the one official slot to exactly one of two racing confirmations', async () => {
      const shopA = await catalogShop(server, staff);
      const accounts = await Promise.all([createAccount(server), createAccount(server)]);
      const requests = await Promise.all(accounts.map(async (account) => expectTypename(await requestLink(shopA, account, 'OFFICIAL'), 'AccountLinkPayload').link.id));
      const results = await Promise.all(
        accounts.map((account, index) => account.holder.client.request(ConfirmLink, { input: { linkId: requests[index] as string } })),
      );
      const outcomes = results.map((result) => result.data?.confirmAccountLink);
      expect(outcomes.filter((outcome) => outcome?.__typename === 'AccountLinkPayload')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome?.__typename === 'LinkRuleError')).toEqual([
        expect.objectContaining({ rule: 'OFFICIAL_ONE_PER_SHOP' }),
      ]);
    });

    it('gives four marketing slots to exactly four of five racing confirmations', async () => {
      const shopA = await catalogShop(server, staff);
      const accounts = await Promise.all([1, 2, 3, 4, 5].map(() => createAccount(server)));
      const requests = await Promise.all(accounts.map(async (account) => expectTypename(await requestLink(shopA, account, 'MARKETING'), 'AccountLinkPayload').link.id));
      const results = await Promise.all(
        accounts.map((account, index) => account.holder.client.request(ConfirmLink, { input: { linkId: requests[index] as string } })),
      );
      const outcomes = results.map((result) => result.data?.confirmAccountLink);
      expect(outcomes.filter((outcome) => outcome?.__typename === 'AccountLinkPayload')).toHaveLength(4);
      expect(outcomes.filter((outcome) => outcome?.__typename === 'LinkRuleError')).toEqual([
        expect.objectContaining({ rule: 'MARKETING_MAX_PER_SHOP' }),
      ]);
      const links = await shopA.owner.client.request(ShopLinks, { shopId: shopA.shopId });
      expect(links.data?.node).toMatchObject({ accountLinks: { edges: expect.any(Array) } });
      expect((links.data?.node as { accountLinks: { edges: unknown[] } }).accountLinks.edges).toHaveLength(4);
    });

    it('lets one account become official for only one of two shops confirming at once', async () => {
      const [shopA, shopB] = await Promise.all([catalogShop(server, staff), catalogShop(server, staff)]);
      const account = await createAccount(server);
      const requests = await Promise.all(
        [shopA, shopB].map(async (candidate) => expectTypename(await requestLink(candidate, account, 'OFFICIAL'), 'AccountLinkPayload').link.id),
      );
      const results = await Promise.all(requests.map((linkId) => account.holder.client.request(ConfirmLink, { input: { linkId } })));
      const outcomes = results.map((result) => result.data?.confirmAccountLink?.__typename).sort();
      expect(outcomes).toEqual(['AccountLinkPayload', 'LinkRuleError']);
    });
  });
});

describe('link churn limits, as time passes', () => {
  let server: TestServer;
  let staff: TestUser;
  const clock = new TestClock();

  beforeAll(async () => {
    // Tokens outlive the time the tests skip over.
    server = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 24 * 3600) }, { clock });
    staff = await signUpStaff(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lets a shop revoke an official link once it has been active 24 hours, 3 times at most', async () => {
    const shop = await catalogShop(server, staff);
    for (let round = 0; round < 3; round += 1) {
      const linkId = await link(shop, await createAccount(server), 'OFFICIAL');
      clock.advance(23 * HOUR_MS);
      const early = await shop.owner.client.request(RevokeLink, { input: { linkId } });
      expect(early.data?.revokeAccountLink).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_REVOKE_TOO_SOON' });
      clock.advance(HOUR_MS);
      const revoked = await shop.owner.client.request(RevokeLink, { input: { linkId } });
      expect(revoked.data?.revokeAccountLink).toMatchObject({ __typename: 'AccountLinkPayload', link: { status: 'REVOKED' } });
    }
    const fourth = await link(shop, await createAccount(server), 'OFFICIAL');
    clock.advance(DAY_MS);
    const refused = await shop.owner.client.request(RevokeLink, { input: { linkId: fourth } });
    expect(refused.data?.revokeAccountLink).toMatchObject({ __typename: 'LinkRuleError', rule: 'OFFICIAL_REVOCATION_LIMIT' });
  });

  it('links an account as a marketing account 10 times in 180 days at most', async () => {
    const account = await createAccount(server);
    for (let round = 0; round < 10; round += 1) {
      const shop = await catalogShop(server, staff);
      const linkId = await link(shop, account, 'MARKETING');
      await account.holder.client.request(RevokeLink, { input: { linkId } });
      clock.advance(DAY_MS);
    }
    const next = await catalogShop(server, staff);
    expect(await requestLink(next, account, 'MARKETING')).toMatchObject({ __typename: 'LinkRuleError', rule: 'MARKETING_LINK_QUOTA' });
    // Once the first of them is 180 days old, there is room again.
    clock.advance(171 * DAY_MS);
    expect(await requestLink(next, account, 'MARKETING')).toMatchObject({ __typename: 'AccountLinkPayload' });
  });
});
