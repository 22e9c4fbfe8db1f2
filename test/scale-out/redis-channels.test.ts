import { afterAll, describe, expect, inject, it } from 'vitest';
import { createEventBus, type EventBus } from '../../src/infra/event-bus.ts';
import { createLogger } from '../../src/infra/logger.ts';

type TestTopics = { 'test.changed': [string, { value: number }] };

/**
 * Two deployments on one Redis (`REDIS_KEY_PREFIX` apart) hear only their own events; instances of one
 * deployment hear each other's.
 */
describe('event bus channels on a shared Redis', () => {
  const buses: EventBus<TestTopics>[] = [];
  const busOf = (channelPrefix: string) => {
    const bus = createEventBus<TestTopics>({ redisUrl: inject('redisUrl'), channelPrefix, log: createLogger('silent') });
    buses.push(bus);
    return bus;
  };
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it("delivers an event to the instances of its deployment and not to another deployment's", async () => {
    const [blue, blueToo, green] = [busOf('blue:'), busOf('blue:'), busOf('green:')];
    const key = crypto.randomUUID();
    const onBlue = blueToo.pubSub.subscribe('test.changed', key);
    const onGreen = green.pubSub.subscribe('test.changed', key);
    const blueFirst = onBlue.next();
    const greenFirst = onGreen.next();
    await expect.poll(() => blueToo.listeners('test.changed', key) + green.listeners('test.changed', key)).toBe(2);

    await blue.pubSub.publish('test.changed', key, { value: 1 });
    expect(await blueFirst).toEqual({ done: false, value: { value: 1 } });
    // Redis delivers in the order it runs the publications: had green heard blue's, it would come first.
    await green.pubSub.publish('test.changed', key, { value: 2 });
    expect(await greenFirst).toEqual({ done: false, value: { value: 2 } });
    await Promise.all([onBlue.return?.(), onGreen.return?.()]);
  });
});
