import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs JSON asking for graphql-response+json, as a spec-following client does. */
async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** A request error as the GraphQL over HTTP spec wants it: 4xx, no `data`, and a code on every error. */
function expectRequestError(answer: Answer, code: string | RegExp): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(answer.body).not.toHaveProperty('data');
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  for (const error of answer.body.errors ?? []) expect(error.extensions?.code).toEqual(expect.any(String));
  expect(answer.body.errors?.[0]?.extensions?.code).toMatch(code);
  // Only a document that does not parse is a syntax error; an operation over a limit is not.
  if (code !== 'GRAPHQL_PARSE_FAILED') expect(answer.body.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
}

const PRODUCT_ID = 'gid://seller-center/Product/0190a0a0-0000-7000-8000-000000000000';

// Depth 8 once inlined (products > edges > node > skus > product > category > parent > name), spread over
// fragments as Relay and Apollo build queries: each spread is one level of nesting in the document.
const FRAGMENT_BUILT = /* GraphQL */ `
  query CardPage { products(first: 2) { ...ProductList } }
  fragment ProductList on QueryProductsConnection { edges { ...ProductEdge } }
  fragment ProductEdge on QueryProductsConnectionEdge { node { ...ProductCard } }
  fragment ProductCard on Product { skus { ...SkuRow } }
  fragment SkuRow on Sku { product { ...ProductCategory } }
  fragment ProductCategory on Product { category { ...CategoryParent } }
  fragment CategoryParent on Category { parent { name } }
`;

describe('GraphQL over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_QUERY_DEPTH: '8', MAX_QUERY_COST: '1000', CORS_ORIGINS: 'https://seller.example.com' });
  });
  afterAll(() => server.close());

  it('passes every MUST of the graphql-http audit', async () => {
    const results = await auditServer({ url: server.url.href });
    const failedMusts = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
    expect(failedMusts.map((result) => `${result.name}: ${('reason' in result ? result.reason : '')}`)).toEqual([]);
  });

  it('counts depth on the flattened operation, so fragment-built client queries pass', async () => {
    const fits = await post(server, { query: FRAGMENT_BUILT });
    expect(fits.body.errors).toBeUndefined();
    expect(fits.status).toBe(200);

    const oneDeeper = FRAGMENT_BUILT.replace('parent { name }', 'parent { parent { name } }');
    const refused = await post(server, { query: oneDeeper });
    expectRequestError(refused, 'QUERY_TOO_DEEP');
    expect(refused.body.errors?.[0]?.message).toMatch(/depth limit of 8 exceeded, found 9/);
  });

  it('answers 4xx with a code and no data to each limit an operation breaks before it runs', async () => {
    expectRequestError(await post(server, { query: `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: me { id }`).join(' ')} }` }), 'TOO_MANY_ALIASES');
    expectRequestError(await post(server, { query: `{ ${'__typename '.repeat(2001)} }` }), 'TOO_MANY_TOKENS');
    expectRequestError(await post(server, { query: `{ __typename ${'@include(if: true) '.repeat(51)} }` }), 'TOO_MANY_DIRECTIVES');
    expectRequestError(await post(server, { query: '{ products(first: 101) { edges { node { id } } } }' }), 'PAGE_SIZE_INVALID');
    expectRequestError(await post(server, { query: 'query ($n: Int!) { products(first: $n) { edges { node { id } } } }', variables: { n: -1 } }), 'PAGE_SIZE_INVALID');
    const badId = await post(server, { query: '{ node(id: "not-an-id") { id } }' });
    expectRequestError(badId, 'VALIDATION_FAILED');
    expect(badId.body.errors?.[0]?.extensions?.field).toEqual(['id']);
    expectRequestError(await post(server, { query: 'query P { ...F } fragment F on Query { nodes(ids: ["gid://seller-center/Shop/1"]) { id } }' }), 'VALIDATION_FAILED');
    expectRequestError(await post(server, { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: 'gid://seller-center/Product/42' } }), 'VALIDATION_FAILED');
    expectRequestError(await post(server, { query: 'query ($n: Int!) { products(first: $n) { edges { node { id } } } }', variables: { n: 'ten' } }), 'BAD_USER_INPUT');
    expectRequestError(await post(server, { query: '{ products(first: 1) { edges { node { nope } } } }' }), 'GRAPHQL_VALIDATION_FAILED');
    expectRequestError(await post(server, { query: '{ products(first: 1) {' }), 'GRAPHQL_PARSE_FAILED');
    const costly = await post(server, {
      query: '{ products(first: 100) { edges { node { skus { changes(first: 100) { edges { node { oldStock } } } } } } } }',
    });
    expectRequestError(costly, 'QUERY_TOO_COSTLY');

    // A well-formed id of nothing is not a request error: it runs and answers null.
    const missing = await post(server, { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: PRODUCT_ID } });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ data: { node: null } });
  });

  it('keeps answering 200 to application/json clients, as the spec allows them', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'query ($n: Int!) { products(first: $n) { edges { node { id } } } }', variables: { n: 'ten' } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it.each([
    ['Decimal', 'abc'],
    ['Decimal', ''],
    ['Decimal', '1e3'],
    ['Decimal', 'NaN'],
    ['Decimal', ' 1.00'],
    ['Decimal', 10.5],
    ['DateTime', 'yesterday'],
    ['DateTime', '2026-13-40T00:00:00Z'],
    ['Date', '1990-02-30'],
    ['Date', 19900101],
    ['Upload', 'not a file'],
    ['ID', { id: 1 }],
    ['GlobalId', ['gid://seller-center/Shop/not-a-uuid']],
    ['GlobalId', ['']],
  ])('refuses a %s variable of %j with a coercion error before running', async (type, value) => {
    const user = await signUp(server.client);
    // Each scalar as a field of a mutation's input, sent as one variable, as generated clients do.
    const someId = 'gid://seller-center/Shop/0190a0a0-0000-7000-8000-000000000000';
    const cases: Record<string, { query: string; input: Record<string, unknown> }> = {
      Decimal: {
        query: 'mutation ($input: UpdateSkuInput!) { updateSku(input: $input) { __typename } }',
        input: { skuId: someId, price: { amount: value } },
      },
      DateTime: {
        query: 'mutation ($input: CreateAffiliatePlanInput!) { createAffiliatePlan(input: $input) { __typename } }',
        input: { shopId: someId, name: 'Plan', kind: 'OPEN', scope: 'ALL_PRODUCTS', commissionBps: 500, startsAt: value },
      },
      Date: {
        query: 'mutation ($input: SubmitShopForVerificationInput!) { submitShopForVerification(input: $input) { __typename } }',
        input: { shopId: someId, legalName: 'Ann Lee', dateOfBirth: value },
      },
      Upload: {
        query: 'mutation ($input: UploadVerificationDocumentInput!) { uploadVerificationDocument(input: $input) { __typename } }',
        input: { shopId: someId, kind: 'PASSPORT', file: value },
      },
      ID: { query: 'mutation ($input: UpdateSkuInput!) { updateSku(input: $input) { __typename } }', input: { skuId: value } },
      // In a query a malformed id is a request error too (a mutation answers a typed ValidationError).
      GlobalId: { query: 'query ($input: [ID!]!) { nodes(ids: $input) { id } }', input: value as Record<string, unknown> },
    };
    const { query, input } = cases[type]!;
    const answer = await post(server, { query, variables: { input } }, { authorization: `Bearer ${user.token}` });
    expectRequestError(answer, type === 'GlobalId' ? 'VALIDATION_FAILED' : 'BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/Variable "\$input" got invalid value|is not a valid id/);
  });

  it('answers a valid value of each scalar normally', async () => {
    const user = await signUp(server.client);
    const someId = 'gid://seller-center/Shop/0190a0a0-0000-7000-8000-000000000000';
    const answers = await Promise.all([
      post(server, {
        query: 'mutation ($input: UpdateSkuInput!) { updateSku(input: $input) { __typename } }',
        variables: { input: { skuId: someId.replace('Shop', 'Sku'), price: { amount: '10.50' } } },
      }, { authorization: `Bearer ${user.token}` }),
      post(server, {
        query: 'mutation ($input: SubmitShopForVerificationInput!) { submitShopForVerification(input: $input) { __typename } }',
        variables: { input: { shopId: someId, legalName: 'Ann Lee', dateOfBirth: '1990-04-17' } },
      }, { authorization: `Bearer ${user.token}` }),
    ]);
    // Valid values reach the service, which answers that the objects do not exist.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(Object.values(answer.body.data as object)[0]).toEqual({ __typename: 'NotFoundError' });
    }
  });
});

describe('cross-site requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://seller.example.com,https://ops.example.com' });
  });
  afterAll(() => server.close());

  const signUpMutation = 'mutation { signUp(input: { email: "victim@example.com", password: "correct-horse-battery", displayName: "x" }) { __typename } }';

  it('refuses a urlencoded or plain-text form post with 415, and runs nothing', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: signUpMutation }).toString()],
      ['text/plain', JSON.stringify({ query: signUpMutation })],
    ] as const) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': type }, body });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
    }
    await expectNoSuchUser(server);
  });

  it('refuses a multipart post without the CSRF preflight header with 403, and runs nothing', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: signUpMutation }));
    form.set('map', '{}');
    const response = await fetch(server.url, { method: 'POST', body: form });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/CSRF/) }] });
    await expectNoSuchUser(server);

    const withHeader = await fetch(server.url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    expect(withHeader.status).toBe(200);
  });

  it('allows only the configured origins, without credentials', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
    const allowed = await preflight('https://ops.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const foreign = await preflight('https://evil.example.net');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();

    const simple = await fetch(server.url, { method: 'POST', headers: { origin: 'https://evil.example.net', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

async function expectNoSuchUser(server: TestServer): Promise<void> {
  const logIn = await server.client.raw({
    query: 'mutation { logIn(input: { email: "victim@example.com", password: "correct-horse-battery" }) { __typename } }',
  });
  expect(logIn.data).toEqual({ logIn: { __typename: 'InvalidCredentialsError' } });
}
