/**
 * An affiliate plan changed in a way that moves products in or out of showcases: it started, paused,
 * resumed or ended, its product list changed, or an account joined or left it. Published after commit.
 */
export interface AffiliatePlanChanged {
  planId: string;
  shopId: string;
  occurredAt: string;
}

/** Topics of the affiliates module. */
export type AffiliateTopics = {
  /** Unrouted: every plan. */
  'affiliatePlan.changed': [event: AffiliatePlanChanged];
};
