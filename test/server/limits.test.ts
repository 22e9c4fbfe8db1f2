import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.ts';
import { signUp } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MyShops = graphql(`
  query MyShopsPage($first: Int!) {
    myShops(first: $first) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
  }
`);

describe('abuse limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_QUERY_COST: '500', MAX_BODY_BYTES: '20000', MAX_QUERY_DEPTH: '5' });
  });
  afterAll(() => server.close());

  it('reports each query’s cost in extensions, as Shopify does', async () => {
    const user = await signUp(server.client);
    const result = await user.client.request(MyShops, { first: 10 });
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number), maximumAvailable: 500 });
    const bigger = await user.client.request(MyShops, { first: 40 });
    const cost = (response: typeof result) => (response.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost;
    expect(cost(bigger)).toBeGreaterThan(cost(result));
  });

  it('refuses a query whose cost is over the maximum before running it, and reports it with 400', async () => {
    const user = await signUp(server.client);
    // 3 × (2 + 100 × (node 1 + members list 1 + 10 × 0)) = 606 > 500
    const page = 'myShops(first: 100) { edges { node { id name members { role } } } }';
    const query = `{ a: ${page} b: ${page} c: ${page} }`;
    const result = await user.client.raw({ query });
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(result.extensions?.cost).toMatchObject({ requestedQueryCost: 606, maximumAvailable: 500 });
  });

  it('prices the operation that runs, not the first one of the document', async () => {
    const user = await signUp(server.client);
    const page = 'myShops(first: 100) { edges { node { id name members { role } } } }';
    const query = `query Cheap { __typename } query Costly { a: ${page} b: ${page} c: ${page} }`;
    const result = await user.client.raw({ query, operationName: 'Costly' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(result.extensions?.cost).toMatchObject({ requestedQueryCost: 606 });
    const cheap = await user.client.raw({ query, operationName: 'Cheap' });
    expect(cheap.data).toEqual({ __typename: 'Query' });
  });

  it('answers variables that do not coerce with their error and no cost', async () => {
    const user = await signUp(server.client);
    const mutation = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename } }';
    const result = await user.client.raw({ query: mutation, variables: { input: { items: 'none' } } });
    expect(result.errors?.[0]?.message).toMatch(/Variable "\$input" got invalid value/);
    expect(result.extensions?.cost).toBeUndefined();
  });

  it('caps pages at 100 items with a clear error', async () => {
    const user = await signUp(server.client);
    const result = await user.client.request(MyShops, { first: 101 });
    expect(result.errors?.[0]?.message).toMatch(/At most 100 items per page/);
    expect(result.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_INVALID');
    expect(result.status).toBe(400);
  });

  it('refuses queries that are too deep, have too many aliases or too many tokens', async () => {
    // This server allows a depth of 5: myShops > edges > node > members > user > id is 6 deep.
    const tooDeep = await server.client.raw({ query: '{ myShops(first: 1) { edges { node { members { user { id } } } } } }' });
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const deepEnough = await server.client.raw({ query: '{ myShops(first: 1) { edges { node { members { role } } } } }' });
    expect(deepEnough.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const aliases = `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: me { id }`).join(' ')} }`;
    const tooManyAliases = await server.client.raw({ query: aliases });
    expect(tooManyAliases.errors?.[0]?.message).toMatch(/aliases/i);

    const tokens = `{ ${'me { id } '.repeat(600)} }`;
    const tooManyTokens = await server.client.raw({ query: tokens });
    expect(tooManyTokens.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses request bodies over the size limit, and bodies of unknown length', async () => {
    const huge = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }`, variables: { padding: 'x'.repeat(30_000) } }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });
});

/** Shopify's cost model, with the worked examples of the README's "Query cost" section. */
describe('query cost model', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const cost = (response: { extensions?: Record<string, unknown> }) => (response.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost;

  it('lets a full page of 50 product cards through: 2 + 50 × 11 = 552 of 1000', async () => {
    const cards = `{
      products(first: 50) {
        edges { cursor node {
          id title status
          shop { id name }
          priceRange { min { amount currencyCode } max { amount currencyCode } }
          skus { id sellerSku stock price { amount currencyCode } }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const result = await server.client.raw({ query: cards });
    expect(result.errors).toBeUndefined();
    expect(cost(result)).toBe(552);
  });

  it('prices scalars at nothing and objects at 1', async () => {
    const scalars = await server.client.raw({ query: '{ products(first: 10) { edges { node { id title description status } } } }' });
    expect(cost(scalars)).toBe(2 + 10 * 1);
    const withShop = await server.client.raw({ query: '{ products(first: 10) { edges { node { id shop { id } } } } }' });
    expect(cost(withShop)).toBe(2 + 10 * 2);
  });

  it('still refuses nested connections of 100: 2 + 100 × (1 + 1 + 5 × (2 + 100 × 1)) = 51202', async () => {
    const result = await server.client.raw({
      query: '{ products(first: 100) { edges { node { skus { changes(first: 100) { edges { node { oldStock } } } } } } } }',
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(cost(result)).toBe(51202);
  });
});
