import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import type { CreateAffiliatePlanInput } from '../generated/graphql.ts';
import { expectTypename } from '../support/client.ts';
import type { TestUser } from '../support/fixtures.ts';
import { DAY_MS, TestClock } from '../support/clock.ts';
import type { TestServer } from '../support/server.ts';
import { type CatalogShop, createProduct, productInput, startCatalogWorld, SuspendShop } from '../catalog/helpers.ts';
import {
  AddToShowcase,
  createAccount,
  CreatePlan,
  createPlan,
  JoinPlan,
  joinPlan,
  link,
  showcaseOf,
  shopWithProducts,
  type TestAccount,
} from '../accounts/helpers.ts';

const PlanNode = graphql(`
  query PlansPlanNode($id: ID!) {
    node(id: $id) {
      __typename
      ... on AffiliatePlan {
        id
        name
        kind
        scope
        status
        commissionBps
        participantCount
        products { product { id } commissionBps ownCommissionBps }
      }
    }
  }
`);

const ShopPlans = graphql(`
  query PlansShopPlans($id: ID!) {
    node(id: $id) {
      __typename
      ... on Shop { affiliatePlans(first: 10) { edges { node { id participantCount } } } }
    }
  }
`);

const Invite = graphql(`
  mutation PlansInvite($input: InviteToAffiliatePlanInput!) {
    inviteToAffiliatePlan(input: $input) {
      __typename
      ... on AffiliateParticipationPayload { participation { status invitedAt account { handle } } }
      ... on LinkRuleError { rule }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Decline = graphql(`
  mutation PlansDecline($input: AffiliateParticipationInput!) {
    declineAffiliatePlanInvitation(input: $input) {
      __typename
      ... on AffiliateParticipationPayload { participation { status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Leave = graphql(`
  mutation PlansLeave($input: AffiliateParticipationInput!) {
    leaveAffiliatePlan(input: $input) {
      __typename
      ... on AffiliateParticipationPayload { participation { status leftAt } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Pause = graphql(`
  mutation PlansPause($input: AffiliatePlanIdInput!) {
    pauseAffiliatePlan(input: $input) {
      __typename
      ... on AffiliatePlanPayload { plan { id status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Resume = graphql(`
  mutation PlansResume($input: AffiliatePlanIdInput!) {
    resumeAffiliatePlan(input: $input) {
      __typename
      ... on AffiliatePlanPayload { plan { id status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const End = graphql(`
  mutation PlansEnd($input: AffiliatePlanIdInput!) {
    endAffiliatePlan(input: $input) {
      __typename
      ... on AffiliatePlanPayload { plan { id status } }
      ... on InvalidStateError { currentState }
      ... on UserError { code message field }
    }
  }
`);

const Joinable = graphql(`
  query PlansJoinable($handle: String!) {
    creatorAccount(handle: $handle) {
      joinableAffiliatePlans(first: 100) { edges { node { id kind } } }
    }
  }
`);

const Participations = graphql(`
  query PlansParticipations($handle: String!, $status: [AffiliateParticipantStatus!]) {
    creatorAccount(handle: $handle) {
      affiliateParticipations(first: 100, status: $status) { edges { node { status plan { id } account { handle } } } }
    }
  }
`);

const Earnable = graphql(`
  query PlansEarnable($handle: String!) {
    creatorAccount(handle: $handle) {
      earnableProducts(first: 20) {
        edges {
          node {
            product { id }
            plan { id }
            commissionBps
            commissionPerUnit { min { amount currencyCode } max { amount currencyCode } }
          }
        }
      }
    }
  }
`);

describe('affiliate plans', () => {
  const clock = new TestClock();
  let server: TestServer;
  let staff: TestUser;
  /** A shop that can sell, with an OPERATOR member. */
  let seller: CatalogShop;
  let operator: TestUser;
  let outsider: TestUser;
  let categoryId: string;

  beforeAll(async () => {
    // Tokens outlive the days a test skips over.
    ({ server, staff, seller, operator, outsider, categoryId } = await startCatalogWorld({ env: { ACCESS_TOKEN_TTL_SECONDS: String(7 * 24 * 3600) }, clock }));
  });

  afterAll(async () => {
    await server?.close();
  });

  const participation = (account: TestAccount, planId: string) => ({ input: { planId, accountId: account.accountId } });
  const leave = async (account: TestAccount, planId: string) =>
    (await account.holder.client.request(Leave, participation(account, planId))).data?.leaveAffiliatePlan;
  const decline = async (account: TestAccount, planId: string) =>
    (await account.holder.client.request(Decline, participation(account, planId))).data?.declineAffiliatePlanInvitation;
  const invite = async (shop: CatalogShop, planId: string, account: TestAccount) =>
    (await shop.owner.client.request(Invite, { input: { planId, accountHandle: account.handle } })).data?.inviteToAffiliatePlan;
  const addToShowcase = async (account: TestAccount, productIds: string[]) =>
    (await account.holder.client.request(AddToShowcase, { input: { accountId: account.accountId, productIds } })).data?.addShowcaseProducts;
  const showcaseIds = async (account: TestAccount) => (await showcaseOf(server, account)).map((entry) => entry.productId).sort();
  const joinableIds = async (account: TestAccount, viewer: TestUser = account.holder) => {
    const result = await viewer.client.request(Joinable, { handle: account.handle });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data?.creatorAccount?.joinableAffiliatePlans?.edges.map(({ node }) => node.id) ?? null;
  };
  const planFor = async (viewer: TestUser, planId: string) => {
    const result = await viewer.client.request(PlanNode, { id: planId });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data?.node ?? null;
  };

  describe('createAffiliatePlan', () => {
    let productIds: string[];

    beforeAll(async () => {
      productIds = [];
      for (const title of ['Plan product A', 'Plan product B']) {
        const product = await createProduct(seller.owner, productInput(seller.shopId, categoryId, { title, status: 'ACTIVE' }));
        productIds.push(product.id);
      }
    });

    const create = (user: TestUser, overrides: Partial<CreateAffiliatePlanInput> = {}) =>
      user.client
        .request(CreatePlan, {
          input: { shopId: seller.shopId, name: 'Creators', kind: 'OPEN', scope: 'ALL_PRODUCTS', commissionBps: 1000, ...overrides },
        })
        .then((result) => result.data?.createAffiliatePlan);

    it('lets the OWNER create an OPEN plan for all products', async () => {
      const plan = await createPlan(seller, { name: 'Everyone welcome', kind: 'OPEN', scope: 'ALL_PRODUCTS', commissionBps: 1500 });
      expect(plan).toMatchObject({ kind: 'OPEN', scope: 'ALL_PRODUCTS', status: 'ACTIVE', commissionBps: 1500, participantCount: 0 });
      expect(await planFor(seller.owner, plan.id)).toMatchObject({ __typename: 'AffiliatePlan', name: 'Everyone welcome', products: [] });
    });

    it('lets the OWNER create a TARGETED plan for listed products, one with its own rate', async () => {
      const [first, second] = productIds as [string, string];
      const plan = await createPlan(seller, {
        kind: 'TARGETED',
        scope: 'LISTED_PRODUCTS',
        commissionBps: 1000,
        products: [{ productId: first }, { productId: second, commissionBps: 2500 }],
      });
      expect(plan).toMatchObject({ kind: 'TARGETED', scope: 'LISTED_PRODUCTS', status: 'ACTIVE', commissionBps: 1000 });
      const node = await planFor(seller.owner, plan.id);
      const products = node?.__typename === 'AffiliatePlan' ? node.products : [];
      expect(products.find((row) => row.product.id === first)).toMatchObject({ commissionBps: 1000, ownCommissionBps: null });
      expect(products.find((row) => row.product.id === second)).toMatchObject({ commissionBps: 2500, ownCommissionBps: 2500 });
      expect(products).toHaveLength(2);
    });

    it('refuses an OPERATOR with PERMISSION_DENIED and an outsider with NOT_FOUND', async () => {
      expect(await create(operator)).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
      expect(await create(outsider)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: ['input', 'shopId'] });
    });

    it('refuses a commission of 0 or above 80%', async () => {
      for (const commissionBps of [0, 9000]) {
        expect(await create(seller.owner, { commissionBps })).toMatchObject({
          __typename: 'ValidationError',
          code: 'VALIDATION_FAILED',
          field: ['input', 'commissionBps'],
        });
      }
    });

    it('refuses a LISTED_PRODUCTS plan without products', async () => {
      expect(await create(seller.owner, { scope: 'LISTED_PRODUCTS', products: [] })).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        field: ['input', 'products'],
      });
    });

    it("refuses another shop's product as NOT_FOUND on the exact field", async () => {
      const other = await shopWithProducts(server, staff, categoryId, 1);
      const result = await create(seller.owner, { scope: 'LISTED_PRODUCTS', products: [{ productId: other.productIds[0] as string }] });
      expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: ['input', 'products', '0', 'productId'] });
    });

    it('refuses an end before the start', async () => {
      const day = 24 * 3_600_000;
      const result = await create(seller.owner, {
        startsAt: new Date(Date.now() + 2 * day).toISOString(),
        endsAt: new Date(Date.now() + day).toISOString(),
      });
      expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', field: ['input', 'endsAt'] });
    });
  });

  describe("the shop's list of plans", () => {
    it('shows members each plan with the number of JOINED accounts, and outsiders nothing', async () => {
      const shop = await shopWithProducts(server, staff, categoryId, 1);
      const open = await createPlan(shop);
      const targeted = await createPlan(shop, { kind: 'TARGETED' });
      const [first, second, invited] = await Promise.all([createAccount(server), createAccount(server), createAccount(server)]);
      expectTypename(await joinPlan(first, open.id), 'AffiliateParticipationPayload');
      expectTypename(await joinPlan(second, open.id), 'AffiliateParticipationPayload');
      expectTypename(await leave(second, open.id), 'AffiliateParticipationPayload');
      // Invited is not joined.
      expectTypename(await invite(shop, targeted.id, invited), 'AffiliateParticipationPayload');

      const asOwner = await shop.owner.client.request(ShopPlans, { id: shop.shopId });
      const node = expectTypename(asOwner.data?.node, 'Shop');
      expect(node.affiliatePlans?.edges.map((edge) => edge.node)).toEqual([
        { id: targeted.id, participantCount: 0 },
        { id: open.id, participantCount: 1 },
      ]);

      for (const client of [outsider.client, server.client]) {
        const result = await client.request(ShopPlans, { id: shop.shopId });
        expect(result.data?.node).toEqual({ __typename: 'Shop', affiliatePlans: null });
      }
    });
  });

  describe('joining an OPEN plan', () => {
    let shop: CatalogShop & { productIds: string[] };
    let planId: string;

    beforeAll(async () => {
      shop = await shopWithProducts(server, staff, categoryId, 2);
      planId = (await createPlan(shop)).id;
    });

    it('lets an account of the shop region join, once', async () => {
      const account = await createAccount(server, { region: 'ID' });
      const joined = expectTypename(await joinPlan(account, planId), 'AffiliateParticipationPayload');
      expect(joined.participation).toMatchObject({ status: 'JOINED', joinedAt: expect.any(String) });
      expect(await joinPlan(account, planId)).toMatchObject({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS', field: ['input', 'planId'] });
    });

    it('refuses an account of another region as NOT_ELIGIBLE', async () => {
      const account = await createAccount(server, { region: 'VN' });
      expect(await joinPlan(account, planId)).toMatchObject({ __typename: 'RuleViolationError', code: 'NOT_ELIGIBLE' });
    });

    it('refuses new participants while the shop cannot sell', async () => {
      const suspendedShop = await shopWithProducts(server, staff, categoryId, 1);
      const suspendedPlan = (await createPlan(suspendedShop)).id;
      const suspended = await staff.client.request(SuspendShop, { input: { shopId: suspendedShop.shopId, reason: 'Counterfeit goods reported' } });
      expect(suspended.data?.suspendShop?.__typename).toBe('SuspendShopPayload');
      const account = await createAccount(server, { region: 'ID' });
      expect(await joinPlan(account, suspendedPlan)).toMatchObject({ __typename: 'RuleViolationError', code: 'NOT_ELIGIBLE' });
    });

    it('refuses someone who does not hold the account', async () => {
      const account = await createAccount(server);
      const result = await outsider.client.request(JoinPlan, participation(account, planId));
      expect(result.data?.joinAffiliatePlan).toMatchObject({ __typename: 'PermissionDeniedError', code: 'PERMISSION_DENIED' });
    });

    it("takes the plan's products out of the showcase when the account leaves", async () => {
      const account = await createAccount(server);
      expectTypename(await joinPlan(account, planId), 'AffiliateParticipationPayload');
      expectTypename(await addToShowcase(account, shop.productIds), 'CreatorAccountPayload');
      expect(await showcaseIds(account)).toEqual([...shop.productIds].sort());

      const left = expectTypename(await leave(account, planId), 'AffiliateParticipationPayload');
      expect(left.participation).toMatchObject({ status: 'LEFT', leftAt: expect.any(String) });
      expect(await showcaseIds(account)).toEqual([]);
      // Gone, not hidden: joining again starts with an empty showcase.
      expectTypename(await joinPlan(account, planId), 'AffiliateParticipationPayload');
      expect(await showcaseIds(account)).toEqual([]);
    });

    it('hides the products of a paused plan until it resumes, and a paused plan cannot be joined', async () => {
      const pausedShop = await shopWithProducts(server, staff, categoryId, 2);
      const plan = await createPlan(pausedShop);
      const [member, latecomer] = await Promise.all([createAccount(server), createAccount(server)]);
      expectTypename(await joinPlan(member, plan.id), 'AffiliateParticipationPayload');
      expectTypename(await addToShowcase(member, pausedShop.productIds), 'CreatorAccountPayload');
      expect(await showcaseIds(member)).toHaveLength(2);

      const paused = await pausedShop.owner.client.request(Pause, { input: { planId: plan.id } });
      expect(expectTypename(paused.data?.pauseAffiliatePlan, 'AffiliatePlanPayload').plan.status).toBe('PAUSED');
      expect(await showcaseIds(member)).toEqual([]);
      expect(await joinPlan(latecomer, plan.id)).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentState: 'PAUSED' });

      const resumed = await pausedShop.owner.client.request(Resume, { input: { planId: plan.id } });
      expect(expectTypename(resumed.data?.resumeAffiliatePlan, 'AffiliatePlanPayload').plan.status).toBe('ACTIVE');
      expect(await showcaseIds(member)).toEqual([...pausedShop.productIds].sort());
    });

    it('takes the products of an ended plan out for good; an ended plan cannot resume', async () => {
      const endedShop = await shopWithProducts(server, staff, categoryId, 2);
      const plan = await createPlan(endedShop);
      const member = await createAccount(server);
      expectTypename(await joinPlan(member, plan.id), 'AffiliateParticipationPayload');
      expectTypename(await addToShowcase(member, endedShop.productIds), 'CreatorAccountPayload');
      expect(await showcaseIds(member)).toHaveLength(2);

      const ended = await endedShop.owner.client.request(End, { input: { planId: plan.id } });
      expect(expectTypename(ended.data?.endAffiliatePlan, 'AffiliatePlanPayload').plan.status).toBe('ENDED');
      expect(await showcaseIds(member)).toEqual([]);
      const resumed = await endedShop.owner.client.request(Resume, { input: { planId: plan.id } });
      expect(resumed.data?.resumeAffiliatePlan).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentState: 'ENDED' });
      expect(await showcaseIds(member)).toEqual([]);
    });
  });

  describe('a TARGETED plan', () => {
    let shop: CatalogShop & { productIds: string[] };
    let planId: string;

    beforeAll(async () => {
      shop = await shopWithProducts(server, staff, categoryId, 1);
      planId = (await createPlan(shop, { kind: 'TARGETED' })).id;
    });

    it('does not exist for an account that was not invited', async () => {
      const account = await createAccount(server);
      expect(await planFor(account.holder, planId)).toBeNull();
      expect(await joinPlan(account, planId)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', field: ['input', 'planId'] });
      expect(await joinableIds(account)).not.toContain(planId);
      // The shop itself sees it.
      expect(await planFor(shop.owner, planId)).toMatchObject({ __typename: 'AffiliatePlan', id: planId, kind: 'TARGETED' });
    });

    it('is visible and joinable once the account is invited; joining accepts the invitation', async () => {
      const account = await createAccount(server);
      const invited = expectTypename(await invite(shop, planId, account), 'AffiliateParticipationPayload');
      expect(invited.participation).toMatchObject({ status: 'INVITED', invitedAt: expect.any(String), account: { handle: account.handle } });
      expect(await planFor(account.holder, planId)).toMatchObject({ __typename: 'AffiliatePlan', id: planId });
      expect(await joinableIds(account)).toContain(planId);

      const joined = expectTypename(await joinPlan(account, planId), 'AffiliateParticipationPayload');
      expect(joined.participation.status).toBe('JOINED');
      expect(await joinableIds(account)).not.toContain(planId);
    });

    it('takes invitations only for TARGETED plans', async () => {
      const open = await createPlan(shop, { kind: 'OPEN' });
      const account = await createAccount(server);
      expect(await invite(shop, open.id, account)).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentState: 'OPEN' });
    });

    it('can be declined, and the account invited again', async () => {
      const account = await createAccount(server);
      expectTypename(await invite(shop, planId, account), 'AffiliateParticipationPayload');
      const declined = expectTypename(await decline(account, planId), 'AffiliateParticipationPayload');
      expect(declined.participation.status).toBe('DECLINED');
      expect(await joinableIds(account)).not.toContain(planId);
      expect(await joinPlan(account, planId)).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentState: 'DECLINED' });

      const again = expectTypename(await invite(shop, planId, account), 'AffiliateParticipationPayload');
      expect(again.participation.status).toBe('INVITED');
      expect(await joinableIds(account)).toContain(planId);
      expect(await joinPlan(account, planId)).toMatchObject({ __typename: 'AffiliateParticipationPayload', participation: { status: 'JOINED' } });
    });
  });

  describe('official accounts', () => {
    it("cannot join another shop's OPEN plan nor be invited to its TARGETED plan", async () => {
      const [shopA, shopB] = await Promise.all([shopWithProducts(server, staff, categoryId, 1), shopWithProducts(server, staff, categoryId, 1)]);
      const official = await createAccount(server);
      await link(shopA, official, 'OFFICIAL');
      const [openB, targetedB] = [await createPlan(shopB), await createPlan(shopB, { kind: 'TARGETED' })];

      expect(await joinPlan(official, openB.id)).toMatchObject({ __typename: 'LinkRuleError', code: 'LINK_RULE_VIOLATED', rule: 'OFFICIAL_EXCLUSIVE' });
      expect(await invite(shopB, targetedB.id, official)).toMatchObject({
        __typename: 'LinkRuleError',
        code: 'LINK_RULE_VIOLATED',
        rule: 'OFFICIAL_EXCLUSIVE',
      });
      // Its own shop's plan is fine.
      const openA = await createPlan(shopA);
      expect(await joinPlan(official, openA.id)).toMatchObject({ __typename: 'AffiliateParticipationPayload', participation: { status: 'JOINED' } });
    });
  });

  describe("an account's plans and earnings", () => {
    it('lists the products of joined plans with their rate and what one unit earns, to the holder only', async () => {
      const [shop, listedShop, notJoinedShop] = await Promise.all([
        shopWithProducts(server, staff, categoryId, 2, '12345.67'),
        shopWithProducts(server, staff, categoryId, 2, '50000.00'),
        shopWithProducts(server, staff, categoryId, 1, '50000.00'),
      ]);
      const [regular, overridden] = shop.productIds as [string, string];
      const allProducts = await createPlan(shop, { scope: 'ALL_PRODUCTS', commissionBps: 1250, products: [{ productId: overridden, commissionBps: 750 }] });
      const listed = await createPlan(listedShop, { scope: 'LISTED_PRODUCTS', commissionBps: 1000, products: [{ productId: listedShop.productIds[0] as string }] });
      await createPlan(notJoinedShop);
      const account = await createAccount(server);
      expectTypename(await joinPlan(account, allProducts.id), 'AffiliateParticipationPayload');
      expectTypename(await joinPlan(account, listed.id), 'AffiliateParticipationPayload');

      const result = await account.holder.client.request(Earnable, { handle: account.handle });
      expect(result.errors).toBeUndefined();
      const entries = result.data?.creatorAccount?.earnableProducts?.edges.map(({ node }) => node) ?? [];
      const byProduct = new Map(entries.map((entry) => [entry.product.id, entry]));
      expect([...byProduct.keys()].sort()).toEqual([regular, overridden, listedShop.productIds[0]].sort());
      // 12345.67 IDR × 12.50% = 1543.20875 → 1543.21 (half-up to the sen).
      expect(byProduct.get(regular)).toMatchObject({
        plan: { id: allProducts.id },
        commissionBps: 1250,
        commissionPerUnit: { min: { amount: '1543.21', currencyCode: 'IDR' }, max: { amount: '1543.21', currencyCode: 'IDR' } },
      });
      // The product's own 7.50% wins over the plan's 12.50%: 12345.67 × 7.50% = 925.92525 → 925.93.
      expect(byProduct.get(overridden)).toMatchObject({
        plan: { id: allProducts.id },
        commissionBps: 750,
        commissionPerUnit: { min: { amount: '925.93' }, max: { amount: '925.93' } },
      });
      // 50000.00 × 10% = 5000.00.
      expect(byProduct.get(listedShop.productIds[0] as string)).toMatchObject({
        plan: { id: listed.id },
        commissionBps: 1000,
        commissionPerUnit: { min: { amount: '5000.00' } },
      });

      for (const client of [outsider.client, server.client]) {
        const other = await client.request(Earnable, { handle: account.handle });
        expect(other.errors).toBeUndefined();
        expect(other.data?.creatorAccount).toEqual({ earnableProducts: null });
      }
    });

    it("lists as joinable the running OPEN plans of the account's region it has not joined, to the holder only", async () => {
      const shop = await shopWithProducts(server, staff, categoryId, 1);
      const [open, paused, joined, targeted] = [
        await createPlan(shop),
        await createPlan(shop),
        await createPlan(shop),
        await createPlan(shop, { kind: 'TARGETED' }),
      ];
      expectTypename((await shop.owner.client.request(Pause, { input: { planId: paused.id } })).data?.pauseAffiliatePlan, 'AffiliatePlanPayload');
      const [local, foreign] = await Promise.all([createAccount(server, { region: 'ID' }), createAccount(server, { region: 'VN' })]);
      expectTypename(await joinPlan(local, joined.id), 'AffiliateParticipationPayload');

      const forLocal = await joinableIds(local);
      expect(forLocal).toContain(open.id);
      for (const id of [paused.id, joined.id, targeted.id]) expect(forLocal).not.toContain(id);
      expect(await joinableIds(foreign)).not.toContain(open.id);
      expect(await joinableIds(local, outsider)).toBeNull();
    });

    it('does not list or let anyone join an OPEN plan past its end', async () => {
      const shop = await shopWithProducts(server, staff, categoryId, 1);
      const plan = await createPlan(shop, { endsAt: new Date(clock.now().getTime() + DAY_MS).toISOString() });
      const account = await createAccount(server);
      expect(await joinableIds(account)).toContain(plan.id);
      clock.advance(2 * DAY_MS);
      try {
        expect(await joinableIds(account)).not.toContain(plan.id);
        expect(await joinPlan(account, plan.id)).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
      } finally {
        // The other tests of this server live in the present.
        clock.advance(-2 * DAY_MS);
      }
    });

    it('lists the plans the account has joined, and the ones it left on request, to the holder only', async () => {
      const [shopA, shopB] = await Promise.all([shopWithProducts(server, staff, categoryId, 1), shopWithProducts(server, staff, categoryId, 1)]);
      const [planA, planB, planC] = [await createPlan(shopA), await createPlan(shopB), await createPlan(shopB)];
      const account = await createAccount(server);
      for (const plan of [planA, planB, planC]) expectTypename(await joinPlan(account, plan.id), 'AffiliateParticipationPayload');
      expectTypename(await leave(account, planC.id), 'AffiliateParticipationPayload');

      const joined = await account.holder.client.request(Participations, { handle: account.handle });
      const nodes = joined.data?.creatorAccount?.affiliateParticipations?.edges.map(({ node }) => node) ?? [];
      expect(nodes.map((node) => node.plan.id).sort()).toEqual([planA.id, planB.id].sort());
      expect(nodes.every((node) => node.status === 'JOINED' && node.account.handle === account.handle)).toBe(true);

      const left = await account.holder.client.request(Participations, { handle: account.handle, status: ['LEFT'] });
      expect(left.data?.creatorAccount?.affiliateParticipations?.edges.map(({ node }) => [node.plan.id, node.status])).toEqual([[planC.id, 'LEFT']]);

      const other = await outsider.client.request(Participations, { handle: account.handle });
      expect(other.data?.creatorAccount).toEqual({ affiliateParticipations: null });
    });
  });
});
