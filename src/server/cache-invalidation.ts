import type { Topics } from '../events.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { EventBus, TopicMap } from '../infra/event-bus.ts';
import { encodeGlobalId } from '../infra/ids.ts';
import type { Logger } from '../infra/logger.ts';
import { type CachedEntity, PUBLIC_LISTS, type ResponseCache } from './response-cache.ts';

/**
 * Keeps the response cache honest: every instance follows the domain events published after commit and
 * drops the cached responses that show what changed. With Redis the entries are shared, so the first
 * instance to react clears them for all; in memory, each instance clears its own.
 *
 * - A product edited, repriced, listed or delisted, a SKU added or removed: the product and SKU, and
 *   for anything but a content edit every list page too (price sorts reorder, listing changes membership).
 * - Stock: a SKU running out or coming back is handled at once like a listing change. Other stock
 *   counts (a flash sale changes them on every order) refresh the product's entries at most once per
 *   `stockWindowMs`: the first change at once, the last one of a burst at the end of the window. So the
 *   count a buyer sees is at most that old, and checkout, which takes stock with a conditional update,
 *   never relies on it.
 * - A shop's sell state (verification, bank account, suspension): the shop, every product and SKU of it,
 *   and every list page.
 * - A showcase edited, a link confirmed or revoked, an account edited: the account's entries (every
 *   showcase page contains its account).
 * - An affiliate plan changed: every list page (showcases are lists).
 *
 * Each invalidation runs again `RACE_REPEAT_MS` later: a read that loaded the old rows before the commit
 * and stored its answer after the first invalidation is gone by then. Should an event be lost (Redis
 * pub/sub delivers at most once), the cache's TTL bounds how long an entry can be stale.
 */

/** How long after an invalidation it is repeated, for reads that were in flight across the commit. */
export const RACE_REPEAT_MS = 1000;

const gid = (typename: string, id: string): CachedEntity => ({ typename, id: encodeGlobalId(typename, id) });

export interface InvalidationOptions {
  events: EventBus<Topics>;
  cache: ResponseCache;
  prisma: PrismaClient;
  stockWindowMs: number;
  log: Logger;
}

export interface InvalidationFollower {
  /**
   * Handles an event as it is published on this instance, before the publish returns: the writer's
   * own response then never races its invalidation (the other instances react when the bus delivers).
   */
  handle(topic: string, event: unknown): Promise<void>;
  close(): Promise<void>;
}

type FollowedTopic =
  | 'catalog.productChanged'
  | 'catalog.stockChanged'
  | 'shop.sellStateChanged'
  | 'shipping.templatesChanged'
  | 'account.showcaseChanged'
  | 'affiliatePlan.changed';

/**
 * The event bus the services publish to, with `beforePublish` run (and awaited) first: the instance
 * that made a change has invalidated what it shows before the change's response goes out.
 */
export function withLocalHandler<T extends TopicMap>(bus: EventBus<T>, beforePublish: (topic: string, event: unknown) => Promise<void>): EventBus<T> {
  const publish = bus.pubSub.publish.bind(bus.pubSub) as (topic: string, ...args: unknown[]) => unknown;
  return {
    ...bus,
    ping: () => bus.ping(),
    close: () => bus.close(),
    pubSub: {
      subscribe: bus.pubSub.subscribe.bind(bus.pubSub),
      publish: (async (topic: string, ...args: unknown[]) => {
        await beforePublish(topic, args[args.length - 1]);
        await publish(topic, ...args);
      }) as typeof bus.pubSub.publish,
    },
  };
}

export function followInvalidations(options: InvalidationOptions): InvalidationFollower {
  const { events, cache, log } = options;
  const timers = new Set<NodeJS.Timeout>();
  /** Per product: entities changed during the current stock window, or null when nothing is pending. */
  const stockWindows = new Map<string, CachedEntity[] | null>();
  let closed = false;

  const drop = async (entities: CachedEntity[]) => {
    try {
      await cache.invalidate(entities);
    } catch (error) {
      log.warn({ err: error }, 'response cache invalidation failed');
    }
  };
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) void run();
    }, ms);
    timers.add(timer);
  };
  const invalidate = async (entities: CachedEntity[]) => {
    await drop(entities);
    later(RACE_REPEAT_MS, () => drop(entities));
  };

  /** Leading and trailing edge: at once, then at most once more per window with what changed meanwhile. */
  const invalidateStockCount = async (productId: string, entities: CachedEntity[]) => {
    if (stockWindows.has(productId)) {
      stockWindows.set(productId, [...(stockWindows.get(productId) ?? []), ...entities]);
      return;
    }
    stockWindows.set(productId, null);
    const closeWindow = async () => {
      const pending = stockWindows.get(productId);
      if (pending) {
        stockWindows.set(productId, null);
        later(options.stockWindowMs, closeWindow);
        await invalidate(pending);
      } else {
        stockWindows.delete(productId);
      }
    };
    later(options.stockWindowMs, closeWindow);
    await invalidate(entities);
  };

  const handlers: { [Topic in FollowedTopic]: (event: Topics[Topic][0]) => Promise<void> } = {
    'catalog.productChanged': async (event) => {
      const entities = [gid('Product', event.productId), ...(event.skuId ? [gid('Sku', event.skuId)] : [])];
      await invalidate(event.change === 'CONTENT' ? entities : [...entities, PUBLIC_LISTS]);
    },
    'catalog.stockChanged': async (event) => {
      const entities = [gid('Product', event.productId), gid('Sku', event.skuId)];
      const crossedZero = (event.stock === 0) !== (event.previousStock === 0);
      if (crossedZero) await invalidate([...entities, PUBLIC_LISTS]);
      else await invalidateStockCount(event.productId, entities);
    },
    'shop.sellStateChanged': async (event) => {
      const [products, skus] = await Promise.all([
        options.prisma.product.findMany({ where: { shopId: event.shopId }, select: { id: true } }),
        options.prisma.sku.findMany({ where: { shopId: event.shopId }, select: { id: true } }),
      ]);
      await invalidate([
        gid('Shop', event.shopId),
        PUBLIC_LISTS,
        ...products.map((product) => gid('Product', product.id)),
        ...skus.map((sku) => gid('Sku', sku.id)),
      ]);
    },
    // A shop's quoted shipping fee is shown on the shop itself.
    'shipping.templatesChanged': async (event) => {
      await invalidate([gid('Shop', event.shopId)]);
    },
    'account.showcaseChanged': async (event) => {
      await invalidate([gid('CreatorAccount', event.accountId)]);
    },
    'affiliatePlan.changed': async (event) => {
      await invalidate([gid('AffiliatePlan', event.planId), PUBLIC_LISTS]);
    },
  };

  const handle = async (topic: string, event: unknown) => {
    if (closed || !(topic in handlers)) return;
    try {
      await (handlers[topic as FollowedTopic] as (event: unknown) => Promise<void>)(event);
    } catch (error) {
      log.warn({ err: error, topic }, 'response cache invalidation failed');
    }
  };

  const subscriptions = (Object.keys(handlers) as FollowedTopic[]).map((topic) => events.pubSub.subscribe(topic as never) as AsyncIterableIterator<unknown>);
  const following = subscriptions.map(async (subscription, index) => {
    const topic = Object.keys(handlers)[index] ?? '';
    for await (const event of subscription) await handle(topic, event);
  });

  return {
    handle,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(subscriptions.map((subscription) => subscription.return?.()));
      await Promise.allSettled(following);
    },
  };
}
