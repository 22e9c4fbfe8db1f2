import type { CurrencyCode } from '../generated/prisma/enums.ts';
import { ValidationError, type FieldPath } from './errors.ts';

/**
 * Money is held as integer minor units (bigint) and never as floating point. The number of decimals per
 * currency follows ISO 4217 (IDR has 2, VND has 0).
 */
export const CURRENCY_DECIMALS: Record<CurrencyCode, number> = {
  IDR: 2,
  MYR: 2,
  PHP: 2,
  SGD: 2,
  THB: 2,
  GBP: 2,
  USD: 2,
  VND: 0,
};

/** Largest amount accepted from input: well inside BIGINT, leaves room for sums of many lines. */
const MAX_MINOR = 10n ** 15n;

/** Formats minor units as a plain decimal string with the currency's decimals: 1050n USD → "10.50". */
export function formatMinor(minor: bigint, currency: CurrencyCode): string {
  const decimals = CURRENCY_DECIMALS[currency];
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * Parses a decimal string into minor units. Rejects more decimals than the currency has rather than
 * rounding, so what the seller typed is exactly what is stored.
 */
export function parseMinor(amount: string, currency: CurrencyCode, field: FieldPath): bigint {
  const decimals = CURRENCY_DECIMALS[currency];
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    throw ValidationError.single(field, 'Must be a non-negative decimal number such as "12.50"');
  }
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    throw ValidationError.single(field, `${currency} amounts have at most ${decimals} decimal places`);
  }
  const minor = BigInt(match[1] + fraction.padEnd(decimals, '0'));
  if (minor > MAX_MINOR) {
    throw ValidationError.single(field, 'Amount is too large');
  }
  return minor;
}

/**
 * A basis-point share of an amount, rounded half-up to the minor unit (the rule for percentage discounts
 * and commissions). Amounts are non-negative on every path that calls this.
 */
export function percentOfMinor(minor: bigint, basisPoints: number): bigint {
  return (minor * BigInt(basisPoints) + 5_000n) / 10_000n;
}
