import { z } from 'zod';
import { requireViewer, type ServiceContext } from '../../context.ts';
import type { LivePin, LiveStream, Prisma } from '../../generated/prisma/client.ts';
import type { LiveStreamStatus } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { ErrorCode, NotFoundError, PermissionDeniedError, RuleViolationError, ValidationError } from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import type { CreatorAccountService } from '../accounts/account.service.ts';
import { joinedRunningPlanWhere, productsCoveredWhere } from '../affiliates/affiliate.rules.ts';
import { LISTED_PRODUCT_WHERE, visibleProductWhere } from '../catalog/catalog.rules.ts';
import { ALL_ROLES } from '../shops/shop.service.ts';
import { cardToWire, PRODUCT_CARD_QUERY, type ProductCard } from './live.card.ts';
import type { LiveStreamChange } from './live.events.ts';
import { anonymiseBuyerName, assertStatus, EDITABLE_STATUSES, LIVE_LIMITS, LIVE_TRANSITIONS, type LiveTransition } from './live.rules.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(max, `At most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Must not contain control characters');

const productIds = z
  .array(z.uuid('Must be an id'))
  .min(1, 'Give at least one product')
  .max(LIVE_LIMITS.products, `At most ${LIVE_LIMITS.products} products`)
  .refine((ids) => new Set(ids).size === ids.length, 'A product is listed twice');

const scheduleInput = z.object({
  shopId: z.uuid(),
  title: text(LIVE_LIMITS.titleMax),
  scheduledAt: z.date(),
  productIds,
});

/** What a viewer joining a stream needs to draw it: the `LiveStateEvent` before any other event. */
export interface LiveStreamState {
  streamId: string;
  shopId: string;
  status: LiveStreamStatus;
  pin: { pinId: string; productId: string; pinnedAt: string } | null;
  /** Units left of each listed product (the sum over its SKUs). */
  stock: Map<string, number>;
}

/** One product of a purchase attributed to a stream, as the purchase feed shows it. */
export interface LivePurchase {
  productId: string;
  quantity: number;
  buyerName: string;
}

/**
 * Live streams (SPEC §11): a creator account schedules a stream for a shop it may sell for, lists the
 * products it will show, goes live and ends; the host or a shop member pins one product at a time.
 * Every change is published on the `live.stream` topic after commit; the live channels turn those
 * into what viewers receive.
 */
export class LiveService {
  constructor(
    private readonly deps: Dependencies,
    private readonly accounts: CreatorAccountService,
  ) {}

  /**
   * The holder of `accountId` schedules a stream for a shop the account may sell for: an active official or
   * marketing link to the shop (any of its listed products), or running affiliate plans of the shop it
   * joined (the products those plans cover). Refused with NOT_ELIGIBLE otherwise.
   */
  async schedule(ctx: ServiceContext, accountId: string, rawInput: unknown): Promise<LiveStream> {
    const input = parseInput(scheduleInput, rawInput);
    await this.accounts.requireHolder(ctx, accountId);
    await this.assertSellable(accountId, input.shopId, input.productIds);
    return this.deps.prisma.liveStream.create({
      data: {
        accountId,
        shopId: input.shopId,
        title: input.title,
        scheduledAt: input.scheduledAt,
        products: { create: input.productIds.map((productId, position) => ({ productId, position })) },
      },
    });
  }

  /** Replaces the products of a stream that has not ended (host only). The pinned product must stay. */
  async setProducts(ctx: ServiceContext, streamId: string, rawInput: unknown): Promise<LiveStream> {
    const input = parseInput(z.object({ productIds }), rawInput);
    const stream = await this.requireHost(ctx, streamId);
    if (!stream.shopId) throw new NotFoundError('LiveStream', ['input', 'liveStreamId']);
    await this.assertSellable(stream.accountId, stream.shopId, input.productIds);
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'LiveStream', streamId);
      const current = await tx.liveStream.findUniqueOrThrow({ where: { id: streamId } });
      assertStatus(current.status, EDITABLE_STATUSES, 'change the products');
      const pinned = await tx.livePin.findFirst({ where: { streamId, unpinnedAt: null } });
      if (pinned && !input.productIds.includes(pinned.productId)) {
        throw ValidationError.single(['input', 'productIds'], 'The pinned product must stay listed: unpin it first');
      }
      await tx.liveStreamProduct.deleteMany({ where: { streamId } });
      await tx.liveStreamProduct.createMany({ data: input.productIds.map((productId, position) => ({ streamId, productId, position })) });
      return current;
    });
    this.publish(streamId, { kind: 'PRODUCTS', productIds: input.productIds });
    return updated;
  }

  /** SCHEDULED → LIVE (the host). */
  start(ctx: ServiceContext, streamId: string): Promise<LiveStream> {
    return this.transition(ctx, streamId, 'start');
  }

  /** LIVE → ENDED (the host, or a shop OWNER/ADMIN/OPERATOR). The open pin closes; subscriptions complete. */
  end(ctx: ServiceContext, streamId: string): Promise<LiveStream> {
    return this.transition(ctx, streamId, 'end');
  }

  /**
   * Pins a listed product of a LIVE stream (the host or a shop OWNER/ADMIN/OPERATOR). One pin at a time:
   * the open pin closes in the same transaction, under a lock of the stream row, so concurrent pins leave
   * exactly one open. Pinning the pinned product again changes nothing.
   */
  async pin(ctx: ServiceContext, streamId: string, productId: string): Promise<LivePin> {
    await this.requirePinner(ctx, streamId);
    const { pin, closed, created } = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'LiveStream', streamId);
      const stream = await tx.liveStream.findUniqueOrThrow({ where: { id: streamId } });
      assertStatus(stream.status, ['LIVE'], 'pin a product');
      const listed = await tx.liveStreamProduct.findUnique({ where: { streamId_productId: { streamId, productId } } });
      if (!listed) {
        throw new RuleViolationError(ErrorCode.PRODUCT_NOT_IN_STREAM, "The product is not among the live stream's products", ['input', 'productId']);
      }
      const open = await tx.livePin.findFirst({ where: { streamId, unpinnedAt: null } });
      if (open?.productId === productId) return { pin: open, closed: null, created: false };
      const now = this.deps.clock.now();
      if (open) await tx.livePin.update({ where: { id: open.id }, data: { unpinnedAt: now } });
      return { pin: await tx.livePin.create({ data: { streamId, productId, pinnedAt: now } }), closed: open, created: true };
    });
    // The card is loaded before anything is published, so that the unpin and the pin still go out
    // together, and every viewer on every instance is sent it without reading the database.
    const card = created ? await this.pinnedCard(ctx, streamId, productId) : null;
    if (closed) this.publish(streamId, { kind: 'UNPINNED', pinId: closed.id, productId: closed.productId });
    if (created) {
      this.publish(streamId, { kind: 'PINNED', pinId: pin.id, productId: pin.productId, pinnedAt: pin.pinnedAt.toISOString(), card: card && cardToWire(card) });
    }
    return pin;
  }

  /** Closes the open pin, if any (the host or a shop OWNER/ADMIN/OPERATOR). Returns the closed pin. */
  async unpin(ctx: ServiceContext, streamId: string): Promise<LivePin | null> {
    await this.requirePinner(ctx, streamId);
    const closed = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'LiveStream', streamId);
      const stream = await tx.liveStream.findUniqueOrThrow({ where: { id: streamId } });
      assertStatus(stream.status, ['LIVE'], 'unpin');
      const open = await tx.livePin.findFirst({ where: { streamId, unpinnedAt: null } });
      if (!open) return null;
      return tx.livePin.update({ where: { id: open.id }, data: { unpinnedAt: this.deps.clock.now() } });
    });
    if (closed) this.publish(streamId, { kind: 'UNPINNED', pinId: closed.id, productId: closed.productId });
    return closed;
  }

  // ─── Reads ───

  /** A stream by id (streams are public); null when it does not exist. */
  find(streamId: string): Promise<LiveStream | null> {
    return this.deps.prisma.liveStream.findUnique({ where: { id: streamId } });
  }

  /** The state a viewer joining now must see first: status, open pin and the stock of every listed product. */
  async state(streamId: string): Promise<LiveStreamState | null> {
    const stream = await this.deps.prisma.liveStream.findUnique({
      where: { id: streamId },
      select: {
        id: true,
        shopId: true,
        status: true,
        pins: { where: { unpinnedAt: null }, select: { id: true, productId: true, pinnedAt: true }, take: 1 },
        products: { select: { productId: true, product: { select: { skus: { select: { stock: true } } } } } },
      },
    });
    if (!stream?.shopId) return null;
    const open = stream.pins[0];
    return {
      streamId: stream.id,
      shopId: stream.shopId,
      status: stream.status,
      pin: open ? { pinId: open.id, productId: open.productId, pinnedAt: open.pinnedAt.toISOString() } : null,
      stock: new Map(stream.products.map((item) => [item.productId, item.product.skus.reduce((sum, sku) => sum + sku.stock, 0)])),
    };
  }

  /**
   * What the purchase feed of a stream shows of a paid order: units per product and the buyer's
   * anonymised name; empty when the order is not attributed to this stream.
   */
  async purchases(orderId: string, streamId: string): Promise<LivePurchase[]> {
    const order = await this.deps.prisma.order.findFirst({
      where: { id: orderId, liveStreamId: streamId },
      select: { buyer: { select: { displayName: true } }, items: { select: { productId: true, quantity: true } } },
    });
    if (!order) return [];
    const units = new Map<string, number>();
    for (const item of order.items) units.set(item.productId, (units.get(item.productId) ?? 0) + item.quantity);
    const buyerName = anonymiseBuyerName(order.buyer.displayName);
    return [...units].map(([productId, quantity]) => ({ productId, quantity, buyerName }));
  }

  /**
   * The card of a product being pinned: the product as the public sees it (null when the public may not
   * see it) with its SKUs' offers now through the pricing strategy, outside any stream and inside this
   * one: three statements, once per pin. A failure leaves the card out (viewers then read the product
   * themselves): the pin has committed and must still be announced.
   */
  async pinnedCard(ctx: ServiceContext, streamId: string, productId: string): Promise<ProductCard | null> {
    try {
      const product = await this.deps.prisma.product.findFirst({ where: { id: productId, AND: [visibleProductWhere(null)] }, ...PRODUCT_CARD_QUERY });
      if (!product) return null;
      const now = this.deps.clock.now();
      const [anywhere, inStream] = await Promise.all([
        this.deps.pricing.offers(product.skus, now, { liveStreamId: null }),
        this.deps.pricing.offers(product.skus, now, { liveStreamId: streamId }),
      ]);
      return { product, offers: { anywhere, inStream } };
    } catch (error) {
      ctx.log.warn({ err: error, streamId, productId }, 'pinned product card failed');
      return null;
    }
  }

  /** Units left of a product, the sum over its SKUs. */
  async productStock(productId: string): Promise<number> {
    const total = await this.deps.prisma.sku.aggregate({ where: { productId }, _sum: { stock: true } });
    return total._sum.stock ?? 0;
  }

  /** Prisma filter of the streams a list shows: LIVE ones, or upcoming (SCHEDULED) ones. */
  listWhere(owner: { shopId: string } | { accountId: string }, status: 'LIVE' | 'SCHEDULED'): Prisma.LiveStreamWhereInput {
    return { ...owner, status };
  }

  // ─── Helpers ───

  /** Publishes a change of a stream after its transaction committed. */
  publish(streamId: string, change: LiveStreamChange): void {
    this.deps.events.pubSub.publish('live.stream', streamId, { ...change, streamId, publishedAt: Date.now() });
  }

  private async transition(ctx: ServiceContext, streamId: string, name: LiveTransition): Promise<LiveStream> {
    if (name === 'start') await this.requireHost(ctx, streamId);
    else await this.requirePinner(ctx, streamId);
    const { from, to } = LIVE_TRANSITIONS[name];
    const now = this.deps.clock.now();
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      // Conditional on the status: of two concurrent starts (or ends) exactly one wins.
      const changed = await tx.liveStream.updateMany({
        where: { id: streamId, status: from },
        data: { status: to, ...(to === 'LIVE' ? { startedAt: now } : { endedAt: now }) },
      });
      const stream = await tx.liveStream.findUniqueOrThrow({ where: { id: streamId } });
      if (changed.count === 0) assertStatus(stream.status, [from], `${name} the live stream`);
      if (to === 'ENDED') await tx.livePin.updateMany({ where: { streamId, unpinnedAt: null }, data: { unpinnedAt: now } });
      return stream;
    });
    this.publish(streamId, { kind: 'STATUS', status: to });
    return updated;
  }

  /** The stream, when the viewer holds its account; PERMISSION_DENIED for anyone else. */
  private async requireHost(ctx: ServiceContext, streamId: string): Promise<LiveStream> {
    const userId = requireViewer(ctx);
    const stream = await this.deps.prisma.liveStream.findUnique({ where: { id: streamId }, include: { account: { select: { userId: true } } } });
    if (!stream) throw new NotFoundError('LiveStream', ['input', 'liveStreamId']);
    if (stream.account.userId !== userId) throw new PermissionDeniedError('Only the host of the live stream can do this');
    return stream;
  }

  /** The stream, when the viewer is its host or an OWNER/ADMIN/OPERATOR of its shop. */
  private async requirePinner(ctx: ServiceContext, streamId: string): Promise<LiveStream> {
    const userId = requireViewer(ctx);
    const stream = await this.deps.prisma.liveStream.findUnique({
      where: { id: streamId },
      include: { account: { select: { userId: true } }, shop: { select: { members: { where: { userId }, select: { role: true } } } } },
    });
    if (!stream) throw new NotFoundError('LiveStream', ['input', 'liveStreamId']);
    const role = stream.shop?.members[0]?.role;
    if (stream.account.userId !== userId && !(role && ALL_ROLES.includes(role))) {
      throw new PermissionDeniedError('Only the host of the live stream or a member of its shop can do this');
    }
    return stream;
  }

  /** Throws NOT_ELIGIBLE unless the account may sell every one of the products for the shop. */
  private async assertSellable(accountId: string, shopId: string, productIdList: readonly string[]): Promise<void> {
    const now = this.deps.clock.now();
    const linked = await this.deps.prisma.accountLink.findFirst({
      where: { accountId, shopId, status: 'ACTIVE', role: { in: ['OFFICIAL', 'MARKETING'] } },
      select: { id: true },
    });
    const plans = { shopId, ...joinedRunningPlanWhere(accountId, now) };
    if (!linked && (await this.deps.prisma.affiliatePlan.count({ where: plans })) === 0) {
      throw new RuleViolationError(ErrorCode.NOT_ELIGIBLE, 'The account is not linked to this shop and joined none of its running affiliate plans', ['input', 'shopId']);
    }
    const sellable = await this.deps.prisma.product.findMany({
      where: { id: { in: [...productIdList] }, shopId, AND: [LISTED_PRODUCT_WHERE, linked ? {} : productsCoveredWhere(plans)] },
      select: { id: true },
    });
    const allowed = new Set(sellable.map((product) => product.id));
    const refused = productIdList.findIndex((id) => !allowed.has(id));
    if (refused >= 0) {
      throw new RuleViolationError(
        ErrorCode.NOT_ELIGIBLE,
        'The account may not sell this product in a live stream: it is not a listed product of the shop covered by its link or joined plans',
        ['input', 'productIds', String(refused)],
      );
    }
  }
}
