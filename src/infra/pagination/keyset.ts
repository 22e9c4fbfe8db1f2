import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';

/**
 * Keyset (seek) pagination, shared by every list of the API. A list is read in a total order given by
 * its sort keys, the last of which is unique (the row id). A cursor carries the sort key values of its
 * row, so the next page is "the rows after these values" — `(k1, …, id) > (v1, …, vid)` in list order —
 * and never depends on the cursor row still being in the list: a row that leaves or joins the list
 * between two pages can neither make a page skip a row nor repeat one (Prisma's `cursor` + `skip: 1`
 * can do both). Written by hand because Prisma's own cursor is the row-id kind, and Pothos's prisma
 * connections are built on it.
 */

/** The types a sort key can hold; each survives the round trip through a cursor unchanged. */
export type KeyType = 'string' | 'date' | 'int' | 'bigint';
type KeyValue = string | Date | number | bigint | null;
export type SortDirection = 'asc' | 'desc';

/** A comparison as Prisma's filters spell it; a key turns it into a condition on its column. */
export type Comparison = { gt: KeyValue } | { lt: KeyValue } | { gte: KeyValue } | { lte: KeyValue } | { equals: KeyValue } | { not: null };

/** One sort key of an order: how to read it from a row, how to filter and order by it in Prisma. */
export interface SortKey<Row, Where, OrderBy> {
  type: KeyType;
  direction: SortDirection;
  /** Whether the key can be null. Nulls come last in the key's direction. */
  nullable: boolean;
  /** The model column the key is, when it is a plain column: pages load it with the selection. */
  column?: string;
  read(row: Row): KeyValue;
  where(comparison: Comparison): Where;
  orderBy(direction: SortDirection, nulls: 'first' | 'last' | undefined): OrderBy;
}

/** A total order of a list under one of its sorts. The last key must be unique and not null (the id). */
export interface KeysetOrder<Row, Where = object, OrderBy = object> {
  /** The sort's name, bound into the cursors it issues (e.g. `NEWEST`). */
  name: string;
  keys: readonly SortKey<Row, Where, OrderBy>[];
}

/**
 * A plain column of a Prisma model as a sort key, e.g. `column('createdAt', 'date', 'desc')`. The
 * condition is `{ [name]: comparison }` and the ordering `{ [name]: direction }`.
 */
export function column<Row extends Record<string, unknown>>(
  name: keyof Row & string,
  type: KeyType,
  direction: SortDirection,
  options: { nullable?: boolean } = {},
): SortKey<Row, Record<string, unknown>, Record<string, unknown>> {
  return {
    type,
    direction,
    nullable: options.nullable ?? false,
    column: name,
    read: (row) => row[name] as KeyValue,
    where: (comparison) => ({ [name]: comparison }),
    orderBy: (order, nulls) => ({ [name]: nulls ? { sort: order, nulls } : order }),
  };
}

/** An order on plain columns of a model, ending with its id, e.g. `order('NEWEST', [['createdAt', 'date', 'desc'], ['id', 'string', 'desc']])`. */
export function order<Row extends Record<string, unknown>>(
  name: string,
  keys: readonly (readonly [keyof Row & string, KeyType, SortDirection, { nullable?: boolean }?])[],
): KeysetOrder<Row, Record<string, unknown>, Record<string, unknown>> {
  return { name, keys: keys.map(([field, type, direction, options]) => column<Row>(field, type, direction, options)) };
}

/** The same order over rows that wrap the ordered one (a showcase entry wraps its product). */
export function through<Outer, Row, Where, OrderBy>(inner: KeysetOrder<Row, Where, OrderBy>, pick: (outer: Outer) => Row): KeysetOrder<Outer, Where, OrderBy> {
  return { name: inner.name, keys: inner.keys.map((key) => ({ ...key, read: (outer: Outer) => key.read(pick(outer)) })) };
}

// ─── Page arguments ───

/** The Relay arguments of a connection. */
export interface PageArguments {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/*
 * The two errors below are request errors, like a bad argument type: the field cannot run at all, so
 * they are GraphQL errors with a code and the argument's name, not members of a mutation's result union.
 */

/** A connection was asked for with arguments that contradict each other (`first` with `last`, …). */
export class InvalidPageArgumentsError extends GraphQLError {
  constructor(message: string, argument: keyof PageArguments) {
    super(message, { extensions: { code: 'INVALID_PAGE_ARGUMENTS', field: [argument] } });
  }
}

/** A cursor that this list did not issue in this sort: malformed, altered, from another list or sort. */
export class InvalidCursorError extends GraphQLError {
  constructor(argument: 'after' | 'before', reason: string) {
    super(`\`${argument}\` is not a cursor of this list in this order: ${reason}. Start again without it.`, {
      extensions: { code: 'INVALID_CURSOR', field: [argument] },
    });
  }
}

/** Where a page starts, in which direction it reads, and how many rows it keeps. */
export interface PageWindow {
  size: number;
  /** True for `last`/`before`: the page is read backwards from the end or from `before`. */
  backwards: boolean;
  /** The sort key values of the cursor the page starts from, if any. */
  from: KeyValue[] | null;
}

/** Whether the arguments ask for a backward page (`last`, `before`). */
export function isBackwards(args: PageArguments): boolean {
  return (args.last !== null && args.last !== undefined) || (args.before !== null && args.before !== undefined);
}

/**
 * Checks the Relay arguments and decodes the cursor. Either `first` (with `after`) or `last` (with
 * `before`): mixing directions has no single meaning in keyset paging, so it is refused with a code.
 */
export function pageWindow(args: PageArguments, list: string, sort: KeysetOrder<never, unknown, unknown>, defaultSize: number): PageWindow {
  const has = (value: unknown) => value !== null && value !== undefined;
  if (has(args.first) && has(args.last)) throw new InvalidPageArgumentsError('Give `first` or `last`, not both', 'last');
  if (has(args.after) && has(args.before)) throw new InvalidPageArgumentsError('Give `after` or `before`, not both', 'before');
  if (has(args.first) && has(args.before)) throw new InvalidPageArgumentsError('`before` pages backwards: use it with `last`', 'before');
  if (has(args.last) && has(args.after)) throw new InvalidPageArgumentsError('`after` pages forwards: use it with `first`', 'after');
  const backwards = isBackwards(args);
  const argument = backwards ? 'before' : 'after';
  const cursor = args[argument];
  return {
    size: (backwards ? args.last : args.first) ?? defaultSize,
    backwards,
    from: has(cursor) ? decodeCursor(String(cursor), argument, list, sort) : null,
  };
}

// ─── Cursors ───

const CURSOR_VERSION = 1;
const CHECKSUM_LENGTH = 10;

/**
 * A cursor is `base64url(JSON [version, list, sort, values…]).checksum`. The checksum catches a cursor
 * that was cut or altered; it is not a secret, nor needs to be: a forged cursor only names a position
 * in a list the viewer may read anyway. Binding the list and sort makes a cursor from elsewhere an error
 * instead of a silently wrong page.
 */
export function encodeCursor<Row>(row: Row, list: string, sort: KeysetOrder<Row, unknown, unknown>): string {
  const values = sort.keys.map((key) => encodeValue(key.read(row)));
  const payload = Buffer.from(JSON.stringify([CURSOR_VERSION, list, sort.name, ...values])).toString('base64url');
  return `${payload}.${checksum(payload)}`;
}

function decodeCursor(cursor: string, argument: 'after' | 'before', list: string, sort: KeysetOrder<never, unknown, unknown>): KeyValue[] {
  const [payload, sum, ...rest] = cursor.split('.');
  if (!payload || !sum || rest.length > 0 || cursor.length > 2000 || checksum(payload) !== sum) {
    throw new InvalidCursorError(argument, 'malformed or altered');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(argument, 'malformed or altered');
  }
  if (!Array.isArray(parsed) || parsed[0] !== CURSOR_VERSION) throw new InvalidCursorError(argument, 'unknown cursor version');
  const [, cursorList, cursorSort, ...values] = parsed as unknown[];
  if (cursorList !== list) throw new InvalidCursorError(argument, 'it comes from another list');
  if (cursorSort !== sort.name) throw new InvalidCursorError(argument, `it comes from the ${String(cursorSort)} order, not ${sort.name}`);
  if (values.length !== sort.keys.length) throw new InvalidCursorError(argument, 'malformed or altered');
  return sort.keys.map((key, index) => {
    const value = decodeValue(values[index], key.type);
    if (value === undefined || (value === null && (!key.nullable || index === sort.keys.length - 1))) {
      throw new InvalidCursorError(argument, 'malformed or altered');
    }
    return value;
  });
}

function checksum(payload: string): string {
  return createHash('sha256').update(`seller-center-cursor:${payload}`).digest('base64url').slice(0, CHECKSUM_LENGTH);
}

function encodeValue(value: KeyValue): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** The value of a key of `type`, null, or undefined when the JSON does not hold one. */
function decodeValue(value: unknown, type: KeyType): KeyValue | undefined {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'int':
      return Number.isSafeInteger(value) ? (value as number) : undefined;
    case 'bigint':
      return typeof value === 'string' && /^-?\d{1,30}$/.test(value) ? BigInt(value) : undefined;
    case 'date': {
      const date = typeof value === 'string' ? new Date(value) : null;
      return date && !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : undefined;
    }
  }
}

// ─── Conditions ───

/** The Prisma query of one page: the keyset condition (to AND with the list's filter), the ordering and the row count. */
export interface KeysetQuery<Where, OrderBy> {
  /** Null on a page with no cursor. */
  where: Where | null;
  orderBy: OrderBy[];
  take: number;
}

/**
 * Reading direction of each key: the list's own, or all reversed when paging backwards. Nulls stay last
 * in list order, so they come first when reading backwards.
 */
function reading<Row, Where, OrderBy>(key: SortKey<Row, Where, OrderBy>, backwards: boolean) {
  const direction: SortDirection = backwards === (key.direction === 'asc') ? 'desc' : 'asc';
  return { direction, nullsLast: !backwards };
}

/** The ordering of a page: the list's order, or its reverse when paging backwards. */
export function orderByOf<Row, Where, OrderBy>(sort: KeysetOrder<Row, Where, OrderBy>, backwards: boolean): OrderBy[] {
  return sort.keys.map((key) => {
    const { direction, nullsLast } = reading(key, backwards);
    return key.orderBy(direction, key.nullable ? (nullsLast ? 'last' : 'first') : undefined);
  });
}

/**
 * Rows strictly beyond `values` in reading order (or at them too, with `inclusive`):
 * `k1 > v1 OR (k1 = v1 AND k2 > v2) OR …`, led by `k1 >= v1` when k1 is not nullable so that the index on
 * the first key bounds the scan. The shape depends only on the order and on which values are null, so
 * Prisma's plan cache hits on every page.
 */
export function keysetWhere<Row, Where, OrderBy>(
  sort: KeysetOrder<Row, Where, OrderBy>,
  values: readonly KeyValue[],
  backwards: boolean,
  inclusive = false,
): Where | { AND: unknown[] } | { OR: unknown[] } {
  const branches: unknown[] = [];
  const equal: Where[] = [];
  sort.keys.forEach((key, index) => {
    const value = values[index] ?? null;
    const { direction, nullsLast } = reading(key, backwards);
    const last = index === sort.keys.length - 1;
    const beyond: Where[] = [];
    if (value === null) {
      // Among nulls: every non-null value is beyond when nulls come first in reading order.
      if (!nullsLast) beyond.push(key.where({ not: null }));
    } else {
      const op = direction === 'asc' ? (last && inclusive ? 'gte' : 'gt') : last && inclusive ? 'lte' : 'lt';
      beyond.push(key.where({ [op]: value } as Comparison));
      if (key.nullable && nullsLast) beyond.push(key.where({ equals: null }));
    }
    for (const condition of beyond) branches.push(equal.length > 0 ? { AND: [...equal, condition] } : condition);
    equal.push(key.where({ equals: value }));
  });
  const chain = { OR: branches };
  const [first] = sort.keys;
  const leading = values[0];
  if (!first || first.nullable || leading === null || leading === undefined) return chain;
  const bound = reading(first, backwards).direction === 'asc' ? { gte: leading } : { lte: leading };
  return { AND: [first.where(bound as Comparison), chain] };
}

// ─── Pages ───

/** One page of a list and where it sits. */
export interface KeysetPage<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface KeysetPageOptions<Row, Where, OrderBy> {
  args: PageArguments;
  /** What the cursors are bound to: the list's name, e.g. `Query.products` (one per field). */
  list: string;
  order: KeysetOrder<Row, Where, OrderBy>;
  defaultSize: number;
  /** Loads rows of the list meeting `query.where`, in `query.orderBy`, at most `query.take`. */
  load: (query: KeysetQuery<Where | { AND: unknown[] } | { OR: unknown[] }, OrderBy>) => Promise<Row[]>;
  /**
   * Whether the list has rows on the far side of the cursor (`hasPreviousPage` after `after`,
   * `hasNextPage` before `before`). Costs one more statement, so only when the client asks.
   */
  needsFarSide: boolean;
}

/**
 * Reads one page: `size + 1` rows beyond the cursor tell whether there is a next one; the far side of the
 * cursor (rows at or before it) is checked with one row, when asked for.
 */
export async function keysetPage<Row, Where, OrderBy>(options: KeysetPageOptions<Row, Where, OrderBy>): Promise<KeysetPage<Row>> {
  const { order: sort, list } = options;
  const window = pageWindow(options.args, list, sort as KeysetOrder<never, unknown, unknown>, options.defaultSize);
  const from = window.from;
  const [rows, farSide] = await Promise.all([
    options.load({
      where: from ? keysetWhere(sort, from, window.backwards) : null,
      orderBy: orderByOf(sort, window.backwards),
      take: window.size + 1,
    }),
    from && options.needsFarSide
      ? options.load({ where: keysetWhere(sort, from, !window.backwards, true), orderBy: orderByOf(sort, !window.backwards), take: 1 })
      : Promise.resolve([] as Row[]),
  ]);
  const more = rows.length > window.size;
  const nodes = rows.slice(0, window.size);
  if (window.backwards) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node, list, sort), node }));
  const behind = farSide.length > 0;
  return {
    edges,
    pageInfo: {
      hasNextPage: window.backwards ? behind : more,
      hasPreviousPage: window.backwards ? more : behind,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
