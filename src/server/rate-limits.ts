import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../infra/logger.ts';

/**
 * Rate limits (SPEC §12), counted with rate-limiter-flexible: in Redis when the deployment has one, so
 * that the limits hold for the whole fleet rather than per instance, and in memory otherwise. A Redis
 * outage falls back to an in-memory limiter per instance instead of refusing or admitting everything.
 *
 * Two limits apply: requests per client IP, checked before a request is even parsed (HTTP 429 with
 * Retry-After), and query cost points per viewer (the signed-in user, or the IP of an anonymous one),
 * spent as each operation runs, as Shopify's cost-based throttling does. Each response reports what is
 * left in `extensions.cost.throttleStatus`, so clients can pace themselves.
 */

/** The state of a viewer's cost budget, in the shape of Shopify's `throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Seconds until the window restarts with a full budget. */
  resetInSeconds: number;
}

/** A fixed-window limit on some key. */
export interface Limit {
  /** Counts `points` against `key`: whether they fit, and what is left. */
  consume(key: string, points: number): Promise<{ allowed: boolean; status: ThrottleStatus }>;
}

export function createLimit(options: {
  name: string;
  points: number;
  windowSeconds: number;
  redis?: Redis;
  keyPrefix: string;
  log: Logger;
}): Limit {
  const settings = { points: options.points, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix}rate:${options.name}` };
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({ ...settings, storeClient: options.redis, insuranceLimiter: new RateLimiterMemory(settings) })
    : new RateLimiterMemory(settings);
  const statusOf = (result: RateLimiterRes): ThrottleStatus => ({
    maximumAvailable: options.points,
    currentlyAvailable: Math.max(0, result.remainingPoints),
    resetInSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
  });
  return {
    async consume(key, points) {
      try {
        return { allowed: true, status: statusOf(await limiter.consume(key, points)) };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          // The limiter counts refused points too; give them back, so that a refused operation spends
          // nothing and a smaller one can still use what is left.
          const refunded = await limiter.reward(key, points).catch(() => null);
          const left = refunded ? refunded.remainingPoints : rejection.remainingPoints + points;
          return { allowed: false, status: { ...statusOf(rejection), currentlyAvailable: Math.max(0, left) } };
        }
        // Neither the store nor the insurance limiter answered: let the request through rather than fail it.
        options.log.warn({ err: rejection, limit: options.name }, 'rate limiter unavailable');
        return { allowed: true, status: { maximumAvailable: options.points, currentlyAvailable: options.points, resetInSeconds: options.windowSeconds } };
      }
    },
  };
}

/**
 * The client's IP: the socket's peer, or behind a trusted proxy the first X-Forwarded-For address (the
 * proxy appends; the first one is the client's as the proxy saw it).
 */
export function clientIpOf(req: IncomingMessage | undefined, forwardedFor: string | null | undefined, trustProxy: boolean): string {
  const forwarded = trustProxy ? forwardedFor?.split(',')[0]?.trim() : undefined;
  return forwarded || req?.socket.remoteAddress || 'unknown';
}

/**
 * Refuses requests to `path` beyond the per-IP limit with 429 before they are parsed. Fires on every
 * HTTP request yoga receives (WebSocket operations do not pass here; they spend cost like any other);
 * ending the response there means no other plugin runs for it. Health, readiness and metrics are not
 * counted, so a load balancer's probes never see a 429.
 */
export function useRequestRateLimit(options: { path: string; limit: Limit; trustProxy: boolean }): Plugin<Record<string, unknown>, { req?: IncomingMessage }> {
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== options.path) return;
      const ip = clientIpOf(serverContext.req, request.headers.get('x-forwarded-for'), options.trustProxy);
      const { allowed, status } = await options.limit.consume(ip, 1);
      if (allowed) return;
      const error = {
        message: `Too many requests from this address: at most ${status.maximumAvailable} per window. Retry in ${status.resetInSeconds} s.`,
        extensions: { code: 'RATE_LIMITED', throttleStatus: status },
      };
      endResponse(
        new Response(JSON.stringify({ errors: [error] }), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(status.resetInSeconds) },
        }),
      );
    },
  };
}

/** The error of an operation refused because the viewer's cost budget for the window is spent. */
export function throttled(requested: number, status: ThrottleStatus): GraphQLError {
  return new GraphQLError(
    `Throttled: this query costs ${requested} and ${status.currentlyAvailable} of ${status.maximumAvailable} points are left; the budget refills in ${status.resetInSeconds} s.`,
    { extensions: { code: 'THROTTLED', http: { status: 429, headers: { 'retry-after': String(status.resetInSeconds) } } } },
  );
}
