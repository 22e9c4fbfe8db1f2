import type { CurrencyCode, Region, ShippingProvider } from '../../generated/prisma/enums.ts';

/**
 * Shipping fees, pure. A shop's default template prices its part of a cart: among the template's bands
 * for the destination region, the one with the smallest `upToGrams` that the parcel's weight does not
 * exceed (a band without `upToGrams` takes any weight). No band: the shop does not ship there.
 *
 * A shop without a template ships with the platform's carrier at the PLATFORM DEFAULT: a fee per
 * started kilogram of the parcel (at least one), in the shop's currency, to any region.
 */

/** The platform default fee per started kilogram, in minor units of each currency. */
export const DEFAULT_FEE_PER_KG_MINOR: Record<CurrencyCode, bigint> = {
  IDR: 10_000_00n,
  MYR: 6_00n,
  PHP: 60_00n,
  SGD: 4_00n,
  THB: 40_00n,
  GBP: 3_50n,
  USD: 5_00n,
  VND: 25_000n,
};

export const DEFAULT_PROVIDER: ShippingProvider = 'PLATFORM';

export interface RateBand {
  region: Region;
  upToGrams: number | null;
  feeMinor: bigint;
}

/** The fee of a parcel under a template's bands; null when no band covers the region and weight. */
export function templateFee(bands: readonly RateBand[], region: Region, weightGrams: number): bigint | null {
  let best: RateBand | null = null;
  for (const band of bands) {
    if (band.region !== region || (band.upToGrams !== null && weightGrams > band.upToGrams)) continue;
    if (!best || tighter(band, best)) best = band;
  }
  return best ? best.feeMinor : null;
}

/** A band with a smaller weight limit is the tighter fit; a band without a limit is the loosest. */
function tighter(band: RateBand, than: RateBand): boolean {
  if (band.upToGrams === null) return false;
  return than.upToGrams === null || band.upToGrams < than.upToGrams;
}

/** The platform default fee: per started kilogram, at least one. */
export function defaultFee(currency: CurrencyCode, weightGrams: number): bigint {
  const kilograms = Math.max(1, Math.ceil(weightGrams / 1000));
  return (DEFAULT_FEE_PER_KG_MINOR[currency] as bigint) * BigInt(kilograms);
}

/** A shop's fee for a parcel: its default template's, or the platform default without one. Null: not shipped there. */
export function shopShippingFee(
  template: { provider: ShippingProvider; bands: readonly RateBand[] } | null | undefined,
  currency: CurrencyCode,
  region: Region,
  weightGrams: number,
): { provider: ShippingProvider; feeMinor: bigint | null } {
  return template
    ? { provider: template.provider, feeMinor: templateFee(template.bands, region, weightGrams) }
    : { provider: DEFAULT_PROVIDER, feeMinor: defaultFee(currency, weightGrams) };
}
