import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { decodeGlobalId } from '../infra/ids.ts';

/**
 * Every ID argument of a query is a global id, so a malformed one (not gid://seller-center/<Type>/<uuid>)
 * is a request error found before the query runs, like a value of the wrong type. Mutations keep
 * decoding their input ids themselves: there a malformed id is a typed ValidationError result with the
 * input field's path. graphql-js's own ID scalar cannot do this (Pothos always builds the built-in one).
 */
export function assertGlobalIdArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // The operation and every fragment (those of other operations in the document are checked too).
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field?.args.some((arg) => getNamedType(arg.type).name === 'ID' || isInputObjectType(getNamedType(arg.type)))) return;
        const values = getArgumentValues(field, node, variables);
        for (const arg of field.args) checkIds(arg.type, values[arg.name], [node.name.value, arg.name]);
      },
    }),
  );
}

function checkIds(type: GraphQLInputType, value: unknown, path: string[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => checkIds(nullable.ofType, item, [...path, String(index)]));
    return;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) checkIds(field.type, (value as Record<string, unknown>)[field.name], [...path, field.name]);
    return;
  }
  if (nullable.name !== 'ID') return;
  try {
    decodeGlobalId(String(value));
  } catch {
    throw new GraphQLError(`Argument "${path.join('.')}": "${String(value).slice(0, 100)}" is not a valid id; ids look like gid://seller-center/<Type>/<uuid>`, {
      // The code and `field` a malformed id gets everywhere in the API.
      extensions: { code: 'VALIDATION_FAILED', field: path.slice(1) },
    });
  }
}
