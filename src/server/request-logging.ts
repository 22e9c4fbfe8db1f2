import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../infra/logger.ts';

const requests = new WeakMap<Request, { id: string; startedAt: number }>();
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes and scrapes would drown the log. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

export interface RequestLoggingOptions {
  /** SQL statements the current request has sent so far; undefined outside a tallied request. */
  statementsSoFar(): number | undefined;
  /**
   * Whether responses carry that count in an `x-sql-statements` header. Off in production, where the
   * count stays in the log: it tells outsiders how much work a query costs the database.
   */
  exposeStatements: boolean;
}

/**
 * Gives every HTTP request an id (the caller's `x-request-id` when it is well formed, else a new UUID),
 * echoes it in the response header, and logs one line per request with its status, duration and SQL
 * statement count (an N+1 shows up there first). The GraphQL context's logger carries the same id, so
 * every line of a request can be found by it.
 */
export function useRequestLogging(log: Logger, options: RequestLoggingOptions): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      requests.set(request, { id: given && ACCEPTED.test(given) ? given : randomUUID(), startedAt: performance.now() });
    },
    onResponse({ request, response }) {
      const started = requests.get(request);
      if (!started) return;
      response.headers.set('x-request-id', started.id);
      const sqlStatements = options.statementsSoFar();
      if (options.exposeStatements && sqlStatements !== undefined) response.headers.set('x-sql-statements', String(sqlStatements));
      const path = new URL(request.url).pathname;
      if (QUIET_PATHS.has(path)) return;
      log.info(
        {
          requestId: started.id,
          method: request.method,
          path,
          status: response.status,
          sqlStatements,
          durationMs: Math.round((performance.now() - started.startedAt) * 10) / 10,
        },
        'request',
      );
    },
  };
}

export function requestIdOf(request: Request | undefined): string {
  return (request && requests.get(request)?.id) ?? randomUUID();
}
