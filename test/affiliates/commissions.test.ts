import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import type { AffiliatesCommissionEarnedSubscription } from '../generated/graphql.ts';
import { decodeGlobalId, encodeGlobalId } from '../../src/infra/ids.ts';
import { expectTypename } from '../support/client.ts';
import { HOUR_MS, TestClock } from '../support/clock.ts';
import type { TestUser } from '../support/fixtures.ts';
import { untilListening } from '../support/server.ts';
import { eventually } from '../support/wait.ts';
import { createAccount, createPlan, joinPlan, type TestAccount } from '../accounts/helpers.ts';
import { listenEvents } from '../live/helpers.ts';
import { checkout, deliverOrder, orderStatus, pay, placeOrder, startOrderWorld, stockedSku, type OrderWorld } from '../orders/helpers.ts';

const CommissionEarned = graphql(`
  subscription AffiliatesCommissionEarned($accountId: ID!) {
    commissionEarned(accountId: $accountId) { commissionId shopId planId orderNumber amount { amount currencyCode } earnedAt }
  }
`);

const Commissions = graphql(`
  query AffiliatesCommissions($handle: String!, $first: Int) {
    creatorAccount(handle: $handle) {
      commissions(first: $first) {
        edges { node { id orderNumber amount { amount } earnedAt shop { id } plan { id } account { handle } } }
        pageInfo { hasNextPage }
      }
    }
  }
`);

const CommissionNode = graphql(`
  query AffiliatesCommissionNode($id: ID!) {
    node(id: $id) { __typename ... on AffiliateCommission { id amount { amount } orderNumber } }
  }
`);

const ShopCommissions = graphql(`
  query AffiliatesShopCommissions($id: ID!) {
    node(id: $id) { ... on Shop { affiliateCommissions(first: 10) { edges { node { id account { handle } } } } } }
  }
`);

const OrderNumber = graphql(`
  query AffiliatesOrderNumber($id: ID!) {
    node(id: $id) { ... on Order { number } }
  }
`);

/** Commission earned on completion (SPEC §6): the amount, who may read it, and the holder's live event. */
describe('affiliate commission', () => {
  const clock = new TestClock();
  let world: OrderWorld;
  let account: TestAccount;
  let planId: string;

  beforeAll(async () => {
    world = await startOrderWorld({ clock });
    account = await createAccount(world.server);
    planId = (await createPlan(world.seller, { commissionBps: 1250 })).id;
    expectTypename(await joinPlan(account, planId), 'AffiliateParticipationPayload');
  });
  afterAll(() => world.server.close());

  it('is earned once, when the attributed order completes, at the recorded rate rounded half-up per unit, and its holder hears of it', async () => {
    // 333.33 at 12.5 % is 41.666 25, 41.67 per unit; three units earn 125.01.
    const sku = await stockedSku(world, 10, '333.33');
    const attributed = (await placeOrder(world.buyer, { ...checkout(sku, 3), attribution: { accountId: account.accountId } })).orders[0];
    const direct = (await placeOrder(world.buyer, checkout(sku, 1))).orders[0];
    if (!attributed || !direct) throw new Error('no order');
    for (const order of [attributed, direct]) {
      await pay(world.buyer, order.id);
      await deliverOrder(world, order.id);
    }

    const holderFeed = listenEvents<AffiliatesCommissionEarnedSubscription['commissionEarned']>(world.server.client.as(account.holder.token).subscriptions(), print(CommissionEarned), { accountId: account.accountId });
    await untilListening(world.server, 'affiliate.commissionEarned', decodeGlobalId(account.accountId).id);
    clock.advance(169 * HOUR_MS);
    await eventually(async () => (await orderStatus(world.buyer, attributed.id)) === 'COMPLETED' && (await orderStatus(world.buyer, direct.id)) === 'COMPLETED');

    const number = (await world.seller.owner.client.request(OrderNumber, { id: attributed.id })).data?.node;
    const orderNumber = number && 'number' in number ? number.number : null;
    await eventually(async () => holderFeed.events.length > 0);
    holderFeed.stop();
    const [event] = holderFeed.events;
    expect(event).toMatchObject({ shopId: world.seller.shopId, planId, orderNumber, amount: { amount: '125.01', currencyCode: 'IDR' } });
    expect(holderFeed.errors).toEqual([]);

    // One commission: the order without attribution earns nothing, and a completed order earns once.
    const rows = await world.server.running.services.prisma.affiliateCommission.findMany({ where: { accountId: decodeGlobalId(account.accountId).id } });
    expect(rows.map((row) => ({ amountMinor: row.amountMinor, status: row.status }))).toEqual([{ amountMinor: 12501n, status: 'EARNED' }]);

    const listed = await account.holder.client.request(Commissions, { handle: account.handle, first: 10 });
    expect(listed.data?.creatorAccount?.commissions?.edges.map((edge) => edge.node)).toEqual([
      {
        id: event?.commissionId,
        orderNumber,
        amount: { amount: '125.01' },
        earnedAt: event?.earnedAt,
        shop: { id: world.seller.shopId },
        plan: { id: planId },
        account: { handle: account.handle },
      },
    ]);
  });

  it('is read by the account holder, the paying shop and staff, by every path, and by no one else', async () => {
    const listed = await account.holder.client.request(Commissions, { handle: account.handle, first: 10 });
    const commissionId = listed.data?.creatorAccount?.commissions?.edges[0]?.node.id;
    if (!commissionId) throw new Error('no commission');
    const nodeAs = async (user: TestUser | null) => {
      const client = user ? user.client : world.server.client;
      return (await client.request(CommissionNode, { id: commissionId })).data?.node?.__typename ?? null;
    };
    expect(await nodeAs(account.holder)).toBe('AffiliateCommission');
    expect(await nodeAs(world.operator)).toBe('AffiliateCommission');
    expect(await nodeAs(world.staff)).toBe('AffiliateCommission');
    expect(await nodeAs(world.buyer)).toBeNull();
    expect(await nodeAs(world.otherSeller.owner)).toBeNull();
    expect(await nodeAs(null)).toBeNull();

    const listAs = async (user: TestUser | null) => {
      const client = user ? user.client : world.server.client;
      const result = await client.request(Commissions, { handle: account.handle, first: 10 });
      expect(result.errors).toBeUndefined();
      return result.data?.creatorAccount?.commissions?.edges.length ?? null;
    };
    expect(await listAs(world.staff)).toBe(1);
    expect(await listAs(world.operator)).toBeNull();
    expect(await listAs(world.buyer)).toBeNull();
    expect(await listAs(null)).toBeNull();

    const shopListAs = async (user: TestUser | null) => {
      const client = user ? user.client : world.server.client;
      const result = await client.request(ShopCommissions, { id: world.seller.shopId });
      expect(result.errors).toBeUndefined();
      const shop = result.data?.node;
      return shop && 'affiliateCommissions' in shop ? (shop.affiliateCommissions?.edges.map((edge) => edge.node.id) ?? null) : null;
    };
    expect(await shopListAs(world.operator)).toEqual([commissionId]);
    expect(await shopListAs(world.seller.owner)).toEqual([commissionId]);
    expect(await shopListAs(world.staff)).toEqual([commissionId]);
    expect(await shopListAs(account.holder)).toBeNull();
    expect(await shopListAs(world.otherSeller.owner)).toBeNull();
    expect(await shopListAs(world.buyer)).toBeNull();
    expect(await shopListAs(null)).toBeNull();
  });

  it("refuses the commission events of an account to anyone but its holder, with the HTTP API's codes", async () => {
    const query = print(CommissionEarned);
    const refusals: [TestUser | null, Record<string, unknown>, string][] = [
      [world.buyer, { accountId: account.accountId }, 'PERMISSION_DENIED'],
      [null, { accountId: account.accountId }, 'UNAUTHENTICATED'],
      [account.holder, { accountId: encodeGlobalId('CreatorAccount', '01900000-0000-7000-8000-000000000000') }, 'NOT_FOUND'],
      [account.holder, { accountId: world.seller.shopId }, 'VALIDATION_FAILED'],
      [account.holder, { accountId: 'not-an-id\u0000' }, 'VALIDATION_FAILED'],
    ];
    for (const [user, variables, code] of refusals) {
      const client = user ? world.server.client.as(user.token).subscriptions() : world.server.client.subscriptions();
      const feed = listenEvents(client, query, variables);
      await feed.done;
      expect(feed.errors, code).toMatchObject([{ extensions: { code } }]);
      await client.dispose();
    }
  });
});
