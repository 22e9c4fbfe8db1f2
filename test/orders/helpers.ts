import { randomUUID } from 'node:crypto';
import { graphql } from '../generated/index.ts';
import type { PlaceOrderInput, ShippingAddressInput } from '../generated/graphql.ts';
import { expectTypename } from '../support/client.ts';
import { signUp, signUpStaff, type TestUser } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { addMember, catalogShop, createCategory, createProduct, productInput, skuInput, type CatalogShop } from '../catalog/helpers.ts';
import type { Clock } from '../../src/services.ts';

/** Documents and set-up shared by the order tests. Operation names start with `Orders` to stay unique. */

export const PlaceOrder = graphql(`
  mutation OrdersPlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on PlaceOrderPayload {
        replayed
        orders {
          id
          number
          status
          channel
          total { amount currencyCode }
          subtotal { amount }
          shippingFee { amount }
          payBy
          shop { id }
          items { id quantity unitPrice { amount } commissionBps }
        }
      }
      ... on OutOfStockError { skuId available requested }
      ... on NotBuyableError { skuId }
      ... on PurchaseLimitReachedError { limit alreadyBought }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const PayOrder = graphql(`
  mutation OrdersPayOrder($input: PayOrderInput!) {
    payOrder(input: $input) {
      __typename
      ... on PayOrderPayload { order { id status paidAt dispatchBy onHoldUntil } }
      ... on IllegalTransitionError { currentStatus }
      ... on PaymentDeclinedError { declineCode }
      ... on UserError { code message field }
    }
  }
`);

export const CancelOrder = graphql(`
  mutation OrdersCancelOrder($input: CancelOrderInput!) {
    cancelOrder(input: $input) {
      __typename
      ... on CancelOrderPayload { order { id status cancelledBy cancelReason } }
      ... on IllegalTransitionError { currentStatus }
      ... on UserError { code message field }
    }
  }
`);

export const ShipPackage = graphql(`
  mutation OrdersShipPackage($input: ShipOrderPackageInput!) {
    shipOrderPackage(input: $input) {
      __typename
      ... on ShipOrderPackagePayload { order { id status lateDispatch packages { id status carrier trackingNumber items { quantity } } } }
      ... on IllegalTransitionError { currentStatus }
      ... on ValidationError { issues { field message } }
      ... on UserError { code message field }
    }
  }
`);

export const CarrierEvent = graphql(`
  mutation OrdersCarrierEvent($input: RecordCarrierEventInput!) {
    recordCarrierEvent(input: $input) {
      __typename
      ... on RecordCarrierEventPayload { orderStatus }
      ... on UserError { code message field }
    }
  }
`);

export const ConfirmDelivery = graphql(`
  mutation OrdersConfirmDelivery($input: ConfirmPackageDeliveryInput!) {
    confirmPackageDelivery(input: $input) {
      __typename
      ... on ConfirmPackageDeliveryPayload { order { id status } }
      ... on UserError { code message field }
    }
  }
`);

export const OrderView = graphql(`
  query OrdersOrderView($id: ID!) {
    node(id: $id) {
      __typename
      ... on Order {
        id
        status
        lateDispatch
        cancelledBy
        completedAt
        deliveredAt
        autoCompletesAt
        items { id quantity commissionBps }
        packages { id status }
        history { type status actor occurredAt }
      }
    }
  }
`);

export const SkuStock = graphql(`
  query OrdersSkuStock($id: ID!) {
    node(id: $id) { ... on Sku { stock } }
  }
`);

export function address(overrides: Partial<ShippingAddressInput> = {}): ShippingAddressInput {
  return {
    recipientName: 'Budi Santoso',
    phone: '+62 811 2233 4455',
    line1: 'Jl. Melati No. 5',
    city: 'Bandung',
    postalCode: '40115',
    region: 'ID',
    ...overrides,
  };
}

export function checkout(skuId: string, quantity = 1, overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return { items: [{ skuId, quantity }], shippingAddress: address(), ...overrides };
}

/** Places an order and returns it (fails the test on a typed error). */
export async function placeOrder(buyer: TestUser, input: PlaceOrderInput) {
  const result = await buyer.client.request(PlaceOrder, { input });
  return expectTypename(result.data?.placeOrder, 'PlaceOrderPayload');
}

export async function pay(buyer: TestUser, orderId: string) {
  const result = await buyer.client.request(PayOrder, { input: { orderId, paymentMethod: 'test-card-ok' } });
  return expectTypename(result.data?.payOrder, 'PayOrderPayload').order;
}

export async function orderStatus(user: TestUser, orderId: string): Promise<string | null> {
  const result = await user.client.request(OrderView, { id: orderId });
  return result.data?.node?.__typename === 'Order' ? result.data.node.status : null;
}

/** What the order suites start from: a server, a selling shop with an operator, a product, buyers, an outsider seller. */
export interface OrderWorld {
  server: TestServer;
  staff: TestUser;
  seller: CatalogShop;
  operator: TestUser;
  otherSeller: CatalogShop;
  buyer: TestUser;
  otherBuyer: TestUser;
  categoryId: string;
  /** A buyable product with two SKUs of 10 units each. */
  productId: string;
  skuIds: [string, string];
}

/** Sweeps of due work, often; tokens outlive the days the test clock jumps. */
export const ORDER_TEST_ENV = { JOBS_ENABLED: 'true', JOBS_INTERVAL_MS: '50', ACCESS_TOKEN_TTL_SECONDS: String(365 * 24 * 3600) };

export async function startOrderWorld(options: { env?: Record<string, string>; clock?: Clock; server?: TestServer } = {}): Promise<OrderWorld> {
  const server = options.server ?? (await startTestServer({ ...ORDER_TEST_ENV, ...options.env }, { clock: options.clock }));
  const staff = await signUpStaff(server);
  const [seller, otherSeller, operator, buyer, otherBuyer, categoryId] = await Promise.all([
    catalogShop(server, staff),
    catalogShop(server, staff),
    signUp(server.client, 'operator'),
    signUp(server.client, 'buyer'),
    signUp(server.client, 'buyer'),
    createCategory(staff, 'Fashion'),
  ]);
  await addMember(seller, operator, 'OPERATOR');
  const product = await createProduct(
    seller.owner,
    productInput(seller.shopId, categoryId, {
      status: 'ACTIVE',
      skus: [skuInput({ stock: 10, attributes: [{ name: 'Size', value: 'M' }] }), skuInput({ stock: 10, attributes: [{ name: 'Size', value: 'L' }] })],
    }),
  );
  const skuIds = product.skus.map((sku) => sku.id) as [string, string];
  return { server, staff, seller, operator, otherSeller, buyer, otherBuyer, categoryId, productId: product.id, skuIds };
}

/** A new ACTIVE product of the world's shop with one SKU of `stock` units; returns the SKU id. */
export async function stockedSku(world: OrderWorld, stock: number, price = '50000.00'): Promise<string> {
  const product = await createProduct(
    world.seller.owner,
    productInput(world.seller.shopId, world.categoryId, { status: 'ACTIVE', skus: [skuInput({ stock, price: { amount: price } })] }),
  );
  const sku = product.skus[0];
  if (!sku) throw new Error('no SKU');
  return sku.id;
}

export const uniqueKey = () => `key-${randomUUID()}`;

/** Ships everything left of a paid order as the shop owner, then has the test carrier pick it up and deliver it. */
export async function deliverOrder(world: OrderWorld, orderId: string): Promise<void> {
  const shipped = await world.seller.owner.client.request(ShipPackage, { input: { orderId, carrier: 'J&T Express', trackingNumber: `JT-${orderId.slice(-8)}` } });
  for (const pkg of expectTypename(shipped.data?.shipOrderPackage, 'ShipOrderPackagePayload').order.packages) {
    for (const event of ['PICKED_UP', 'DELIVERED'] as const) {
      expectTypename((await world.staff.client.request(CarrierEvent, { input: { packageId: pkg.id, event } })).data?.recordCarrierEvent, 'RecordCarrierEventPayload');
    }
  }
}
