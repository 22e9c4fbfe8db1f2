import { complexityFromQuery } from '@pothos/plugin-complexity';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** What `extensions.cost` reports on every response, in the shape Shopify clients know. */
export interface QueryCost {
  requestedQueryCost: number;
  maximumAvailable: number;
}

function measure(args: ExecutionArgs): number {
  return complexityFromQuery(args.document as DocumentNode, {
    schema: args.schema as GraphQLSchema,
    ctx: args.contextValue as object,
    variables: (args.variableValues ?? {}) as Record<string, unknown>,
  }).complexity;
}

function tooCostly(cost: QueryCost): GraphQLError {
  return new GraphQLError(
    `Query cost ${cost.requestedQueryCost} exceeds the maximum of ${cost.maximumAvailable}. Ask for fewer items per page or fewer fields.`,
    { extensions: { code: 'QUERY_TOO_COSTLY', cost } },
  );
}

/**
 * Computes each operation's cost before it runs (fields cost 1, connections multiply their selection by
 * `first`/`last`, see the builder's complexity settings), refuses operations above the maximum, and
 * reports the cost in `extensions.cost`. Done at execution rather than validation because the cost
 * depends on variables, and validation results are cached by document alone.
 */
export function useQueryCost(maximumAvailable: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = { requestedQueryCost: measure(args), maximumAvailable };
      if (cost.requestedQueryCost > maximumAvailable) {
        setResultAndStopExecution({ errors: [tooCostly(cost)], extensions: { cost } });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) {
            setResult({ ...result, extensions: { ...result.extensions, cost } });
          }
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const cost = { requestedQueryCost: measure(args), maximumAvailable };
      if (cost.requestedQueryCost > maximumAvailable) {
        setResultAndStopExecution({ errors: [tooCostly(cost)], extensions: { cost } });
      }
    },
  };
}
