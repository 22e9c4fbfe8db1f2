import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext, Viewer } from '../../context.ts';
import type { Order, Prisma } from '../../generated/prisma/client.ts';
import { CancelledBy, OrderEventType, OrderStatus, PackageStatus, type Region, SalesChannel } from '../../generated/prisma/enums.ts';
import { decodeIdOf, encodeGlobalId } from '../../infra/ids.ts';
import { order, type PageArguments } from '../../infra/pagination/keyset.ts';
import { builder, signedIn } from '../../schema/builder.ts';
import { prismaKeysetConnection } from '../../schema/pagination.ts';
import { defineVisibility, NOTHING, visibleById } from '../../schema/visibility.ts';
import { MoneyRef, objectPayloads, RegionEnum } from '../../schema/common.ts';
import {
  AlreadyExistsError,
  COMMON_ERRORS,
  IdempotencyKeyReusedError,
  InvalidStateError,
  RuleViolationError,
  UserErrorInterface,
} from '../../schema/errors.ts';
import { readAttributes } from '../catalog/catalog.rules.ts';
import { optionalId, SkuAttributeRef } from '../catalog/catalog.schema.ts';
import {
  IllegalTransitionError,
  NotBuyableError,
  OutOfStockError,
  PaymentDeclinedError,
  PaymentWindowClosedError,
  PurchaseLimitReachedError,
} from './order.errors.ts';
import { orderVisibleWhere } from './order.rules.ts';
import { FlashDealOverError, ShippingUnavailableError, VoucherInvalidError } from '../promotions/promotion.errors.ts';
import { ShippingProviderEnum } from '../shipping/shipping.schema.ts';

// ─── Enums ───

export const OrderStatusEnum = builder.enumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life. Every change goes through one state machine and is recorded in `history`.',
  values: {
    UNPAID: { description: 'Placed, stock reserved, waiting for payment until `payBy`; then cancelled automatically.' },
    ON_HOLD: { description: 'Paid, in a short review window (ORDER_HOLD_MINUTES) before it may ship.' },
    AWAITING_SHIPMENT: { description: 'Paid; the seller must ship by `dispatchBy`.' },
    PARTIALLY_SHIPPED: { description: 'Some packages have left; units remain to ship.' },
    AWAITING_COLLECTION: { description: "Everything is packed; the platform's carrier has not picked every package up yet." },
    IN_TRANSIT: { description: 'Every package is on its way.' },
    DELIVERED: { description: 'Every package was delivered; the order completes by itself at `autoCompletesAt`.' },
    COMPLETED: { description: 'Done.' },
    CANCELLED: { description: 'Cancelled by the buyer, the seller or the system; stock returned, payment refunded.' },
  } satisfies Record<OrderStatus, { description: string }>,
});

const SalesChannelEnum = builder.enumType(SalesChannel, {
  name: 'SalesChannel',
  description: 'Where a sale came from.',
  values: {
    LIVE: { description: 'A live stream.' },
    VIDEO: { description: 'A short video.' },
    SHOWCASE: { description: "A creator account's showcase." },
    PRODUCT_PAGE: { description: 'The product page, unattributed.' },
  } satisfies Record<SalesChannel, { description: string }>,
});

const PackageStatusEnum = builder.enumType(PackageStatus, {
  name: 'PackageStatus',
  description: 'Where a package is.',
  values: {
    AWAITING_COLLECTION: { description: "Packed, waiting for the platform's carrier." },
    IN_TRANSIT: { description: 'On its way.' },
    DELIVERED: { description: 'Delivered.' },
  } satisfies Record<PackageStatus, { description: string }>,
});

const CancelledByEnum = builder.enumType(CancelledBy, {
  name: 'CancelledBy',
  description: 'Who cancelled an order.',
  values: {
    BUYER: { description: 'The buyer.' },
    SELLER: { description: 'A member of the shop.' },
    SYSTEM: { description: 'The platform, e.g. because it was not paid in time.' },
  } satisfies Record<CancelledBy, { description: string }>,
});

const OrderEventTypeEnum = builder.enumType(OrderEventType, {
  name: 'OrderEventType',
  description: 'What happened to an order.',
  values: {
    PLACED: { description: 'Checkout created it.' },
    PAID: { description: 'The buyer paid.' },
    HOLD_RELEASED: { description: 'The review hold ended.' },
    CANCELLED: { description: 'It was cancelled.' },
    SHIPPED: { description: 'A package left.' },
    COLLECTED: { description: "The platform's carrier picked every package up." },
    DELIVERED: { description: 'Every package was delivered.' },
    COMPLETED: { description: 'It completed.' },
    RETURN_REQUESTED: { description: 'The buyer asked to return items.' },
    LATE_DISPATCH: { description: 'It was not shipped by its dispatch deadline; counts against the shop.' },
  } satisfies Record<OrderEventType, { description: string }>,
});

const OrderActorEnum = builder.enumType('OrderActor', {
  description: 'Who made a change to an order.',
  values: {
    BUYER: { description: 'The buyer.' },
    SELLER: { description: 'A member of the shop.' },
    SYSTEM: { description: 'The platform: a scheduled job or a carrier.' },
  },
});

// ─── Errors ───

builder.objectType(OutOfStockError, {
  name: 'OutOfStockError',
  description: 'Fewer units are left than the line asks for. Nothing was reserved.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    skuId: t.id({ description: 'The SKU.', resolve: (error) => `gid://seller-center/Sku/${error.skuId}` }),
    available: t.exposeInt('available', { description: 'Units left when the checkout was refused.' }),
    requested: t.exposeInt('requested', { description: 'Units the line asked for.' }),
  }),
});

builder.objectType(NotBuyableError, {
  name: 'NotBuyableError',
  description: 'The product is not on sale (not ACTIVE, or its shop cannot sell).',
  interfaces: [UserErrorInterface],
  fields: (t) => ({ skuId: t.id({ description: 'The SKU.', resolve: (error) => `gid://seller-center/Sku/${error.skuId}` }) }),
});

builder.objectType(PurchaseLimitReachedError, {
  name: 'PurchaseLimitReachedError',
  description: 'The buyer would hold more units of the product than one buyer may.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Units one buyer may hold in orders that are not cancelled.' }),
    alreadyBought: t.exposeInt('alreadyBought', { description: 'Units the buyer holds already.' }),
  }),
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransitionError',
  description: "The order's status does not allow this change. Nothing was changed.",
  interfaces: [UserErrorInterface],
  fields: (t) => ({
    currentStatus: t.field({ type: OrderStatusEnum, description: 'The status the order is in.', resolve: (error) => error.currentStatus }),
  }),
});

builder.objectType(PaymentDeclinedError, {
  name: 'PaymentDeclinedError',
  description: 'The payment provider declined. The order stays UNPAID and can be paid again until `payBy`.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({ declineCode: t.exposeString('declineCode', { description: "The provider's reason, e.g. card_declined." }) }),
});

builder.objectType(PaymentWindowClosedError, {
  name: 'PaymentWindowClosedError',
  description: 'The order had to be paid earlier; it is cancelled automatically.',
  interfaces: [UserErrorInterface],
  fields: (t) => ({ payBy: t.expose('payBy', { type: 'DateTime', description: 'The deadline that passed.' }) }),
});

// ─── Objects ───

interface ShippingAddressValue {
  recipientName: string;
  phone: string;
  line1: string;
  line2: string | null;
  city: string;
  province: string | null;
  postalCode: string;
  region: Region;
}

const ShippingAddressRef = builder.objectRef<ShippingAddressValue>('ShippingAddress').implement({
  description: 'The address an order ships to, as it was at checkout.',
  fields: (t) => ({
    recipientName: t.exposeString('recipientName', { description: 'Who receives it.' }),
    phone: t.exposeString('phone', { description: 'Phone number for the carrier.' }),
    line1: t.exposeString('line1', { description: 'Street and number.' }),
    line2: t.exposeString('line2', { nullable: true, description: 'More of the address.' }),
    city: t.exposeString('city', { description: 'City.' }),
    province: t.exposeString('province', { nullable: true, description: 'Province or state.' }),
    postalCode: t.exposeString('postalCode', { description: 'Postal code.' }),
    region: t.field({ type: RegionEnum, description: 'Country.', resolve: (address) => address.region }),
  }),
});

const money = (minor: bigint, order: { currency: Order['currency'] }) => ({ minor, currency: order.currency });

/** The viewer is a member of the order's shop (reads of what only the seller may see). */
async function isShopMember(context: GraphQLContext, shopId: string): Promise<boolean> {
  return context.viewer !== null && (await context.shopRole(shopId)) !== null;
}

const orderVisibility = defineVisibility('Order', 'Order', (viewer): Prisma.OrderWhereInput => (viewer ? orderVisibleWhere(viewer.userId) : NOTHING), {
  decide: (order: Order, viewer) => (viewer && order.buyerId === viewer.userId ? true : undefined),
});
const orderPartVisibility = (viewer: Viewer | null) => ({ order: orderVisibility(viewer) });
const orderItemVisibility = defineVisibility('OrderItem', 'OrderItem', orderPartVisibility, { impliedBy: ['Order', 'PackageItem'] });
const packageVisibility = defineVisibility('Package', 'Package', orderPartVisibility, { impliedBy: ['Order'] });

export const OrderRef = builder.prismaNode('Order', {
  description: "One shop's part of a checkout. Visible to its buyer and the members of its shop only; `node` is null for anyone else.",
  id: { field: 'id', description: 'Global id of the order.' },
  nullable: true,
  findUnique: visibleById(orderVisibility),
  fields: (t) => ({
    number: t.exposeString('number', { description: 'Order number shown to buyers and sellers, e.g. 261123-4821937465.' }),
    status: t.expose('status', { type: OrderStatusEnum, description: 'Where the order is.' }),
    channel: t.expose('channel', { type: SalesChannelEnum, description: 'Where the sale came from.' }),
    shop: t.relation('shop', { description: 'The shop selling.' }),
    items: t.relation('items', { description: 'What was bought, at the prices charged.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    packages: t.relation('packages', { description: 'Packages shipped so far, oldest first.', query: { orderBy: [{ shippedAt: 'asc' }, { id: 'asc' }] } }),
    history: t.relation('events', {
      description: 'Every change of the order, oldest first: what, the status after it, who and when.',
      query: { orderBy: { sequence: 'asc' } },
    }),
    subtotal: t.field({ type: MoneyRef, description: 'List price × quantity, summed.', resolve: (order) => money(order.subtotalMinor, order) }),
    discount: t.field({ type: MoneyRef, description: 'What product promotions took off.', resolve: (order) => money(order.discountMinor, order) }),
    voucherDiscount: t.field({ type: MoneyRef, description: 'What the voucher took off.', resolve: (order) => money(order.voucherDiscountMinor, order) }),
    shippingFee: t.field({ type: MoneyRef, description: 'Shipping fee.', resolve: (order) => money(order.shippingMinor, order) }),
    shippingDiscount: t.field({ type: MoneyRef, description: 'What shipping promotions took off the fee.', resolve: (order) => money(order.shippingDiscountMinor, order) }),
    total: t.field({ type: MoneyRef, description: 'What the buyer pays.', resolve: (order) => money(order.totalMinor, order) }),
    shippingAddress: t.field({
      type: ShippingAddressRef,
      description: 'Where it ships.',
      resolve: (order) => order.shippingAddress as unknown as ShippingAddressValue,
    }),
    shippingProvider: t.expose('shippingProvider', { type: ShippingProviderEnum, description: 'Who carries it.' }),
    attributedAccount: t.relation('attributedAccount', { nullable: true, description: 'The creator account the sale is attributed to.' }),
    videoId: t.exposeString('videoId', { nullable: true, description: 'The video the sale came from.' }),
    affiliatePlan: t.relation('affiliatePlan', {
      nullable: true,
      description: 'The affiliate plan that pays commission on it; members of the shop only.',
      authScopes: (order) => ({ shopRole: { shopId: order.shopId, roles: ['OWNER', 'ADMIN', 'OPERATOR'] } }),
      unauthorizedResolver: () => null,
    }),
    placedAt: t.expose('createdAt', { type: 'DateTime', description: 'When checkout placed it.' }),
    payBy: t.expose('payBy', { type: 'DateTime', description: 'Unpaid after this, it is cancelled automatically.' }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true, description: 'When it was paid.' }),
    onHoldUntil: t.expose('onHoldUntil', { type: 'DateTime', nullable: true, description: 'End of the review hold.' }),
    dispatchBy: t.expose('dispatchBy', { type: 'DateTime', nullable: true, description: 'The seller must ship by then.' }),
    lateDispatch: t.exposeBoolean('lateDispatch', { description: 'True when it was not shipped by `dispatchBy`.' }),
    shippedAt: t.expose('shippedAt', { type: 'DateTime', nullable: true, description: 'When the first package left.' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When the last package was delivered.' }),
    autoCompletesAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a DELIVERED order completes by itself.',
      resolve: (order, _args, context) =>
        order.status === 'DELIVERED' && order.deliveredAt
          ? new Date(order.deliveredAt.getTime() + context.services.orders.windows().autoCompleteMs)
          : null,
    }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it completed.' }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true, description: 'When it was cancelled.' }),
    cancelledBy: t.expose('cancelledBy', { type: CancelledByEnum, nullable: true, description: 'Who cancelled it.' }),
    cancelReason: t.exposeString('cancelReason', { nullable: true, description: 'Why.' }),
  }),
});

export const OrderItemRef = builder.prismaNode('OrderItem', {
  description: 'A line of an order, with the prices charged. Visible with its order.',
  id: { field: 'id', description: 'Global id of the order item; pass it when shipping part of an order.' },
  nullable: true,
  findUnique: visibleById(orderItemVisibility),
  fields: (t) => ({
    product: t.relation('product', { description: 'The product.' }),
    sku: t.relation('sku', { description: 'The SKU.' }),
    productTitle: t.exposeString('productTitle', { description: 'The title at purchase.' }),
    attributes: t.field({
      type: [SkuAttributeRef],
      description: 'The variant attributes at purchase.',
      complexity: { field: 1, multiplier: 1 },
      resolve: (item) => readAttributes(item.skuAttributes),
    }),
    quantity: t.exposeInt('quantity', { description: 'Units bought.' }),
    listPrice: t.field({
      type: MoneyRef,
      description: 'Unit list price at purchase.',
      select: { order: { select: { currency: true } } },
      resolve: (item) => money(item.listPriceMinor, item.order),
    }),
    unitPrice: t.field({
      type: MoneyRef,
      description: 'Unit price charged, after product promotions.',
      select: { order: { select: { currency: true } } },
      resolve: (item) => money(item.unitPriceMinor, item.order),
    }),
    commissionBps: t.int({
      nullable: true,
      description: 'Affiliate commission rate in force at purchase, in basis points; members of the shop only.',
      select: { order: { select: { shopId: true } } },
      resolve: async (item, _args, context) => ((await isShopMember(context, item.order.shopId)) ? item.commissionBps : null),
    }),
  }),
});

builder.prismaObject('PackageItem', {
  description: 'Units of an order item in a package.',
  fields: (t) => ({
    orderItem: t.relation('orderItem', { description: 'The order item.' }),
    quantity: t.exposeInt('quantity', { description: 'Units in this package.' }),
  }),
});

builder.prismaNode('Package', {
  description: 'A parcel of an order. Visible with its order.',
  id: { field: 'id', description: 'Global id of the package.' },
  nullable: true,
  findUnique: visibleById(packageVisibility),
  fields: (t) => ({
    provider: t.expose('provider', { type: ShippingProviderEnum, description: 'Who carries it.' }),
    carrier: t.exposeString('carrier', { description: 'Carrier name.' }),
    trackingNumber: t.exposeString('trackingNumber', { description: 'Tracking number (AWB).' }),
    status: t.expose('status', { type: PackageStatusEnum, description: 'Where it is.' }),
    shippedAt: t.expose('shippedAt', { type: 'DateTime', description: 'When it left the seller.' }),
    collectedAt: t.expose('collectedAt', { type: 'DateTime', nullable: true, description: "When the platform's carrier picked it up." }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When it was delivered.' }),
    proofOfDeliveryUrl: t.exposeString('proofOfDeliveryUrl', { nullable: true, description: "Seller shipping: the seller's proof of delivery." }),
    items: t.relation('items', { description: 'What is in it.' }),
  }),
});

export const OrderEventRef = builder.prismaObject('OrderEvent', {
  description: 'One recorded change of an order.',
  fields: (t) => ({
    sequence: t.field({
      type: 'String',
      description:
        'Position in the order event stream (a 64-bit integer as a string, increasing). Pass the last one seen as `after` when resubscribing to get everything since, once.',
      resolve: (event) => event.sequence.toString(),
    }),
    orderId: t.id({ description: 'Global id of the order.', resolve: (event) => encodeGlobalId('Order', event.orderId) }),
    shopId: t.id({ description: 'Global id of the shop.', resolve: (event) => encodeGlobalId('Shop', event.shopId) }),
    type: t.expose('type', { type: OrderEventTypeEnum, description: 'What happened.' }),
    status: t.expose('status', { type: OrderStatusEnum, description: 'The status right after it.' }),
    actor: t.field({
      type: OrderActorEnum,
      description: 'Who did it.',
      resolve: (event) => (event.actorId === null ? 'SYSTEM' : event.actorId === event.buyerId ? 'BUYER' : 'SELLER'),
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When.' }),
  }),
});

// ─── Lists ───

const OrderFilterInput = builder.inputType('OrderFilter', {
  description: 'Conditions the orders of a list must meet; all given ones apply.',
  fields: (t) => ({
    statuses: t.field({ type: [OrderStatusEnum], required: false, description: 'Any of these statuses.' }),
    placedFrom: t.field({ type: 'DateTime', required: false, description: 'Placed at or after this time.' }),
    placedBefore: t.field({ type: 'DateTime', required: false, description: 'Placed before this time.' }),
    channel: t.field({ type: SalesChannelEnum, required: false, description: 'Sold through this channel.' }),
  }),
});

/** Orders newest first; the keyset cursor carries placed-at and id (see src/schema/pagination.ts). */
const NEWEST_ORDERS = order<Order>('NEWEST', [
  ['createdAt', 'date', 'desc'],
  ['id', 'string', 'desc'],
]);

function resolveOrderPage(args: PageArguments, context: GraphQLContext, info: GraphQLResolveInfo, where: Prisma.OrderWhereInput) {
  return prismaKeysetConnection({
    args,
    context,
    info,
    typeName: 'Order',
    order: NEWEST_ORDERS,
    where,
    load: (query) => context.services.prisma.order.findMany(query),
  });
}

builder.queryFields((t) => ({
  myOrders: t.connection(
    {
      type: OrderRef,
      description: "The viewer's own purchases, newest first.",
      ...signedIn,
      args: { filter: t.arg({ type: OrderFilterInput, required: false, description: 'Conditions.' }) },
      resolve: (_root, args, context, info) => resolveOrderPage(args, context, info, context.services.orders.buyerOrdersWhere(context, args.filter)),
    },
    { name: 'OrderConnection', description: 'A page of orders.' },
  ),
  shopOrders: t.connection({
    type: OrderRef,
    nullable: true,
    description: "A shop's orders, newest first; members of the shop only (null for anyone else).",
    ...signedIn,
    args: {
      shopId: t.arg.id({ description: 'The shop.' }),
      filter: t.arg({ type: OrderFilterInput, required: false, description: 'Conditions.' }),
    },
    resolve: async (_root, args, context, info) => {
      const shopId = decodeIdOf('Shop', String(args.shopId), ['shopId']);
      if ((await context.shopRole(shopId)) === null) return null;
      return resolveOrderPage(args, context, info, await context.services.orders.shopOrdersWhere(context, shopId, args.filter));
    },
  }),
}));

// ─── Mutations ───

const OrderLineInput = builder.inputType('OrderLineInput', {
  description: 'A line of a cart.',
  fields: (t) => ({
    skuId: t.id({ description: 'The SKU.' }),
    quantity: t.int({ description: 'Units, 1 to 999.' }),
  }),
});

const ShippingAddressInput = builder.inputType('ShippingAddressInput', {
  description: 'Where the order ships; it must be in the region of the shop.',
  fields: (t) => ({
    recipientName: t.string({ description: 'Who receives it.' }),
    phone: t.string({ description: 'Phone number for the carrier.' }),
    line1: t.string({ description: 'Street and number.' }),
    line2: t.string({ required: false, description: 'More of the address.' }),
    city: t.string({ description: 'City.' }),
    province: t.string({ required: false, description: 'Province or state.' }),
    postalCode: t.string({ description: 'Postal code.' }),
    region: t.field({ type: RegionEnum, description: 'Country.' }),
  }),
});

const OrderAttributionInput = builder.inputType('OrderAttributionInput', {
  description:
    "Where the buyer found the products. A creator account (directly, or the live stream's host) earns affiliate commission through the best-paying plan it joined, or the one named; the plan and rate are recorded per item.",
  fields: (t) => ({
    liveStreamId: t.id({ required: false, description: 'The live stream.' }),
    videoId: t.string({ required: false, description: 'The short video.' }),
    accountId: t.id({ required: false, description: 'The creator account whose showcase, video or stream it was.' }),
    affiliatePlanId: t.id({ required: false, description: 'The affiliate plan to credit; by default the best-paying one the account joined.' }),
  }),
});

const idempotencyKeyField = {
  required: false,
  description:
    'Makes a retry safe: the same key (1–255 characters, kept at least 24 hours) returns the first result instead of doing it again; a duplicate still running is waited for; the same key with other input is refused.',
} as const;

const PlaceOrderInput = builder.inputType('PlaceOrderInput', {
  description: 'A checkout: a cart, where it ships, an optional voucher and attribution.',
  fields: (t) => ({
    items: t.field({ type: [OrderLineInput], description: 'The cart, 1 to 50 lines, one per SKU. Lines of several shops make one order per shop.' }),
    shippingAddress: t.field({ type: ShippingAddressInput, description: 'Where it ships.' }),
    voucherCode: t.string({ required: false, description: 'A voucher code, as typed.' }),
    attribution: t.field({ type: OrderAttributionInput, required: false, description: 'Where the sale came from.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const PlaceOrderPayload = builder.simpleObject('PlaceOrderPayload', {
  description: 'The orders placed, one per shop, UNPAID until `payBy`.',
  fields: (t) => ({
    orders: t.field({ type: [OrderRef], description: 'The orders.' }),
    replayed: t.boolean({ description: 'True when an earlier request with the same idempotency key placed them.' }),
  }),
});

const orderPayload = objectPayloads('order', OrderRef, 'order');

const PayOrderInput = builder.inputType('PayOrderInput', {
  description: 'Payment of an UNPAID order.',
  fields: (t) => ({
    orderId: t.id({ description: 'The order.' }),
    paymentMethod: t.string({ description: 'A payment method token. The test provider accepts "test-card-ok", and declines "test-card-declined" and "test-card-insufficient-funds".' }),
  }),
});

const CancelOrderInput = builder.inputType('CancelOrderInput', {
  description: 'Cancellation of an order that has not shipped.',
  fields: (t) => ({
    orderId: t.id({ description: 'The order.' }),
    reason: t.string({ description: 'Why, 1 to 500 characters.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const PackageLineInput = builder.inputType('PackageLineInput', {
  description: 'Units of an order item in a package.',
  fields: (t) => ({
    orderItemId: t.id({ description: 'The order item.' }),
    quantity: t.int({ description: 'Units.' }),
  }),
});

const ShipOrderPackageInput = builder.inputType('ShipOrderPackageInput', {
  description: 'One package of an order, handed to a carrier.',
  fields: (t) => ({
    orderId: t.id({ description: 'The order.' }),
    carrier: t.string({ description: 'Carrier name, e.g. "J&T Express".' }),
    trackingNumber: t.string({ description: 'Tracking number (AWB): letters, digits and dashes; unique per carrier.' }),
    items: t.field({ type: [PackageLineInput], required: false, description: 'What is in it; everything not yet shipped when left out.' }),
  }),
});

const ConfirmPackageDeliveryInput = builder.inputType('ConfirmPackageDeliveryInput', {
  description: 'Delivery of a package the seller shipped, with a proof.',
  fields: (t) => ({
    packageId: t.id({ description: 'The package.' }),
    proofOfDeliveryUrl: t.string({ description: 'An https:// address of the proof (photo, signature).' }),
  }),
});

const CarrierEventEnum = builder.enumType('CarrierEvent', {
  description: "A scan by the platform's carrier.",
  values: {
    PICKED_UP: { description: 'It took the package from the seller.' },
    DELIVERED: { description: 'It delivered the package.' },
  },
});

const RecordCarrierEventInput = builder.inputType('RecordCarrierEventInput', {
  description: "A scan of a platform-carrier package, as the carrier's webhook would report it.",
  fields: (t) => ({
    packageId: t.id({ description: 'The package.' }),
    event: t.field({ type: CarrierEventEnum, description: 'What happened.' }),
  }),
});

const RecordCarrierEventPayload = builder.simpleObject('RecordCarrierEventPayload', {
  description: "The scan was recorded. Staff are not parties to the order, so it reports the order's status only.",
  fields: (t) => ({ orderStatus: t.field({ type: OrderStatusEnum, description: 'The status of the order after the scan.' }) }),
});

const orderId = (input: { orderId: string | number }) => decodeIdOf('Order', String(input.orderId), ['input', 'orderId']);
const packageId = (input: { packageId: string | number }) => decodeIdOf('Package', String(input.packageId), ['input', 'packageId']);

builder.mutationFields((t) => ({
  placeOrder: t.field({
    type: PlaceOrderPayload,
    description:
      'Checkout: one UNPAID order per shop at the prices in force now, stock reserved atomically. Pay each order with `payOrder` before its `payBy`.',
    ...signedIn,
    args: { input: t.arg({ type: PlaceOrderInput, description: 'The checkout.' }) },
    errors: {
      types: [
        ...COMMON_ERRORS,
        OutOfStockError,
        NotBuyableError,
        PurchaseLimitReachedError,
        VoucherInvalidError,
        FlashDealOverError,
        ShippingUnavailableError,
        IdempotencyKeyReusedError,
        RuleViolationError,
      ],
    },
    resolve: async (_root, { input }, context) => {
      const items = input.items.map((item, index) => ({ ...item, skuId: decodeIdOf('Sku', String(item.skuId), ['input', 'items', String(index), 'skuId']) }));
      const attribution = input.attribution
        ? {
            liveStreamId: optionalId('LiveStream', input.attribution.liveStreamId, ['input', 'attribution', 'liveStreamId']),
            videoId: input.attribution.videoId,
            accountId: optionalId('CreatorAccount', input.attribution.accountId, ['input', 'attribution', 'accountId']),
            affiliatePlanId: optionalId('AffiliatePlan', input.attribution.affiliatePlanId, ['input', 'attribution', 'affiliatePlanId']),
          }
        : null;
      const { idempotencyKey, ...checkout } = input;
      return context.services.checkout.placeOrder(context, { ...checkout, items, attribution }, idempotencyKey);
    },
  }),
  payOrder: t.field({
    type: orderPayload('PayOrderPayload', 'The paid order.'),
    description: 'The buyer pays an UNPAID order through the payment provider.',
    ...signedIn,
    args: { input: t.arg({ type: PayOrderInput, description: 'The order and payment method.' }) },
    errors: { types: [...COMMON_ERRORS, IllegalTransitionError, PaymentDeclinedError, PaymentWindowClosedError] },
    resolve: async (_root, { input }, context) => ({ order: await context.services.orders.pay(context, orderId(input), input) }),
  }),
  cancelOrder: t.field({
    type: orderPayload('CancelOrderPayload', 'The cancelled order.'),
    description: 'Cancels an order before it ships, with a reason: by its buyer or a member of its shop. Stock returns; a payment is refunded.',
    ...signedIn,
    args: { input: t.arg({ type: CancelOrderInput, description: 'The order and reason.' }) },
    errors: { types: [...COMMON_ERRORS, IllegalTransitionError, IdempotencyKeyReusedError] },
    resolve: async (_root, { input }, context) => ({
      order: await context.services.orders.cancel(context, orderId(input), input, input.idempotencyKey),
    }),
  }),
  shipOrderPackage: t.field({
    type: orderPayload('ShipOrderPackagePayload', 'The order with the new package.'),
    description: 'A member of the shop ships a package of a paid order. Several packages make PARTIALLY_SHIPPED until everything has left.',
    ...signedIn,
    args: { input: t.arg({ type: ShipOrderPackageInput, description: 'The package.' }) },
    errors: { types: [...COMMON_ERRORS, IllegalTransitionError, AlreadyExistsError] },
    resolve: async (_root, { input }, context) => {
      const items = input.items?.map((item, index) => ({
        ...item,
        orderItemId: decodeIdOf('OrderItem', String(item.orderItemId), ['input', 'items', String(index), 'orderItemId']),
      }));
      return { order: await context.services.orders.shipPackage(context, orderId(input), { ...input, items }) };
    },
  }),
  confirmPackageDelivery: t.field({
    type: orderPayload('ConfirmPackageDeliveryPayload', 'The order; DELIVERED once every package is.'),
    description: 'A member of the shop confirms delivery of a package they shipped themselves, with a proof.',
    ...signedIn,
    args: { input: t.arg({ type: ConfirmPackageDeliveryInput, description: 'The package and proof.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, IllegalTransitionError] },
    resolve: async (_root, { input }, context) => ({ order: await context.services.orders.confirmDelivery(context, packageId(input), input) }),
  }),
  recordCarrierEvent: t.field({
    type: RecordCarrierEventPayload,
    description: "Platform staff, standing in for the platform carrier's webhook (the built-in test carrier): a package was picked up or delivered.",
    ...signedIn,
    args: { input: t.arg({ type: RecordCarrierEventInput, description: 'The package and scan.' }) },
    errors: { types: [...COMMON_ERRORS, InvalidStateError, IllegalTransitionError] },
    resolve: async (_root, { input }, context) => ({
      orderStatus: (await context.services.orders.recordCarrierEvent(context, packageId(input), input.event)).status,
    }),
  }),
}));
