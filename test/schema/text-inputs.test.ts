import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfFile, signUp, type TestUser } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const SOME_ID = 'gid://seller-center/Shop/0190a0a0-0000-7000-8000-000000000000';
const BAD_TEXT = 'Ann\u0000Lee';

/**
 * A value of `type` holding only its required fields (and every String field, filled with BAD_TEXT), with
 * the path of each String it holds. Values other than strings are merely well-typed: the guard runs
 * before anything looks at them.
 */
function sample(type: GraphQLInputType, path: string[], strings: string[][]): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [sample(inner.ofType, [...path, '0'], strings)];
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      const isText = getNamedType(field.type).name === 'String';
      if (!isNonNullType(field.type) && !isText) continue;
      value[field.name] = sample(field.type, [...path, field.name], strings);
    }
    return value;
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.value;
  switch (inner.name) {
    case 'String':
      strings.push(path);
      return BAD_TEXT;
    case 'ID':
      return SOME_ID;
    case 'Int':
      return 1;
    case 'Boolean':
      return false;
    case 'Decimal':
      return '1.00';
    case 'Date':
      return '1990-04-17';
    case 'DateTime':
      return '2026-11-23T08:30:00.000Z';
    case 'Upload':
      // The file's name is text too: the request below sends a file named BAD_TEXT here.
      strings.push(path);
      return null;
    default:
      throw new Error(`No sample for ${inner.name}`);
  }
}

function takesText(field: GraphQLField<unknown, unknown>): boolean {
  const seen = new Set<string>();
  const visit = (type: GraphQLInputType): boolean => {
    const named = getNamedType(type);
    if (named.name === 'String' || named.name === 'Upload') return true;
    if (!isInputObjectType(named) || seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((inputField) => visit(inputField.type));
  };
  return field.args.some((arg) => visit(arg.type));
}

const textMutations = Object.values(schema.getMutationType()?.getFields() ?? {}).filter(takesText);

describe('control characters in text inputs', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    user = await signUp(server.client);
  });
  afterAll(() => server.close());

  it('finds the mutations that take text', () => {
    // signUp, createShop, createProduct, createAffiliatePlan, setShopBankAccount, createCategory, … all of them.
    expect(textMutations.length).toBeGreaterThan(15);
    for (const field of textMutations) {
      const result = getNamedType(field.type);
      expect(isUnionType(result) && result.getTypes().some((type) => type.name === 'ValidationError'), field.name).toBe(true);
    }
  });

  it('refuses a NUL and an unpaired surrogate in a query argument with VALIDATION_FAILED and its path', async () => {
    for (const search of [BAD_TEXT, 'Ann\uD800Lee']) {
      const result = await server.client.raw({ query: 'query ($search: String) { products(first: 1, filter: { search: $search }) { edges { node { id } } } }', variables: { search } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: ['filter', 'search'] });
    }
    const tab = await server.client.raw({ query: '{ products(first: 1, filter: { search: "a\\tb" }) { edges { node { id } } } }' });
    expect(tab.errors).toBeUndefined();
  });

  it.each(textMutations.map((field) => [field.name, field] as const))(
    '%s refuses a NUL in every text field with a ValidationError naming each field',
    async (name, field) => {
      const strings: string[][] = [];
      const variables = Object.fromEntries(field.args.map((arg) => [arg.name, sample(arg.type, [arg.name], strings)]));
      const declarations = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
      const uses = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const query = `mutation (${declarations}) { ${name}(${uses}) { __typename ... on ValidationError { code issues { field message } } } }`;
      const result = await send(server, user, query, variables, strings);
      expect(result.errors).toBeUndefined();
      const payload = (result.data as Record<string, { __typename: string; issues?: { field: string[] }[] }>)[name];
      expect(payload?.__typename).toBe('ValidationError');
      expect(payload?.issues?.map((issue) => issue.field)).toEqual(strings);
    },
  );
});

/** Posts the mutation; with a multipart request carrying a file named BAD_TEXT when it takes an upload. */
async function send(server: TestServer, user: TestUser, query: string, variables: Record<string, unknown>, strings: string[][]) {
  const uploads = strings.filter((path) => {
    let value: unknown = variables;
    for (const key of path) value = (value as Record<string, unknown>)[key];
    return value === null;
  });
  if (uploads.length === 0) return user.client.raw({ query, variables });
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify(Object.fromEntries(uploads.map((path, index) => [String(index), [`variables.${path.join('.')}`]]))));
  uploads.forEach((_, index) => form.set(String(index), pdfFile(BAD_TEXT)));
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'graphql-require-preflight': '1', authorization: `Bearer ${user.token}` },
    body: form,
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}
