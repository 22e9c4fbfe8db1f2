import { publishShowcaseChanged } from './account.events.ts';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { AffiliatePlan, CreatorAccount, Prisma, Product } from '../../generated/prisma/client.ts';
import type { ShowcaseSource } from '../../generated/prisma/enums.ts';
import { lockRow } from '../../infra/database/locks.ts';
import { ErrorCode, NotFoundError, RuleViolationError, ValidationError } from '../../infra/errors.ts';
import { parseInput } from '../../infra/validation.ts';
import type { Dependencies } from '../../services.ts';
import { bestPlanFor, joinedRunningPlanWhere } from '../affiliates/affiliate.rules.ts';
import type { AffiliatePlanService } from '../affiliates/affiliate-plan.service.ts';
import { LISTED_PRODUCT_WHERE } from '../catalog/catalog.rules.ts';
import { type CatalogService, type ProductListFilter, productFilterWhere, type ProductPageQuery, type ProductSort } from '../catalog/catalog.service.ts';
import type { CreatorAccountService } from './account.service.ts';

/** A showcase holds at most this many chosen products (official products come on top, automatically). */
export const SHOWCASE_MAX_ITEMS = 500;

const changeInput = z.object({
  productIds: z
    .array(z.uuid('Must be an id'))
    .min(1, 'Give at least one product')
    .max(50, 'At most 50 products at a time')
    .refine((ids) => new Set(ids).size === ids.length, 'A product is listed twice'),
  planId: z.uuid('Must be an id').nullish(),
});

/** Where a showcase entry comes from (SPEC §5). */
export type EntrySource = 'OFFICIAL' | ShowcaseSource;

/** One product of a showcase and why it is there. */
export interface ShowcaseEntry {
  product: Product;
  source: EntrySource;
  /** The affiliate plan an AFFILIATE entry comes through. */
  plan: AffiliatePlan | null;
}

/**
 * Showcases (SPEC §5): the products a creator account shows. An official account's showcase is every
 * buyable product of its shop, computed on read; marketing and affiliate products are the holder's
 * picks, stored as items. Reads keep only what is buyable now and still backed by an active link or a
 * running, joined plan, so a product that stops being buyable, a paused plan or a revoked link takes
 * entries out without anyone editing the showcase.
 */
export class ShowcaseService {
  constructor(
    private readonly deps: Dependencies,
    private readonly accounts: CreatorAccountService,
    private readonly catalog: CatalogService,
    private readonly plans: AffiliatePlanService,
  ) {}

  /**
   * The holder puts products in the showcase: products of the shop the account is the marketing account
   * of, or of a running plan it joined (`planId`, or else the best-paying such plan). All or nothing.
   */
  async add(ctx: ServiceContext, accountId: string, rawInput: unknown): Promise<CreatorAccount> {
    const account = await this.accounts.requireHolder(ctx, accountId);
    const input = parseInput(changeInput, rawInput);
    await this.deps.prisma.$transaction(async (tx) => {
      await lockRow(tx, 'CreatorAccount', accountId);
      const products = await tx.product.findMany({
        where: { id: { in: input.productIds }, ...LISTED_PRODUCT_WHERE },
        select: { id: true, shopId: true },
      });
      const byId = new Map(products.map((product) => [product.id, product]));
      const links = await tx.accountLink.findMany({ where: { accountId, status: 'ACTIVE' }, select: { id: true, shopId: true, role: true } });
      const plans = await this.plans.joinedPlansOf(accountId, [...new Set(products.map((product) => product.shopId))], tx);
      const usable = input.planId ? plans.filter((plan) => plan.id === input.planId) : plans;
      const rows = input.productIds.map((productId, index) => {
        const field = ['input', 'productIds', String(index)];
        const product = byId.get(productId);
        if (!product) throw new NotFoundError('Product', field);
        const link = links.find((candidate) => candidate.shopId === product.shopId);
        if (link?.role === 'OFFICIAL') {
          throw ValidationError.single(field, 'Products of the shop this is the official account of are in the showcase already, automatically');
        }
        if (link?.role === 'MARKETING') return { accountId, productId, source: 'MARKETING' as const, linkId: link.id, planId: null };
        const best = bestPlanFor(usable, product);
        if (!best) {
          throw new RuleViolationError(
            ErrorCode.NOT_ELIGIBLE,
            input.planId
              ? 'The plan does not cover this product, is not running, or the account has not joined it'
              : 'No link or joined affiliate plan lets this account show this product',
            field,
          );
        }
        return { accountId, productId, source: 'AFFILIATE' as const, linkId: null, planId: best.planId };
      });
      await tx.showcaseItem.deleteMany({ where: { accountId, productId: { in: input.productIds } } });
      await tx.showcaseItem.createMany({ data: rows });
      const count = await tx.showcaseItem.count({ where: { accountId } });
      if (count > SHOWCASE_MAX_ITEMS) {
        throw new RuleViolationError(ErrorCode.LIMIT_REACHED, `A showcase holds at most ${SHOWCASE_MAX_ITEMS} chosen products`, ['input', 'productIds']);
      }
    });
    await publishShowcaseChanged(this.deps, accountId);
    return account;
  }

  /** The holder takes chosen products out. Products of an official shop cannot be taken out: they follow the shop. */
  async remove(ctx: ServiceContext, accountId: string, rawInput: unknown): Promise<CreatorAccount> {
    const account = await this.accounts.requireHolder(ctx, accountId);
    const input = parseInput(changeInput, rawInput);
    await this.deps.prisma.showcaseItem.deleteMany({ where: { accountId, productId: { in: input.productIds } } });
    await publishShowcaseChanged(this.deps, accountId);
    return account;
  }

  /**
   * A page of the account's showcase, in `sort` order, each entry with its source. Runs a fixed number of
   * queries whatever the page size: one for the page (two for the price sorts), one per relation the
   * selection asks for, and one for the sources.
   */
  async page(account: Pick<CreatorAccount, 'id' | 'userId'>, query: ProductPageQuery, filter: Omit<ProductListFilter, 'search'>, sort: ProductSort): Promise<ShowcaseEntry[]> {
    const now = this.deps.clock.now();
    const where: Prisma.ProductWhereInput = { AND: [productFilterWhere(filter), showcaseProductWhere(account.id, now)] };
    const products = await this.catalog.pageBuyableProducts(query, where, sort);
    const sources = await this.sources(account.id, products.map((product) => product.id), now);
    return products.map((product) => {
      const source = sources.get(product.id) ?? { source: 'OFFICIAL' as const, plan: null };
      return { product, ...source };
    });
  }

  /** Why each product is in the account's showcase: a live item, or else the account's official shop. */
  private async sources(accountId: string, productIds: readonly string[], now: Date) {
    const items = await this.deps.prisma.showcaseItem.findMany({
      where: { productId: { in: [...productIds] }, ...liveItemWhere(accountId, now) },
      select: { productId: true, source: true, plan: true },
    });
    return new Map(items.map((item) => [item.productId, { source: item.source as EntrySource, plan: item.plan }]));
  }
}

/** Items that still count: a MARKETING item whose link is active, an AFFILIATE item whose plan runs and is joined. */
function liveItemWhere(accountId: string, now: Date): Prisma.ShowcaseItemWhereInput {
  return {
    accountId,
    OR: [
      { source: 'MARKETING', link: { status: 'ACTIVE' } },
      { source: 'AFFILIATE', plan: joinedRunningPlanWhere(accountId, now) },
    ],
  };
}

/** Prisma filter of the products in an account's showcase, buyable or not: its official shop's, and its live items. */
function showcaseProductWhere(accountId: string, now: Date): Prisma.ProductWhereInput {
  return {
    OR: [
      { shop: { links: { some: { accountId, role: 'OFFICIAL', status: 'ACTIVE' } } } },
      { showcaseItems: { some: liveItemWhere(accountId, now) } },
    ],
  };
}
