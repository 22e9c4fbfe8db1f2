import { publishShowcaseChanged } from '../accounts/account.events.ts';
import { publishAfterCommit } from '../../infra/event-bus.ts';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { AffiliatePlan, AffiliatePlanParticipant, Prisma, Product } from '../../generated/prisma/client.ts';
import type { AffiliatePlanStatus, CurrencyCode, Region } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { AlreadyExistsError, ErrorCode, InvalidStateError, NotFoundError, RuleViolationError, ValidationError } from '../../infra/errors.ts';
import { percentOfMinor } from '../../infra/money.ts';
import { parseInput } from '../../infra/validation.ts';
import { minMax } from '../catalog/pricing.ts';
import type { Dependencies } from '../../services.ts';
import type { CreatorAccountService } from '../accounts/account.service.ts';
import { assertMayJoinPlanOf } from '../accounts/link.rules.ts';
import type { LinkService } from '../accounts/link.service.ts';
import { SHOP_SELL_STATE_SELECT, shopCanSell } from '../catalog/catalog.rules.ts';
import { type CatalogService, type ProductListFilter, productFilterWhere, type ProductPageQuery, type ProductSort } from '../catalog/catalog.service.ts';
import { MANAGER_ROLES, type ShopService } from '../shops/shop.service.ts';
import { SHOP_CAN_SELL_WHERE } from '../shops/shop.rules.ts';
import {
  bestPlanFor,
  COMMISSION_BPS,
  isPlanRunning,
  joinedRunningPlanWhere,
  MAX_PLAN_PRODUCTS,
  type PlanCommission,
  productsCoveredWhere,
  runningPlanWhere,
} from './affiliate.rules.ts';

const commission = z
  .number()
  .int('Must be a whole number of basis points')
  .min(COMMISSION_BPS.min, `Must be at least ${COMMISSION_BPS.min} (0.01%)`)
  .max(COMMISSION_BPS.max, `Must be at most ${COMMISSION_BPS.max} (80%)`);

const planProducts = z
  .array(z.object({ productId: z.uuid('Must be an id'), commissionBps: commission.nullish() }))
  .max(MAX_PLAN_PRODUCTS, `At most ${MAX_PLAN_PRODUCTS} products`)
  .superRefine((products, issues) => {
    const seen = new Set<string>();
    products.forEach((product, index) => {
      if (seen.has(product.productId)) issues.addIssue({ code: 'custom', path: [index, 'productId'], message: 'Listed twice' });
      seen.add(product.productId);
    });
  });

const name = z.string().trim().min(1, 'Must not be empty').max(100, 'Must be at most 100 characters');
const sampleQuota = z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(100_000, 'Must be at most 100000');

const createInput = z
  .object({
    name,
    kind: z.enum(['OPEN', 'TARGETED']),
    scope: z.enum(['ALL_PRODUCTS', 'LISTED_PRODUCTS']),
    commissionBps: commission,
    products: planProducts.default([]),
    freeSample: z.boolean().default(false),
    sampleQuota: sampleQuota.nullish(),
    startsAt: z.date().nullish(),
    endsAt: z.date().nullish(),
  })
  .superRefine((input, issues) => {
    if (input.scope === 'LISTED_PRODUCTS' && input.products.length === 0) {
      issues.addIssue({ code: 'custom', path: ['products'], message: 'A LISTED_PRODUCTS plan needs at least one product' });
    }
    if (input.sampleQuota && !input.freeSample) {
      issues.addIssue({ code: 'custom', path: ['sampleQuota'], message: 'A sample quota needs freeSample: true' });
    }
  });

/** Absent or null keeps a field; `endsAt: null` makes the plan open-ended. */
const updateInput = z.object({
  name: name.nullish(),
  commissionBps: commission.nullish(),
  freeSample: z.boolean().nullish(),
  sampleQuota: sampleQuota.nullish(),
  endsAt: z.date().nullish(),
});

const productsInput = z.object({ products: planProducts });

/** A product an affiliate can earn on, through the best-paying plan it joined. */
export interface EarnableProduct {
  product: Product;
  planId: string;
  commissionBps: number;
  /** What one unit earns at the current price, over the product's SKUs, rounded half-up. */
  commissionPerUnit: { min: bigint; max: bigint; currency: CurrencyCode };
}

/** Status changes a seller can make, and the statuses each may start from. */
const TRANSITIONS: Record<'pause' | 'resume' | 'end', { from: readonly AffiliatePlanStatus[]; to: AffiliatePlanStatus }> = {
  pause: { from: ['ACTIVE'], to: 'PAUSED' },
  resume: { from: ['PAUSED'], to: 'ACTIVE' },
  end: { from: ['ACTIVE', 'PAUSED'], to: 'ENDED' },
};

/**
 * Affiliate plans (SPEC §6): a shop's offer of commission to creator accounts, OPEN to any account of
 * its region or TARGETED at invited ones, for all its products or a listed set. Shops create, edit,
 * pause and end plans and invite accounts; account holders join, accept, decline and leave.
 */
export class AffiliatePlanService {
  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
    private readonly accounts: CreatorAccountService,
    private readonly links: LinkService,
    private readonly catalog: CatalogService,
  ) {}

  // ─── The shop's side ───

  /** A shop OWNER or ADMIN creates a plan; it starts now unless `startsAt` says later. */
  async create(ctx: ServiceContext, shopId: string, rawInput: unknown): Promise<AffiliatePlan> {
    await this.shops.requireRole(ctx, shopId, MANAGER_ROLES);
    const input = parseInput(createInput, rawInput);
    const now = this.deps.clock.now();
    const startsAt = input.startsAt ?? now;
    if (input.endsAt && input.endsAt <= startsAt) throw ValidationError.single(['input', 'endsAt'], 'Must be after the start');
    if (input.endsAt && input.endsAt <= now) throw ValidationError.single(['input', 'endsAt'], 'Must be in the future');
    await this.assertShopProducts(shopId, input.products);
    return this.deps.prisma.affiliatePlan.create({
      data: {
        shopId,
        name: input.name,
        kind: input.kind,
        scope: input.scope,
        commissionBps: input.commissionBps,
        freeSample: input.freeSample,
        sampleQuota: input.sampleQuota ?? null,
        startsAt,
        endsAt: input.endsAt ?? null,
        products: { create: input.products.map((product) => ({ productId: product.productId, commissionBps: product.commissionBps ?? null })) },
      },
    });
  }

  /** Edits a plan that has not ended. A new rate applies to orders from now on. */
  async update(ctx: ServiceContext, planId: string, rawInput: unknown): Promise<AffiliatePlan> {
    const plan = await this.planForManager(ctx, planId);
    const input = parseInput(updateInput, rawInput);
    if (plan.status === 'ENDED') throw new InvalidStateError('The plan has ended', plan.status);
    if (input.endsAt && input.endsAt <= plan.startsAt) throw ValidationError.single(['input', 'endsAt'], 'Must be after the start');
    const freeSample = input.freeSample ?? plan.freeSample;
    if (input.sampleQuota && !freeSample) throw ValidationError.single(['input', 'sampleQuota'], 'A sample quota needs freeSample: true');
    const updated = await this.deps.prisma.affiliatePlan.update({
      where: { id: planId },
      data: {
        name: input.name ?? undefined,
        commissionBps: input.commissionBps ?? undefined,
        freeSample,
        sampleQuota: freeSample ? (input.sampleQuota ?? undefined) : null,
        endsAt: input.endsAt === undefined ? undefined : input.endsAt,
      },
    });
    await this.publishPlanChanged(updated);
    return updated;
  }

  /**
   * Replaces a plan's listed products (and their own rates). Products a LISTED_PRODUCTS plan no longer
   * lists leave the showcases that showed them through this plan.
   */
  async setProducts(ctx: ServiceContext, planId: string, rawInput: unknown): Promise<AffiliatePlan> {
    const plan = await this.planForManager(ctx, planId);
    const input = parseInput(productsInput, rawInput);
    if (plan.status === 'ENDED') throw new InvalidStateError('The plan has ended', plan.status);
    if (plan.scope === 'LISTED_PRODUCTS' && input.products.length === 0) {
      throw ValidationError.single(['input', 'products'], 'A LISTED_PRODUCTS plan needs at least one product');
    }
    await this.assertShopProducts(plan.shopId, input.products);
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'AffiliatePlan', planId);
      await tx.affiliatePlanProduct.deleteMany({ where: { planId } });
      await tx.affiliatePlanProduct.createMany({
        data: input.products.map((product) => ({ planId, productId: product.productId, commissionBps: product.commissionBps ?? null })),
      });
      if (plan.scope === 'LISTED_PRODUCTS') {
        const kept = input.products.map((product) => product.productId);
        await tx.showcaseItem.deleteMany({ where: { planId, productId: { notIn: kept } } });
      }
      return tx.affiliatePlan.findUniqueOrThrow({ where: { id: planId } });
    });
    await this.publishPlanChanged(updated);
    return updated;
  }

  /**
   * Pauses, resumes or ends a plan. A paused plan's products are hidden from affiliates' showcases until
   * it resumes; ending is final and takes them out of the showcases.
   */
  async transition(ctx: ServiceContext, planId: string, change: keyof typeof TRANSITIONS): Promise<AffiliatePlan> {
    await this.planForManager(ctx, planId);
    const { from, to } = TRANSITIONS[change];
    const moved = await this.deps.prisma.$transaction(async (tx) => {
      const [updated] = await tx.affiliatePlan.updateManyAndReturn({ where: { id: planId, status: { in: [...from] } }, data: { status: to } });
      if (!updated) {
        const current = await tx.affiliatePlan.findUniqueOrThrow({ where: { id: planId } });
        throw new InvalidStateError(`The plan is ${current.status}: it cannot be ${to === 'ACTIVE' ? 'resumed' : to.toLowerCase()}`, current.status);
      }
      if (to === 'ENDED') await tx.showcaseItem.deleteMany({ where: { planId } });
      return updated;
    });
    await this.publishPlanChanged(moved);
    return moved;
  }

  /** Invites an account (by handle) to a TARGETED plan. An account that declined or left can be invited again. */
  async invite(ctx: ServiceContext, planId: string, accountHandle: string): Promise<AffiliatePlanParticipant> {
    const plan = await this.planForManager(ctx, planId);
    if (plan.kind !== 'TARGETED') throw new InvalidStateError('Anyone can join an OPEN plan: invitations are for TARGETED plans', plan.kind);
    if (plan.status === 'ENDED') throw new InvalidStateError('The plan has ended', plan.status);
    const account = await this.accounts.findByHandle(accountHandle, ['input', 'accountHandle']);
    const now = this.deps.clock.now();
    return this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', account.id);
      assertMayJoinPlanOf(plan.shopId, await this.links.accountFacts(tx, account.id, now));
      const existing = await tx.affiliatePlanParticipant.findUnique({ where: { planId_accountId: { planId, accountId: account.id } } });
      if (existing?.status === 'INVITED' || existing?.status === 'JOINED') {
        throw new AlreadyExistsError(`@${account.handle} is ${existing.status.toLowerCase()} already`, ['input', 'accountHandle']);
      }
      return tx.affiliatePlanParticipant.upsert({
        where: { planId_accountId: { planId, accountId: account.id } },
        create: { planId, accountId: account.id, status: 'INVITED', invitedAt: now },
        update: { status: 'INVITED', invitedAt: now, joinedAt: null, leftAt: null },
      });
    });
  }

  // ─── The account's side ───

  /**
   * The holder joins a running plan with one of their accounts: an OPEN plan of a shop in the account's
   * region, or a TARGETED plan they were invited to (accepting the invitation). The official account of
   * another shop may not.
   */
  async join(ctx: ServiceContext, planId: string, accountId: string): Promise<AffiliatePlanParticipant> {
    const account = await this.accounts.requireHolder(ctx, accountId);
    const plan = await this.deps.prisma.affiliatePlan.findUnique({
      where: { id: planId },
      include: { shop: { select: { region: true, ...SHOP_SELL_STATE_SELECT } } },
    });
    const now = this.deps.clock.now();
    const joined = await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', accountId);
      const participant = plan ? await tx.affiliatePlanParticipant.findUnique({ where: { planId_accountId: { planId, accountId } } }) : null;
      // A TARGETED plan does not exist for an account that was never invited.
      if (!plan || (plan.kind === 'TARGETED' && !participant)) throw new NotFoundError('AffiliatePlan', ['input', 'planId']);
      if (participant?.status === 'JOINED') throw new AlreadyExistsError('The account has joined this plan already', ['input', 'planId']);
      if (plan.kind === 'TARGETED' && participant?.status !== 'INVITED') {
        throw new InvalidStateError('The invitation was declined or withdrawn: ask the shop for a new one', participant?.status ?? 'NONE');
      }
      if (!isPlanRunning(plan, now)) throw new InvalidStateError('The plan is not running: paused, ended or not started', plan.status);
      if (!shopCanSell(plan.shop)) {
        throw new RuleViolationError(ErrorCode.NOT_ELIGIBLE, 'The shop cannot sell at the moment, so its plans take no one new', ['input', 'planId']);
      }
      if (plan.kind === 'OPEN' && plan.shop.region !== account.region) {
        throw new RuleViolationError(ErrorCode.NOT_ELIGIBLE, `The plan is for accounts in ${plan.shop.region}; this account is in ${account.region}`, ['input', 'planId']);
      }
      assertMayJoinPlanOf(plan.shopId, await this.links.accountFacts(tx, accountId, now));
      return tx.affiliatePlanParticipant.upsert({
        where: { planId_accountId: { planId, accountId } },
        create: { planId, accountId, status: 'JOINED', joinedAt: now },
        update: { status: 'JOINED', joinedAt: now, leftAt: null },
      });
    });
    await publishShowcaseChanged(this.deps, accountId);
    return joined;
  }

  /** The holder turns an invitation down. */
  async decline(ctx: ServiceContext, planId: string, accountId: string): Promise<AffiliatePlanParticipant> {
    await this.accounts.requireHolder(ctx, accountId);
    return this.moveParticipant(planId, accountId, 'INVITED', { status: 'DECLINED' });
  }

  /** The holder leaves a plan; its products leave the account's showcase. */
  async leave(ctx: ServiceContext, planId: string, accountId: string): Promise<AffiliatePlanParticipant> {
    await this.accounts.requireHolder(ctx, accountId);
    const left = await this.moveParticipant(planId, accountId, 'JOINED', { status: 'LEFT', leftAt: this.deps.clock.now() });
    await publishShowcaseChanged(this.deps, accountId);
    return left;
  }

  /**
   * The joined, running plans among `shopIds`, with what decides their commission per product. Pass the
   * transaction client when calling from inside a transaction.
   */
  async joinedPlansOf(accountId: string, shopIds: readonly string[], db: Prisma.TransactionClient = this.deps.prisma): Promise<PlanCommission[]> {
    return db.affiliatePlan.findMany({
      where: { shopId: { in: [...shopIds] }, ...joinedRunningPlanWhere(accountId, this.deps.clock.now()) },
      select: { id: true, shopId: true, scope: true, commissionBps: true, products: { select: { productId: true, commissionBps: true } } },
    });
  }

  // ─── Reads ───

  /**
   * The plans an account may join now: OPEN running plans of selling shops in its region that it has not
   * joined, and TARGETED running plans it is invited to.
   */
  joinablePlansWhere(account: { id: string; region: Region }): Prisma.AffiliatePlanWhereInput {
    // AND, not a spread: the running filter has an OR of its own (on endsAt) that this OR would replace.
    return {
      AND: [runningPlanWhere(this.deps.clock.now())],
      OR: [
        {
          kind: 'OPEN',
          shop: { region: account.region, ...SHOP_CAN_SELL_WHERE },
          participants: { none: { accountId: account.id, status: 'JOINED' } },
        },
        { kind: 'TARGETED', participants: { some: { accountId: account.id, status: 'INVITED' } } },
      ],
    };
  }

  /**
   * A page of the products an account can earn commission on through the running plans it joined, each
   * with the best-paying plan and its rate. A fixed number of queries, whatever the page size.
   */
  async pageEarnableProducts(
    accountId: string,
    query: ProductPageQuery,
    filter: ProductListFilter & { planId?: string | null },
    sort: ProductSort,
  ): Promise<EarnableProduct[]> {
    const plans: Prisma.AffiliatePlanWhereInput = {
      ...joinedRunningPlanWhere(accountId, this.deps.clock.now()),
      ...(filter.planId ? { id: filter.planId } : {}),
    };
    const where: Prisma.ProductWhereInput = { AND: [productFilterWhere(filter), productsCoveredWhere(plans)] };
    const products = await this.catalog.pageBuyableProducts(query, where, sort);
    const shopIds = [...new Set(products.map((product) => product.shopId))];
    const [joined, skus] = await Promise.all([
      this.joinedPlansOf(accountId, shopIds),
      this.deps.prisma.sku.findMany({
        where: { productId: { in: products.map((product) => product.id) } },
        select: { id: true, productId: true, shopId: true, priceMinor: true, shop: { select: { currency: true } } },
      }),
    ]);
    const prices = await this.catalog.currentUnitPrices(skus);
    const usable = filter.planId ? joined.filter((plan) => plan.id === filter.planId) : joined;
    return products.flatMap((product) => {
      const best = bestPlanFor(usable, product);
      const own = skus.filter((sku) => sku.productId === product.id);
      const range = minMax(own.map((sku) => percentOfMinor(prices.get(sku.id) ?? sku.priceMinor, best?.commissionBps ?? 0)));
      const currency = own[0]?.shop.currency;
      if (!best || !range || !currency) return [];
      return [{ product, planId: best.planId, commissionBps: best.commissionBps, commissionPerUnit: { ...range, currency } }];
    });
  }

  // ─── Helpers ───

  /** The plan's products may enter or leave its affiliates' showcases. */
  private async publishPlanChanged(plan: AffiliatePlan): Promise<void> {
    await publishAfterCommit(this.deps.events, this.deps.log, 'affiliatePlan.changed', {
      planId: plan.id,
      shopId: plan.shopId,
      occurredAt: this.deps.clock.now().toISOString(),
    });
  }

  private async moveParticipant(
    planId: string,
    accountId: string,
    from: AffiliatePlanParticipant['status'],
    data: Prisma.AffiliatePlanParticipantUpdateManyMutationInput,
  ): Promise<AffiliatePlanParticipant> {
    return this.deps.prisma.$transaction(async (tx) => {
      const participant = await tx.affiliatePlanParticipant.findUnique({ where: { planId_accountId: { planId, accountId } } });
      if (!participant) throw new NotFoundError('AffiliatePlan', ['input', 'planId']);
      const [moved] = await tx.affiliatePlanParticipant.updateManyAndReturn({ where: { id: participant.id, status: from }, data });
      if (!moved) throw new InvalidStateError(`The account is ${participant.status} in this plan, not ${from}`, participant.status);
      if (data.status === 'LEFT') await tx.showcaseItem.deleteMany({ where: { planId, accountId } });
      return moved;
    });
  }

  private async planForManager(ctx: ServiceContext, planId: string): Promise<AffiliatePlan> {
    const plan = await this.deps.prisma.affiliatePlan.findUnique({ where: { id: planId } });
    if (!plan) throw new NotFoundError('AffiliatePlan', ['input', 'planId']);
    try {
      await this.shops.requireRole(ctx, plan.shopId, MANAGER_ROLES);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('AffiliatePlan', ['input', 'planId']);
      throw error;
    }
    return plan;
  }

  /** Every listed product must be the shop's own and not deleted. */
  private async assertShopProducts(shopId: string, products: readonly { productId: string }[]): Promise<void> {
    if (products.length === 0) return;
    const found = await this.deps.prisma.product.findMany({
      where: { id: { in: products.map((product) => product.productId) }, shopId, status: { not: 'DELETED' } },
      select: { id: true },
    });
    const ids = new Set(found.map((product) => product.id));
    const missing = products.findIndex((product) => !ids.has(product.productId));
    if (missing >= 0) throw new NotFoundError('Product', ['input', 'products', String(missing), 'productId']);
  }
}
