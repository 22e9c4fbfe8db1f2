import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import DataLoader from 'dataloader';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createFetch } from '@whatwg-node/fetch';
import { GraphQLError, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { createYoga, maskError, useReadinessCheck } from 'graphql-yoga';
import { Registry } from 'prom-client';
import type { GraphQLContext, Viewer } from '../context.ts';
import type { ShopMemberRole } from '../generated/prisma/enums.ts';
import type { PricedSku, SkuOffer } from '../modules/catalog/pricing.ts';
import type { Config } from '../infra/config.ts';
import type { Database } from '../infra/database/database.ts';
import { DomainError } from '../infra/errors.ts';
import type { Logger } from '../infra/logger.ts';
import type { Services } from '../services.ts';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { armorLimit, corsFor, CSRF_PREFLIGHT_HEADERS, useJsonOrMultipartBodies, useRequestErrorStatus, withCode } from './http-protocol.ts';
import { useQueryCost } from './query-cost.ts';
import { clientIpOf, type Limit, useRequestRateLimit } from './rate-limits.ts';
import { requestIdOf, useRequestLogging } from './request-logging.ts';
import type { ResponseCache } from './response-cache.ts';
import { attachWebSocketServer, type SocketContext } from './websocket.ts';
import { type BroadcastField, createBroadcastRouter } from './broadcast.ts';
import { handleOverlayRequest } from './overlay/overlay.ts';

export const GRAPHQL_PATH = '/graphql';

export type DependencyState = 'ok' | 'unavailable';

export interface AppDependencies {
  schema: GraphQLSchema;
  services: Services;
  config: Config;
  log: Logger;
  /**
   * Readiness of each dependency. `/ready` answers 503 when the database is unavailable; anything else
   * unavailable answers 200 with `status: "degraded"`: the instance still serves queries and mutations.
   */
  checkReadiness(): Promise<{ database: DependencyState } & Record<string, DependencyState>>;
  /** Subscription fields served by broadcast over WebSocket instead of one execution per subscriber. */
  broadcastFields?: readonly BroadcastField[];
  /** Requests per client IP, and query cost per viewer (see rate-limits.ts). */
  limits: { requestsPerIp: Limit; costPerViewer: Limit };
  /** The response cache of public reads, when it is on (see response-cache.ts). */
  responseCache: ResponseCache | null;
  /** Counts each HTTP request's SQL statements, for its log line (see request-logging.ts). */
  statements: Pick<Database, 'tallyStatements' | 'currentTally'>;
}

export interface App {
  readonly server: Server;
  /** Starts listening; port 0 picks a free port. Resolves with the GraphQL endpoint's URL. */
  listen(port: number, host: string): Promise<URL>;
  /**
   * Graceful stop: refuses new connections, closes WebSockets with 1001, lets in-flight HTTP requests
   * finish for up to the grace period, then cuts what is left. Dependencies are closed by their owner.
   */
  close(graceMs?: number): Promise<void>;
  /** WebSocket connections open right now. */
  readonly webSocketConnections: number;
  /** Broadcast groups open right now (distinct live documents being served). */
  readonly broadcastGroups: number;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Builds the HTTP + WebSocket server around the schema: one port, `/graphql` for both transports,
 * `/health`, `/ready` and `/metrics`. The server and the tests both start the app through this factory.
 */
export function buildApp(deps: AppDependencies): App {
  const { services, config, log } = deps;

  function createContext(viewer: Viewer | null, requestId: string, clientIp: string): GraphQLContext {
    const { offer, primeOffers } = offerLoader(services);
    return {
      requestId,
      viewer,
      clientIp,
      log: log.child({ requestId, userId: viewer?.userId }),
      services,
      shopRole: shopRoleLoader(services, viewer),
      offer,
      primeOffers,
      unitPrice: async (sku) => (await offer(sku)).unitPriceMinor,
    };
  }

  async function viewerFromAuthorization(header: string | undefined | null): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <accessToken>"');
    const viewer = await services.auth.authenticate(match[1]);
    if (!viewer) throw unauthenticated('The access token is invalid or expired; refresh it or log in again');
    return viewer;
  }

  const yoga = createYoga<{ req?: IncomingMessage; res?: ServerResponse; socketContext?: SocketContext }, GraphQLContext>({
    schema: deps.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    graphiql: config.GRAPHIQL ? { title: 'Seller Center API', defaultQuery: DEFAULT_GRAPHIQL_QUERY } : false,
    renderGraphiQL: selfContainedGraphiQL(),
    logging: log,
    batching: false,
    cors: corsFor(config.CORS_ORIGINS),
    // The multipart parser stops a file one byte past the upload limit, so an oversized file still
    // reaches the service, which refuses it with a typed error; anything far larger dies in the parser.
    fetchAPI: createFetch({
      formDataLimits: { fileSize: config.MAX_UPLOAD_BYTES + 1, files: 5, fields: 20, fieldSize: config.MAX_BODY_BYTES },
    }),
    maskedErrors: { maskError: (error, message, isDev) => maskDomainError(error, message, isDev ?? false) },
    context: async ({ request, req, socketContext }): Promise<GraphQLContext> => {
      const viewer = socketContext ? socketContext.viewer : await viewerFromAuthorization(request.headers.get('authorization'));
      const requestId = socketContext ? crypto.randomUUID() : requestIdOf(request);
      // A WebSocket operation has no fetch Request: its address is the upgrade request's, taken at connect.
      const clientIp = socketContext ? socketContext.clientIp : clientIpOf(req, request.headers.get('x-forwarded-for'), config.TRUST_PROXY);
      return createContext(viewer, requestId, clientIp);
    },
    plugins: [
      useRequestLogging(log, {
        statementsSoFar: () => deps.statements.currentTally()?.count,
        exposeStatements: config.NODE_ENV !== 'production',
      }),
      useJsonOrMultipartBodies(),
      useCSRFPrevention({ requestHeaders: CSRF_PREFLIGHT_HEADERS }),
      EnvelopArmorPlugin({
        // Depth counts fields, not fragment spreads, so that fragment-built client queries (Relay, Apollo)
        // are measured as what they ask for.
        maxDepth: { n: config.MAX_QUERY_DEPTH, ignoreIntrospection: true, flattenFragments: true, ...armorLimit('QUERY_TOO_DEEP') },
        maxAliases: { n: config.MAX_ALIASES, ...armorLimit('TOO_MANY_ALIASES') },
        maxTokens: { n: config.MAX_TOKENS, ...armorLimit('TOO_MANY_TOKENS') },
        maxDirectives: { n: config.MAX_DIRECTIVES, ...armorLimit('TOO_MANY_DIRECTIVES') },
        // Cost is measured by useQueryCost, which knows how large each connection page is.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: config.NODE_ENV === 'production' },
      }),
      useRequestRateLimit({ path: GRAPHQL_PATH, limit: deps.limits.requestsPerIp, trustProxy: config.TRUST_PROXY }),
      useQueryCost(config.MAX_QUERY_COST, (context, points) => {
        const { viewer, clientIp } = context as GraphQLContext;
        return deps.limits.costPerViewer.consume(viewer ? `user:${viewer.userId}` : `ip:${clientIp}`, points);
      }),
      // After the per-address limit, which cached answers count against too; after the query cost, whose
      // execute function the cache calls on a miss only (see query-cost.ts).
      ...(deps.responseCache?.plugins ?? []),
      useRequestErrorStatus(),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          const checks = await deps.checkReadiness();
          const degraded = Object.values(checks).some((state) => state !== 'ok');
          const status = checks.database !== 'ok' ? 'unavailable' : degraded ? 'degraded' : 'ok';
          return new Response(JSON.stringify({ status, checks }), {
            status: status === 'unavailable' ? 503 : 200,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          });
        },
      }),
      usePrometheus({
        endpoint: '/metrics',
        registry: new Registry(),
        // Counting deprecated fields visits every request's document (parsing is cached, this is not):
        // with no deprecated field or argument in the schema, that visit can never count anything.
        metrics: { graphql_envelop_deprecated_field: hasDeprecations(deps.schema) },
      }),
    ],
  });

  const server = createServer((request, response) => {
    if (rejectOversizedBody(request, response, config.MAX_BODY_BYTES, config.MAX_UPLOAD_BYTES)) return;
    if (handleOverlayRequest(request, response)) return;
    deps.statements.tallyStatements(() => void yoga.handle(request, response));
  });
  server.requestTimeout = 30_000;

  const router = deps.broadcastFields
    ? createBroadcastRouter({
        fields: deps.broadcastFields,
        // One context per execution: its loaders cache prices and roles, which must not outlive an event.
        createContext: (viewer) => createContext(viewer, 'broadcast', 'broadcast'),
        maskError: (error) => maskDomainError(error, 'Unexpected error.', config.NODE_ENV !== 'production') as GraphQLError,
        maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
        statements: deps.statements,
        log,
      })
    : undefined;

  const sockets = attachWebSocketServer({
    server,
    path: GRAPHQL_PATH,
    yoga: yoga as never,
    authenticate: (authorization) => viewerFromAuthorization(authorization),
    clientIp: (request) => clientIpOf(request, String(request.headers['x-forwarded-for'] ?? ''), config.TRUST_PROXY),
    limits: {
      maxMessageBytes: config.WS_MAX_MESSAGE_BYTES,
      maxConnectionsPerIp: config.WS_MAX_CONNECTIONS_PER_IP,
      maxOperationsPerConnection: config.WS_MAX_OPERATIONS_PER_CONNECTION,
      connectionInitTimeoutMs: config.WS_CONNECTION_INIT_TIMEOUT_MS,
      keepAliveMs: config.WS_KEEPALIVE_MS,
    },
    router,
    log,
  });

  return {
    server,
    get webSocketConnections() {
      return sockets.connectionCount;
    },
    get broadcastGroups() {
      return router?.groupCount ?? 0;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        // A flash sale opens a thousand connections at once; Node's default accept queue (511) would reset some.
        server.listen({ port, host, backlog: 4096 }, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(new URL(`http://${hostname}:${address.port}${GRAPHQL_PATH}`));
        });
      }),
    close: async (graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await sockets.close();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await yoga.dispose();
    },
  };
}

/** Whether any field or argument of the schema is deprecated. */
function hasDeprecations(schema: GraphQLSchema): boolean {
  const deprecated = (element: { deprecationReason?: string | null }) => typeof element.deprecationReason === 'string';
  return Object.values(schema.getTypeMap()).some(
    (type) => (isObjectType(type) || isInterfaceType(type)) && Object.values(type.getFields()).some((field) => deprecated(field) || field.args.some(deprecated)),
  );
}

/** Typed domain errors keep their code, message and field; anything else is masked as yoga masks it. */
function maskDomainError(error: unknown, message: string, isDev: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, field: original.field },
    });
  }
  const masked = maskError(error, message, isDev);
  return masked instanceof GraphQLError ? withCode(masked) : masked;
}

/**
 * GraphiQL with its script, styles and editor workers inlined in the page, so that it works where the
 * public CDN yoga's default page loads them from cannot be reached. The page is about 9 MB and its
 * options never change, so it is rendered once.
 */
function selfContainedGraphiQL(): (options: Parameters<typeof renderGraphiQL>[0]) => string {
  let page: string | undefined;
  return (options) => (page ??= renderGraphiQL(options));
}

/** The viewer's role in each shop asked about during one request, loaded in one query. */
function shopRoleLoader(services: Services, viewer: Viewer | null): (shopId: string) => Promise<ShopMemberRole | null> {
  if (!viewer) return async () => null;
  const loader = new DataLoader<string, ShopMemberRole | null>(async (shopIds) => {
    const members = await services.prisma.shopMember.findMany({
      where: { userId: viewer.userId, shopId: { in: [...shopIds] } },
      select: { shopId: true, role: true },
    });
    const roles = new Map(members.map((member) => [member.shopId, member.role]));
    return shopIds.map((shopId) => roles.get(shopId) ?? null);
  });
  return (shopId) => loader.load(shopId);
}

/**
 * Current offers of every SKU a request shows, asked of the pricing strategy in one batch per tick and
 * per live stream, so that prices and promotions on one page come from the same moment.
 */
function offerLoader(services: Services): Pick<GraphQLContext, 'offer' | 'primeOffers'> {
  const loader = new DataLoader<{ sku: PricedSku; liveStreamId: string | null }, SkuOffer, string>(
    async (keys) => {
      const byStream = new Map<string | null, PricedSku[]>();
      for (const { sku, liveStreamId } of keys) byStream.set(liveStreamId, [...(byStream.get(liveStreamId) ?? []), sku]);
      const offers = new Map<string, SkuOffer>();
      for (const [liveStreamId, skus] of byStream) {
        for (const [skuId, offer] of await services.catalog.currentOffers(skus, liveStreamId)) offers.set(`${liveStreamId}:${skuId}`, offer);
      }
      return keys.map((key) => offers.get(`${key.liveStreamId}:${key.sku.id}`) ?? new Error(`No price for SKU ${key.sku.id}`));
    },
    { cacheKeyFn: (key) => `${key.liveStreamId}:${key.sku.id}` },
  );
  return {
    offer: (sku, liveStreamId = null) => loader.load({ sku, liveStreamId }),
    primeOffers: (skus, offers, liveStreamId) => {
      for (const sku of skus) {
        const offer = offers.get(sku.id);
        if (offer) loader.prime({ sku, liveStreamId }, offer);
      }
    },
  };
}

/**
 * Refuses a request body larger than the limits before anything reads it. Bodies must declare their
 * length: without it a client could stream without end, so a POST without Content-Length gets 411.
 */
function rejectOversizedBody(request: IncomingMessage, response: ServerResponse, maxBody: number, maxUpload: number): boolean {
  if (request.method !== 'POST') return false;
  const declared = request.headers['content-length'];
  const isMultipart = request.headers['content-type']?.startsWith('multipart/form-data') ?? false;
  const limit = isMultipart ? maxBody + 5 * (maxUpload + 1) : maxBody;
  let status: number | null = null;
  let message = '';
  if (declared === undefined) {
    status = 411;
    message = 'Send a Content-Length header';
  } else if (Number(declared) > limit) {
    status = 413;
    message = `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`;
  }
  if (status === null) return false;
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'LENGTH_REQUIRED' } }] }));
  request.resume();
  return true;
}

const DEFAULT_GRAPHIQL_QUERY = /* GraphQL */ `# Welcome to Seller Center API. Try the public catalogue:
query BuyableProducts {
  products(first: 5) {
    edges {
      node {
        title
        shop { name region }
        priceRange { min { amount currencyCode } }
      }
    }
  }
}
`;
