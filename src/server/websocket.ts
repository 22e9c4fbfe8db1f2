import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult, type execute, type subscribe } from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, parseMessage, stringifyMessage, type Context, type SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Viewer } from '../context.ts';
import type { Logger } from '../infra/logger.ts';
import { withCode } from './http-protocol.ts';

/** What a WebSocket connection carries from its `connection_init` to each of its operations. */
export interface SocketContext {
  viewer: Viewer | null;
  /** The client address of the upgrade request (see TRUST_PROXY). */
  clientIp: string;
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

/** How many groups the keep-alive spreads the sockets over: one group is pinged per tick. */
const KEEP_ALIVE_SLICES = 16;

/**
 * A subscription the server serves itself (see `SubscriptionRouter`): its messages go straight to the
 * socket. graphql-ws keeps it among the connection's operations (so that a duplicate id is refused and
 * the client's `complete` or leaving stops it), and nothing else of it.
 */
export interface SubscriptionSink {
  /** The operation id the client chose. */
  readonly id: string;
  readonly socket: WebSocket;
  /** The TCP socket under `socket`, to cork around several frames. */
  readonly transport: Duplex;
  /**
   * The subscription ended on the server's side: `result` (an error that stopped it), if any, is sent
   * as its last `next`, then `complete`. Does nothing once the client completed it or left.
   */
  end(result?: ExecutionResult): void;
}

/** What the router returns for a subscription it took. */
export interface RoutedSubscription {
  /** The client completed the subscription or left: nothing more is sent. */
  stop(): void;
}

/**
 * Takes over subscriptions it can serve better than one execution per subscriber (the live fan-out).
 * `route` takes what it needs of the execution arguments before it returns (their context and root value
 * are dropped then) and returns null to leave an operation to graphql-ws's ordinary path.
 */
export interface SubscriptionRouter {
  route(args: ExecutionArgs, sink: SubscriptionSink): RoutedSubscription | null;
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

/**
 * What graphql-ws's hooks get as `ctx.extra` for one connection. What is needed of the upgrade request
 * (the client address) is taken at connect, and the request itself (headers and all) is not kept: it
 * would stay with every viewer for as long as the socket is open.
 */
interface SocketExtra {
  readonly socket: WebSocket;
  readonly transport: Duplex;
  readonly clientIp: string;
  /** graphql-ws's context of the connection, from its `connection_init` on. */
  ctx: Context<ConnectionParams, SocketExtra> | null;
  socketContext: SocketContext | null;
  /** Operations graphql-ws runs itself on this socket (created with the first), counted for the limit. */
  running: Set<string> | null;
  /** What a subscribe message prepared, for graphql-ws's `onSubscribe` when graphql-ws runs it. */
  prepared: Map<string, ExecutionArgs | readonly GraphQLError[]> | null;
}

type ConnectionParams = Record<string, unknown> | undefined;

/**
 * The socket as graphql-ws's `makeServer` drives it. Written here rather than taken from graphql-ws's
 * `useServer` because that one keeps, per connection, the upgrade request and two timers with their
 * closures, and hands every subscribe message to an operation loop that holds the message, its query text
 * and a chain of promises for as long as the subscription lasts: kilobytes per viewer of a live stream.
 * Its methods live on the prototype, so a connection costs one small object.
 */
class GraphQLSocket {
  constructor(
    private readonly extra: SocketExtra,
    private readonly receive: (extra: SocketExtra, data: string, handle: (data: string) => Promise<void>) => Promise<void>,
    private readonly log: Logger,
  ) {}

  get protocol(): string {
    return this.extra.socket.protocol;
  }

  send(data: string): Promise<void> {
    const socket = this.extra.socket;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(code?: number, reason?: string): void {
    this.extra.socket.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    this.extra.socket.on('message', (data: Buffer) => {
      this.receive(this.extra, String(data), handle).catch((error: unknown) => {
        // graphql-ws throws for a message it cannot handle at all (an unknown type); like its own adapter,
        // close with 4500.
        this.log.warn({ err: error }, 'websocket message could not be handled');
        this.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
      });
    });
  }
}

/**
 * A subscription the router took, as graphql-ws sees it among the connection's operations: an async
 * generator it can stop with `return()` when the client completes it or the socket closes.
 */
class RoutedOperation implements SubscriptionSink {
  routed: RoutedSubscription | null = null;

  constructor(
    readonly id: string,
    private readonly extra: SocketExtra,
  ) {}

  get socket(): WebSocket {
    return this.extra.socket;
  }

  get transport(): Duplex {
    return this.extra.transport;
  }

  end(result?: ExecutionResult): void {
    const subscriptions = this.extra.ctx?.subscriptions;
    if (!subscriptions || subscriptions[this.id] !== (this as unknown)) return;
    delete subscriptions[this.id];
    const socket = this.extra.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (result) socket.send(stringifyMessage<MessageType.Next>({ id: this.id, type: MessageType.Next, payload: result as never }));
    socket.send(stringifyMessage<MessageType.Complete>({ id: this.id, type: MessageType.Complete }));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** graphql-ws: the client completed the operation or disconnected. */
  return(): Promise<IteratorResult<never>> {
    this.routed?.stop();
    return Promise.resolve({ value: undefined, done: true });
  }
}

/**
 * graphql-ws on the HTTP server's port and path. Operations go through `yoga.getEnveloped`, so WebSocket
 * operations get the same parsing and validation caches, limits, cost checks and context as HTTP ones.
 * Authentication happens once per connection: a bad token closes the socket with 4403 Forbidden.
 *
 * One bad operation never closes the socket: graphql-ws closes it with 4500 (which its client treats as
 * fatal, killing every other subscription of that viewer) when a hook throws, so every step here turns
 * failures into an `error` message for that operation alone.
 *
 * Subscribe messages are prepared here before graphql-ws sees them: one the router takes never enters
 * graphql-ws's per-operation loop (graphql-ws only lists it among the connection's operations); any other
 * goes on to graphql-ws, whose `onSubscribe` returns what was prepared.
 */
export function attachWebSocketServer(options: WebSocketOptions) {
  const { limits, log } = options;
  const connectionsPerIp = new Map<string, number>();
  const socketServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    handleProtocols,
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

  /** Operations running on a socket: those graphql-ws runs, and the routed ones it lists. */
  function runningOn(extra: SocketExtra): number {
    let routed = 0;
    for (const operation of Object.values(extra.ctx?.subscriptions ?? {})) if (operation instanceof RoutedOperation) routed += 1;
    return routed + (extra.running?.size ?? 0);
  }

  function finished(extra: SocketExtra, id: string): void {
    extra.running?.delete(id);
    if (extra.running?.size === 0) extra.running = null;
  }

  /** What graphql-ws's `onSubscribe` would do: the execution arguments, or the errors to answer with. */
  async function prepare(extra: SocketExtra, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
    if (runningOn(extra) >= limits.maxOperationsPerConnection) {
      return [
        new GraphQLError(`At most ${limits.maxOperationsPerConnection} operations may run at once on one connection`, {
          extensions: { code: 'TOO_MANY_OPERATIONS' },
        }),
      ];
    }
    // The slot is taken before anything is awaited: operations on one socket start concurrently.
    (extra.running ??= new Set()).add(id);
    const refuse = (errors: readonly GraphQLError[]) => {
      finished(extra, id);
      return errors;
    };
    let enveloped: Enveloped;
    let document: ExecutionArgs['document'];
    try {
      enveloped = options.yoga.getEnveloped({ socket: extra.socket, params: payload, socketContext: extra.socketContext ?? undefined });
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
      return {
        schema: enveloped.schema,
        operationName: payload.operationName,
        document,
        variableValues: payload.variables,
        contextValue: await enveloped.contextFactory(),
        rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies OperationRoot,
      };
    } catch (error) {
      if (error instanceof GraphQLError) return refuse([withCode(error, 'BAD_REQUEST')]);
      log.error({ err: error }, 'websocket operation could not start');
      return refuse([new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    }
  }

  /**
   * Every message of a socket, before graphql-ws: a subscribe message on an acknowledged connection with
   * an id not in use is prepared here and, when the router takes it, served without graphql-ws's
   * operation loop. graphql-ws's own checks (unacknowledged 4401, duplicate id 4409, malformed 4400) see
   * every other message as they would without this step.
   */
  async function receive(extra: SocketExtra, data: string, handle: (data: string) => Promise<void>): Promise<void> {
    const ctx = extra.ctx;
    let message: ReturnType<typeof parseMessage> | null = null;
    if (ctx?.acknowledged) {
      try {
        message = parseMessage(data);
      } catch {
        // graphql-ws closes the socket for it.
      }
    }
    if (!ctx || message?.type !== MessageType.Subscribe || message.id in ctx.subscriptions) return handle(data);
    const { id, payload } = message;
    // As graphql-ws does: while the operation starts, a duplicate id is refused and a `complete` seen.
    ctx.subscriptions[id] = null;
    const prepared = await prepare(extra, id, payload);
    if (!(id in ctx.subscriptions)) {
      // The client completed the operation, or left, while it started.
      finished(extra, id);
      return;
    }
    if (!Array.isArray(prepared) && options.router) {
      const operation = new RoutedOperation(id, extra);
      let routed: RoutedSubscription | null;
      try {
        routed = options.router.route(prepared as ExecutionArgs, operation);
      } catch (error) {
        ctx.subscriptions[id] = operation as never;
        finished(extra, id);
        operation.end({ errors: [asOperationError(error, log)] });
        return;
      }
      if (routed) {
        operation.routed = routed;
        // The operation now counts by its entry among graphql-ws's operations, which `end` removes.
        finished(extra, id);
        ctx.subscriptions[id] = operation as never;
        return;
      }
    }
    delete ctx.subscriptions[id];
    (extra.prepared ??= new Map()).set(id, prepared);
    return handle(data);
  }

  const server = makeServer<ConnectionParams, SocketExtra>({
    // Kept per socket below until `connection_init` arrives, not for the life of the connection.
    connectionInitWaitTimeout: 0,
    onConnect: async (ctx) => {
      ctx.extra.ctx = ctx;
      const authorization = ctx.connectionParams?.authorization;
      try {
        const viewer = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
        ctx.extra.socketContext = { viewer, clientIp: ctx.extra.clientIp };
        return true;
      } catch {
        return false;
      }
    },
    onSubscribe: (ctx, id) => {
      const prepared = ctx.extra.prepared?.get(id);
      ctx.extra.prepared?.delete(id);
      if (ctx.extra.prepared?.size === 0) ctx.extra.prepared = null;
      if (!prepared) throw new Error(`Subscribe message ${id} was not prepared`);
      return Array.isArray(prepared) ? [...(prepared as readonly GraphQLError[])] : (prepared as ExecutionArgs);
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
        return await (args.rootValue as OperationRoot).subscribe(args);
      } catch (error) {
        return { errors: [asOperationError(error, log)] };
      }
    },
    onComplete: (ctx, id) => {
      finished(ctx.extra, id);
    },
    onError: (ctx, id, _payload, errors) => {
      finished(ctx.extra, id);
      log.debug({ errors: errors.map((error) => error.message) }, 'websocket operation failed');
    },
  });

  // One keep-alive for every socket rather than a timer each: a socket that has not answered the
  // previous ping by the next one is cut off. The sockets are spread over KEEP_ALIVE_SLICES groups, one
  // pinged per tick, so that each is pinged once per interval without 10,000 pings (and pongs) holding
  // the event loop in one turn.
  const slices = Array.from({ length: KEEP_ALIVE_SLICES }, () => new Set<WebSocket>());
  let nextSlice = 0;
  let tick = 0;
  const awaitingPong = new Set<WebSocket>();
  const keepAlive = setInterval(() => {
    const slice = slices[tick % KEEP_ALIVE_SLICES] as Set<WebSocket>;
    tick += 1;
    for (const socket of slice) {
      if (awaitingPong.has(socket)) {
        socket.terminate();
      } else if (socket.readyState === socket.OPEN) {
        awaitingPong.add(socket);
        socket.ping();
      }
    }
  }, limits.keepAliveMs / KEEP_ALIVE_SLICES);
  keepAlive.unref();
  function answered(this: WebSocket): void {
    awaitingPong.delete(this);
  }
  function failed(this: WebSocket, error: Error): void {
    log.warn({ err: error }, 'websocket error');
    this.close(CloseCode.InternalServerError, 'Internal server error');
  }

  socketServer.on('connection', (socket, request) => {
    const clientIp = options.clientIp(request);
    connectionsPerIp.set(clientIp, (connectionsPerIp.get(clientIp) ?? 0) + 1);
    const extra: SocketExtra = { socket, transport: request.socket, clientIp, ctx: null, socketContext: null, running: null, prepared: null };
    // `on` rather than `once`, which wraps every listener in an object of its own per socket.
    socket.on('pong', answered);
    socket.on('error', failed);
    const slice = slices[nextSlice++ % KEEP_ALIVE_SLICES] as Set<WebSocket>;
    slice.add(socket);
    setTimeout(() => {
      if (!extra.ctx) socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, limits.connectionInitTimeoutMs).unref();
    const closed = server.opened(new GraphQLSocket(extra, receive, log), extra);
    socket.on('close', (code, reason) => {
      awaitingPong.delete(socket);
      slice.delete(socket);
      const left = (connectionsPerIp.get(clientIp) ?? 1) - 1;
      if (left <= 0) connectionsPerIp.delete(clientIp);
      else connectionsPerIp.set(clientIp, left);
      closed(code, String(reason)).catch((error: unknown) => log.error({ err: error }, 'websocket close failed'));
    });
  });

  return {
    socketServer,
    /** Open sockets right now. */
    get connectionCount(): number {
      return socketServer.clients.size;
    },
    /** Closes every socket with 1001 and stops the server from accepting new ones. */
    async close(): Promise<void> {
      clearInterval(keepAlive);
      for (const client of socketServer.clients) client.close(CLOSE_GOING_AWAY, 'Server shutting down');
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
 * The root value of a WebSocket operation: yoga's enveloped execute and subscribe (so plugins apply), which
 * graphql-ws's execute and subscribe hooks are not given otherwise.
 */
interface OperationRoot {
  execute: typeof execute;
  subscribe: typeof subscribe;
}

export { CloseCode };
