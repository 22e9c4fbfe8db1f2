import type { Server } from 'node:http';
import type { execute, subscribe } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Viewer } from '../context.ts';
import type { Logger } from '../infra/logger.ts';

/** What a WebSocket connection carries from its `connection_init` to each of its operations. */
export interface SocketContext {
  viewer: Viewer | null;
}

/** Close code sent to every socket when the server shuts down (RFC 6455 "going away"). */
export const CLOSE_GOING_AWAY = 1001;

export interface WebSocketOptions {
  server: Server;
  path: string;
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  /** Resolves the `authorization` connection parameter; null for an anonymous socket. Throws for a bad token. */
  authenticate(authorization: string | undefined): Promise<Viewer | null>;
  maxPayloadBytes: number;
  log: Logger;
}

/**
 * graphql-ws on the HTTP server's port and path. Operations go through `yoga.getEnveloped`, so WebSocket
 * operations get the same parsing and validation caches, limits, cost checks and context as HTTP ones.
 * Authentication happens once per connection: a bad token closes the socket with 4403 Forbidden.
 */
export function attachWebSocketServer(options: WebSocketOptions) {
  const socketServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    // Off: a compression context per connection costs far more memory and CPU than broadcast saves.
    perMessageDeflate: false,
  });
  const contexts = new WeakMap<Extra, SocketContext>();

  const disposable = useServer(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const viewer = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
          contexts.set(ctx.extra, { viewer });
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = options.yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          socketContext: contexts.get(ctx.extra),
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
      execute: (args) => (args.rootValue as { execute: typeof execute }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: typeof subscribe }).subscribe(args),
      onError: (_ctx, _id, _payload, errors) => {
        options.log.debug({ errors: errors.map((error) => error.message) }, 'websocket operation failed');
      },
    },
    socketServer,
  );

  return {
    socketServer,
    /** Closes every socket with 1001 and stops the server from accepting new ones. */
    async close(): Promise<void> {
      for (const client of socketServer.clients) client.close(CLOSE_GOING_AWAY, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
    },
  };
}

export { CloseCode };
