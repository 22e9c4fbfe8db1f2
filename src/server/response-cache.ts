import { createHash } from 'node:crypto';
import { createRedisCache } from '@envelop/response-cache-redis';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';

/**
 * The response cache of public reads (graphql-yoga's response-cache plugin). Only anonymous requests over
 * HTTP are served from it or fill it: a request with an Authorization header, and every WebSocket
 * operation, runs as usual, so nothing viewer-specific is ever stored or served. Of the root fields, only
 * the public ones (PUBLIC_ROOT_FIELDS) may be cached: an operation that selects any other is not.
 *
 * Entries are keyed by document, variables and operation name, and tagged with the `Type:globalId` of every
 * object they contain (the plugin adds `__typename` and `id` to each selection to know them); a page of a
 * list is also tagged PUBLIC_LISTS, because a product that starts to qualify for a list appears in pages
 * that did not contain it. Invalidation is by those tags (see cache-invalidation.ts); the TTL bounds an
 * entry's life should an invalidation be lost.
 */

/** Root fields whose anonymous answers are the same for everyone. */
export const PUBLIC_ROOT_FIELDS = new Set(['products', 'categories', 'creatorAccount', 'node', 'nodes']);

/** The tag of every cached page of a list (a connection), invalidated when list membership may change. */
export const PUBLIC_LISTS = { typename: 'PublicLists', id: 'all' } as const;

/** One object shown by cached responses, by its GraphQL type and global id. */
export interface CachedEntity {
  typename: string;
  id: string;
}

export interface ResponseCache {
  /** The response cache, and the HTTP caching headers that go with it. */
  readonly plugins: Plugin[];
  /** Drops every cached response that shows one of these objects (or every list page, for PUBLIC_LISTS). */
  invalidate(entities: readonly CachedEntity[]): Promise<void>;
}

export interface ResponseCacheOptions {
  schema: GraphQLSchema;
  ttlSeconds: number;
  /** Longest life of an answer that shows a current price. */
  priceTtlSeconds: number;
  /** `Cache-Control: max-age` of public GET answers. */
  httpMaxAgeSeconds: number;
  log: Logger;
  /** Shared by every instance when given; else an in-process LRU. */
  redis?: Redis;
}

/** `"<cache key>:<content hash>"`: an entity tag that changes whenever the cached content does. */
function entityTag(cacheKey: string, result: ExecutionResult): string {
  const digest = createHash('sha1').update(JSON.stringify(result.data ?? null)).digest('base64url');
  return `"${cacheKey}:${digest}"`;
}

/**
 * Wraps a store with what this API needs of it:
 * - list pages get the PUBLIC_LISTS tag;
 * - `extensions.cost` is not stored: its throttle status is the budget of whoever filled the entry. A
 *   response served from the cache runs no resolver and spends no cost points (the per-address request
 *   limit still applies);
 * - the ETag the plugin sets is its cache key, which stays the same when the content changes after an
 *   invalidation: it becomes `"<key>:<content hash>"`, and a conditional request is answered 304 only
 *   when the stored entry still has that very tag.
 */
function publicStore(store: Cache, log: Logger): Cache {
  // A cache outage must not fail reads: a store error is a miss, and a result that cannot be stored is
  // still sent.
  const quietly = <T>(operation: string, run: () => PromiseLike<T> | T, fallback: T): Promise<T> =>
    Promise.resolve()
      .then(run)
      .catch((error: unknown) => {
        log.warn({ err: error, operation }, 'response cache unavailable');
        return fallback;
      });
  return {
    set(key, result, entities, ttl) {
      const tags = [...entities];
      if (showsAList(result.data)) tags.push(PUBLIC_LISTS);
      const headers = (result.extensions as { http?: { headers?: Record<string, string> } } | undefined)?.http?.headers;
      // The same object is about to be sent: the first response carries the content tag too.
      if (headers) headers.ETag = entityTag(key, result);
      const { cost: _cost, ...extensions } = result.extensions ?? {};
      return quietly('set', () => store.set(key, { ...result, extensions }, tags, ttl), undefined);
    },
    get(key) {
      const tagged = /^"([^:"]+):[^"]+"$/.exec(key);
      if (!tagged?.[1]) return quietly('get', () => store.get(key), undefined);
      // A conditional request: If-None-Match carries the whole tag.
      const cacheKey = tagged[1];
      return quietly('get', () => store.get(cacheKey), undefined).then((entry) =>
        entry?.extensions?.http?.headers?.ETag === key ? entry : undefined,
      );
    },
    invalidate: (entities) => store.invalidate(entities),
  };
}

/**
 * Drops the responses tagged with each entity and the tag itself in one atomic step. The Redis store's
 * own invalidation reads a tag's members and deletes the tag in two steps: a response stored in between
 * keeps its data but loses its tag, and could then be stale until its TTL.
 */
const INVALIDATE_SCRIPT = `
for _, tag in ipairs(KEYS) do
  for _, id in ipairs(redis.call('SMEMBERS', tag)) do
    redis.call('DEL', ARGV[1] .. id, ARGV[1] .. 'operations:' .. id)
  end
  redis.call('DEL', tag)
end`;

/** A tag as the Redis store keeps it in a response's `operations:<key>` set: `Type` or `Type:globalId`. */
function tagOf(stored: string): { typename: string; id?: string } {
  const colon = stored.indexOf(':');
  return colon < 0 ? { typename: stored } : { typename: stored.slice(0, colon), id: stored.slice(colon + 1) };
}

/**
 * @envelop/response-cache-redis (keys under the connection's prefix), shared by every instance, with the
 * atomic invalidation above and an in-process copy of the answers this instance has served: a hit there
 * costs neither a Redis round trip nor parsing the stored JSON. The copy keeps the tags the shared entry
 * has and lives no longer than it; every instance follows the invalidation events (cache-invalidation.ts)
 * and drops its own copies as it drops the shared entries.
 */
function redisStore(redis: Redis): Cache {
  const shared = createRedisCache({ redis }) as Cache;
  const local = createInMemoryCache({ max: 10_000 });
  const prefix = redis.options.keyPrefix ?? '';
  return {
    async get(key) {
      const copy = local.get(key);
      if (copy) return copy;
      const replies = await redis.pipeline().get(key).smembers(`operations:${key}`).pttl(key).exec();
      const [raw, tags, ttl] = (replies ?? []).map(([error, value]) => (error ? null : value)) as [string | null, string[] | null, number | null];
      if (!raw) return undefined;
      const result = JSON.parse(raw) as ExecutionResult;
      if (tags && ttl && ttl > 0) local.set(key, result, tags.map(tagOf), ttl);
      return result;
    },
    async set(key, result, entities, ttl) {
      const tags = [...entities];
      local.set(key, result, tags, ttl);
      await shared.set(key, result, tags, ttl);
      // The store also indexes every response by bare type name, and keeps a response's list of tags
      // after the response expires. This cache never invalidates by type, and reads a response's tags
      // only while it lives: without this, both would grow for as long as Redis runs.
      const types = [...new Set(tags.map((tag) => tag.typename))];
      const cleanup = redis.pipeline();
      if (types.length > 0) cleanup.del(...types);
      if (Number.isFinite(ttl)) cleanup.pexpire(`operations:${key}`, ttl);
      await cleanup.exec();
    },
    async invalidate(entities) {
      const list = [...entities];
      local.invalidate(list);
      const tags = list.flatMap((entity) => (entity.id === undefined ? [] : [`${entity.typename}:${entity.id}`]));
      if (tags.length > 0) await redis.eval(INVALIDATE_SCRIPT, tags.length, ...tags, prefix);
    },
  };
}

/**
 * Whether a result shows a page of a connection (an object with `edges`). The plugin's own tags cannot
 * tell: it records objects by type and id, and a connection has no id.
 */
function showsAList(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(showsAList);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray((value as { edges?: unknown }).edges)) return true;
  return Object.values(value).some(showsAList);
}

/**
 * Answers cached only when every root field is public and has an answer (for `nodes`, every item): a
 * `null` (not found, or not visible to anonymous buyers) carries no tag that a later change could invalidate, so it is not kept.
 */
function cacheable(result: ExecutionResult): boolean {
  if (result.errors?.length || !result.data) return false;
  return Object.values(result.data).every((value) => value !== null && !(Array.isArray(value) && value.includes(null)));
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const store = publicStore(
    options.redis ? redisStore(options.redis) : createInMemoryCache({ max: 10_000 }),
    options.log,
  );
  // Current prices follow promotion windows that open and close with the clock, and so does whether a
  // promotion is public.
  const priceTtls = Object.fromEntries(
    ['Product.currentPrice', 'Product.activePromotion', 'Sku.currentPrice', 'Promotion'].map((coordinate) => [coordinate, options.priceTtlSeconds * 1000]),
  );
  // Any root field that is not public makes the whole operation uncacheable (a TTL of 0 wins).
  const rootTtls = Object.fromEntries(
    Object.keys(options.schema.getQueryType()?.getFields() ?? {})
      .filter((field) => !PUBLIC_ROOT_FIELDS.has(field))
      .map((field) => [`Query.${field}`, 0]),
  );
  const served = (request: Request | undefined) => request !== undefined && !request.headers.has('authorization');
  const plugin = useResponseCache({
    cache: store,
    session: () => null,
    // The plugin's default hashes with WebCrypto, asynchronously, on every request; this is the same
    // digest of the same parts, computed synchronously. The plugin asks for a key before it asks whether
    // the request is served from the cache at all: a request that is not gets a key that is never used,
    // rather than a digest of its document and variables.
    buildResponseCacheKey: ({ documentString, variableValues, operationName, request }) =>
      served(request)
        ? createHash('sha256').update(`${documentString}|${operationName ?? ''}|${JSON.stringify(variableValues ?? {})}`).digest('hex')
        : 'not-served',
    enabled: served,
    ttl: options.ttlSeconds * 1000,
    ttlPerSchemaCoordinate: { ...priceTtls, ...rootTtls },
    // Keeps mutations out of the cache: with this off, the plugin would cache an anonymous mutation's
    // answer like a query's. Invalidation itself comes from the domain events (cache-invalidation.ts).
    invalidateViaMutation: true,
    includeExtensionMetadata: false,
    shouldCacheResult: ({ result }) => cacheable(result),
  });
  return {
    plugins: [plugin, useHttpCaching(options.httpMaxAgeSeconds)],
    invalidate: async (entities) => {
      if (entities.length > 0) await store.invalidate(entities);
    },
  };
}

/**
 * HTTP caching of GET queries, for browsers and a CDN. An anonymous answer the response cache holds is
 * public for `maxAgeSeconds` (kept short: a CDN cannot hear our invalidations, so this adds to how stale a
 * page can be) and carries the ETag of its content, so that revalidating costs a 304 without a body;
 * answers to signed-in requests are `private, no-store`; anything else GET returns is `no-store`.
 * `Vary: Authorization` keeps shared caches from mixing the two.
 */
function useHttpCaching(maxAgeSeconds: number): Plugin {
  const publicControl = `public, max-age=${maxAgeSeconds}`;
  return {
    onResponse({ request, response }) {
      if (request.method !== 'GET' || response.headers.has('cache-control')) return;
      response.headers.set('vary', 'Authorization');
      if (request.headers.has('authorization')) response.headers.set('cache-control', 'private, no-store');
      else if ((response.status === 200 || response.status === 304) && response.headers.has('etag')) response.headers.set('cache-control', publicControl);
      else response.headers.set('cache-control', 'no-store');
    },
  };
}
