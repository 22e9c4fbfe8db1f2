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
import type { GraphQLContext, Viewer } from '../context.ts';
import type { Database } from '../infra/database/database.ts';
import type { Logger } from '../infra/logger.ts';
import { WebSocketCloseCode, type RoutedSubscription, type SubscriptionRouter, type SubscriptionSink } from './websocket.ts';

/**
 * "Resolve once, broadcast": subscribers of one feed whose document, variables and viewer-dependence are
 * identical form a group; the group executes the document once per event, serialises the result once,
 * and sends the same bytes to every member (only the operation id in front differs). Executing per
 * subscriber per event is what makes fan-out cost grow with the audience; this makes it grow with the
 * number of distinct documents.
 */

/**
 * Updates sent in one write at most. Updates come a few at a time (a pin is an unpin and a pin; stock and
 * the purchase feed are coalesced); a flood larger than this is written in slices.
 */
const MAX_UPDATES_PER_WRITE = 16;

/** How long a slow subscriber cut off with 4503 has to take its close frame before the connection is dropped. */
const SLOW_CONSUMER_GRACE_MS = 1000;

/** ws sends a Buffer as a binary frame unless told otherwise; graphql-ws messages are text. */
const TEXT = { binary: false } as const;

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
  /** Counts the SQL statements of each execution, as for an HTTP request. */
  statements: Pick<Database, 'tallyStatements' | 'currentTally'>;
  log: Logger;
}

/** What `route` keeps of a subscription's execution arguments while its member joins a group. */
interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: ExecutionArgs['operationName'];
  variableValues: NonNullable<ExecutionArgs['variableValues']>;
  /** Only for opening the feed: a group executes with a context of its own. */
  context: GraphQLContext;
}

/**
 * One subscriber of a group. It holds what sending to it needs and nothing of how it joined: the socket
 * layer holds it (see `SubscriptionSink`) until it ends, and its group and feed until it leaves.
 */
class Member implements RoutedSubscription {
  /** The start of every `next` message sent to this subscriber, up to its payload. */
  readonly head: string;
  /** `head`'s length in bytes. */
  readonly headBytes: number;
  done = false;
  private group: Group | null = null;
  private feed: BroadcastFeed<unknown> | null = null;

  constructor(readonly sink: SubscriptionSink) {
    this.head = `{"id":${JSON.stringify(sink.id)},"type":"next","payload":`;
    this.headBytes = Buffer.byteLength(this.head);
  }

  joined(group: Group, feed: BroadcastFeed<unknown>): void {
    this.group = group;
    this.feed = feed;
  }

  /** The client completed the subscription or disconnected. */
  stop(): void {
    if (this.done) return;
    this.done = true;
    this.group?.remove(this);
    this.feed?.leave();
  }

  /** Ends the subscription from the server's side: `result` (an error that stopped it), then `complete`. */
  end(result?: ExecutionResult): void {
    if (this.done) return;
    this.stop();
    this.sink.end(result);
  }
}

/** Subscribers sharing one execution per event. */
class Group {
  /** Every member, from `add` until it leaves: the group lives while it has one. */
  private readonly joined = new Set<Member>();
  /** The members that got their first message: updates go to them. */
  private readonly members = new Set<Member>();
  private queue: Promise<void> = Promise.resolve();
  private firstMessage: { version: number; tail: Buffer } | null = null;
  /** Updates published since the last send, in order. */
  private pending: Array<{ root: unknown; final: boolean }> = [];
  private readonly unlisten: () => void;

  constructor(
    private readonly feed: BroadcastFeed<unknown>,
    private readonly run: (root: unknown) => Promise<Buffer>,
    private readonly send: (member: Member, tails: readonly Buffer[]) => void,
    private readonly onEmpty: () => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unlisten = feed.listen((root, final) => {
      // Updates published together (a pin is an unpin and a pin) are sent together, one write per
      // member: the write to each socket, not the execution, is what a broadcast spends its time on.
      if (this.pending.length === 0) setImmediate(() => this.broadcast());
      this.pending.push({ root, final });
    });
  }

  /** Work on a group runs in order: a joining subscriber's first message never overtakes an update. */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.onError(error));
  }

  /**
   * A member gets the first message (the current state) in turn with the updates, and the updates only
   * after it: those published before are in the state already.
   */
  add(member: Member, feed: BroadcastFeed<unknown>): void {
    member.joined(this, feed);
    this.joined.add(member);
    this.enqueue(async () => {
      if (!this.joined.has(member)) return;
      const version = this.feed.version;
      if (this.firstMessage?.version !== version) this.firstMessage = { version, tail: await this.run(this.feed.snapshot()) };
      if (!this.joined.has(member)) return;
      this.send(member, [this.firstMessage.tail]);
      if (this.feed.finished) member.end();
      else this.members.add(member);
    });
  }

  /**
   * Executes the updates published together right away, side by side, and sends them in turn. An
   * execution may wait on the database: waiting for the sends before it too would let a slow one hold
   * back every update after it.
   */
  private broadcast(): void {
    const updates = this.pending.splice(0, MAX_UPDATES_PER_WRITE);
    // A flood is sent in slices, each in a turn of its own, so that sockets drain in between.
    if (this.pending.length > 0) setImmediate(() => this.broadcast());
    const executed = Promise.all(updates.map(({ root }) => this.run(root)));
    // Its failure is handled where it is awaited, in turn; this keeps it from counting as unhandled meanwhile.
    executed.catch(() => undefined);
    this.enqueue(async () => {
      const tails = await executed;
      for (const member of this.members) this.send(member, tails);
      if (updates.some((update) => update.final)) for (const member of [...this.members]) member.end();
    });
  }

  /** The member left (or ended); the group closes with its last member. */
  remove(member: Member): void {
    if (!this.joined.delete(member)) return;
    this.members.delete(member);
    if (this.joined.size === 0) {
      this.unlisten();
      this.onEmpty();
    }
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

  /**
   * Sends `next` messages: each is the member's own head, then a tail every member shares, encoded once
   * per event; only the short head is encoded per member (ws writes a Buffer as it is). Several messages
   * go out in one write: ws corks the TCP socket around each frame, and a cork around all of them holds
   * them until the last.
   */
  function send(member: Member, tails: readonly Buffer[]): void {
    const { socket, transport } = member.sink;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      options.log.info({ buffered: socket.bufferedAmount }, 'slow subscriber disconnected');
      socket.close(WebSocketCloseCode.SLOW_CONSUMER, 'Slow consumer: too many unsent messages');
      // The close frame waits behind everything unsent: a client that reads again gets it, one that does
      // not is cut off soon, which frees what was buffered for it.
      setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
      return;
    }
    const corked = tails.length > 1;
    if (corked) transport.cork();
    for (const tail of tails) {
      const frame = Buffer.allocUnsafe(member.headBytes + tail.length);
      frame.write(member.head, 0);
      tail.copy(frame, member.headBytes);
      socket.send(frame, TEXT);
    }
    if (corked) transport.uncork();
  }

  function mask(result: ExecutionResult): ExecutionResult {
    return result.errors ? { ...result, errors: result.errors.map((error) => options.maskError(error)) } : result;
  }

  async function join(member: Member, field: BroadcastField, args: Operation, fieldNode: FieldNode): Promise<void> {
    const context = args.context;
    const fieldDef = args.schema.getSubscriptionType()?.getFields()[field.field];
    if (!fieldDef) throw new Error(`No subscription field ${field.field}`);
    const fieldArgs = getArgumentValues(fieldDef, fieldNode, args.variableValues);
    const feed = await field.join(fieldArgs, context);
    const dependent = viewerDependent(args.schema, args.document, dependence);
    const viewer = dependent ? context.viewer : null;
    const key = [feed.key, documentKey(args.document), args.operationName ?? '', JSON.stringify(args.variableValues), viewer?.userId ?? '-'].join('\u0000');
    const group = groups.get(key) ?? openGroup(key, feed, args, viewer);
    if (member.done) {
      // The client left while the feed was opening.
      feed.leave();
      return;
    }
    group.add(member, feed);
  }

  /** A new group; it keeps the document and variables of the operation that opened it, not its context. */
  function openGroup(key: string, feed: BroadcastFeed<unknown>, { schema, document, operationName, variableValues }: Operation, viewer: Viewer | null): Group {
    // The tail of the `next` message (its payload and closing brace), serialised and encoded once per event.
    const operation = operationName ?? getOperationAST(document)?.name?.value;
    const run = (root: unknown) =>
      options.statements.tallyStatements(async () => {
        const result = mask(await execute({ schema, document, operationName, variableValues, contextValue: options.createContext(viewer), rootValue: root }));
        // An event's execution runs once per group, yet its statements wait on the database right on the
        // path to every member: the count shows an event that reads more than it should.
        options.log.debug({ feed: feed.key, operation, sqlStatements: options.statements.currentTally()?.count }, 'broadcast executed');
        return Buffer.from(`${JSON.stringify(result)}}`);
      });
    const group: Group = new Group(
      feed,
      run,
      send,
      () => {
        if (groups.get(key) === group) groups.delete(key);
      },
      (error) => options.log.error({ err: error }, 'live broadcast failed'),
    );
    groups.set(key, group);
    return group;
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
      // What the group needs, taken now: the caller drops the operation's context once this returns.
      const taken: Operation = {
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        variableValues: args.variableValues ?? {},
        context: args.contextValue as GraphQLContext,
      };
      join(member, field, taken, only).catch((error: unknown) => {
        const graphQLError = error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : 'Unexpected error.', { originalError: error instanceof Error ? error : undefined });
        member.end(mask({ errors: [graphQLError] }));
      });
      return member;
    },
  };
}
