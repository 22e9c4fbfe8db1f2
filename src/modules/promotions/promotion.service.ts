import { publishAfterCommit } from '../../infra/event-bus.ts';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Prisma, Promotion } from '../../generated/prisma/client.ts';
import type { CurrencyCode, PromotionStatus } from '../../generated/prisma/enums.ts';
import { InvalidStateError, NotFoundError, ValidationError, type ValidationIssue } from '../../infra/errors.ts';
import { parseMinor } from '../../infra/money.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';
import type { PromotionChanged } from './promotion.events.ts';
import { effectiveStatus, endingOf, LIVE_STATUSES, PRODUCT_LEVEL_KINDS } from './promotion.rules.ts';

// ─── Input schemas ───

export const PROMOTION_LIMITS = {
  nameMax: 100,
  items: 100,
  /** The longest window a promotion or voucher may have. */
  maxDays: 366,
  /** How far in the past a start may lie (clock skew of the client); earlier is refused. */
  pastStartToleranceMs: 5 * 60_000,
  flashQuantityMax: 1_000_000,
} as const;

export const promotionName = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(PROMOTION_LIMITS.nameMax, `Must be at most ${PROMOTION_LIMITS.nameMax} characters`)
  .refine((name) => !name.includes('\u0000'), 'Must not contain NUL characters');
/** A rate in basis points: more than 0, less than 100%. */
export const rateBps = z.number().int('Must be a whole number of basis points').min(1, 'Must be at least 1 (0.01%)').max(9_999, 'Must be below 10000 (100%)');
const uuid = z.uuid('Must be an id');
const moneyInput = z.object({ amount: z.string() });
const window = { startsAt: z.date().nullish(), endsAt: z.date() };

const itemInput = z.object({ productId: uuid, skuId: uuid.nullish(), price: moneyInput.nullish() });

const productDiscountInput = z
  .object({
    name: promotionName,
    kind: z.enum(['PERCENT_OFF', 'FIXED_PRICE']),
    percentOffBps: rateBps.nullish(),
    items: z.array(itemInput).min(1, 'Name at least one product').max(PROMOTION_LIMITS.items, `At most ${PROMOTION_LIMITS.items} items`),
    ...window,
  })
  .superRefine((input, issues) => {
    if (input.kind === 'PERCENT_OFF' && (input.percentOffBps ?? null) === null) {
      issues.addIssue({ code: 'custom', path: ['percentOffBps'], message: 'A PERCENT_OFF discount needs percentOffBps' });
    }
    if (input.kind === 'FIXED_PRICE' && (input.percentOffBps ?? null) !== null) {
      issues.addIssue({ code: 'custom', path: ['percentOffBps'], message: 'A FIXED_PRICE discount sets prices per item, not a rate' });
    }
    input.items.forEach((item, index) => {
      if (input.kind === 'FIXED_PRICE' && !item.price) issues.addIssue({ code: 'custom', path: ['items', index, 'price'], message: 'Each item of a FIXED_PRICE discount needs a price' });
      if (input.kind === 'PERCENT_OFF' && item.price) issues.addIssue({ code: 'custom', path: ['items', index, 'price'], message: 'Items of a PERCENT_OFF discount take no price' });
    });
  });

const flashDealInput = z.object({
  name: promotionName,
  productId: uuid,
  skuId: uuid.nullish(),
  price: moneyInput,
  quantityLimit: z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(PROMOTION_LIMITS.flashQuantityMax, `Must be at most ${PROMOTION_LIMITS.flashQuantityMax}`),
  liveStreamId: uuid.nullish(),
  ...window,
});

const shippingDiscountInput = z
  .object({ name: promotionName, percentOffBps: rateBps.or(z.literal(10_000)).nullish(), amountOff: moneyInput.nullish(), minSpend: moneyInput.nullish(), ...window })
  .refine((input) => ((input.percentOffBps ?? null) === null) !== ((input.amountOff ?? null) === null), {
    path: ['percentOffBps'],
    message: 'Give exactly one of percentOffBps and amountOff',
  });

const updateInput = z.object({
  name: promotionName.nullish(),
  startsAt: z.date().nullish(),
  endsAt: z.date().nullish(),
  quantityLimit: flashDealInput.shape.quantityLimit.nullish(),
});

/** A promotion with the products it covers, as events need it. */
type PromotionWithItems = Promotion & { items: Array<{ productId: string }> };

/** The start of a window: now when absent (or a moment ago, for clock skew); never in the past. */
function resolveStart(startsAt: Date | null | undefined, now: Date): Date {
  if (!startsAt || startsAt.getTime() === now.getTime()) return now;
  if (startsAt > now) return startsAt;
  if (now.getTime() - startsAt.getTime() <= PROMOTION_LIMITS.pastStartToleranceMs) return now;
  throw ValidationError.single(['input', 'startsAt'], 'Must not be in the past');
}

/** The end of a window: after its start and after now, and at most the longest window away. */
function checkEnd(start: Date, endsAt: Date, now: Date): void {
  if (endsAt <= start || endsAt <= now) throw ValidationError.single(['input', 'endsAt'], 'Must be after the start and in the future');
  if (endsAt.getTime() - start.getTime() > PROMOTION_LIMITS.maxDays * 86_400_000) {
    throw ValidationError.single(['input', 'endsAt'], `A window lasts at most ${PROMOTION_LIMITS.maxDays} days`);
  }
}

/** Checks a new window against `now` and returns its start. */
export function checkWindow(startsAt: Date | null | undefined, endsAt: Date, now: Date): Date {
  const start = resolveStart(startsAt, now);
  checkEnd(start, endsAt, now);
  return start;
}

/** Checks an edited window: a new start only before the start, a new end after the (new) start. */
export function checkEditedWindow(
  current: { startsAt: Date; endsAt: Date },
  edit: { startsAt?: Date | null; endsAt?: Date | null },
  now: Date,
): { startsAt: Date; endsAt: Date } {
  const startsAt = edit.startsAt ? resolveStart(edit.startsAt, now) : current.startsAt;
  const endsAt = edit.endsAt ?? current.endsAt;
  if (edit.startsAt || edit.endsAt) checkEnd(startsAt > now ? startsAt : now, endsAt, now);
  return { startsAt, endsAt };
}

/**
 * A shop's promotions: percentage-off and fixed-price product discounts, flash deals and shipping-fee
 * discounts. Any member of the shop (OWNER, ADMIN, OPERATOR) manages them; for anyone else a shop or
 * promotion that is not theirs is not found. Prices follow from the one overlap rule
 * (promotion.rules.ts) through the promotion engine; this service keeps the rows valid and publishes
 * `promotion.*` events after each change commits. `expireEndedPromotions` is the job that moves stored
 * statuses with the clock.
 */
export class PromotionService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
  ) {}

  /** Creates a PERCENT_OFF or FIXED_PRICE discount on products or single SKUs. A fixed price must be below the list price. */
  async createProductDiscount(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Promotion> {
    const shop = await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    const input = parseInput(productDiscountInput, rawInput);
    const now = this.deps.clock.now();
    const startsAt = checkWindow(input.startsAt, input.endsAt, now);
    const items = await this.checkItems(shopId, shop.currency, input.items, 'items');
    return this.create(ctx, {
      shopId,
      kind: input.kind,
      name: input.name,
      percentOffBps: input.percentOffBps ?? null,
      startsAt,
      endsAt: input.endsAt,
      status: startsAt <= now ? 'ACTIVE' : 'SCHEDULED',
      items: { create: items },
    });
  }

  /** Creates a flash deal: a price for a limited quantity in a window, optionally only inside one live stream. */
  async createFlashDeal(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Promotion> {
    const shop = await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    const input = parseInput(flashDealInput, rawInput);
    const now = this.deps.clock.now();
    const startsAt = checkWindow(input.startsAt, input.endsAt, now);
    const [item] = await this.checkItems(shopId, shop.currency, [input], null);
    if (input.liveStreamId) {
      const stream = await this.deps.prisma.liveStream.findUnique({ where: { id: input.liveStreamId }, select: { status: true } });
      if (!stream) throw new NotFoundError('LiveStream', ['input', 'liveStreamId']);
      if (stream.status === 'ENDED') throw new InvalidStateError('The live stream has ended', stream.status);
    }
    return this.create(ctx, {
      shopId,
      kind: 'FLASH_DEAL',
      name: input.name,
      quantityLimit: input.quantityLimit,
      liveStreamId: input.liveStreamId ?? null,
      startsAt,
      endsAt: input.endsAt,
      status: startsAt <= now ? 'ACTIVE' : 'SCHEDULED',
      items: { create: item ? [item] : [] },
    });
  }

  /** Creates a shipping-fee discount: a percentage or an amount off the shop's shipping fee, from a minimum spend. */
  async createShippingDiscount(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<Promotion> {
    const shop = await this.shops.requireRole(ctx, shopId, ALL_ROLES);
    const input = parseInput(shippingDiscountInput, rawInput);
    const now = this.deps.clock.now();
    const startsAt = checkWindow(input.startsAt, input.endsAt, now);
    const amountOffMinor = input.amountOff ? parseMinor(input.amountOff.amount, shop.currency, ['input', 'amountOff', 'amount']) : null;
    if (amountOffMinor === 0n) throw ValidationError.single(['input', 'amountOff', 'amount'], 'Must be more than 0');
    return this.create(ctx, {
      shopId,
      kind: 'SHIPPING_DISCOUNT',
      name: input.name,
      percentOffBps: input.percentOffBps ?? null,
      amountOffMinor,
      minSpendMinor: input.minSpend ? parseMinor(input.minSpend.amount, shop.currency, ['input', 'minSpend', 'amount']) : null,
      startsAt,
      endsAt: input.endsAt,
      status: startsAt <= now ? 'ACTIVE' : 'SCHEDULED',
    });
  }

  /**
   * Edits a promotion that has not ended: its name and end at any time, its start only before it
   * starts, a flash deal's quantity never below what is sold (a conditional update). Prices and rates
   * are not edited: end the promotion and create another, so an order always names the terms it got.
   */
  async updatePromotion(ctx: ServiceContext, promotionId: string, rawInput: unknown): Promise<Promotion> {
    const promotion = await this.requireManaged(ctx, promotionId);
    const input = parseInput(updateInput, rawInput);
    const now = this.deps.clock.now();
    const status = effectiveStatus(promotion, now);
    if (status === 'ENDED' || status === 'CANCELLED') throw new InvalidStateError(`The promotion is ${status}`, status);
    if (input.startsAt && status !== 'SCHEDULED') throw new InvalidStateError('A promotion that has started keeps its start', status);
    const quantityLimit = input.quantityLimit ?? null;
    if (quantityLimit !== null && promotion.kind !== 'FLASH_DEAL') {
      throw ValidationError.single(['input', 'quantityLimit'], 'Only flash deals have a quantity');
    }
    const { startsAt, endsAt } = checkEditedWindow(promotion, input, now);
    const updated = await this.deps.prisma.promotion.updateMany({
      where: {
        id: promotionId,
        status: { in: [...LIVE_STATUSES] },
        ...(quantityLimit !== null ? { quantitySold: { lte: quantityLimit } } : {}),
      },
      data: {
        ...(input.name ? { name: input.name } : {}),
        startsAt,
        endsAt,
        ...(quantityLimit !== null ? { quantityLimit } : {}),
      },
    });
    const after = await this.deps.prisma.promotion.findUniqueOrThrow({ where: { id: promotionId }, include: { items: { select: { productId: true } } } });
    if (updated.count === 0) {
      if (quantityLimit !== null && after.quantitySold > quantityLimit) {
        throw ValidationError.single(['input', 'quantityLimit'], `${after.quantitySold} are sold already: the quantity cannot be lower`);
      }
      throw new InvalidStateError(`The promotion is ${after.status}`, after.status);
    }
    await this.publish(after, 'promotion.priceChanged');
    return after;
  }

  /** Ends a running promotion now (ENDED) or cancels one that has not started (CANCELLED). */
  async endPromotion(ctx: ServiceContext, promotionId: string): Promise<Promotion> {
    const promotion = await this.requireManaged(ctx, promotionId);
    const data = endingOf(promotion, this.deps.clock.now(), 'promotion');
    // Conditional: of two concurrent ends, one wins and the other sees the new status.
    const updated = await this.deps.prisma.promotion.updateMany({ where: { id: promotionId, status: { in: [...LIVE_STATUSES] } }, data });
    const after = await this.deps.prisma.promotion.findUniqueOrThrow({ where: { id: promotionId }, include: { items: { select: { productId: true } } } });
    if (updated.count === 0) throw new InvalidStateError(`The promotion is ${after.status} already`, after.status);
    if (data.status === 'ENDED') await this.publishEnded([after]);
    return after;
  }

  /**
   * The promotion job: moves stored statuses with the clock and publishes what changed. SCHEDULED
   * promotions whose window has opened become ACTIVE (`promotion.flashDealStarted`,
   * `promotion.priceChanged`); SCHEDULED or ACTIVE ones whose end has passed become ENDED
   * (`promotion.flashDealEnded`, `promotion.priceChanged`); vouchers move the same way, without events.
   * Each move is one conditional UPDATE, so running it twice, or on several instances at once, moves
   * and announces each promotion once. Prices never wait for it: they follow the window.
   */
  async expireEndedPromotions(ctx: ServiceContext, now: Date = this.deps.clock.now()): Promise<{ started: string[]; ended: string[] }> {
    const prisma = this.deps.prisma;
    const started = await prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE "Promotion" SET "status" = 'ACTIVE', "updatedAt" = now()
      WHERE "status" = 'SCHEDULED' AND "startsAt" <= ${now} AND "endsAt" > ${now} RETURNING "id"`;
    const ended = await prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE "Promotion" SET "status" = 'ENDED', "updatedAt" = now()
      WHERE "status" IN ('SCHEDULED', 'ACTIVE') AND "endsAt" <= ${now} RETURNING "id"`;
    await prisma.$executeRaw`UPDATE "Voucher" SET "status" = 'ACTIVE', "updatedAt" = now() WHERE "status" = 'SCHEDULED' AND "startsAt" <= ${now} AND "endsAt" > ${now}`;
    await prisma.$executeRaw`UPDATE "Voucher" SET "status" = 'ENDED', "updatedAt" = now() WHERE "status" IN ('SCHEDULED', 'ACTIVE') AND "endsAt" <= ${now}`;
    const ids = [...started, ...ended].map((row) => row.id);
    if (ids.length > 0) {
      const rows = await prisma.promotion.findMany({ where: { id: { in: ids } }, include: { items: { select: { productId: true } } } });
      const startedIds = new Set(started.map((row) => row.id));
      for (const row of rows.filter((promotion) => startedIds.has(promotion.id))) {
        if (row.kind === 'FLASH_DEAL') await this.publish(row, 'promotion.flashDealStarted');
        await this.publish(row, 'promotion.priceChanged');
      }
      await this.publishEnded(rows.filter((promotion) => !startedIds.has(promotion.id)));
      ctx.log.info({ started: started.length, ended: ended.length }, 'promotion statuses moved');
    }
    return { started: started.map((row) => row.id), ended: ended.map((row) => row.id) };
  }

  // ─── Reads ───

  /** The status a client sees now (see `effectiveStatus`). */
  statusOf(promotion: { status: PromotionStatus; startsAt: Date; endsAt: Date }): PromotionStatus {
    return effectiveStatus(promotion, this.deps.clock.now());
  }

  // ─── Helpers ───

  private async create(ctx: ServiceContext, data: Prisma.PromotionUncheckedCreateInput): Promise<Promotion> {
    const promotion = await this.deps.prisma.promotion.create({ data, include: { items: { select: { productId: true } } } });
    ctx.log.info({ promotionId: promotion.id, kind: promotion.kind }, 'promotion created');
    if (promotion.status === 'ACTIVE') {
      if (promotion.kind === 'FLASH_DEAL') await this.publish(promotion, 'promotion.flashDealStarted');
      await this.publish(promotion, 'promotion.priceChanged');
    }
    return promotion;
  }

  /** The promotion, if the viewer is a member of its shop; not found otherwise. */
  private async requireManaged(ctx: ServiceContext, promotionId: string): Promise<Promotion> {
    const promotion = await this.deps.prisma.promotion.findUnique({ where: { id: promotionId } });
    if (!promotion) throw new NotFoundError('Promotion', ['input', 'promotionId']);
    await this.shops.requireRoleFor(ctx, promotion.shopId, ALL_ROLES, 'Promotion', ['input', 'promotionId']);
    return promotion;
  }

  /**
   * Checks the products and SKUs of items (the shop's own, not deleted, each product once) and that a
   * price is below the list price of every SKU it covers; returns the rows to create.
   */
  private async checkItems(
    shopId: string,
    currency: CurrencyCode,
    items: ReadonlyArray<{ productId: string; skuId?: string | null; price?: { amount: string } | null }>,
    listField: string | null,
  ): Promise<Array<{ productId: string; skuId: string | null; priceMinor: bigint | null }>> {
    const field = (index: number, name: string) => (listField ? ['input', listField, String(index), name] : ['input', name]);
    const products = await this.deps.prisma.product.findMany({
      where: { id: { in: items.map((item) => item.productId) }, shopId, status: { not: 'DELETED' } },
      select: { id: true, skus: { select: { id: true, priceMinor: true } } },
    });
    const byId = new Map(products.map((product) => [product.id, product]));
    const issues: ValidationIssue[] = [];
    const seen = new Set<string>();
    const rows = items.map((item, index) => {
      const product = byId.get(item.productId);
      if (!product) throw new NotFoundError('Product', field(index, 'productId'));
      const skus = item.skuId ? product.skus.filter((sku) => sku.id === item.skuId) : product.skus;
      if (item.skuId && skus.length === 0) throw new NotFoundError('Sku', field(index, 'skuId'));
      if (seen.has(product.id)) issues.push({ field: field(index, 'productId'), message: 'Each product may appear once' });
      seen.add(product.id);
      const priceMinor = item.price ? parseMinor(item.price.amount, currency, [...field(index, 'price'), 'amount']) : null;
      if (priceMinor !== null) {
        const lowest = skus.reduce((min, sku) => (sku.priceMinor < min ? sku.priceMinor : min), skus[0]?.priceMinor ?? 0n);
        if (priceMinor >= lowest) issues.push({ field: [...field(index, 'price'), 'amount'], message: 'Must be below the list price of every SKU it covers' });
      }
      return { productId: product.id, skuId: item.skuId ?? null, priceMinor };
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return rows;
  }

  private async publishEnded(promotions: readonly PromotionWithItems[]): Promise<void> {
    for (const promotion of promotions) {
      if (promotion.kind === 'FLASH_DEAL') await this.publish(promotion, 'promotion.flashDealEnded');
      await this.publish(promotion, 'promotion.priceChanged');
    }
  }

  /** Publishes after commit, once per product. The write stands if the bus is down: a failed publish is logged. */
  private async publish(
    promotion: PromotionWithItems,
    topic: 'promotion.flashDealStarted' | 'promotion.flashDealEnded' | 'promotion.priceChanged',
  ): Promise<void> {
    if (!(PRODUCT_LEVEL_KINDS as readonly string[]).includes(promotion.kind)) return;
    const occurredAt = this.deps.clock.now().toISOString();
    for (const productId of new Set(promotion.items.map((item) => item.productId))) {
      const event: PromotionChanged = {
        promotionId: promotion.id,
        shopId: promotion.shopId,
        productId,
        kind: promotion.kind,
        liveStreamId: promotion.liveStreamId,
        startsAt: promotion.startsAt.toISOString(),
        endsAt: promotion.endsAt.toISOString(),
        occurredAt,
      };
      try {
        await this.deps.events.pubSub.publish(topic, productId, event);
      } catch (error) {
        this.deps.log.warn({ err: error, promotionId: promotion.id }, `could not publish ${topic}`);
      }
      // The catalogue-wide, unrouted topic of visible product changes, which the response cache follows.
      if (topic === 'promotion.priceChanged') {
        await publishAfterCommit(this.deps.events, this.deps.log, 'catalog.productChanged', { shopId: promotion.shopId, productId, change: 'PRICE', skuId: null, occurredAt });
      }
    }
  }
}
