import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/infra/logger.ts';
import { goLive, last, pin, startLiveWorld, until, watch, type LiveWorld, type Viewer } from './helpers.ts';

// A full garbage collection on demand, to see which objects are still held rather than guess from memory use.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The server's logger, with a weak reference to every child logger it makes: each operation's context
 * has one of its own (with the request id), so a child still alive means a context still held.
 */
function watchedLogger(): { log: Logger; children: WeakRef<object>[] } {
  const log = createLogger('silent');
  const children: WeakRef<object>[] = [];
  const child = log.child.bind(log);
  log.child = ((...args: Parameters<Logger['child']>) => {
    const made = child(...args);
    children.push(new WeakRef(made));
    return made;
  }) as Logger['child'];
  return { log, children };
}

describe('liveEvents broadcast', () => {
  let world: LiveWorld;
  let watched: ReturnType<typeof watchedLogger>;
  beforeAll(async () => {
    watched = watchedLogger();
    world = await startLiveWorld({}, { log: watched.log });
    await goLive(world, world.streamId);
  });
  afterAll(async () => {
    await world.server.close();
  });

  it('keeps no per-operation context for a subscriber once it has joined its group, and goes on serving it', async () => {
    const from = watched.children.length;
    const viewers: Viewer[] = Array.from({ length: 10 }, () => watch(world.server.client.subscriptions(), world.streamId));
    await until(() => viewers.forEach((viewer) => expect(viewer.messages.length).toBeGreaterThan(0)));
    const made = watched.children.slice(from);
    // One context per subscribe at least (plus the group's own, one per execution).
    expect(made.length).toBeGreaterThanOrEqual(viewers.length);

    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const alive = made.filter((ref) => ref.deref() !== undefined);
    expect(alive).toHaveLength(0);

    await pin(world.host.holder, world.streamId, world.shop.productIds[1] as string);
    await until(() => viewers.forEach((viewer) => expect(last(viewer, 'LiveProductPinnedEvent')?.product?.id).toBe(world.shop.productIds[1])));
    expect(viewers.flatMap((viewer) => viewer.errors)).toEqual([]);
    await Promise.all(viewers.map((viewer) => viewer.client.dispose()));
  });
});
