import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/**
 * The embedded default as a new user meets it: `npm start` with no configuration runs src/main.ts on a
 * PGlite data directory, seeds the demo data once, answers the README's examples, and stops cleanly on
 * SIGTERM. Runs the real entry point in a child process.
 */

const ROOT = new URL('../../', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startMain(dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Seller Center API ready')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited };
}

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('the embedded demo server', () => {
  let dataDir: string;
  let port: number;
  let url: string;
  let server: Started;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'seller-center-demo-'));
    port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    server = await startMain(dataDir, port);
  }, 120_000);

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the URL and the demo sign-ins on first start', () => {
    expect(server.output()).toContain('Demo data loaded');
    expect(server.output()).toContain('seller@example.com / demo-password');
  });

  it('is healthy, ready, and serves GraphiQL to a browser', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('graphql_');
  });

  it('answers every GraphQL example in the README', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(examples.length).toBeGreaterThan(3);
    const logIn = await post(url, `mutation { logIn(input: { email: "seller@example.com", password: "demo-password" }) { ... on AuthPayload { accessToken } } }`);
    const token = (logIn.data?.logIn as { accessToken: string }).accessToken;
    const shops = await post(url, '{ myShops(first: 1) { edges { node { id } } } }', token);
    const shopId = (shops.data?.myShops as { edges: { node: { id: string } }[] }).edges[0]?.node.id ?? '';
    const categories = await post(url, '{ categories { id slug } }');
    const categoryId = (categories.data?.categories as { id: string; slug: string }[]).find((category) => category.slug === 'fashion')?.id ?? '';
    for (const example of examples.filter((text) => !text.trimStart().startsWith('subscription'))) {
      const query = example.replaceAll('<SHOP_ID>', shopId).replaceAll('<CATEGORY_ID>', categoryId);
      const result = await post(url, query, token);
      expect(result.errors, query).toBeUndefined();
      // Typed errors are data, so check for them too. The README's submission example targets the demo
      // shop, which is verified already: INVALID_STATE is the answer it documents.
      const codes = [...JSON.stringify(result.data).matchAll(/"code":"([A-Z_]+)"/g)].map((match) => match[1]);
      expect(codes.filter((code) => code !== 'INVALID_STATE'), query).toEqual([]);
    }
  });

  it('closes WebSockets with 1001 and exits 0 on SIGTERM, then restarts on the same data without reseeding', async () => {
    const socket = createClient({ url: url.replace('http:', 'ws:'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    const closed = new Promise<number>((resolve) => socket.on('closed', (event) => resolve((event as { code: number }).code)));
    await new Promise<void>((resolve) => socket.on('connected', () => resolve()));
    server.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await server.exited).toBe(0);

    server = await startMain(dataDir, port);
    expect(server.output()).not.toContain('Demo data loaded');
    const products = await post(url, '{ products(first: 10) { edges { node { title } } } }');
    expect((products.data?.products as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
