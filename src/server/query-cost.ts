import { complexityFromQuery } from '@pothos/plugin-complexity';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
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
 * `first`/`last`, see the builder's complexity settings), refuses operations above the maximum, spends
 * the cost from the sender's budget (refusing with THROTTLED when it is used up), and reports both in
 * `extensions.cost`. Done at execution rather than validation because the cost depends on variables, and
 * validation results are cached by document alone.
 */
export function useQueryCost(maximumAvailable: number, budget: CostBudget): Plugin {
  /** The cost of an operation, or the result that refuses it. */
  async function admit(args: ExecutionArgs): Promise<{ cost: QueryCost; refusal: GraphQLError | null }> {
    const cost: QueryCost = { requestedQueryCost: measure(args), maximumAvailable };
    if (cost.requestedQueryCost > maximumAvailable) return { cost, refusal: tooCostly(cost) };
    const { allowed, status } = await budget(args.contextValue, cost.requestedQueryCost);
    cost.throttleStatus = status;
    return { cost, refusal: allowed ? null : throttled(cost.requestedQueryCost, status) };
  }

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const { cost, refusal } = await admit(args);
      if (refusal) {
        setResultAndStopExecution({ errors: [refusal], extensions: { cost } });
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
    async onSubscribe({ args, setResultAndStopExecution }) {
      const { cost, refusal } = await admit(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal], extensions: { cost } });
    },
  };
}
