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
  /**
   * How many subscriptions of this instance listen on a topic (with a routing key: on that key's channel),
   * counted once the bus delivers to them: with Redis, once Redis has confirmed the channel's SUBSCRIBE.
   * A subscriber's events are published after this is above 0, never before (tests wait on it).
   */
  listeners(topic: Extract<keyof Topics, string>, routingKey?: string): number;
  /**
   * Calls `listener` each time the bus is connected again after losing its connection. Events published
   * meanwhile may be lost (pub/sub keeps nothing): subscribers that must not miss any re-read their state.
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * `channelPrefix` names this deployment's Redis channels (`REDIS_KEY_PREFIX`): pub/sub channels are not
 * keys, so ioredis's `keyPrefix` does not apply to them, and two deployments on one Redis (staging and
 * production) would otherwise deliver each other's events.
 */
export function createEventBus<Topics extends TopicMap>(options: { redisUrl?: string; channelPrefix?: string; log: Logger }): EventBus<Topics> {
  if (!options.redisUrl) {
    const counted = countListeners(new EventTarget(), () => true);
    return {
      pubSub: createPubSub<Topics>({ eventTarget: counted.target }),
      kind: 'memory',
      ping: async () => true,
      listeners: counted.listeners,
      onReconnect: () => {},
      close: async () => {},
    };
  }
  // Publishing and subscribing need separate connections: a subscribed Redis connection can do nothing else.
  const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);
  const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy });
  // Reconnects quickly (at most every 2 s) so events flow again within seconds of Redis returning; ioredis
  // subscribes the open channels again by itself.
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false, retryStrategy });
  for (const [role, client] of [['publish', publishClient], ['subscribe', subscribeClient]] as const) {
    client.on('error', (error) => options.log.warn({ err: error, role }, 'redis connection error'));
  }
  const reconnectListeners: Array<() => void> = [];
  let lostConnection = false;
  subscribeClient.on('close', () => {
    lostConnection = true;
  });
  subscribeClient.on('ready', () => {
    if (!lostConnection) return;
    lostConnection = false;
    options.log.info('event bus reconnected to redis');
    for (const listener of reconnectListeners) listener();
  });
  // The Redis event target publishes without awaiting: a publish that fails while Redis is away would be
  // an unhandled rejection (which ends the process). It is logged instead; the event is lost, as pub/sub
  // loses it, and subscribers resynchronise on reconnection.
  const prefix = options.channelPrefix ?? '';
  const safePublisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(prefix + channel, message).catch((error: unknown) => {
        options.log.warn({ err: error, channel }, 'event not published: redis unavailable');
        return 0;
      }),
  } as unknown as Redis;
  // Nor does it await its SUBSCRIBE and UNSUBSCRIBE: one that fails (an unsubscribe racing the connection's
  // close at shutdown, a subscribe that outwaits a long outage) is logged rather than left unhandled.
  const settle = (command: string, channel: string) => (error: unknown) => {
    if (subscribeClient.status !== 'end') options.log.warn({ err: error, channel }, `redis ${command} failed`);
    return 0;
  };
  const confirmedChannels = new Set<string>();
  const safeSubscriber = {
    on: (event: 'message', listener: (channel: string, message: string) => void) =>
      subscribeClient.on(event, (channel: string, message: string) => {
        if (channel.startsWith(prefix)) listener(channel.slice(prefix.length), message);
      }),
    subscribe: (channel: string) =>
      subscribeClient.subscribe(prefix + channel).then((count) => {
        confirmedChannels.add(channel);
        return count;
      }, settle('subscribe', channel)),
    unsubscribe: (channel: string) => {
      confirmedChannels.delete(channel);
      return subscribeClient.unsubscribe(prefix + channel).catch(settle('unsubscribe', channel));
    },
  } as unknown as Redis;
  const counted = countListeners(
    createRedisEventTarget({ publishClient: safePublisher, subscribeClient: safeSubscriber }),
    (channel) => confirmedChannels.has(channel),
  );
  return {
    pubSub: createPubSub<Topics>({ eventTarget: counted.target }),
    kind: 'redis',
    listeners: counted.listeners,
    onReconnect: (listener) => {
      reconnectListeners.push(listener);
    },
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
 * Wraps the bus's event target to count the listeners of each channel (`topic` or `topic:routingKey`, as
 * yoga's pub/sub names them); `delivering` says whether a channel's events reach this instance yet.
 * Neither event target counts its own listeners.
 */
function countListeners(target: EventTarget, delivering: (channel: string) => boolean) {
  const counts = new Map<string, number>();
  const wrapped: EventTarget = {
    addEventListener(channel, listener, options) {
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      target.addEventListener(channel, listener, options);
    },
    removeEventListener(channel, listener, options) {
      const left = (counts.get(channel) ?? 1) - 1;
      if (left > 0) counts.set(channel, left);
      else counts.delete(channel);
      target.removeEventListener(channel, listener, options);
    },
    dispatchEvent: (event) => target.dispatchEvent(event),
  };
  return {
    target: wrapped,
    listeners: (topic: string, routingKey?: string) => {
      const channel = routingKey === undefined ? topic : `${topic}:${routingKey}`;
      return delivering(channel) ? (counts.get(channel) ?? 0) : 0;
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
