import type { PromotionKind, PromotionStatus, VoucherDiscountKind } from '../../generated/prisma/enums.ts';
import { InvalidStateError } from '../../infra/errors.ts';
import { percentOfMinor } from '../../infra/money.ts';
import type { OfferPromotion, SkuOffer } from '../catalog/pricing.ts';

/**
 * The pricing rules of promotions, pure. THE OVERLAP RULE, applied the same way by product pages,
 * showcases, live overlays and checkout:
 *
 * 1. Product level, per SKU: among the PERCENT_OFF and FIXED_PRICE discounts and the FLASH_DEALs that
 *    run at that moment (status SCHEDULED or ACTIVE, `startsAt <= at < endsAt`), that cover the SKU
 *    (an item naming its product or the SKU itself), flash deals only while they have units left and,
 *    when tied to a live stream, only for purchases in that stream, the buyer gets the LOWEST unit
 *    price; a promotion never raises a price above the list price. Ties go to a discount over a flash
 *    deal (flash units stay for those who need them), then to the promotion created first.
 * 2. Then at most ONE voucher, on the merchandise total after step 1 (minimum spend is measured on that
 *    total too). A shop voucher applies to its shop's part of the cart; a platform voucher applies to
 *    every shop of the cart in its currency and is split between them by `splitProportionally`.
 * 3. Then shipping: each shop's fee from its shipping template, less the shop's one best running
 *    SHIPPING_DISCOUNT whose minimum spend the shop's merchandise total after step 1 reaches (the one
 *    that takes most off; never more than the fee).
 *
 * Percentages round half-up to the minor unit (SPEC §1): a price after a percentage discount is the
 * list price less the rounded discount.
 */

/** The kinds that set a product's unit price. */
export const PRODUCT_LEVEL_KINDS = ['PERCENT_OFF', 'FIXED_PRICE', 'FLASH_DEAL'] as const satisfies readonly PromotionKind[];

/** Stored statuses in which a promotion or voucher can apply (its window decides the rest). */
export const LIVE_STATUSES = ['SCHEDULED', 'ACTIVE'] as const satisfies readonly PromotionStatus[];

/** A promotion item covering a SKU, with what the overlap rule needs of its promotion. */
export interface PriceCandidate {
  promotionId: string;
  kind: PromotionKind;
  status: PromotionStatus;
  percentOffBps: number | null;
  /** FIXED_PRICE and FLASH_DEAL: the item's price. */
  priceMinor: bigint | null;
  quantityLimit: number | null;
  quantitySold: number;
  liveStreamId: string | null;
  startsAt: Date;
  endsAt: Date;
}

/** True while `at` lies in the window and the stored status has not ended it. */
export function isRunning(window: { status: PromotionStatus; startsAt: Date; endsAt: Date }, at: Date): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(window.status) && window.startsAt <= at && at < window.endsAt;
}

/**
 * The status a client sees: the stored status when ended or cancelled by hand, otherwise what the clock
 * says (the stored SCHEDULED/ACTIVE trails the clock until the promotion job moves it).
 */
export function effectiveStatus(window: { status: PromotionStatus; startsAt: Date; endsAt: Date }, at: Date): PromotionStatus {
  if (window.status === 'ENDED' || window.status === 'CANCELLED') return window.status;
  if (at >= window.endsAt) return 'ENDED';
  return at >= window.startsAt ? 'ACTIVE' : 'SCHEDULED';
}

/**
 * What ending a promotion or voucher by hand writes now: one that runs ENDS now, one that has not
 * started is CANCELLED; one that is over already refuses (`noun` names it in the message).
 */
export function endingOf(
  window: { status: PromotionStatus; startsAt: Date; endsAt: Date },
  now: Date,
  noun: string,
): { status: 'CANCELLED' } | { status: 'ENDED'; endsAt: Date } {
  const status = effectiveStatus(window, now);
  if (status === 'ENDED' || status === 'CANCELLED') throw new InvalidStateError(`The ${noun} is ${status} already`, status);
  return status === 'SCHEDULED' ? { status: 'CANCELLED' } : { status: 'ENDED', endsAt: now };
}

/** Flash-deal units left at the deal price (null for other kinds). */
export function quantityLeft(candidate: { quantityLimit: number | null; quantitySold: number }): number | null {
  return candidate.quantityLimit === null ? null : Math.max(0, candidate.quantityLimit - candidate.quantitySold);
}

/** Whether a candidate applies at `at` in the given live stream (null: outside any stream). */
export function applies(candidate: PriceCandidate, at: Date, liveStreamId: string | null): boolean {
  if (!(PRODUCT_LEVEL_KINDS as readonly string[]).includes(candidate.kind) || !isRunning(candidate, at)) return false;
  if (candidate.kind !== 'FLASH_DEAL') return true;
  if (candidate.liveStreamId !== null && candidate.liveStreamId !== liveStreamId) return false;
  return (quantityLeft(candidate) ?? 0) > 0;
}

/** The unit price a candidate gives a SKU with this list price: never above the list price. */
export function candidatePrice(listMinor: bigint, candidate: PriceCandidate): bigint {
  const price =
    candidate.kind === 'PERCENT_OFF'
      ? listMinor - percentOfMinor(listMinor, candidate.percentOffBps ?? 0)
      : (candidate.priceMinor ?? listMinor);
  return price < listMinor ? price : listMinor;
}

/** Step 1 of the overlap rule: the best offer for one SKU among the candidates covering it. */
export function bestOffer(listMinor: bigint, candidates: readonly PriceCandidate[], at: Date, liveStreamId: string | null): SkuOffer {
  let best: { price: bigint; candidate: PriceCandidate } | null = null;
  for (const candidate of candidates) {
    if (!applies(candidate, at, liveStreamId)) continue;
    const price = candidatePrice(listMinor, candidate);
    if (price >= listMinor) continue;
    if (!best || price < best.price || (price === best.price && preferOnTie(candidate, best.candidate))) {
      best = { price, candidate };
    }
  }
  if (!best) return { unitPriceMinor: listMinor, promotion: null };
  return { unitPriceMinor: best.price, promotion: offerPromotion(best.candidate) };
}

/** On an equal price: a discount before a flash deal, then the older promotion (ids are UUIDv7). */
function preferOnTie(challenger: PriceCandidate, holder: PriceCandidate): boolean {
  const challengerFlash = challenger.kind === 'FLASH_DEAL';
  const holderFlash = holder.kind === 'FLASH_DEAL';
  if (challengerFlash !== holderFlash) return holderFlash;
  return challenger.promotionId < holder.promotionId;
}

function offerPromotion(candidate: PriceCandidate): OfferPromotion {
  return {
    id: candidate.promotionId,
    kind: candidate.kind as OfferPromotion['kind'],
    startsAt: candidate.startsAt,
    endsAt: candidate.endsAt,
    quantityLeft: candidate.kind === 'FLASH_DEAL' ? quantityLeft(candidate) : null,
    liveStreamId: candidate.liveStreamId,
  };
}

// ─── Vouchers ───

export interface VoucherTerms {
  discountKind: VoucherDiscountKind;
  percentOffBps: number | null;
  amountOffMinor: bigint | null;
  maxDiscountMinor: bigint | null;
}

/**
 * What a voucher takes off an eligible merchandise total: a percentage (rounded half-up) up to the cap,
 * or a fixed amount; never more than the total itself.
 */
export function voucherDiscount(terms: VoucherTerms, eligibleMinor: bigint): bigint {
  let discount =
    terms.discountKind === 'PERCENT' ? percentOfMinor(eligibleMinor, terms.percentOffBps ?? 0) : (terms.amountOffMinor ?? 0n);
  if (terms.maxDiscountMinor !== null && discount > terms.maxDiscountMinor) discount = terms.maxDiscountMinor;
  return discount > eligibleMinor ? eligibleMinor : discount;
}

/**
 * Splits `total` minor units between parts in proportion to their weights, exactly: each part gets the
 * floor of its share, and the units left over go one each to the parts with the largest remainders
 * (earlier parts first on equal remainders). Shares sum to `total` and no part gets more than its
 * weight when `total` does not exceed the sum of weights. This is how a platform voucher's discount is
 * divided between the shops (orders) of a cart, weighted by each shop's merchandise total.
 */
export function splitProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = weights.map((weight) => (total * weight) / sum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (total * weight) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] as bigint) + 1n;
    left -= 1n;
  }
  return shares;
}

// ─── Shipping discounts ───

export interface ShippingDiscountTerms {
  promotionId: string;
  percentOffBps: number | null;
  amountOffMinor: bigint | null;
  minSpendMinor: bigint | null;
}

/** Step 3: the largest reduction of `feeMinor` among the shipping discounts the merchandise total qualifies for. */
export function bestShippingDiscount(
  feeMinor: bigint,
  merchandiseMinor: bigint,
  discounts: readonly ShippingDiscountTerms[],
): { promotionId: string; discountMinor: bigint } | null {
  let best: { promotionId: string; discountMinor: bigint } | null = null;
  for (const discount of discounts) {
    if (discount.minSpendMinor !== null && merchandiseMinor < discount.minSpendMinor) continue;
    let off = discount.percentOffBps !== null ? percentOfMinor(feeMinor, discount.percentOffBps) : (discount.amountOffMinor ?? 0n);
    if (off > feeMinor) off = feeMinor;
    if (off > 0n && (!best || off > best.discountMinor)) best = { promotionId: discount.promotionId, discountMinor: off };
  }
  return best;
}

/** Voucher codes are matched case-insensitively: stored and looked up upper-case, trimmed. */
export function normaliseVoucherCode(code: string): string {
  return code.trim().toUpperCase();
}
