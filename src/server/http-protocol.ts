import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin, type YogaServerOptions } from 'graphql-yoga';

/**
 * How the HTTP transport follows the GraphQL over HTTP specification and keeps browsers from being
 * turned against the API: request errors (those that stop an operation before it runs) answer 4xx under
 * `application/graphql-response+json` and carry a code, POST bodies are JSON or a GraphQL multipart
 * upload (with the CSRF preflight header), and only configured origins may call from a browser.
 */

/** HTTP extension of a request error: 400 under graphql-response+json, 200 under application/json (spec). */
const REQUEST_ERROR_HTTP = { status: 400, spec: true } as const;

/** A request error with a code, for failures that stop an operation before execution. */
export function requestError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: REQUEST_ERROR_HTTP, ...extensions } });
}

/**
 * graphql-armor options for one limit: its refusal is a request error with its own code instead of the
 * "Syntax Error: …" it raises by default (the query is valid GraphQL; it is only too large).
 */
export function armorLimit(code: string): { propagateOnRejection: false; onReject: [(context: unknown, error: GraphQLError) => never] } {
  return {
    propagateOnRejection: false,
    onReject: [
      (_context, error) => {
        throw requestError(error.message.replace(/^Syntax Error: /, ''), code);
      },
    ],
  };
}

/**
 * Marks the errors of a result without `data` (graphql-js returns those when variables fail coercion or
 * the operation cannot be chosen) as request errors with the code BAD_USER_INPUT, so that they answer
 * 400 under graphql-response+json as the spec requires, rather than 200.
 */
export function useRequestErrorStatus(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || 'data' in result || !result.errors?.length) return;
          setResult({ ...result, errors: result.errors.map((error) => withRequestStatus(error, 'BAD_USER_INPUT')) });
        },
      };
    },
  };
}

function withRequestStatus(error: GraphQLError, code: string): GraphQLError {
  const given = error.extensions.http as { status?: number } | undefined;
  // A status other than 400 given on purpose (429 for a throttled operation) stands.
  return withExtensions(error, { code, ...error.extensions, http: given?.status && given.status !== 400 ? given : REQUEST_ERROR_HTTP });
}

/**
 * An error with a code: one raised without (by a plugin, by graphql-js's parser or validation) gets
 * `code`, BAD_USER_INPUT unless said otherwise; anything not a GraphQL error becomes one.
 */
export function withCode(error: unknown, code = 'BAD_USER_INPUT'): GraphQLError {
  const graphQLError = error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : 'Unexpected error.');
  return graphQLError.extensions.code ? graphQLError : withExtensions(graphQLError, { ...graphQLError.extensions, code });
}

/** The same error with other extensions (a GraphQLError's are read-only once made). */
function withExtensions(error: GraphQLError, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** Headers a client may send to show that a browser made it do a CORS preflight (any one suffices). */
export const CSRF_PREFLIGHT_HEADERS = ['graphql-require-preflight', 'apollo-require-preflight', 'x-graphql-yoga-csrf'];

/**
 * POST bodies must be JSON or a GraphQL multipart request: a urlencoded or plain-text body is what a
 * cross-site HTML form sends without a CORS preflight, so accepting one would let any web page run
 * mutations with a visitor's network position. Refused with 415 before the body is parsed. (Multipart,
 * which a form can also send, is left to the CSRF preflight header check.)
 */
export function useJsonOrMultipartBodies(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type === 'multipart/form-data' || type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type)) return;
      throw createGraphQLError('POST bodies must be application/json, or multipart/form-data for uploads', {
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
      });
    },
  };
}

/**
 * CORS for the configured origins only. Access tokens travel in the Authorization header, never in
 * cookies, so credentials are not allowed; `*` lets any origin call without them. An origin not in the
 * list gets no CORS headers, so browsers keep its scripts from reading answers.
 */
export function corsFor(allowedOrigins: readonly string[]): NonNullable<YogaServerOptions<object, object>['cors']> {
  const anyOrigin = allowedOrigins.includes('*');
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(anyOrigin || allowedOrigins.includes(origin.toLowerCase()))) return false;
    return {
      origin: anyOrigin ? '*' : origin,
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', 'accept', ...CSRF_PREFLIGHT_HEADERS],
      exposedHeaders: ['retry-after', 'x-request-id'],
      maxAge: 600,
    };
  };
}
