import {
  execute,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { GraphQLContext, Viewer } from '../context.ts';
import type { Logger } from '../infra/logger.ts';
import { WebSocketCloseCode, type SubscriptionRouter, type SubscriptionSink } from './websocket.ts';

/**
 * "Resolve once, broadcast": subscribers of one feed whose document, variables and viewer-dependence are
 * identical form a group; the group executes the document once per event, serialises the result once,
 * and sends the same bytes to every member (only the operation id in front differs). Executing per
 * subscriber per event is what makes fan-out cost grow with the audience; this makes it grow with the
 * number of distinct documents.
 */

/** How long a slow subscriber cut off with 4503 has to take its close frame before the connection is dropped. */
const SLOW_CONSUMER_GRACE_MS = 1000;

/** One subscriber's view of a feed (a live stream's channel): opened by `join`, closed by `leave`. */
export interface BroadcastFeed<Root> {
  /** Identity of the feed: subscribers of the same key may share a group. */
  readonly key: string;
  /** Increases with every update, so that a cached first message can tell when it is stale. */
  readonly version: number;
  /** The root value of the first message (the current state). */
  snapshot(): Root;
  /** True when the feed has ended: a subscriber joining now gets the first message and completes. */
  readonly finished: boolean;
  /** Calls `listener` for each update; `final` marks the last one, after which subscriptions complete. */
  listen(listener: (root: Root, final: boolean) => void): () => void;
  /** This subscriber leaves. */
  leave(): void;
}

/** A subscription root field served by broadcast. */
export interface BroadcastField {
  /** The subscription root field's name. */
  field: string;
  /** Opens the feed for the field's coerced arguments; a thrown error is the operation's error. */
  join(args: Record<string, unknown>, context: GraphQLContext): Promise<BroadcastFeed<unknown>>;
}

export interface BroadcastRouterOptions {
  fields: readonly BroadcastField[];
  /** A fresh request context for one execution (its caches must not outlive one event). */
  createContext(viewer: Viewer | null): GraphQLContext;
  /** Turns an execution error into what a client may see (the same masking as HTTP). */
  maskError(error: GraphQLError): GraphQLError;
  /** Unsent bytes past which a subscriber is cut off with 4503. */
  maxBufferedBytes: number;
  log: Logger;
}

/** A subscriber's iterator: graphql-ws waits on it; it ends when the feed ends or the client leaves. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly results: ExecutionResult[] = [];
  private wake: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
  done = false;
  /** The start of every frame sent to this subscriber, up to the payload. */
  readonly prefix: string;
  onLeave: () => void = () => {};

  constructor(readonly sink: SubscriptionSink) {
    this.prefix = `{"id":${JSON.stringify(sink.id)},"type":"next","payload":`;
  }

  get socket(): WebSocket {
    return this.sink.socket;
  }

  /** Ends with one result sent through graphql-ws (an error that stops the subscription). */
  fail(result: ExecutionResult): void {
    this.results.push(result);
    this.end();
  }

  /** Ends the subscription: graphql-ws sends `complete`. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onLeave();
    this.flush();
  }

  private flush(): void {
    if (!this.wake) return;
    const wake = this.wake;
    const result = this.results.shift();
    if (result) {
      this.wake = null;
      wake({ value: result, done: false });
    } else if (this.done) {
      this.wake = null;
      wake({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.flush();
    });
  }

  /** The client completed the operation or disconnected. */
  return(): Promise<IteratorResult<ExecutionResult>> {
    this.results.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Subscribers sharing one execution per event. */
class Group {
  private readonly members = new Set<Member>();
  private queue: Promise<void> = Promise.resolve();
  private firstMessage: { version: number; payload: string } | null = null;
  private joining = 0;
  private closed = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly feed: BroadcastFeed<unknown>,
    private readonly run: (root: unknown) => Promise<string>,
    private readonly send: (member: Member, payload: string) => void,
    private readonly onEmpty: () => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unlisten = feed.listen((root, final) => this.enqueue(() => this.broadcast(root, final)));
  }

  /** Work on a group runs in order: a joining subscriber's first message never overtakes an update. */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.onError(error));
  }

  /**
   * A member receives updates only once its first message is sent: updates queued before it joined
   * would otherwise reach it ahead of the state. Until then it counts in `joining`, so that the group
   * does not close under it.
   */
  add(member: Member): void {
    this.joining += 1;
    this.enqueue(async () => {
      try {
        if (member.done) return;
        const version = this.feed.version;
        if (this.firstMessage?.version !== version) this.firstMessage = { version, payload: await this.run(this.feed.snapshot()) };
        if (member.done) return;
        this.send(member, this.firstMessage.payload);
        this.members.add(member);
      } finally {
        this.joining -= 1;
        this.closeIfEmpty();
      }
      if (this.feed.finished) member.end();
    });
  }

  private async broadcast(root: unknown, final: boolean): Promise<void> {
    if (this.members.size > 0) {
      const payload = await this.run(root);
      for (const member of this.members) this.send(member, payload);
    }
    if (final) for (const member of [...this.members]) member.end();
  }

  remove(member: Member): void {
    if (this.members.delete(member)) this.closeIfEmpty();
  }

  private closeIfEmpty(): void {
    if (this.members.size > 0 || this.joining > 0 || this.closed) return;
    this.closed = true;
    this.unlisten();
    this.onEmpty();
  }
}

/** Which fields of a document read the viewer (fields and types with auth scopes), cached per document. */
function viewerDependent(schema: GraphQLSchema, document: DocumentNode, cache: WeakMap<DocumentNode, boolean>): boolean {
  const known = cache.get(document);
  if (known !== undefined) return known;
  const typeInfo = new TypeInfo(schema);
  let dependent = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        const type = field ? getNamedType(field.type) : null;
        const scoped = (extensions: Record<string, unknown> | undefined | null) => {
          const options = extensions?.pothosOptions as Record<string, unknown> | undefined;
          return Boolean(options?.authScopes ?? options?.grantScopes);
        };
        if (scoped(field?.extensions) || scoped(parent?.extensions) || scoped(type?.extensions)) dependent = true;
      },
    }),
  );
  cache.set(document, dependent);
  return dependent;
}

/** Builds the router the WebSocket layer consults for each subscription. */
export function createBroadcastRouter(options: BroadcastRouterOptions): SubscriptionRouter & { readonly groupCount: number } {
  const fields = new Map(options.fields.map((field) => [field.field, field]));
  const groups = new Map<string, Group>();
  const documentKeys = new WeakMap<DocumentNode, string>();
  const dependence = new WeakMap<DocumentNode, boolean>();
  let documentCounter = 0;

  function documentKey(document: DocumentNode): string {
    let key = documentKeys.get(document);
    if (!key) {
      // Parsed documents are cached by yoga's parser cache, so one query text is one object.
      key = `d${(documentCounter += 1)}`;
      documentKeys.set(document, key);
    }
    return key;
  }

  function send(member: Member, payload: string): void {
    const socket = member.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      options.log.info({ buffered: socket.bufferedAmount }, 'slow subscriber disconnected');
      socket.close(WebSocketCloseCode.SLOW_CONSUMER, 'Slow consumer: too many unsent messages');
      // The close frame waits behind everything unsent: a client that reads again gets it, one that does
      // not is cut off soon, which frees what was buffered for it.
      setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
      return;
    }
    socket.send(member.prefix + payload + "}");
  }

  function mask(result: ExecutionResult): ExecutionResult {
    return result.errors ? { ...result, errors: result.errors.map((error) => options.maskError(error)) } : result;
  }

  async function join(member: Member, field: BroadcastField, args: ExecutionArgs, fieldNode: FieldNode): Promise<void> {
    const context = args.contextValue as GraphQLContext;
    const fieldDef = args.schema.getSubscriptionType()?.getFields()[field.field];
    if (!fieldDef) throw new Error(`No subscription field ${field.field}`);
    const fieldArgs = getArgumentValues(fieldDef, fieldNode, args.variableValues ?? {});
    const feed = await field.join(fieldArgs, context);
    const dependent = viewerDependent(args.schema, args.document, dependence);
    const viewer = dependent ? context.viewer : null;
    const key = [feed.key, documentKey(args.document), args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), viewer?.userId ?? '-'].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      const run = async (root: unknown) =>
        JSON.stringify(
          mask(
            await execute({
              schema: args.schema,
              document: args.document,
              operationName: args.operationName,
              variableValues: args.variableValues,
              contextValue: options.createContext(viewer),
              rootValue: root,
            }),
          ),
        );
      const created: Group = new Group(
        feed,
        run,
        send,
        () => {
          if (groups.get(key) === created) groups.delete(key);
        },
        (error) => options.log.error({ err: error }, 'live broadcast failed'),
      );
      group = created;
      groups.set(key, group);
    }
    if (member.done) {
      // The client left while the feed was opening.
      feed.leave();
      return;
    }
    const joined = group;
    member.onLeave = () => {
      joined.remove(member);
      feed.leave();
    };
    joined.add(member);
  }

  return {
    get groupCount() {
      return groups.size;
    },
    route(args, sink) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'subscription') return null;
      const selections = operation.selectionSet.selections;
      const only = selections.length === 1 ? selections[0] : undefined;
      if (only?.kind !== Kind.FIELD || (only.directives?.length ?? 0) > 0) return null;
      const field = fields.get(only.name.value);
      if (!field) return null;
      const member = new Member(sink);
      join(member, field, args, only).catch((error: unknown) => {
        const graphQLError = error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : 'Unexpected error.', { originalError: error instanceof Error ? error : undefined });
        member.fail(mask({ errors: [graphQLError] }));
      });
      return member;
    },
  };
}
