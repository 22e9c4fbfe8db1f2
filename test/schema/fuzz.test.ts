import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { GraphQLTestClient } from '../support/client.ts';
import { createShop, signUp } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { encodeGlobalId } from '../../src/infra/ids.ts';

/**
 * Schema-driven fuzzing on the demo data: every query, mutation and subscription, and every
 * argument-taking field of the objects `node` reaches, called by every kind of caller with inputs of the
 * right shape and hostile content (malformed, foreign and unknown ids, empty, huge, NUL and
 * unpaired-surrogate strings, odd unicode, extreme and wrongly typed numbers, impossible dates, explicit
 * nulls). Whatever the input, the answer is a GraphQL answer (never a 5xx, never a socket closed as
 * failed), every error carries a stable `extensions.code` that is not an internal error, and no message
 * shows what is behind the API (SQL, Prisma, stack frames).
 */

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

/** A global id of an existing object for each Node type the demo data has, by type name. */
type KnownIds = Map<string, string>;

/** A way of filling an argument of each kind; `undefined` leaves an optional argument out. */
interface Strategy {
  name: string;
  id(argument: string, ids: KnownIds): unknown;
  string(name: string): unknown;
  int(): unknown;
  float(): unknown;
  decimal(): unknown;
  date(): unknown;
  dateTime(): unknown;
  /** Whether optional arguments and input fields are sent (as values, or as explicit nulls). */
  optional: 'value' | 'null' | 'omit';
  /**
   * Who makes the calls: every kind of caller; the anonymous one, the owner and staff (content that the
   * input's checks refuse whoever sends it); or only the anonymous one (values that variable coercion
   * refuses before anything else runs).
   */
  callers: 'all' | 'some' | 'one';
}

/**
 * An existing object's id of the type an argument's name points to (`planId` an AffiliatePlan's, `userId`
 * a User's), so that calls get past the id checks to the rules behind them; a product's when the name
 * says nothing.
 */
function idFor(argument: string, ids: KnownIds): string {
  const stem = argument.replace(/Ids?$/, '').toLowerCase();
  const matching = [...ids.keys()].filter((typename) => stem !== '' && typename.toLowerCase().endsWith(stem)).sort((a, b) => a.length - b.length);
  return ids.get(matching[0] ?? 'Product') ?? '';
}

/** A plausible string for a field, by its name: enough for the input's checks to let most calls through. */
function plausibleText(name: string): string {
  const field = name.toLowerCase();
  if (field.includes('email')) return `fuzz-${Math.random().toString(36).slice(2, 10)}@example.com`;
  if (field.includes('url')) return 'https://example.com/fuzz.png';
  if (field.includes('phone')) return '+62 811 2233 4455';
  if (field.includes('accountnumber')) return '1234567890';
  if (field.includes('password')) return 'demo-password';
  if (field.includes('handle')) return `fuzz_${Math.random().toString(36).slice(2, 10)}`;
  if (field.includes('sellersku') || field === 'code') return `FUZZ${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  if (field.includes('postalcode')) return '40115';
  if (field === 'region' || field.includes('country')) return 'ID';
  if (field.includes('currency')) return 'IDR';
  return 'Plausible text';
}

const typical: Strategy = {
  name: 'plausible values',
  id: idFor,
  string: plausibleText,
  int: () => 1,
  float: () => 1.5,
  decimal: () => '10.50',
  date: () => '1990-04-17',
  dateTime: () => new Date(Date.now() + 3_600_000).toISOString(),
  optional: 'value',
  callers: 'all',
};

const hostile: Strategy = { ...typical, callers: 'some' };

const STRATEGIES: Strategy[] = [
  typical,
  { ...typical, name: 'required arguments only', optional: 'omit' },
  { ...typical, name: 'explicit nulls', optional: 'null' },
  { ...hostile, name: 'malformed ids', id: () => 'not-a-global-id' },
  // An id of another type where one type is expected (a shop where a product is, and so on).
  { ...hostile, name: 'foreign ids', id: (argument, ids) => (idFor(argument, ids) === ids.get('Shop') ? ids.get('Product') : ids.get('Shop')) },
  { ...hostile, name: 'unknown ids', id: () => 'gid://seller-center/Product/00000000-0000-4000-8000-000000000000' },
  {
    ...hostile,
    name: 'empty strings',
    id: () => '',
    string: () => '',
    decimal: () => '',
    date: () => '',
    dateTime: () => '',
  },
  { ...hostile, name: 'huge strings', string: () => 'x'.repeat(50_000), decimal: () => '9'.repeat(5_000), id: () => `gid://seller-center/Product/${'a'.repeat(5_000)}` },
  { ...hostile, name: 'NUL and unpaired surrogates', id: () => 'gid://seller-center/Product/\u0000', string: () => 'a\u0000b\ud800c', decimal: () => '1\u0000' },
  { ...hostile, name: 'unicode', string: () => 'Tôkô 𝓢𝓲𝓽𝓲 🛍️‍🔥 مرحبا \u202e\u200b\ufeff', id: () => 'gid://seller-center/Product/😀' },
  {
    ...hostile,
    name: 'extreme numbers',
    int: () => 2_147_483_647,
    float: () => 1e308,
    decimal: () => '99999999999999999999999999999.999',
    dateTime: () => '9999-12-31T23:59:59.999Z',
  },
  { ...hostile, name: 'negative numbers', int: () => -2_147_483_648, float: () => -1e308, decimal: () => '-0.01', dateTime: () => '1900-01-01T00:00:00.000Z' },
  { ...typical, callers: 'one', name: 'numbers that are not numbers', decimal: () => 'NaN', int: () => '7', float: () => 'Infinity', date: () => '2026-02-30', dateTime: () => 'yesterday' },
  { ...typical, callers: 'one', name: 'wrong types', string: () => 42, int: () => 1.5, id: () => ({ id: 1 }), decimal: () => 10.5, date: () => 19900417 },
];

/** A value for an input type, filled the strategy's way. */
function valueOf(type: GraphQLInputType, name: string, strategy: Strategy, ids: KnownIds, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return depth > 4 ? [] : [valueOf(nullable.ofType, name, strategy, ids, depth + 1)];
  if (isInputObjectType(nullable)) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      const value = argumentValue(field.type, field.name, strategy, ids, depth + 1);
      if (value !== undefined) object[field.name] = value;
    }
    return object;
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  switch ((nullable as GraphQLNamedType).name) {
    case 'ID':
      return strategy.id(name, ids);
    case 'String':
      return strategy.string(name);
    case 'Int':
      return name === 'first' || name === 'last' ? (strategy.int() === 1 ? 10 : strategy.int()) : strategy.int();
    case 'Float':
      return strategy.float();
    case 'Boolean':
      return true;
    case 'Decimal':
      return strategy.decimal();
    case 'Date':
      return strategy.date();
    case 'DateTime':
      // A window's end after its start, as the rules require.
      return /end|until|expires/i.test(name) && strategy.dateTime === typical.dateTime ? new Date(Date.now() + 86_400_000).toISOString() : strategy.dateTime();
    default:
      return null;
  }
}

function argumentValue(type: GraphQLInputType, name: string, strategy: Strategy, ids: KnownIds, depth = 0): unknown {
  if (isNonNullType(type)) return valueOf(type, name, strategy, ids, depth);
  if (strategy.optional === 'omit') return undefined;
  if (strategy.optional === 'null') return null;
  // Pages ask forwards: `first` and `last` together are refused by design, before anything else runs.
  if (name === 'last' || name === 'before') return undefined;
  return valueOf(type, name, strategy, ids, depth);
}

/** Whether a type is an object with a global id that `node` fetches. */
const isNode = (type: GraphQLNamedType) => (isObjectType(type) || isInterfaceType(type)) && type.getInterfaces().some((face) => face.name === 'Node');

/**
 * What a call selects: the leaf fields each object shows without arguments, the ids of the objects it
 * links to (`shop { id }`) and of a connection's nodes, so that every object a read shows is seen.
 */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const fieldsOf = (object: GraphQLNamedType) => {
    if (!isObjectType(object) && !isInterfaceType(object)) return '';
    const free = Object.values(object.getFields()).filter((field) => field.args.every((argument) => !isNonNullType(argument.type)));
    const leaves = free.filter((field) => isLeafType(getNamedType(field.type))).map((field) => field.name);
    const links = free.filter((field) => isNode(getNamedType(field.type))).map((field) => `${field.name} { __typename id }`);
    const edges = object.getFields().edges;
    const edge = edges && getNamedType(edges.type);
    const node = edge && (isObjectType(edge) || isInterfaceType(edge)) ? edge.getFields().node : undefined;
    const nodes = node && isNode(getNamedType(node.type)) ? ['edges { node { __typename id } }'] : [];
    return [...leaves, ...links, ...nodes].join(' ');
  };
  // `__typename` first, so that a member with no other field still has a selection.
  if (isUnionType(named)) {
    return `{ __typename ${named
      .getTypes()
      .map((member) => `... on ${member.name} { __typename ${fieldsOf(member)} }`)
      .join(' ')} }`;
  }
  return `{ __typename ${fieldsOf(named)} }`;
}

/** Every global id in an answer. */
function idsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith('gid://')) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) idsIn(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (key === 'id' || typeof item === 'object') idsIn(item, into);
  }
}

interface Call {
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

function variableType(argument: GraphQLArgument): string {
  return argument.type.toString();
}

/** One call of a field with its arguments as variables, inside `wrap` (a root field, or a field of a node). */
function callOf(operation: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, strategy: Strategy, ids: KnownIds, wrap = (inner: string) => inner): Call {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  for (const argument of field.args) {
    // An argument called `id` names an object of the type the field returns (`liveStream(id:)`).
    const name = argument.name === 'id' ? `${getNamedType(field.type).name}Id` : argument.name;
    const value = argumentValue(argument.type, name, strategy, ids);
    if (value === undefined) continue;
    variables[argument.name] = value;
    declared.push(`$${argument.name}: ${variableType(argument)}`);
    passed.push(`${argument.name}: $${argument.name}`);
  }
  const call = `${field.name}${passed.length ? `(${passed.join(', ')})` : ''} ${selectionOf(field.type)}`;
  return {
    label: field.name,
    query: `${operation} Fuzz${declared.length ? `(${declared.join(', ')})` : ''} { ${wrap(call)} }`,
    variables,
  };
}

/** What an error may never look like: an internal error, or a message that shows the machinery. */
const LEAK = /prisma|postgres|pglite|\bsql\b|violates|constraint|relation "|column "|stack|node_modules|\.ts:\d|\bat [\w.<>]+ \(|ECONN|TypeError|ReferenceError|Cannot read prop|undefined is not/i;

interface Finding {
  caller: string;
  strategy: string;
  field: string;
  problem: string;
}

/** What is wrong with the errors of an answer, if anything. */
function problemIn(errors: ReadonlyArray<{ message?: string; extensions?: { code?: unknown } }>): string | null {
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || code === '') return `error without a code: ${error.message}`;
    if (code === 'INTERNAL_SERVER_ERROR') return `internal error: ${error.message}`;
    if (LEAK.test(error.message ?? '')) return `${code} shows the machinery: ${error.message?.slice(0, 300)}`;
  }
  return null;
}

/** A query or mutation over HTTP. */
async function send(client: GraphQLTestClient, call: Call, seen: Set<string>): Promise<string | null> {
  const response = await fetch(client.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
    },
    body: JSON.stringify({ query: call.query, variables: call.variables }),
  });
  const text = await response.text();
  if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  let body: { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Refusals before GraphQL (a body over the size limit) answer in plain HTTP.
    return response.status >= 400 ? null : `HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  idsIn(body.data, seen);
  return problemIn(body.errors ?? []);
}

/** Close codes that say the server failed, not the caller: 1011 (internal error) and graphql-ws's 4500. */
const SERVER_FAILURES = new Set([1011, 4500]);

/**
 * A subscription over graphql-ws: its first message, or its errors, or nothing within a moment (a stream
 * that has nothing to say yet); then the client stops it.
 */
async function subscribe(client: GraphQLTestClient, call: Call, seen: Set<string>): Promise<string | null> {
  const socket = client.subscriptions();
  const closes: number[] = [];
  socket.on('closed', (event) => closes.push((event as { code: number }).code));
  const results = socket.iterate({ query: call.query, variables: call.variables });
  try {
    const first = await Promise.race([results.next(), new Promise<null>((resolve) => setTimeout(resolve, 300, null))]);
    idsIn(first?.value?.data, seen);
    return problemIn(first?.value?.errors ?? []) ?? (closes.some((code) => SERVER_FAILURES.has(code)) ? `closed with ${closes.join(', ')}` : null);
  } catch (error) {
    if (Array.isArray(error)) return problemIn(error as Array<{ message?: string; extensions?: { code?: unknown } }>);
    const code = (error as { code?: number }).code;
    return code !== undefined && SERVER_FAILURES.has(code) ? `closed with ${code}` : null;
  } finally {
    await results.return?.();
    await socket.dispose();
  }
}

/**
 * Gives the demo data what it has none of, so that calls taking their ids reach the rules behind them: an
 * official link between Toko Siti and @dewi.official, a stream they schedule, and a shipped package of the
 * buyer's paid order.
 */
async function addWhatTheDemoLacks(server: TestServer, seller: GraphQLTestClient, dewi: GraphQLTestClient): Promise<void> {
  const prisma = server.running.services.prisma;
  const shop = await prisma.shop.findFirstOrThrow({ where: { name: 'Toko Siti' }, select: { id: true } });
  const account = await prisma.creatorAccount.findFirstOrThrow({ where: { handle: 'dewi.official' }, select: { id: true } });
  const product = await prisma.product.findFirstOrThrow({ where: { shopId: shop.id, status: 'ACTIVE' }, select: { id: true } });
  const order = await prisma.order.findFirstOrThrow({ where: { shopId: shop.id }, select: { id: true } });
  const [shopId, accountId] = [encodeGlobalId('Shop', shop.id), encodeGlobalId('CreatorAccount', account.id)];
  const call = async (client: GraphQLTestClient, field: string, inputType: string, input: Record<string, unknown>, selection = '') => {
    const answer = await client.raw<Record<string, { __typename: string; link?: { id: string } }>>({
      query: `mutation($input: ${inputType}!) { ${field}(input: $input) { __typename ${selection} } }`,
      variables: { input },
    });
    expect(answer.data?.[field]?.__typename ?? JSON.stringify(answer)).toMatch(/Payload$/);
    return answer.data?.[field];
  };
  const requested = await call(seller, 'requestAccountLink', 'RequestAccountLinkInput', { shopId, accountHandle: 'dewi.official', role: 'OFFICIAL' }, '... on AccountLinkPayload { link { id } }');
  await call(dewi, 'confirmAccountLink', 'AccountLinkIdInput', { linkId: requested?.link?.id });
  const scheduledAt = new Date(Date.now() + 86_400_000).toISOString();
  await call(dewi, 'scheduleLiveStream', 'ScheduleLiveStreamInput', { accountId, shopId, title: 'Kopi pagi', scheduledAt, productIds: [encodeGlobalId('Product', product.id)] });
  await call(seller, 'shipOrderPackage', 'ShipOrderPackageInput', { orderId: encodeGlobalId('Order', order.id), carrier: 'J&T Express', trackingNumber: 'JT-FUZZ-0001' });
}

describe('schema-driven fuzzing', () => {
  let server: TestServer;
  const ids: KnownIds = new Map();
  /** Each kind of caller, the strategies it calls with, and the ids of everything it was shown. */
  const callers: Array<{ name: string; client: GraphQLTestClient; for: Array<Strategy['callers']>; seen: Set<string> }> = [];

  /** What the server warns about while it is fuzzed (it runs in this process). */
  let warnings: MockInstance<typeof console.warn>;

  beforeAll(async () => {
    warnings = vi.spyOn(console, 'warn');
    server = await startTestServer({ SEED_DEMO_DATA: 'true' });
    const as = async (email: string) => {
      const answer = await server.client.raw<{ logIn: { accessToken: string } }>({
        query: 'mutation($input: LogInInput!) { logIn(input: $input) { ... on AuthPayload { accessToken } } }',
        variables: { input: { email, password: 'demo-password' } },
      });
      return new GraphQLTestClient(server.url, answer.data?.logIn.accessToken ?? null);
    };
    const [seller, dewi] = [await as('seller@example.com'), await as('dewi@example.com')];
    await addWhatTheDemoLacks(server, seller, dewi);
    // One existing object of each Node type whose table has the type's name.
    const prisma = server.running.services.prisma as unknown as Record<string, { findFirst?: (args: object) => Promise<{ id: string } | null> }>;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.getInterfaces().some((face) => face.name === 'Node')) continue;
      const row = await prisma[type.name.charAt(0).toLowerCase() + type.name.slice(1)]?.findFirst?.({ select: { id: true } });
      if (row) ids.set(type.name, encodeGlobalId(type.name, row.id));
    }
    expect([...ids.keys()]).toEqual(expect.arrayContaining(['AccountLink', 'LiveStream', 'Order', 'OrderItem', 'Package', 'Promotion', 'Voucher', 'VerificationDocument']));
    const otherShop = await signUp(server.client, 'fuzz-other-shop');
    await createShop(otherShop);
    callers.push(
      { name: 'anonymous', client: server.client, for: ['all', 'some', 'one'], seen: new Set() },
      { name: 'buyer', client: await as('buyer@example.com'), for: ['all'], seen: new Set() },
      { name: 'creator', client: dewi, for: ['all'], seen: new Set() },
      { name: 'owner', client: seller, for: ['all', 'some'], seen: new Set() },
      { name: 'other shop', client: otherShop.client, for: ['all'], seen: new Set() },
      { name: 'staff', client: await as('staff@example.com'), for: ['all', 'some'], seen: new Set() },
    );
  });
  afterAll(async () => {
    warnings?.mockRestore();
    await server?.close();
  });

  /** Runs every call as every caller, a few at a time, and returns what went wrong. */
  async function fuzz(calls: Array<Call & { strategy: Strategy }>, transport = send): Promise<Finding[]> {
    const findings: Finding[] = [];
    const queue = callers.flatMap((caller) => calls.filter((call) => caller.for.includes(call.strategy.callers)).map((call) => ({ caller, call })));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const problem = await transport(next.caller.client, next.call, next.caller.seen);
        if (problem) findings.push({ caller: next.caller.name, strategy: next.call.strategy.name, field: next.call.label, problem });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return findings;
  }

  it('answers every query field, with any input, with data or coded errors', async () => {
    const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
    const calls = STRATEGIES.flatMap((strategy) => fields.map((field) => ({ ...callOf('query', field, strategy, ids), strategy })));
    expect(await fuzz(calls)).toEqual([]);
  });

  it('answers every argument-taking field of the objects `node` reaches, with any input, with data or coded errors', async () => {
    const calls = [...ids].flatMap(([typename, id]) => {
      const type = schema.getType(typename);
      if (!isObjectType(type)) throw new Error(`${typename} is not an object type`);
      const fields = Object.values(type.getFields()).filter((field) => field.args.length > 0);
      return STRATEGIES.flatMap((strategy) =>
        fields.map((field) => {
          const call = callOf('query', field, strategy, ids, (inner) => `node(id: ${JSON.stringify(id)}) { ... on ${typename} { ${inner} } }`);
          return { ...call, label: `${typename}.${field.name}`, strategy };
        }),
      );
    });
    expect(calls.length).toBeGreaterThan(0);
    expect(await fuzz(calls)).toEqual([]);
  });

  it('answers every subscription, with any input, with events or coded errors, and never closes as failed', async () => {
    const fields = Object.values(schema.getSubscriptionType()?.getFields() ?? {});
    const calls = STRATEGIES.flatMap((strategy) => fields.map((field) => ({ ...callOf('subscription', field, strategy, ids), strategy })));
    expect(await fuzz(calls, subscribe)).toEqual([]);
  });

  it('fetches with `node`, as the same caller, every object any read or subscription showed it', async () => {
    const hidden: Array<{ caller: string; id: string }> = [];
    for (const caller of callers) {
      const ids = [...caller.seen];
      expect(ids.length).toBeGreaterThan(0);
      for (let start = 0; start < ids.length; start += 50) {
        const chunk = ids.slice(start, start + 50);
        const answer = await caller.client.raw<{ nodes: Array<{ id: string } | null> }>({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Node { id } } }',
          variables: { ids: chunk },
        });
        chunk.forEach((id, index) => {
          if (answer.data?.nodes[index]?.id !== id) hidden.push({ caller: caller.name, id });
        });
      }
    }
    expect(hidden).toEqual([]);
  });

  it('answers every mutation, with any input, with a payload, a typed error or coded errors', async () => {
    // `logOut` ends a refresh token's session; the access tokens the callers use stay valid until they expire.
    const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
    const calls = STRATEGIES.flatMap((strategy) => fields.map((field) => ({ ...callOf('mutation', field, strategy, ids), strategy })));
    expect(await fuzz(calls)).toEqual([]);
  });

  it('leaves no resolver warning behind (an unread Prisma query, for one)', () => {
    expect(warnings.mock.calls.map((call) => String(call[0]))).toEqual([]);
  });
});
