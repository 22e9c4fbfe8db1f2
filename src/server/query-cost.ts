import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { assertGlobalIdArguments } from './argument-ids.ts';
import { throttled, type ThrottleStatus } from './rate-limits.ts';

/** What `extensions.cost` reports on every response, in the shape Shopify clients know. */
export interface QueryCost {
  requestedQueryCost: number;
  maximumAvailable: number;
  /** The viewer's cost budget after this operation, when rate limits apply. */
  throttleStatus?: ThrottleStatus;
}

/** Spends an operation's cost from the budget of whoever sent it. */
export type CostBudget = (context: unknown, points: number) => Promise<{ allowed: boolean; status: ThrottleStatus }>;

/**
 * The cost of an operation, or null when it cannot run at all (no such operation, variables that do not
 * coerce): execution then reports the request error, and nothing is spent.
 */
function measure(args: ExecutionArgs): number | null {
  const schema = args.schema as GraphQLSchema;
  const document = args.document as DocumentNode;
  const operation = getOperationAST(document, args.operationName);
  if (!operation) return null;
  const sent = (args.variableValues ?? {}) as Record<string, unknown>;
  if (operation.operation !== 'mutation') {
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], sent);
    if (variables.errors) return null;
    assertGlobalIdArguments(schema, document, operation, variables.coerced);
  }
  // The plugin prices the first operation of a document: it is given the one that runs (with the
  // fragments), so that a cheap operation placed first cannot carry a costly one past the budget.
  const priced =
    document.definitions.length === 1
      ? document
      : { ...document, definitions: document.definitions.filter((definition) => definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) };
  try {
    // The plugin coerces the variables itself, so it gets them as sent; a mutation's are coerced only
    // there (the global-id check above is for queries), not twice before execution coerces them again.
    return complexityFromQuery(priced, { schema, ctx: args.contextValue as object, variables: sent }).complexity;
  } catch (error) {
    if (isVariableError(error)) return null;
    throw error;
  }
}

/** An error of variables that do not coerce: it names their definitions. */
function isVariableError(error: unknown): boolean {
  return error instanceof GraphQLError && (error.nodes ?? []).some((node) => node.kind === Kind.VARIABLE_DEFINITION);
}

/** A request error: the operation is refused before it runs (400 under graphql-response+json). */
function refusal(error: GraphQLError, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, ...extensions, http: { status: 400, spec: true } },
  });
}

function tooCostly(cost: QueryCost): GraphQLError {
  return refusal(
    new GraphQLError(
      `Query cost ${cost.requestedQueryCost} exceeds the maximum of ${cost.maximumAvailable}. Ask for fewer items per page or fewer fields.`,
    ),
    { code: 'QUERY_TOO_COSTLY', cost },
  );
}

/**
 * Computes each operation's cost before it runs (the builder's complexity settings hold the model), refuses operations above the maximum, spends
 * the cost from the sender's budget (refusing with THROTTLED when it is used up), and reports both in
 * `extensions.cost`. Done at execution rather than validation because the cost depends on variables, and
 * validation results are cached by document alone.
 *
 * Queries and mutations are admitted inside the execute function rather than by stopping execution in
 * `onExecute`: placed before the response cache, this wraps the very execution the cache calls on a
 * miss, so an answer served from the cache spends nothing, and a refusal is an ordinary result that the
 * cache sees (and does not store) instead of an execution it was never told about.
 */
export function useQueryCost(maximumAvailable: number, budget: CostBudget): Plugin {
  /** The cost of an operation, or the error that refuses it. Only an admitted operation spends budget. */
  async function admit(args: ExecutionArgs): Promise<{ cost: QueryCost | null; refusal: GraphQLError | null }> {
    let requestedQueryCost: number | null;
    try {
      requestedQueryCost = measure(args);
    } catch (error) {
      // The cost model refuses what it cannot price (a page over the maximum size).
      if (error instanceof GraphQLError) return { cost: null, refusal: refusal(error) };
      throw error;
    }
    if (requestedQueryCost === null) return { cost: null, refusal: null };
    const cost: QueryCost = { requestedQueryCost, maximumAvailable };
    if (cost.requestedQueryCost > maximumAvailable) return { cost, refusal: tooCostly(cost) };
    const { allowed, status } = await budget(args.contextValue, cost.requestedQueryCost);
    cost.throttleStatus = status;
    return { cost, refusal: allowed ? null : throttled(cost.requestedQueryCost, status) };
  }

  const refused = (cost: QueryCost | null, error: GraphQLError) => ({ errors: [error], ...(cost ? { extensions: { cost } } : {}) });

  return {
    onExecute({ args: sent, executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        // Priced as sent: the response cache executes a copy of the document with the fields it tracks
        // entities by added.
        const { cost, refusal } = await admit(sent);
        if (refusal) return refused(cost, refusal);
        const result = await executeFn(args);
        if (!cost || Symbol.asyncIterator in result) return result;
        return { ...result, extensions: { ...result.extensions, cost } };
      });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const { cost, refusal } = await admit(args);
      if (refusal) setResultAndStopExecution(refused(cost, refusal));
    },
  };
}
