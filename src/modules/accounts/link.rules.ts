import { DomainError, ErrorCode } from '../../infra/errors.ts';
import type { Config } from '../../infra/config.ts';
import type { LinkRole } from '../../generated/prisma/enums.ts';

/**
 * The rules of linked accounts (which creator account may sell which shop's products, and how often
 * links may change), as pure functions over what the database says about the account and the shop.
 * The link service gathers those facts under row locks and asks these functions, so the same rules
 * decide a request, a confirmation and a plan join, whatever runs concurrently.
 */

/** The rules a link change can break. Values are part of the API. */
export const LinkRule = {
  OFFICIAL_ONE_PER_SHOP: 'OFFICIAL_ONE_PER_SHOP',
  OFFICIAL_EXCLUSIVE: 'OFFICIAL_EXCLUSIVE',
  MARKETING_MAX_PER_SHOP: 'MARKETING_MAX_PER_SHOP',
  MARKETING_ONE_SHOP: 'MARKETING_ONE_SHOP',
  MARKETING_LINK_QUOTA: 'MARKETING_LINK_QUOTA',
  OFFICIAL_REVOKE_TOO_SOON: 'OFFICIAL_REVOKE_TOO_SOON',
  OFFICIAL_REVOCATION_LIMIT: 'OFFICIAL_REVOCATION_LIMIT',
} as const;
export type LinkRule = (typeof LinkRule)[keyof typeof LinkRule];

/** A shop has at most this many ACTIVE marketing accounts. */
export const MARKETING_ACCOUNTS_PER_SHOP = 4;

/** A link change refused by one of the rules; `rule` says which. Nothing was changed. */
export class LinkRuleError extends DomainError {
  readonly code = ErrorCode.LINK_RULE_VIOLATED;
  constructor(
    readonly rule: LinkRule,
    message: string,
  ) {
    super(message);
  }
}

/** An ACTIVE link of the account, as far as the rules care. */
export interface ActiveLink {
  shopId: string;
  role: LinkRole;
}

/** What the rules need to know about a creator account, read under its row lock. */
export interface AccountLinkFacts {
  activeLinks: readonly ActiveLink[];
  /** Shops whose affiliate plans the account has joined (and not left). */
  affiliateShopIds: readonly string[];
  /** Marketing links the account entered (activated) within the configured window. */
  recentMarketingLinks: number;
}

/** What the rules need to know about a shop, read under its row lock. */
export interface ShopLinkFacts {
  activeOfficial: number;
  activeMarketing: number;
}

/**
 * Refuses an account becoming `role` account of `shopId`, or says nothing. Checked when a shop asks
 * (to fail early) and again when the holder confirms, under the locks of both rows.
 */
export function assertLinkAllowed(
  role: LinkRole,
  shopId: string,
  account: AccountLinkFacts,
  shop: ShopLinkFacts,
  config: Pick<Config, 'MARKETING_LINK_MAX_PER_WINDOW' | 'MARKETING_LINK_WINDOW_DAYS'>,
): void {
  assertNotOfficialElsewhere(account, shopId);
  if (role === 'OFFICIAL') {
    if (shop.activeOfficial > 0) {
      throw new LinkRuleError(LinkRule.OFFICIAL_ONE_PER_SHOP, 'The shop has an official account already: a shop has at most 1');
    }
    const elsewhere = account.activeLinks.some((link) => link.shopId !== shopId) || account.affiliateShopIds.some((id) => id !== shopId);
    if (elsewhere) {
      throw new LinkRuleError(
        LinkRule.OFFICIAL_EXCLUSIVE,
        'An official account belongs to one shop only: this account is linked to, or an affiliate of, another shop',
      );
    }
    return;
  }
  if (shop.activeMarketing >= MARKETING_ACCOUNTS_PER_SHOP) {
    throw new LinkRuleError(
      LinkRule.MARKETING_MAX_PER_SHOP,
      `The shop has ${MARKETING_ACCOUNTS_PER_SHOP} marketing accounts already: that is the most a shop may have`,
    );
  }
  if (account.activeLinks.some((link) => link.role === 'MARKETING' && link.shopId !== shopId)) {
    throw new LinkRuleError(LinkRule.MARKETING_ONE_SHOP, 'The account is the marketing account of another shop: an account may be that of 1 shop only');
  }
  if (account.recentMarketingLinks >= config.MARKETING_LINK_MAX_PER_WINDOW) {
    throw new LinkRuleError(
      LinkRule.MARKETING_LINK_QUOTA,
      `The account has been linked as a marketing account ${account.recentMarketingLinks} times in the last ${config.MARKETING_LINK_WINDOW_DAYS} days: the most allowed is ${config.MARKETING_LINK_MAX_PER_WINDOW}`,
    );
  }
}

/** Refuses an affiliate plan of `shopId` to an account that is the official account of another shop. */
export function assertMayJoinPlanOf(shopId: string, account: Pick<AccountLinkFacts, 'activeLinks'>): void {
  assertNotOfficialElsewhere(account, shopId);
}

function assertNotOfficialElsewhere(account: Pick<AccountLinkFacts, 'activeLinks'>, shopId: string): void {
  const official = account.activeLinks.find((link) => link.role === 'OFFICIAL');
  if (official && official.shopId !== shopId) {
    throw new LinkRuleError(
      LinkRule.OFFICIAL_EXCLUSIVE,
      'The account is the official account of another shop: it cannot be linked to, or join a plan of, any other shop',
    );
  }
}

/**
 * Refuses revoking an ACTIVE official link that has not been active long enough, or of a shop that has
 * used up its revocations.
 */
export function assertOfficialRevocable(
  activatedAt: Date,
  now: Date,
  revokedBefore: number,
  config: Pick<Config, 'OFFICIAL_LINK_MIN_ACTIVE_HOURS' | 'OFFICIAL_LINK_MAX_REVOCATIONS'>,
): void {
  const activeHours = (now.getTime() - activatedAt.getTime()) / 3_600_000;
  if (activeHours < config.OFFICIAL_LINK_MIN_ACTIVE_HOURS) {
    throw new LinkRuleError(
      LinkRule.OFFICIAL_REVOKE_TOO_SOON,
      `An official link can be revoked only after it has been active for ${config.OFFICIAL_LINK_MIN_ACTIVE_HOURS} hours`,
    );
  }
  if (revokedBefore >= config.OFFICIAL_LINK_MAX_REVOCATIONS) {
    throw new LinkRuleError(
      LinkRule.OFFICIAL_REVOCATION_LIMIT,
      `The shop has revoked an official link ${revokedBefore} times: the most allowed is ${config.OFFICIAL_LINK_MAX_REVOCATIONS}`,
    );
  }
}
