import type { CurrencyCode } from '../../generated/prisma/enums.ts';
import { DomainError, ErrorCode, type FieldPath } from '../../infra/errors.ts';

/** Why a voucher code cannot be used. Values are part of the API: never rename one. */
export const VoucherInvalidReason = {
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  NOT_STARTED: 'NOT_STARTED',
  EXPIRED: 'EXPIRED',
  MINIMUM_SPEND_NOT_MET: 'MINIMUM_SPEND_NOT_MET',
  NOT_FOR_THIS_SHOP: 'NOT_FOR_THIS_SHOP',
  LIMIT_REACHED: 'LIMIT_REACHED',
  PER_BUYER_LIMIT_REACHED: 'PER_BUYER_LIMIT_REACHED',
} as const;
export type VoucherInvalidReason = (typeof VoucherInvalidReason)[keyof typeof VoucherInvalidReason];

const REASON_MESSAGES: Record<VoucherInvalidReason, string> = {
  UNKNOWN_CODE: 'No voucher has this code',
  NOT_STARTED: 'The voucher cannot be used yet',
  EXPIRED: 'The voucher has expired',
  MINIMUM_SPEND_NOT_MET: 'The cart does not reach the minimum spend of the voucher',
  NOT_FOR_THIS_SHOP: 'The voucher is not valid for the shops in this cart',
  LIMIT_REACHED: 'The voucher has been used as many times as it may be',
  PER_BUYER_LIMIT_REACHED: 'You have used this voucher as many times as one buyer may',
};

/** The voucher code cannot be used for this cart, for `reason`. Nothing was reserved. */
export class VoucherInvalidError extends DomainError {
  readonly code = ErrorCode.VOUCHER_INVALID;
  constructor(
    readonly reason: VoucherInvalidReason,
    field: FieldPath | null = ['input', 'voucherCode'],
    /** For MINIMUM_SPEND_NOT_MET: the spend needed, in minor units of `currency`. */
    readonly minimumSpend: { minor: bigint; currency: CurrencyCode } | null = null,
  ) {
    super(REASON_MESSAGES[reason], field);
  }
}

/** A flash deal has fewer units left at its price than a cart asks for, or has ended. Nothing was reserved. */
export class FlashDealOverError extends DomainError {
  readonly code = ErrorCode.FLASH_DEAL_OVER;
  constructor(
    readonly promotionId: string,
    readonly quantityLeft: number,
    field: FieldPath | null = null,
  ) {
    super(
      quantityLeft > 0 ? `Only ${quantityLeft} left at the flash-deal price` : 'The flash deal is over',
      field,
    );
  }
}

/** The shop's shipping template has no fee band for the destination region and parcel weight. */
export class ShippingUnavailableError extends DomainError {
  readonly code = ErrorCode.SHIPPING_UNAVAILABLE;
  constructor(
    readonly shopId: string,
    field: FieldPath | null = ['input', 'shippingAddress'],
  ) {
    super('The shop does not ship this parcel to this destination', field);
  }
}
