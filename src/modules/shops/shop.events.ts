import type { VerificationStatus } from '../../generated/prisma/enums.ts';

/** A shop's verification status changed: submitted, approved or rejected. Published after commit. */
export interface ShopVerificationChanged {
  shopId: string;
  status: VerificationStatus;
  /** The staff reviewer's reason, for REJECTED. */
  reason: string | null;
  occurredAt: string;
}

/** Topics of the shops module, routed by shop id. */
export type ShopTopics = {
  'shop.verificationChanged': [shopId: string, event: ShopVerificationChanged];
};
