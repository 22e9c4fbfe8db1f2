import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../support/fixtures.ts';
import { address, startOrderWorld, stockedSku, type OrderWorld } from './helpers.ts';

/**
 * The flash sale with promotions in the way: a flash deal capped below the stock, and a voucher with
 * 10 uses, each raced by 1,000 concurrent checkouts.
 */

const PLACE = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    __typename
    ... on PlaceOrderPayload { orders { id items { unitPrice { amount } } voucherDiscount { amount } } }
    ... on UserError { code }
  }
}`;

const uuidOf = (globalId: string) => globalId.split('/').at(-1) ?? '';

describe('a flash sale with promotions', () => {
  let world: OrderWorld;
  let buyers: TestUser[];

  beforeAll(async () => {
    world = await startOrderWorld();
    buyers = await Promise.all(Array.from({ length: 10 }, () => signUp(world.server.client, 'buyer')));
  }, 120_000);

  afterAll(async () => {
    await world?.server.close();
  });

  const attempts = (sku: string, extra: Record<string, unknown> = {}) =>
    Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        (buyers[index % buyers.length] as TestUser).client.raw<{ placeOrder: { __typename: string; code?: string; orders?: { id: string; items: { unitPrice: { amount: string } }[]; voucherDiscount: { amount: string } }[] } }>(
          { query: PLACE, variables: { input: { items: [{ skuId: sku, quantity: 1 }], shippingAddress: address(), ...extra } } },
        ),
      ),
    );

  it('sells a flash deal capped at 30 of 100 units to exactly 30 buyers at the deal price, and never oversells', async () => {
    const sku = await stockedSku(world, 100, '100000.00');
    const skuRow = await world.server.running.services.prisma.sku.findUniqueOrThrow({ where: { id: uuidOf(sku) }, select: { productId: true } });
    const created = await world.seller.owner.client.raw<{ createFlashDeal: { __typename: string } }>({
      query: `mutation($input: CreateFlashDealInput!) { createFlashDeal(input: $input) { __typename } }`,
      variables: {
        input: {
          shopId: world.seller.shopId,
          productId: `gid://seller-center/Product/${skuRow.productId}`,
          skuId: sku,
          name: 'Midnight deal',
          price: { amount: '50000.00' },
          quantityLimit: 30,
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    expect(created.data?.createFlashDeal.__typename).toBe('CreateFlashDealPayload');
    const results = await attempts(sku);
    const placed = results.flatMap((result) => result.data?.placeOrder.orders ?? []);
    const atDealPrice = placed.filter((order) => order.items[0]?.unitPrice.amount === '50000.00');
    expect(atDealPrice).toHaveLength(30);
    const refused = results.map((result) => result.data?.placeOrder).filter((payload) => payload?.__typename !== 'PlaceOrderPayload');
    expect(new Set(refused.map((payload) => payload?.code))).toSatisfy((codes: Set<string | undefined>) => [...codes].every((code) => code === 'FLASH_DEAL_OVER' || code === 'OUT_OF_STOCK'));
    const stock = await world.server.running.services.prisma.sku.findUniqueOrThrow({ where: { id: uuidOf(sku) }, select: { stock: true } });
    expect(stock.stock).toBe(100 - placed.length);
    expect(placed.length).toBeLessThanOrEqual(100);
    const deal = await world.server.running.services.prisma.promotion.findFirstOrThrow({ where: { kind: 'FLASH_DEAL', items: { some: { skuId: uuidOf(sku) } } } });
    expect(deal.quantitySold).toBe(30);
  }, 600_000);

  it('lets a voucher limited to 10 uses discount exactly 10 orders; everyone else is told why it cannot be used', async () => {
    const sku = await stockedSku(world, 500, '100000.00');
    const code = `TEN${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
    const created = await world.seller.owner.client.raw<{ createVoucher: { __typename: string } }>({
      query: `mutation($input: CreateVoucherInput!) { createVoucher(input: $input) { __typename } }`,
      variables: {
        input: {
          shopId: world.seller.shopId,
          code,
          name: 'Ten lucky buyers',
          discountKind: 'AMOUNT',
          amountOff: { amount: '10000.00' },
          totalLimit: 10,
          perBuyerLimit: 100,
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    expect(created.data?.createVoucher.__typename).toBe('CreateVoucherPayload');
    const results = await attempts(sku, { voucherCode: code });
    const placed = results.flatMap((result) => result.data?.placeOrder.orders ?? []);
    expect(placed).toHaveLength(10);
    expect(placed.every((order) => order.voucherDiscount.amount === '10000.00')).toBe(true);
    const refused = results.map((result) => result.data?.placeOrder).filter((payload) => payload?.__typename !== 'PlaceOrderPayload');
    expect(refused).toHaveLength(990);
    expect(refused.every((payload) => payload?.code === 'VOUCHER_INVALID')).toBe(true);
    const stock = await world.server.running.services.prisma.sku.findUniqueOrThrow({ where: { id: uuidOf(sku) }, select: { stock: true } });
    expect(stock.stock).toBe(490);
  }, 600_000);
});
