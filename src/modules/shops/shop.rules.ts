import { CurrencyCode, type Region, type DocumentKind, type BusinessType } from '../../generated/prisma/enums.ts';
import { SellBlocker } from '../../infra/errors.ts';

/** The currency a shop in each region sells in. */
export const REGION_CURRENCY: Record<Region, CurrencyCode> = {
  ID: CurrencyCode.IDR,
  MY: CurrencyCode.MYR,
  PH: CurrencyCode.PHP,
  SG: CurrencyCode.SGD,
  TH: CurrencyCode.THB,
  GB: CurrencyCode.GBP,
  US: CurrencyCode.USD,
  VN: CurrencyCode.VND,
};

/** The version of the seller terms that `createShop` records as accepted. */
export const SELLER_TERMS_VERSION = '2026-01';

/** Document kinds each business type may upload. */
export const DOCUMENT_KINDS: Record<BusinessType, readonly DocumentKind[]> = {
  INDIVIDUAL: ['NATIONAL_ID', 'PASSPORT', 'DRIVING_LICENCE'],
  CORPORATE: ['BUSINESS_LICENCE', 'REPRESENTATIVE_ID'],
};

/**
 * What must be on file before review: an individual needs one identity document; a company needs its
 * business licence and its representative's identity document. Returns what is missing, as readable text.
 */
export function missingDocuments(businessType: BusinessType, uploaded: ReadonlySet<DocumentKind>): string[] {
  if (businessType === 'INDIVIDUAL') {
    return DOCUMENT_KINDS.INDIVIDUAL.some((kind) => uploaded.has(kind))
      ? []
      : ['an identity document (NATIONAL_ID, PASSPORT or DRIVING_LICENCE)'];
  }
  return DOCUMENT_KINDS.CORPORATE.filter((kind) => !uploaded.has(kind));
}

/** Whole years between a date of birth and `today`, both taken as calendar dates in UTC. */
export function ageInYears(dateOfBirth: Date, today: Date): number {
  let years = today.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const birthdayPassed =
    today.getUTCMonth() > dateOfBirth.getUTCMonth() ||
    (today.getUTCMonth() === dateOfBirth.getUTCMonth() && today.getUTCDate() >= dateOfBirth.getUTCDate());
  if (!birthdayPassed) years -= 1;
  return years;
}

/**
 * Folds a person's or company's name for comparison: case, accents, punctuation and spacing do not
 * count, so "PT. Maju Jaya" matches "pt maju jaya" but "Maju Jaya" does not match "Maju Jaya Abadi".
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Everything that keeps a shop from selling (empty when it can sell). */
export function sellBlockers(shop: {
  verificationStatus: string;
  suspendedAt: Date | null;
  hasBankAccount: boolean;
}): SellBlocker[] {
  const blockers: SellBlocker[] = [];
  if (shop.verificationStatus !== 'VERIFIED') blockers.push(SellBlocker.NOT_VERIFIED);
  if (!shop.hasBankAccount) blockers.push(SellBlocker.NO_BANK_ACCOUNT);
  if (shop.suspendedAt) blockers.push(SellBlocker.SUSPENDED);
  return blockers;
}

/**
 * The Prisma filter for shops that can sell, for queries that must list only buyable products. It must
 * agree with `sellBlockers`; a test checks both against the same shops.
 */
export const SHOP_CAN_SELL_WHERE = {
  verificationStatus: 'VERIFIED',
  suspendedAt: null,
  bankAccount: { isNot: null },
} as const;

/** Magic numbers of the file types accepted as verification documents. */
export const DOCUMENT_CONTENT_TYPES: Record<string, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46]),
  'image/jpeg': (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  'image/png': (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}
