import type { CurrencyCode } from '../../generated/prisma/enums.ts';

/**
 * An affiliate plan changed in a way that moves products in or out of showcases: it started, paused,
 * resumed or ended, its product list changed, or an account joined or left it. Published after commit.
 */
export interface AffiliatePlanChanged {
  planId: string;
  shopId: string;
  occurredAt: string;
}

/**
 * A creator account earned commission: an order attributed to it completed. Published after the
 * transaction that completed the order (and wrote the `AffiliateCommission` row) commits. Amounts are
 * decimal strings of minor units: 64-bit integers that cross Redis as JSON.
 */
export interface CommissionEarned {
  commissionId: string;
  accountId: string;
  shopId: string;
  planId: string;
  orderNumber: string;
  amountMinor: string;
  currency: CurrencyCode;
  earnedAt: string;
}

/** Topics of the affiliates module. */
export type AffiliateTopics = {
  /** Unrouted: every plan. */
  'affiliatePlan.changed': [event: AffiliatePlanChanged];
  /** Routed by the creator account's id. */
  'affiliate.commissionEarned': [accountId: string, event: CommissionEarned];
};
