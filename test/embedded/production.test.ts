import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, post, spawnMain, startMain, type MainProcess } from '../support/main-process.ts';

/**
 * `NODE_ENV=production` on the embedded database, as an operator first starts it: the data directory
 * does not exist yet, and the demo data with its public sign-ins must never appear.
 */

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'production-secret-production-secret-0123456789',
  ENCRYPTION_KEY: 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
};

describe('production mode on the embedded database', () => {
  let parent: string;
  let dataDir: string;
  let url: string;
  let server: MainProcess;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'seller-center-production-'));
    // Two levels that do not exist yet.
    dataDir = join(parent, 'var', 'seller-center');
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    server = await startMain({ ...PRODUCTION, DATA_DIR: dataDir, PORT: String(port) });
  }, 300_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await rm(parent, { recursive: true, force: true });
  });

  it('creates a missing DATA_DIR and keeps the database in it', async () => {
    expect((await stat(join(dataDir, 'pglite'))).isDirectory()).toBe(true);
    expect((await fetch(url.replace('/graphql', '/ready'))).status).toBe(200);
  });

  it('seeds no demo data: the documented demo sign-ins do not work and the catalogue is empty', async () => {
    expect(server.output()).not.toContain('Demo data loaded');
    expect(server.output()).not.toContain('demo-password');
    for (const email of ['staff@example.com', 'seller@example.com']) {
      const logIn = await post(url, `mutation { logIn(input: { email: "${email}", password: "demo-password" }) { __typename ... on UserError { code } } }`);
      expect(logIn.data?.logIn).toMatchObject({ __typename: 'InvalidCredentialsError' });
    }
    const catalogue = await post(url, '{ products(first: 5) { edges { node { id } } } categories { id } }');
    expect(catalogue.data).toEqual({ products: { edges: [] }, categories: [] });
  });

  it('logs each request’s SQL statement count without telling the client', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'production-statements' },
      body: JSON.stringify({ query: '{ products(first: 1) { edges { node { id } } } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sql-statements')).toBeNull();
    await expect.poll(() => server.output()).toMatch(/"requestId":"production-statements"[^\n]*"sqlStatements":[1-9]/);
  });

  it('refuses to start when asked to seed the demo data', async () => {
    const port = await freePort();
    const refused = spawnMain({ ...PRODUCTION, DATA_DIR: join(parent, 'seeded'), PORT: String(port), SEED_DEMO_DATA: 'true' });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('SEED_DEMO_DATA cannot be on when NODE_ENV=production');
  }, 60_000);
});
