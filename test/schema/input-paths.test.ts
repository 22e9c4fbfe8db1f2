import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkedInputPath } from '../../src/schema/input-paths.ts';

// A small schema of the same shape as the API's mutations: one `input` with nested objects and lists.
const schema = buildSchema(/* GraphQL */ `
  type Query { ok: Boolean }
  input PriceInput { amount: String! }
  input SkuInput { sellerSku: String!, price: PriceInput! }
  input UpdateProductInput { productId: ID!, skus: [SkuInput!] }
  type Mutation { updateProduct(input: UpdateProductInput!): [String!] }
`);

async function errorFieldOf(path: string[], alias = ''): Promise<{ data: unknown; message: string | undefined }> {
  const result = await graphql({
    schema,
    source: `mutation($input: UpdateProductInput!) { ${alias}updateProduct(input: $input) }`,
    variableValues: { input: { productId: 'x' } },
    rootValue: { updateProduct: (_args: unknown, _context: unknown, info: Parameters<typeof checkedInputPath>[1]) => checkedInputPath(path, info) },
  });
  return { data: result.data, message: result.errors?.[0]?.message };
}

describe('error field paths', () => {
  it('accepts paths that exist in the mutation input, through lists and nested objects, under an alias', async () => {
    for (const path of [['input'], ['input', 'productId'], ['input', 'skus', '2', 'price', 'amount']]) {
      expect(await errorFieldOf(path)).toEqual({ data: { updateProduct: path }, message: undefined });
    }
    expect((await errorFieldOf(['input', 'skus', '0', 'sellerSku'], 'renamed: ')).message).toBeUndefined();
  });

  it('refuses a path to an argument or field the mutation does not have, or a bad list index', async () => {
    expect((await errorFieldOf(['input', 'role'])).message).toContain('UpdateProductInput has no field role');
    expect((await errorFieldOf(['id'])).message).toContain('updateProduct has no argument id');
    expect((await errorFieldOf(['input', 'skus', 'price'])).message).toContain('expected a list index');
    expect((await errorFieldOf(['input', 'productId', 'value'])).message).toContain('ID has no field value');
  });
});
