import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

/**
 * Counts who is present in a room (viewers of a live stream) over every server instance. Each instance
 * reports its own count per room; the total is the sum over instances that are alive.
 */
export interface PresenceCounter {
  /** Sets this instance's count for a room. */
  set(room: string, count: number): void;
  /** The count over every live instance. */
  total(room: string): Promise<number>;
  /** False while the shared store is unreachable (counts are then this instance's own). */
  readonly healthy: boolean;
  close(): Promise<void>;
}

/** One instance: the counts are this process's own. */
export function memoryPresence(): PresenceCounter {
  const counts = new Map<string, number>();
  return {
    healthy: true,
    set: (room, count) => {
      if (count > 0) counts.set(room, count);
      else counts.delete(room);
    },
    total: async (room) => counts.get(room) ?? 0,
    close: async () => {},
  };
}

/**
 * Several instances on one Redis. Each room is a hash `presence:<room>` of instance id → count; each
 * instance keeps a key `presence-instance:<id>` alive with a TTL and rewrites all its counts on every
 * heartbeat (which also keeps the room's hash from expiring). The total sums only the fields whose
 * instance key still exists, so the viewers of an instance that dies without closing (killed, network
 * cut) stop counting within the TTL, and counts lost during a Redis outage are written again by the
 * first heartbeat after it.
 */
export function redisPresence(options: { redis: Redis; keyPrefix: string; ttlSeconds: number; log: Logger }): PresenceCounter {
  const { redis, keyPrefix, ttlSeconds, log } = options;
  const instanceId = randomUUID();
  const counts = new Map<string, number>();
  const roomKey = (room: string) => `${keyPrefix}presence:${room}`;
  const instanceKey = (id: string) => `${keyPrefix}presence-instance:${id}`;
  let healthy = true;

  // A room's hash expires with the last instance that writes it: the fields of instances that died are
  // otherwise removed only when another instance sums the room, which may never happen again.
  async function write(room: string, count: number): Promise<void> {
    if (count > 0) await redis.multi().hset(roomKey(room), instanceId, count).expire(roomKey(room), ttlSeconds).exec();
    else await redis.hdel(roomKey(room), instanceId);
  }

  async function heartbeat(): Promise<void> {
    try {
      const pipeline = redis.multi().set(instanceKey(instanceId), '1', 'EX', ttlSeconds);
      for (const [room, count] of counts) pipeline.hset(roomKey(room), instanceId, count).expire(roomKey(room), ttlSeconds);
      await pipeline.exec();
      healthy = true;
    } catch (error) {
      if (healthy) log.warn({ err: error }, 'presence heartbeat failed; viewer counts are this instance’s own until Redis returns');
      healthy = false;
    }
  }
  const timer = setInterval(() => void heartbeat(), Math.max(500, (ttlSeconds * 1000) / 3));
  timer.unref();
  // At once when connected, and again whenever the connection comes back.
  if (redis.status === 'ready') void heartbeat();
  redis.on('ready', () => void heartbeat());

  return {
    get healthy() {
      return healthy;
    },
    set: (room, count) => {
      if (count > 0) counts.set(room, count);
      else counts.delete(room);
      write(room, count).catch(() => {
        // The next heartbeat writes it again.
      });
    },
    total: async (room) => {
      const own = counts.get(room) ?? 0;
      try {
        const fields = await redis.hgetall(roomKey(room));
        const ids = Object.keys(fields).filter((id) => id !== instanceId);
        if (ids.length === 0) return own;
        const alive = await redis.mget(ids.map(instanceKey));
        let total = own;
        const dead: string[] = [];
        ids.forEach((id, index) => {
          if (alive[index]) total += Number(fields[id] ?? 0);
          else dead.push(id);
        });
        if (dead.length > 0) await redis.hdel(roomKey(room), ...dead);
        return total;
      } catch {
        return own;
      }
    },
    close: async () => {
      clearInterval(timer);
      try {
        const pipeline = redis.multi().del(instanceKey(instanceId));
        for (const room of counts.keys()) pipeline.hdel(roomKey(room), instanceId);
        await pipeline.exec();
      } catch {
        // The instance key expires by itself.
      }
    },
  };
}
