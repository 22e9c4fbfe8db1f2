import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

/** A topic map: each topic's publish arguments, `[routingKey, payload]` or `[payload]`. */
export type TopicMap = Record<string, [unknown] | [string, unknown]>;

/**
 * The event bus. Without Redis it is in-process (one server instance); with Redis every event reaches the
 * subscribers of every instance. Payloads must be JSON-safe (ids and amounts as strings) because they
 * cross Redis as JSON.
 */
export interface EventBus<Topics extends TopicMap> {
  readonly pubSub: PubSub<Topics>;
  readonly kind: 'memory' | 'redis';
  /** True when the bus can deliver events (for the readiness probe). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createEventBus<Topics extends TopicMap>(options: { redisUrl?: string; log: Logger }): EventBus<Topics> {
  if (!options.redisUrl) {
    return {
      pubSub: createPubSub<Topics>(),
      kind: 'memory',
      ping: async () => true,
      close: async () => {},
    };
  }
  // Publishing and subscribing need separate connections: a subscribed Redis connection can do nothing else.
  const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false });
  for (const [role, client] of [['publish', publishClient], ['subscribe', subscribeClient]] as const) {
    client.on('error', (error) => options.log.warn({ err: error, role }, 'redis connection error'));
  }
  return {
    pubSub: createPubSub<Topics>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) }),
    kind: 'redis',
    ping: async () => {
      try {
        return (await publishClient.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

/**
 * Publishes an event after the transaction that caused it has committed. The write stands even if the
 * bus is down, so a failed publish is logged, not thrown.
 */
export async function publishAfterCommit<Topics extends TopicMap, Topic extends Extract<keyof Topics, string>>(
  bus: EventBus<Topics>,
  log: Logger,
  topic: Topic,
  ...args: Topics[Topic]
): Promise<void> {
  try {
    await bus.pubSub.publish(topic, ...args);
  } catch (error) {
    log.warn({ err: error, topic }, 'could not publish an event');
  }
}
