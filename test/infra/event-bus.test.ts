import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEventBus, type EventBus } from '../../src/infra/event-bus.ts';
import { createLogger } from '../../src/infra/logger.ts';

type TestTopics = { 'test.changed': [string, { value: number }] };

/**
 * The bus's listener count, which tests wait on before they change what a subscriber follows: in-process
 * on the embedded run, Redis on the PostgreSQL run, as the servers of each run use.
 */
describe('event bus listeners', () => {
  const onRedis = process.env.TEST_DATABASE === 'postgres';
  let bus: EventBus<TestTopics>;
  beforeAll(() => {
    bus = createEventBus<TestTopics>({ redisUrl: onRedis ? inject('redisUrl') : undefined, log: createLogger('silent') });
  });
  afterAll(async () => {
    await bus?.close();
  });

  it(`counts a subscription once the bus delivers to it (${onRedis ? 'after Redis confirms it' : 'at once'}), and no longer once it ends`, async () => {
    const key = crypto.randomUUID();
    const subscription = bus.pubSub.subscribe('test.changed', key);
    expect(bus.listeners('test.changed', key)).toBe(0);
    const first = subscription.next();
    // Redis has not answered the SUBSCRIBE within the same turn of the event loop.
    expect(bus.listeners('test.changed', key)).toBe(onRedis ? 0 : 1);
    await expect.poll(() => bus.listeners('test.changed', key)).toBe(1);
    expect(bus.listeners('test.changed', crypto.randomUUID())).toBe(0);

    const second = bus.pubSub.subscribe('test.changed', key);
    const secondFirst = second.next();
    await expect.poll(() => bus.listeners('test.changed', key)).toBe(2);
    await bus.pubSub.publish('test.changed', key, { value: 7 });
    expect(await first).toEqual({ done: false, value: { value: 7 } });
    expect(await secondFirst).toEqual({ done: false, value: { value: 7 } });

    await second.return?.();
    expect(bus.listeners('test.changed', key)).toBe(1);
    await subscription.return?.();
    expect(bus.listeners('test.changed', key)).toBe(0);
  });
});
