import type { Dependencies } from '../../services.ts';
import { publishAfterCommit } from '../../infra/event-bus.ts';

/**
 * What a creator account's public showcase holds may have changed: products added or removed by the
 * holder, a link confirmed or revoked (official products and marketing picks come and go with it), or
 * the account's public profile edited. Published after commit.
 */
export interface ShowcaseChanged {
  accountId: string;
  occurredAt: string;
}

/** Topics of the creator accounts module. */
export type AccountTopics = {
  /** Unrouted: every account. */
  'account.showcaseChanged': [event: ShowcaseChanged];
};

/** Publishes `account.showcaseChanged` after commit (links, showcase edits, plan participation, profile). */
export async function publishShowcaseChanged(deps: Pick<Dependencies, 'events' | 'log' | 'clock'>, accountId: string): Promise<void> {
  await publishAfterCommit(deps.events, deps.log, 'account.showcaseChanged', { accountId, occurredAt: deps.clock.now().toISOString() });
}
