import {
  getNullableType,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  isInputObjectType,
  isListType,
  Kind,
} from 'graphql';

/**
 * Checks that an error's `field` names an input that the mutation being answered really has, e.g.
 * `["input", "skus", "0", "price"]` for `updateProduct(input: { skus: [{ price }] })`. Services build
 * these paths by hand, so a renamed input or a copied error could point clients at a field that does
 * not exist; outside production every error that is resolved is checked, so any test that meets a
 * wrong path fails with the reason. Production skips the check: it is an invariant of the code, not
 * of the request.
 */
export function checkedInputPath(path: readonly string[], info: GraphQLResolveInfo): string[] {
  if (process.env.NODE_ENV !== 'production') {
    const problem = inputPathProblem(path, info);
    if (problem) throw new Error(`Error field ${JSON.stringify(path)} does not exist: ${problem}`);
  }
  return [...path];
}

function inputPathProblem(path: readonly string[], info: GraphQLResolveInfo): string | null {
  if (info.operation.operation !== 'mutation') return null;
  let rootKey: string | number = info.path.key;
  for (let step = info.path.prev; step; step = step.prev) rootKey = step.key;
  const selection = info.operation.selectionSet.selections.find(
    (node) => node.kind === Kind.FIELD && (node.alias?.value ?? node.name.value) === rootKey,
  );
  if (selection?.kind !== Kind.FIELD) return null;
  const mutation = info.schema.getMutationType()?.getFields()[selection.name.value];
  if (!mutation) return null;
  const [argumentName, ...rest] = path;
  const argument = mutation.args.find((arg) => arg.name === argumentName);
  if (!argument) return `${mutation.name} has no argument ${String(argumentName)}`;
  let type: GraphQLInputType = argument.type;
  for (const segment of rest) {
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!/^\d+$/.test(segment)) return `expected a list index, got ${segment}`;
      type = nullable.ofType as GraphQLInputType;
    } else if (isInputObjectType(nullable)) {
      const field = nullable.getFields()[segment];
      if (!field) return `${nullable.name} has no field ${segment}`;
      type = field.type;
    } else {
      return `${String(nullable)} has no field ${segment}`;
    }
  }
  return null;
}
