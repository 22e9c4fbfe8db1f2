import { randomUUID } from 'node:crypto';
import type { CurrencyCode } from '../../generated/prisma/enums.ts';

/**
 * Where money is taken. Checkout reserves stock first and charges only then (taking money for stock
 * that is gone is the failure other platforms learned from); a charge whose order was cancelled in the
 * meantime is refunded at once.
 */
export interface PaymentProvider {
  /** Stored on each payment row. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: { providerRef: string; amountMinor: bigint; currency: CurrencyCode }): Promise<void>;
}

export interface ChargeRequest {
  /** Our payment id: the provider's idempotency key, so a retried call never charges twice. */
  paymentId: string;
  amountMinor: bigint;
  currency: CurrencyCode;
  /** The buyer's payment method token, as the provider's client library produced it. */
  paymentMethod: string;
}

export type ChargeResult = { ok: true; providerRef: string } | { ok: false; declineCode: string };

/** Payment method tokens the test provider understands, like Stripe's test cards. */
export const TEST_PAYMENT_METHODS = {
  succeeds: 'test-card-ok',
  declined: 'test-card-declined',
  insufficientFunds: 'test-card-insufficient-funds',
} as const;

/**
 * The built-in provider for development and tests: succeeds or declines according to the token,
 * without any network. Unknown tokens are declined as invalid.
 */
export const testPaymentProvider: PaymentProvider = {
  name: 'test',
  charge: async (request) => {
    switch (request.paymentMethod) {
      case TEST_PAYMENT_METHODS.succeeds:
        return { ok: true, providerRef: `test_${randomUUID()}` };
      case TEST_PAYMENT_METHODS.declined:
        return { ok: false, declineCode: 'card_declined' };
      case TEST_PAYMENT_METHODS.insufficientFunds:
        return { ok: false, declineCode: 'insufficient_funds' };
      default:
        return { ok: false, declineCode: 'invalid_payment_method' };
    }
  },
  refund: async () => {},
};
