import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildSchema } from '../../src/schema/index.ts';
import { freePort, post, startMain, type MainProcess } from '../support/main-process.ts';

/**
 * The embedded default as a new user meets it: `npm start` with no configuration runs src/main.ts on a
 * PGlite data directory, seeds the demo data once, answers the README's examples, and stops cleanly on
 * SIGTERM. Runs the real entry point in a child process.
 */

const ROOT = new URL('../../', import.meta.url).pathname;

// Delivered orders complete at the next sweep, so the README's order walk-through ends COMPLETED.
const startDemo = (dataDir: string, port: number) => startMain({ DATA_DIR: dataDir, PORT: String(port), ORDER_AUTO_COMPLETE_HOURS: '0' });

describe('the embedded demo server', () => {
  let dataDir: string;
  let port: number;
  let url: string;
  let server: MainProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'seller-center-demo-'));
    port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    server = await startDemo(dataDir, port);
  }, 300_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
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

  it('answers every GraphQL example in the README, in order, as the user each one names', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(examples.length).toBeGreaterThan(3);
    const tokens = new Map<string, string>();
    const tokenOf = async (email: string) => {
      const known = tokens.get(email);
      if (known) return known;
      const logIn = await post(url, `mutation { logIn(input: { email: "${email}", password: "demo-password" }) { ... on AuthPayload { accessToken } } }`);
      const token = (logIn.data?.logIn as { accessToken?: string } | undefined)?.accessToken;
      if (!token) throw new Error(`cannot log in as ${email}`);
      tokens.set(email, token);
      return token;
    };
    const shops = await post(url, '{ myShops(first: 1) { edges { node { id } } } }', await tokenOf('seller@example.com'));
    const categories = await post(url, '{ categories { id slug } }');
    const fixed: Record<string, string> = {
      SHOP_ID: (shops.data?.myShops as { edges: { node: { id: string } }[] }).edges[0]?.node.id ?? '',
      CATEGORY_ID: (categories.data?.categories as { id: string; slug: string }[]).find((category) => category.slug === 'fashion')?.id ?? '',
    };
    // `<LINK_ID>`, `<PLAN_ID_2>`…: the ids of that type in the latest answer that had any, as a reader copies them.
    const latest = new Map<string, string[]>();
    const typeOf: Record<string, string> = {
      SHOP: 'Shop',
      LINK: 'AccountLink',
      PLAN: 'AffiliatePlan',
      PRODUCT: 'Product',
      ACCOUNT: 'CreatorAccount',
      SKU: 'Sku',
      ORDER: 'Order',
      ITEM: 'OrderItem',
      PACKAGE: 'Package',
      STREAM: 'LiveStream',
    };
    const answers = new Map<string, unknown>();

    for (const example of examples.filter((text) => !text.trimStart().startsWith('subscription'))) {
      const query = example.replaceAll('<ONE_WEEK_FROM_NOW>', new Date(Date.now() + 7 * 86_400_000).toISOString()).replace(/<([A-Z]+)_ID(?:_(\d+))?>/g, (placeholder, kind: string, index?: string) => {
        const value = index === undefined && fixed[`${kind}_ID`] ? fixed[`${kind}_ID`] : latest.get(typeOf[kind] ?? '')?.[Number(index ?? 1) - 1];
        if (!value) throw new Error(`${placeholder} has no value before:\n${example}`);
        return value;
      });
      const signedInAs = /^#\s*As (\S+@[\w.-]+\w)/m.exec(example)?.[1] ?? 'seller@example.com';
      const result = await post(url, query, await tokenOf(signedInAs));
      expect(result.errors, query).toBeUndefined();
      const seen = new Map<string, string[]>();
      for (const [id, type] of [...JSON.stringify(result.data).matchAll(/"(gid:\/\/seller-center\/(\w+)\/[0-9a-f-]+)"/g)].map((match) => [match[1], match[2]])) {
        if (type && id && !seen.get(type)?.includes(id)) seen.set(type, [...(seen.get(type) ?? []), id]);
      }
      for (const [type, ids] of seen) latest.set(type, ids);
      answers.set(/(?:query|mutation) (\w+)/.exec(example)?.[1] ?? '', result.data);
      // Typed errors are data, so check for them too: an example may answer only the codes its text names
      // (the README's refusals), and INVALID_STATE for the submission of the already verified demo shop.
      const codes = [...JSON.stringify(result.data).matchAll(/"code":"([A-Z_]+)"/g)].map((match) => match[1] ?? '');
      expect(codes.filter((code) => code !== 'INVALID_STATE' && !example.includes(code)), query).toEqual([]);
    }

    // The walk-through ends as SPEC §5 says: Dewi shows all of Toko Siti, automatically; Rina mixes four shops.
    type Showcase = { showcase: { edges: { node: { source: string; product: { shop: { name: string } } } }[] } };
    const showcases = answers.get('Showcases') as { dewi: Showcase; rina: Showcase };
    const summary = (account: Showcase) => account.showcase.edges.map(({ node }) => `${node.source} ${node.product.shop.name}`).sort();
    expect(new Set(summary(showcases.dewi))).toEqual(new Set(['OFFICIAL Toko Siti']));
    expect(summary(showcases.dewi).length).toBeGreaterThan(1);
    expect(summary(showcases.rina)).toEqual(['AFFILIATE Dapur Rempah', 'AFFILIATE Rumah Rotan', 'AFFILIATE Toko Siti', 'MARKETING Batik Nusantara']);

    // The promotions walk-through: the demo flash deal runs, and the product page follows each new promotion.
    type Priced = { node: { currentPrice: { min: { amount: string } }; activePromotion: { kind: string } | null } };
    type Card = Priced['node'] & { title: string };
    const shopPrices = (answers.get('ShopPrices') as { node: { products: { edges: { node: Card }[] } } }).node.products.edges.map(({ node }) => node);
    expect(shopPrices.find((product) => product.title.startsWith('Kopi Gayo'))).toMatchObject({ currentPrice: { min: { amount: '69000.00' } }, activePromotion: { kind: 'FLASH_DEAL' } });
    const page = (name: string) => (answers.get(name) as Priced).node;
    expect(page('TotePage')).toMatchObject({ currentPrice: { min: { amount: '60000.00' } }, activePromotion: { kind: 'PERCENT_OFF' } });
    expect(page('TotePageAgain')).toMatchObject({ currentPrice: { min: { amount: '49000.00' } }, activePromotion: { kind: 'FLASH_DEAL' } });

    // The order was bought from Dewi's live stream.
    const placed = answers.get('Checkout') as { placeOrder: { orders: { channel: string }[] } };
    expect(placed.placeOrder.orders.map((order) => order.channel)).toEqual(['LIVE']);
    // The order walk-through ends as SPEC §7 says: delivered in two packages, then completed by the sweep.
    const myOrder = answers.get('MyOrder') as { node: { packages: { status: string }[] } };
    expect(myOrder.node.packages.map((pkg) => pkg.status)).toEqual(['DELIVERED', 'DELIVERED']);
    const orderId = latest.get('Order')?.[0] ?? '';
    const deadline = Date.now() + 10_000;
    let status = '';
    while (status !== 'COMPLETED' && Date.now() < deadline) {
      const order = await post(url, `{ node(id: "${orderId}") { ... on Order { status } } }`, await tokenOf('buyer@example.com'));
      status = (order.data?.node as { status: string }).status;
      if (status !== 'COMPLETED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('COMPLETED');

    // The subscriptions the README shows: each is a valid document for this schema, and those with
    // something to show at once show it over graphql-ws, as the user each one names: the overlay's
    // first message is the stream's state, and the order dashboard replays the shop's order events.
    const subscriptions = [...readme.matchAll(/```(?:graphql|text)\n(subscription [\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(subscriptions.map((text) => /subscription (\w+)/.exec(text)?.[1]).sort()).toEqual(['Commissions', 'Overlay', 'ShopOrders', 'Verification']);
    const schema = buildSchema();
    for (const text of subscriptions) expect(validate(schema, parse(text)), text).toEqual([]);
    const firstMessage = async (text: string, variables: Record<string, unknown>, email: string) => {
      const client = createClient({ url: url.replace('http:', 'ws:'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${await tokenOf(email)}` } });
      try {
        for await (const result of client.iterate({ query: text.replaceAll('<SHOP_ID>', fixed.SHOP_ID ?? ''), variables })) return result;
        return null;
      } finally {
        await client.dispose();
      }
    };
    const example = (name: string) => subscriptions.find((text) => text.startsWith(`subscription ${name}`)) ?? '';
    const overlay = await firstMessage(example('Overlay'), { id: latest.get('LiveStream')?.[0] }, 'buyer@example.com');
    expect(overlay?.errors).toBeUndefined();
    expect(overlay?.data?.liveEvents).toMatchObject({ __typename: 'LiveStateEvent' });
    const dashboard = await firstMessage(example('ShopOrders'), {}, 'seller@example.com');
    expect(dashboard?.errors).toBeUndefined();
    expect(dashboard?.data?.shopOrderEvents).toMatchObject({ orderId: expect.any(String), sequence: expect.any(String) });
  });

  it('closes WebSockets with 1001 and exits 0 on SIGTERM, then restarts on the same data without reseeding', async () => {
    // The close is what the test waits for, not an error to report.
    const socket = createClient({ url: url.replace('http:', 'ws:'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
    const closed = new Promise<number>((resolve) => socket.on('closed', (event) => resolve((event as { code: number }).code)));
    await new Promise<void>((resolve) => socket.on('connected', () => resolve()));
    server.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await server.exited).toBe(0);

    server = await startDemo(dataDir, port);
    expect(server.output()).not.toContain('Demo data loaded');
    const products = await post(url, '{ products(first: 10) { edges { node { title } } } }');
    expect((products.data?.products as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 300_000);
});
