import { CurrencyCode, Region } from '../generated/prisma/enums.ts';
import { formatMinor } from '../infra/money.ts';
import { builder } from './builder.ts';
import type { FieldRef, ObjectRef } from '@pothos/core';

export const RegionEnum = builder.enumType(Region, {
  name: 'Region',
  description: 'A market the platform sells in. A shop sells in exactly one.',
  values: {
    ID: { description: 'Indonesia (IDR).' },
    MY: { description: 'Malaysia (MYR).' },
    PH: { description: 'The Philippines (PHP).' },
    SG: { description: 'Singapore (SGD).' },
    TH: { description: 'Thailand (THB).' },
    GB: { description: 'The United Kingdom (GBP).' },
    US: { description: 'The United States (USD).' },
    VN: { description: 'Vietnam (VND).' },
  } satisfies Record<Region, { description: string }>,
});

export const CurrencyCodeEnum = builder.enumType(CurrencyCode, {
  name: 'CurrencyCode',
  description: 'ISO 4217 currency code.',
  values: {
    IDR: { description: 'Indonesian rupiah, 2 decimals.' },
    MYR: { description: 'Malaysian ringgit, 2 decimals.' },
    PHP: { description: 'Philippine peso, 2 decimals.' },
    SGD: { description: 'Singapore dollar, 2 decimals.' },
    THB: { description: 'Thai baht, 2 decimals.' },
    GBP: { description: 'Pound sterling, 2 decimals.' },
    USD: { description: 'US dollar, 2 decimals.' },
    VND: { description: 'Vietnamese dong, no decimals.' },
  } satisfies Record<CurrencyCode, { description: string }>,
});

/** An amount of money as the services hold it: integer minor units and a currency. */
export interface MoneyValue {
  minor: bigint;
  currency: CurrencyCode;
}

export const MoneyRef = builder.objectRef<MoneyValue>('Money').implement({
  description: 'An amount of money. Stored as integer minor units; never a floating-point number.',
  fields: (t) => ({
    amount: t.field({
      type: 'Decimal',
      description: 'The amount in major units as an exact decimal string with the currency\'s decimals, e.g. "10.50".',
      resolve: (money) => formatMinor(money.minor, money.currency),
    }),
    currencyCode: t.field({ type: CurrencyCodeEnum, description: 'The currency.', resolve: (money) => money.currency }),
  }),
});

export const MoneyInput = builder.inputType('MoneyInput', {
  description: "An amount in the shop's currency, as a decimal string with at most the currency's decimals.",
  fields: (t) => ({
    amount: t.field({ type: 'Decimal', description: 'The amount in major units, e.g. "10.50".' }),
  }),
});

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * Makes the payload types of mutations that answer with one object after the change, e.g.
 * `{ product }`: one call per object kind, then one payload type per mutation.
 */
export function objectPayloads<Key extends string, Shape>(key: Key, type: ObjectRef<BuilderTypes, Shape>, noun: string) {
  return (name: string, description: string) =>
    builder.simpleObject(name, {
      description,
      // A computed key widens to an index signature; the cast keeps the payload's one field typed.
      fields: (t) => ({ [key]: t.field({ type, description: `The ${noun} after the change.` }) }) as { [K in Key]: FieldRef<BuilderTypes, Shape, 'Object'> },
    });
}
