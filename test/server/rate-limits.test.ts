import { afterEach, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { signUp } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const Me = graphql(`
  query RateLimitsMe {
    me { id }
  }
`);

/** Posts `{ __typename }` and answers the HTTP status with the parsed body. */
async function ping(server: TestServer) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] } };
}

describe('rate limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 429 with Retry-After to an address over its request limit, and never to health probes', async () => {
    server = await startTestServer({ RATE_LIMIT_IP_REQUESTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    for (let index = 0; index < 5; index += 1) expect((await ping(server)).status).toBe(200);
    const refused = await ping(server);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      throttleStatus: { maximumAvailable: 5, currentlyAvailable: 0 },
    });
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/ready', server.url));
    expect(ready.status).toBe(200);
  });

  it('admits exactly the limit of many concurrent requests', async () => {
    server = await startTestServer({ RATE_LIMIT_IP_REQUESTS: '10', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const running = server;
    const statuses = await Promise.all(Array.from({ length: 25 }, () => ping(running).then((result) => result.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('spends query cost from each viewer’s own budget, reports what is left, and throttles when it runs out', async () => {
    // Enough for two sign-ups (anonymous: counted against the address) and a few `me` queries each.
    server = await startTestServer({ RATE_LIMIT_COST_POINTS: '40', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const [spender, other] = await Promise.all([signUp(server.client, 'spender'), signUp(server.client, 'other')]);

    const first = await spender.client.request(Me);
    const cost = first.extensions?.cost as { requestedQueryCost: number; throttleStatus: { maximumAvailable: number; currentlyAvailable: number } };
    expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 40, currentlyAvailable: 40 - cost.requestedQueryCost });

    let refusal = first;
    for (let index = 0; index < 40 && !refusal.errors; index += 1) refusal = await spender.client.request(Me);
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refusal.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(refusal.data ?? null).toBeNull();

    // Another user's budget is untouched.
    const fresh = await other.client.request(Me);
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.me?.id).toBeTruthy();
  });

  it('spends nothing on a refused operation: what is left still serves a smaller one', async () => {
    server = await startTestServer({ RATE_LIMIT_COST_POINTS: '30', RATE_LIMIT_WINDOW_SECONDS: '60' });
    // 2 + 3 × (product 1 + shop 1 + category 1) = 11 points, asked anonymously (budget of the address).
    const eleven = '{ products(first: 3) { edges { node { shop { id } category { id } } } } }';
    const left = (response: { extensions?: Record<string, unknown> }) =>
      (response.extensions?.cost as { throttleStatus: { currentlyAvailable: number } }).throttleStatus.currentlyAvailable;
    expect(left(await server.client.raw({ query: eleven }))).toBe(19);
    expect(left(await server.client.raw({ query: eleven }))).toBe(8);
    const refused = await server.client.raw({ query: eleven });
    expect(refused.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(left(refused)).toBe(8);
    // 2 + 3 × 1 = 5 points fit in the 8 left.
    const small = await server.client.raw({ query: '{ products(first: 3) { edges { node { id } } } }' });
    expect(small.errors).toBeUndefined();
    expect(left(small)).toBe(3);
  });
});
