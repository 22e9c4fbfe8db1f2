import type { PromotionKind } from '../../generated/prisma/enums.ts';

/**
 * A change to what a product costs now, published after the write that caused it commits (or, for the
 * promotion job, after its conditional update). Routed by product id, so that a live stream's overlay
 * and the response cache (`Product:<id>`) can react to exactly the products concerned. JSON-safe.
 */
export interface PromotionChanged {
  promotionId: string;
  shopId: string;
  productId: string;
  kind: PromotionKind;
  /** Flash deals tied to a live stream: the stream. */
  liveStreamId: string | null;
  startsAt: string;
  endsAt: string;
  occurredAt: string;
}

/**
 * Topics of the promotions module, routed by product id:
 * - `promotion.flashDealStarted` / `promotion.flashDealEnded`: a flash deal began or ended (its window
 *   opened or closed, or the seller ended it);
 * - `promotion.priceChanged`: any product-level promotion started, ended, was edited or cancelled, so
 *   the product's current price may differ.
 */
export type PromotionTopics = {
  'promotion.flashDealStarted': [productId: string, event: PromotionChanged];
  'promotion.flashDealEnded': [productId: string, event: PromotionChanged];
  'promotion.priceChanged': [productId: string, event: PromotionChanged];
};
