import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult, type execute, type subscribe } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Viewer } from '../context.ts';
import type { Logger } from '../infra/logger.ts';

/** What a WebSocket connection carries from its `connection_init` to each of its operations. */
export interface SocketContext {
  viewer: Viewer | null;
}

/**
 * Close codes this server sends, besides graphql-ws's own (4400 bad request, 4401 unauthorised,
 * 4403 forbidden, 4408 no `connection_init` in time, 4409 duplicate operation id, 4429 repeated
 * `connection_init`) and the WebSocket ones (1009 message too large). The graphql-ws client reconnects
 * after all of these except 4400/4401/4409/4429 and 1009.
 */
export const WebSocketCloseCode = {
  /** RFC 6455 "going away": the server is shutting down; reconnect elsewhere. */
  GOING_AWAY: 1001,
  /**
   * The client stopped reading: more than the bound of unsent bytes piled up for it. It reconnects and
   * gets the current state as its first message again.
   */
  SLOW_CONSUMER: 4503,
} as const;

/** Close code sent to every socket when the server shuts down (RFC 6455 "going away"). */
export const CLOSE_GOING_AWAY = WebSocketCloseCode.GOING_AWAY;

/** Where a subscription's messages go when the server sends them itself (see `SubscriptionRouter`). */
export interface SubscriptionSink {
  /** The operation id the client chose. */
  readonly id: string;
  readonly socket: WebSocket;
  /** The TCP socket under `socket` (the upgrade request's), to cork around several frames. */
  readonly transport: Duplex;
}

/**
 * Takes over subscriptions it can serve better than one execution per subscriber (the live fan-out).
 * `route` takes what it needs of the execution arguments before it returns (their context and root value
 * are dropped then) and returns null to leave an operation to the ordinary path, or an iterable that graphql-ws
 * waits on: it ends when the subscription ends (graphql-ws then sends `complete`), and its `return()`
 * is called when the client completes or disconnects. Messages meanwhile go straight to the socket.
 */
export interface SubscriptionRouter {
  route(args: ExecutionArgs, sink: SubscriptionSink): AsyncIterable<ExecutionResult> | null;
}

export interface WebSocketLimits {
  /** Maximum size of one incoming message; a larger one closes the socket with 1009. */
  maxMessageBytes: number;
  /** Open sockets per client address; more are refused at the upgrade with HTTP 429. */
  maxConnectionsPerIp: number;
  /** Operations running at once on one socket; more get an `error` message of their own. */
  maxOperationsPerConnection: number;
  /** A socket that sends no `connection_init` within this time is closed with 4408. */
  connectionInitTimeoutMs: number;
  /** Interval of the server's ping; a socket that misses a pong for as long is cut off. */
  keepAliveMs: number;
}

export interface WebSocketOptions {
  server: Server;
  path: string;
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  /** Resolves the `authorization` connection parameter; null for an anonymous socket. Throws for a bad token. */
  authenticate(authorization: string | undefined): Promise<Viewer | null>;
  /** The client address of an upgrade request (see TRUST_PROXY). */
  clientIp(request: IncomingMessage): string;
  limits: WebSocketLimits;
  router?: SubscriptionRouter;
  log: Logger;
}

type Enveloped = ReturnType<YogaServerInstance<Record<string, unknown>, Record<string, unknown>>['getEnveloped']>;

/** Gives an error a stable code when the step that raised it gave none (graphql-js parse and validation errors). */
function withCode(error: unknown, code: string): GraphQLError {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : 'Unexpected error.');
  if (graphQLError.extensions.code) return graphQLError;
  return new GraphQLError(graphQLError.message, {
    nodes: graphQLError.nodes,
    source: graphQLError.source,
    positions: graphQLError.positions,
    path: graphQLError.path,
    originalError: graphQLError.originalError,
    extensions: { ...graphQLError.extensions, code },
  });
}

/**
 * graphql-ws on the HTTP server's port and path. Operations go through `yoga.getEnveloped`, so WebSocket
 * operations get the same parsing and validation caches, limits, cost checks and context as HTTP ones.
 * Authentication happens once per connection: a bad token closes the socket with 4403 Forbidden.
 *
 * One bad operation never closes the socket: graphql-ws closes it with 4500 (which its client treats as
 * fatal, killing every other subscription of that viewer) when a hook throws, so every step here turns
 * failures into an `error` message for that operation alone.
 */
export function attachWebSocketServer(options: WebSocketOptions) {
  const { limits, log } = options;
  const connectionsPerIp = new Map<string, number>();
  const socketServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    // Off: a compression context per connection costs far more memory and CPU than broadcast saves.
    perMessageDeflate: false,
    verifyClient: ({ req }, done) => {
      const ip = options.clientIp(req);
      const open = connectionsPerIp.get(ip) ?? 0;
      if (open >= limits.maxConnectionsPerIp) {
        done(false, 429, `Too many WebSocket connections from this address (at most ${limits.maxConnectionsPerIp})`);
        return;
      }
      done(true);
    },
  });
  socketServer.on('connection', (socket, request) => {
    const ip = options.clientIp(request);
    connectionsPerIp.set(ip, (connectionsPerIp.get(ip) ?? 0) + 1);
    socket.once('close', () => {
      const left = (connectionsPerIp.get(ip) ?? 1) - 1;
      if (left <= 0) connectionsPerIp.delete(ip);
      else connectionsPerIp.set(ip, left);
    });
  });

  const contexts = new WeakMap<Extra, SocketContext>();
  const operations = new WeakMap<Extra, Set<string>>();

  const disposable = useServer(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const viewer = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
          contexts.set(ctx.extra, { viewer });
          operations.set(ctx.extra, new Set());
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const running = operations.get(ctx.extra);
        if (running && running.size >= limits.maxOperationsPerConnection) {
          return [
            new GraphQLError(`At most ${limits.maxOperationsPerConnection} operations may run at once on one connection`, {
              extensions: { code: 'TOO_MANY_OPERATIONS' },
            }),
          ];
        }
        // The slot is taken before anything is awaited: operations on one socket start concurrently.
        running?.add(id);
        const refuse = (errors: readonly GraphQLError[]) => {
          running?.delete(id);
          return [...errors];
        };
        let enveloped: Enveloped;
        let document: ExecutionArgs['document'];
        try {
          enveloped = options.yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params: payload,
            socketContext: contexts.get(ctx.extra),
          });
          document = enveloped.parse(payload.query);
        } catch (error) {
          return refuse([withCode(error, 'GRAPHQL_PARSE_FAILED')]);
        }
        try {
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return refuse(errors.map((error: GraphQLError) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
          if (!getOperationAST(document, payload.operationName)) {
            return refuse([new GraphQLError('Unable to identify the operation to run', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
          }
          const args: ExecutionArgs = {
            schema: enveloped.schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue: await enveloped.contextFactory(),
            rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe, sink: { id, socket: ctx.extra.socket, transport: ctx.extra.request.socket } } satisfies OperationRoot,
          };
          return args;
        } catch (error) {
          if (error instanceof GraphQLError) return refuse([withCode(error, 'BAD_REQUEST')]);
          log.error({ err: error }, 'websocket operation could not start');
          return refuse([new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
        }
      },
      // Errors thrown while executing become the operation's result instead of closing the socket.
      execute: async (args) => {
        try {
          return await (args.rootValue as OperationRoot).execute(args);
        } catch (error) {
          return { errors: [asOperationError(error, log)] };
        }
      },
      subscribe: async (args) => {
        try {
          const root = args.rootValue as OperationRoot;
          const routed = options.router?.route(args, root.sink);
          if (routed) {
            // graphql-ws holds an operation's execution arguments until it ends; a routed operation's
            // context (loaders, logger, the envelop around it) would otherwise stay with every subscriber.
            args.contextValue = undefined;
            args.rootValue = undefined;
            return routed as AsyncGenerator<ExecutionResult>;
          }
          return await root.subscribe(args);
        } catch (error) {
          return { errors: [asOperationError(error, log)] };
        }
      },
      onComplete: (ctx, id) => {
        operations.get(ctx.extra)?.delete(id);
      },
      onError: (ctx, id, _payload, errors) => {
        operations.get(ctx.extra)?.delete(id);
        log.debug({ errors: errors.map((error) => error.message) }, 'websocket operation failed');
      },
    },
    socketServer,
    limits.keepAliveMs,
  );

  return {
    socketServer,
    /** Open sockets right now. */
    get connectionCount(): number {
      return socketServer.clients.size;
    },
    /** Closes every socket with 1001 and stops the server from accepting new ones. */
    async close(): Promise<void> {
      for (const client of socketServer.clients) client.close(CLOSE_GOING_AWAY, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
    },
  };
}

/** A GraphQLError keeps its message and code; anything else is unexpected and masked. */
function asOperationError(error: unknown, log: Logger): GraphQLError {
  if (error instanceof GraphQLError && error.extensions.code) return error;
  log.error({ err: error }, 'websocket operation failed unexpectedly');
  return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/**
 * The root value of a WebSocket operation: yoga's enveloped execute and subscribe (so plugins apply), and
 * where the operation's messages go, which graphql-ws's execute and subscribe hooks are not told.
 */
interface OperationRoot {
  execute: typeof execute;
  subscribe: typeof subscribe;
  sink: SubscriptionSink;
}

export { CloseCode };
