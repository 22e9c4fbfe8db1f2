import type { VerificationStatus } from '../../generated/prisma/enums.ts';

/** A shop's verification status changed: submitted, approved or rejected. Published after commit. */
export interface ShopVerificationChanged {
  shopId: string;
  status: VerificationStatus;
  /** The staff reviewer's reason, for REJECTED. */
  reason: string | null;
  occurredAt: string;
}

/**
 * Whether the shop can sell may have changed (verification reviewed, bank account set, suspended or
 * reinstated): its products appear in or leave every buyer-facing list. Published after commit.
 */
export interface ShopSellStateChanged {
  shopId: string;
  occurredAt: string;
}

/** Topics of the shops module. */
export type ShopTopics = {
  /** Routed by shop id. */
  'shop.verificationChanged': [shopId: string, event: ShopVerificationChanged];
  /** Unrouted: every shop. */
  'shop.sellStateChanged': [event: ShopSellStateChanged];
};
