import { decodeIdOf } from '../../infra/ids.ts';

/**
 * What the schema files of creator accounts and of affiliate plans both need about accounts, kept apart
 * from accounts.schema.ts because that file imports the affiliate types (a cycle otherwise).
 */

/** Field options: the holder of the account and staff; anyone else reads null. */
export const holderOnly = {
  authScopes: (account: { userId: string }) => ({ $any: { staff: true, user: account.userId } }),
  unauthorizedResolver: () => null,
} as const;

/** Decodes the `accountId` of a mutation input. */
export const accountIdOf = (input: { accountId: string | number }) =>
  decodeIdOf('CreatorAccount', String(input.accountId), ['input', 'accountId']);
