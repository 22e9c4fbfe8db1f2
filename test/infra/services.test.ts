// The real servers started by the global setup are reachable from every
// project, including the embedded one: each test file may rely on them.
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('test servers', () => {
  it('PostgreSQL answers queries', async () => {
    const client = new pg.Client({ connectionString: inject('postgresUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number; settings: string }>(
        "select 1 as one, current_setting('fsync') || ',' || current_setting('max_connections') as settings",
      );
      expect(rows).toEqual([{ one: 1, settings: 'off,200' }]);
    } finally {
      await client.end();
    }
  });

  it('Redis answers PING', async () => {
    const redis = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });
});
