import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const ids = new WeakMap<Request, string>();
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every HTTP request an id: the caller's `x-request-id` when it is well formed, else a new UUID.
 * The id is echoed in the response header and carried by every log line of the request.
 */
export function useRequestId(): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      ids.set(request, given && ACCEPTED.test(given) ? given : randomUUID());
    },
    onResponse({ request, response }) {
      const id = ids.get(request);
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

export function requestIdOf(request: Request | undefined): string {
  return (request && ids.get(request)) ?? randomUUID();
}
