import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('observability', () => {
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    server = await startTestServer();
    base = server.url.origin;
  });
  afterAll(() => server.close());

  it('answers /health while the process is up and /ready while the database and event bus answer', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('reports not ready once the database is gone', async () => {
    const other = await startTestServer();
    await other.running.database.close();
    const response = await fetch(`${other.url.origin}/ready`);
    expect(response.status).toBe(503);
    await other.close();
  });

  it('exposes Prometheus metrics of GraphQL operations', async () => {
    await server.client.raw({ query: '{ me { id } }' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/graphql_envelop_phase_execute/);
  });

  it('echoes a well-formed x-request-id and makes one up otherwise', async () => {
    const given = await server.client.raw({ query: '{ __typename }' }, { 'x-request-id': 'trace-123' });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const invalid = await server.client.raw({ query: '{ __typename }' }, { 'x-request-id': 'bad id with spaces' });
    expect(invalid.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
