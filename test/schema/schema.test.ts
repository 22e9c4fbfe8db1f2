import { readFile } from 'node:fs/promises';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  printSchema,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import generatedPossibleTypes from '../../client/possible-types.ts';
import { buildSchema } from '../../src/schema/index.ts';

const schema = buildSchema();

/** Every place in the schema that lacks a description, as `Type.field(arg)` paths. */
function undocumented(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  const need = (description: string | null | undefined, path: string) => {
    if (!description?.trim()) missing.push(path);
  };
  need(type.description, type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      need(field.description, `${type.name}.${field.name}`);
      for (const arg of field.args) need(arg.description, `${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) need(field.description, `${type.name}.${field.name}`);
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) need(value.description, `${type.name}.${value.name}`);
  }
  return missing;
}

describe('the schema', () => {
  it('matches the committed schema.graphql (run `npm run codegen` after changing it)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(`${printSchema(schema)}\n`).toBe(committed);
  });

  it('ships Apollo Client the possible types of every union and interface (run `npm run codegen` after changing it)', () => {
    const abstractTypes = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLUnionType | GraphQLInterfaceType => !type.name.startsWith('__') && (isUnionType(type) || isInterfaceType(type)),
    );
    const expected = Object.fromEntries(
      abstractTypes.map((type) => [type.name, schema.getPossibleTypes(type).map((member) => member.name).sort()]),
    );
    const committed = Object.fromEntries(
      Object.entries(generatedPossibleTypes.possibleTypes).map(([name, members]) => [name, [...members].sort()]),
    );
    expect(committed).toEqual(expected);
    expect(Object.keys(expected)).toContain('CreateShopResult');
  });

  it('documents every type, field, argument and enum value', () => {
    const missing = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type))
      .flatMap(undocumented);
    expect(missing).toEqual([]);
  });

  it('gives every mutation one `input` argument and a result union of its payload and typed errors', () => {
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThan(5);
    for (const mutation of mutations) {
      expect(mutation.args.map((arg) => arg.name), mutation.name).toEqual(['input']);
      const result = schema.getType(mutation.type.toString().replace(/!$/, ''));
      expect(isUnionType(result), mutation.name).toBe(true);
      if (!isUnionType(result)) continue;
      const errors = result.getTypes().filter((member) => member.getInterfaces().some((iface) => iface.name === 'UserError'));
      expect(errors.length, `${mutation.name} declares its errors`).toBeGreaterThan(0);
      expect(result.getTypes().length - errors.length, `${mutation.name} has one payload`).toBe(1);
    }
  });
});
