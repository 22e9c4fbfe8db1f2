import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMain, type MainProcess } from '../support/main-process.ts';

/** Fewer than a page of `myOrders` (100), with the demo order, so that one page counts them all. */
const ATTEMPTS = 60;

const PLACE_ORDER = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) { __typename ... on PlaceOrderPayload { replayed orders { id } } ... on UserError { code message } }
}`;

/**
 * The embedded server killed with SIGKILL while it writes orders, as a laptop losing power or a
 * container evicted: PGlite's data directory comes back on the next start (PostgreSQL's recovery), with
 * every order either whole or absent, stock that matches them, and every key answered on retry.
 */
describe('the embedded server killed while it writes', () => {
  let dataDir: string;
  let url: string;
  let server: MainProcess | undefined;
  const start = async () => {
    server = await startMain({ DATA_DIR: dataDir, PORT: new URL(url).port, RATE_LIMIT_IP_REQUESTS: '100000' });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'seller-center-crash-'));
    url = `http://127.0.0.1:${await freePort()}/graphql`;
    await start();
  }, 300_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: unknown[] };
  }

  it('restarts on the same data with every order whole or absent and every unit accounted for', async () => {
    const login = await graphql<{ logIn: { accessToken: string } }>(
      'mutation { logIn(input: { email: "buyer@example.com", password: "demo-password" }) { ... on AuthPayload { accessToken } } }',
    );
    const token = login.data?.logIn.accessToken ?? '';
    const catalogue = await graphql<{ products: { edges: Array<{ node: { skus: Array<{ id: string; stock: number }> } }> } }>(
      '{ products(first: 20) { edges { node { skus { id stock } } } } }',
    );
    const sku = catalogue.data?.products.edges.flatMap((edge) => edge.node.skus).sort((a, b) => b.stock - a.stock)[0];
    if (!sku) throw new Error('the demo data has no SKU in stock');
    const stockOf = async () => {
      const answer = await graphql<{ node: { stock: number } }>('query($id: ID!) { node(id: $id) { ... on Sku { stock } } }', { id: sku.id });
      return answer.data?.node.stock;
    };
    const orders = async () => {
      const answer = await graphql<{ myOrders: { edges: unknown[] } }>('{ myOrders(first: 100) { edges { cursor } } }', {}, token);
      return answer.data?.myOrders.edges.length ?? 0;
    };
    const [stockBefore, ordersBefore] = [sku.stock, await orders()];
    const input = (key: string) => ({
      items: [{ skuId: sku.id, quantity: 1 }],
      shippingAddress: { recipientName: 'Budi Santoso', phone: '+62 811 2233 4455', line1: 'Jl. Melati No. 5', city: 'Bandung', postalCode: '40115', region: 'ID' },
      idempotencyKey: key,
    });
    const keys = Array.from({ length: ATTEMPTS }, () => `crash-${randomUUID()}`);

    // Killed as soon as the first checkout has been answered, with the others in flight.
    const attempts = keys.map((key) => graphql(PLACE_ORDER, { input: input(key) }, token).catch(() => null));
    await Promise.race(attempts);
    server?.child.kill('SIGKILL');
    await server?.exited;
    await Promise.all(attempts);

    await start();
    const retries = await Promise.all(
      keys.map((key) => graphql<{ placeOrder: { __typename: string; replayed?: boolean; orders?: Array<{ id: string }> } }>(PLACE_ORDER, { input: input(key) }, token)),
    );
    expect(retries.map((retry) => retry.data?.placeOrder.__typename ?? JSON.stringify(retry.errors)).filter((name) => name !== 'PlaceOrderPayload')).toEqual(
      retries.length > stockBefore ? expect.arrayContaining(['OutOfStockError']) : [],
    );
    const placed = new Set(retries.flatMap((retry) => retry.data?.placeOrder.orders?.map((order) => order.id) ?? []));
    expect(retries.some((retry) => retry.data?.placeOrder.replayed)).toBe(true);
    expect(await orders()).toBe(ordersBefore + placed.size);
    expect(await stockOf()).toBe(stockBefore - placed.size);
  }, 300_000);
});
