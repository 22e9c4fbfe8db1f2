import { publishAfterCommit } from '../../infra/event-bus.ts';
import type { Dependencies } from '../../services.ts';

/**
 * A shop's shipping templates changed (created, edited, made the default, deleted), so the shipping fee
 * it quotes may have changed. Published after commit.
 */
export interface ShippingTemplatesChanged {
  shopId: string;
  occurredAt: string;
}

/** Topics of the shipping module. */
export type ShippingTopics = {
  /** Unrouted: every shop. */
  'shipping.templatesChanged': [event: ShippingTemplatesChanged];
};

/** Publishes `shipping.templatesChanged` after commit. */
export async function publishTemplatesChanged(deps: Pick<Dependencies, 'events' | 'log' | 'clock'>, shopId: string): Promise<void> {
  await publishAfterCommit(deps.events, deps.log, 'shipping.templatesChanged', { shopId, occurredAt: deps.clock.now().toISOString() });
}
