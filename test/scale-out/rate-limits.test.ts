import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServers, type TestServer } from '../support/server.ts';

async function status(server: TestServer): Promise<number> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  await response.body?.cancel();
  return response.status;
}

describe('rate limits across instances', () => {
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    [first, second] = (await startTestServers(2, { RATE_LIMIT_IP_REQUESTS: '6', RATE_LIMIT_WINDOW_SECONDS: '60' })) as [TestServer, TestServer];
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('count one address’s requests for the whole fleet, through Redis', async () => {
    const statuses = await Promise.all([first, second, first, second, first, second, first, second].map(status));
    expect(statuses.filter((code) => code === 200)).toHaveLength(6);
    expect(statuses.filter((code) => code === 429)).toHaveLength(2);
  });
});
