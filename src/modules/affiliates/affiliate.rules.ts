import type { Prisma } from '../../generated/prisma/client.ts';
import type { AffiliatePlanScope, AffiliatePlanStatus } from '../../generated/prisma/enums.ts';

/** The rules of affiliate plans (SPEC §6) as pure functions, with the Prisma filters that agree with them. */

/** Commission limits, in basis points: 1 (0.01%) to 8000 (80%), as the platform allows. */
export const COMMISSION_BPS = { min: 1, max: 8000 } as const;

/** A plan lists at most this many products. */
export const MAX_PLAN_PRODUCTS = 500;

/** A plan is **running** when it is ACTIVE and `at` is inside its validity window. */
export function isPlanRunning(plan: { status: AffiliatePlanStatus; startsAt: Date; endsAt: Date | null }, at: Date): boolean {
  return plan.status === 'ACTIVE' && plan.startsAt <= at && (plan.endsAt === null || plan.endsAt > at);
}

/** Prisma filter of running plans; agrees with `isPlanRunning`. */
export function runningPlanWhere(at: Date): Prisma.AffiliatePlanWhereInput {
  return { status: 'ACTIVE', startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] };
}

/** Prisma filter of the plans an account has joined (and not left) that are running. */
export function joinedRunningPlanWhere(accountId: string, at: Date): Prisma.AffiliatePlanWhereInput {
  return { ...runningPlanWhere(at), participants: { some: { accountId, status: 'JOINED' } } };
}

/**
 * Prisma filter of the products a set of plans covers: every product of the shop for an ALL_PRODUCTS
 * plan, the listed ones for a LISTED_PRODUCTS plan.
 */
export function productsCoveredWhere(plans: Prisma.AffiliatePlanWhereInput): Prisma.ProductWhereInput {
  return {
    OR: [
      { shop: { affiliatePlans: { some: { ...plans, scope: 'ALL_PRODUCTS' } } } },
      { planProducts: { some: { plan: { ...plans, scope: 'LISTED_PRODUCTS' } } } },
    ],
  };
}

/** A plan as far as the commission of one of its products is concerned. */
export interface PlanCommission {
  id: string;
  shopId: string;
  scope: AffiliatePlanScope;
  commissionBps: number;
  /** The plan's listed products, with their own rate where one is set. */
  products: readonly { productId: string; commissionBps: number | null }[];
}

/**
 * The rate a plan pays on a product, or null when the plan does not cover it: a listed product's own
 * rate overrides the plan's; an ALL_PRODUCTS plan covers every product of its shop.
 */
export function planRateFor(plan: PlanCommission, product: { id: string; shopId: string }): number | null {
  if (plan.shopId !== product.shopId) return null;
  const listed = plan.products.find((row) => row.productId === product.id);
  if (listed) return listed.commissionBps ?? plan.commissionBps;
  return plan.scope === 'ALL_PRODUCTS' ? plan.commissionBps : null;
}

/** The best-paying plan for a product among some plans, with its rate; null when none covers it. */
export function bestPlanFor(plans: readonly PlanCommission[], product: { id: string; shopId: string }): { planId: string; commissionBps: number } | null {
  let best: { planId: string; commissionBps: number } | null = null;
  for (const plan of plans) {
    const rate = planRateFor(plan, product);
    if (rate !== null && (best === null || rate > best.commissionBps)) best = { planId: plan.id, commissionBps: rate };
  }
  return best;
}
