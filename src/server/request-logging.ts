import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../infra/logger.ts';

const requests = new WeakMap<Request, { id: string; startedAt: number }>();
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;
/** Probes and scrapes would drown the log. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * Gives every HTTP request an id (the caller's `x-request-id` when it is well formed, else a new UUID),
 * echoes it in the response header, and logs one line per request with its status and duration. The
 * GraphQL context's logger carries the same id, so every line of a request can be found by it.
 */
export function useRequestLogging(log: Logger): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      requests.set(request, { id: given && ACCEPTED.test(given) ? given : randomUUID(), startedAt: performance.now() });
    },
    onResponse({ request, response }) {
      const started = requests.get(request);
      if (!started) return;
      response.headers.set('x-request-id', started.id);
      const path = new URL(request.url).pathname;
      if (QUIET_PATHS.has(path)) return;
      log.info(
        {
          requestId: started.id,
          method: request.method,
          path,
          status: response.status,
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
