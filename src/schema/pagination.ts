import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoader from 'dataloader';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { isBackwards, type KeysetOrder, keysetPage, type KeysetPage, type PageArguments } from '../infra/pagination/keyset.ts';
import { DEFAULT_PAGE_SIZE } from './builder.ts';

/**
 * The GraphQL side of keyset pagination (src/infra/pagination/keyset.ts): every connection of the API
 * resolves through `prismaKeysetConnection` (rows of a Prisma model, loaded with the selection in the
 * page's own query), `prismaRelationKeysetConnection` (the same on a relation of an object, batched
 * across parents) or `keysetConnection` (any rows, e.g. nodes that wrap a row). Cursors are bound to
 * the field (`Type.field`) and the sort they came from. See docs/architecture.md, "Pagination".
 */

/** The Prisma query of one page, ready to spread into `findMany`: selection, filter, order and size. */
export interface PrismaPageQuery {
  select?: Record<string, unknown>;
  include?: Record<string, unknown>;
  where: Record<string, unknown>;
  orderBy: object[];
  take: number;
}

/** The page of the connection field `info` resolves; `load` reads rows given the keyset condition. */
export function keysetConnection<Row, Where extends object, OrderBy extends object>(options: {
  args: PageArguments;
  info: GraphQLResolveInfo;
  order: KeysetOrder<NoInfer<Row>, Where, OrderBy>;
  load: (query: { where: object | null; orderBy: OrderBy[]; take: number }) => Promise<Row[]>;
}): Promise<KeysetPage<Row>> {
  const { info } = options;
  return keysetPage({
    args: options.args,
    list: `${info.parentType.name}.${info.fieldName}`,
    order: options.order,
    defaultSize: DEFAULT_PAGE_SIZE,
    load: options.load,
    needsFarSide: selects(info, isBackwards(options.args) ? 'hasNextPage' : 'hasPreviousPage'),
  });
}

/**
 * A connection of rows of a Prisma model: `where` is the list's filter, `order` one of its sorts, and
 * `load` spreads the query into the model's `findMany`. The selection under `edges.node` is loaded in
 * the same query, so a page costs the same statements whatever its size.
 */
export function prismaKeysetConnection<Row, Where extends object, OrderBy extends object>(options: {
  args: PageArguments;
  context: object;
  info: GraphQLResolveInfo;
  /** The Prisma object type of the rows, e.g. `Product`. */
  typeName: string;
  order: KeysetOrder<NoInfer<Row>, Where, OrderBy>;
  where: object;
  load: (query: PrismaPageQuery) => Promise<Row[]>;
}): Promise<KeysetPage<Row>> {
  const { context, info, typeName, order } = options;
  const selection = prismaSelection(context, info, typeName, order, ['edges', 'node']);
  return keysetConnection({
    args: options.args,
    info,
    order,
    load: ({ where, orderBy, take }) =>
      options.load({ ...selection, where: (where ? { AND: [options.where, where] } : options.where) as Record<string, unknown>, orderBy, take }),
  });
}

/**
 * A connection on an object field over a to-many relation (`Sku.changes`, `Shop.affiliatePlans`). The
 * pages of every parent resolved together (each SKU of a product, each plan of a page) are read in one
 * query through the parent model — `load` gets the parents' ids and the page query to nest under the
 * relation, and answers each parent's rows — so a page of parents costs the same statements whatever
 * its size. `where` narrows the relation (a `status` argument).
 */
export function prismaRelationKeysetConnection<Row, Where extends object, OrderBy extends object>(options: {
  args: PageArguments;
  context: object;
  info: GraphQLResolveInfo;
  typeName: string;
  order: KeysetOrder<NoInfer<Row>, Where, OrderBy>;
  parentId: string;
  where?: object;
  load: (parentIds: string[], query: PrismaPageQuery) => Promise<{ id: string; rows: Row[] }[]>;
}): Promise<KeysetPage<Row>> {
  const { info, context } = options;
  const batches = batchesOf(context);
  return prismaKeysetConnection({
    ...options,
    where: options.where ?? {},
    load: (query) => {
      // One batch per field and page query: parents asked for the same page share it.
      const key = `${info.parentType.name}.${info.fieldName}:${JSON.stringify(query, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}`;
      let loader = batches.get(key) as DataLoader<string, Row[]> | undefined;
      if (!loader) {
        loader = new DataLoader<string, Row[]>(async (ids) => {
          const found = new Map((await options.load([...ids], query)).map(({ id, rows }) => [id, rows]));
          return ids.map((id) => found.get(id) ?? []);
        });
        batches.set(key, loader);
      }
      return loader.load(options.parentId);
    },
  });
}

/** The relation page batches of one request (the GraphQL context lives as long as the request). */
const relationBatches = new WeakMap<object, Map<string, unknown>>();
function batchesOf(context: object): Map<string, unknown> {
  let batches = relationBatches.get(context);
  if (!batches) {
    batches = new Map();
    relationBatches.set(context, batches);
  }
  return batches;
}

/**
 * What the query selects of the rows at `path` (`edges.node`, or deeper when the node wraps a row),
 * plus the columns of the sort keys, which the cursors are made of.
 */
export function prismaSelection(context: object, info: GraphQLResolveInfo, typeName: string, order: KeysetOrder<never, unknown, unknown>, path: string[], keyColumns: readonly string[] = keyColumnsOf(order)) {
  const select = Object.fromEntries(keyColumns.map((column) => [column, true]));
  return queryFromInfo({ context, info, typeName, path, select }) as { select?: Record<string, unknown>; include?: Record<string, unknown> };
}

/** The columns `order`'s keys read: those of plain column keys (see `column`). */
function keyColumnsOf(order: KeysetOrder<never, unknown, unknown>): string[] {
  return order.keys.flatMap((key) => (key.column ? [key.column] : []));
}

/** Whether the operation selects `pageInfo { <field> }` on this connection, through fragments too. */
function selects(info: GraphQLResolveInfo, field: 'hasNextPage' | 'hasPreviousPage'): boolean {
  const fieldsOf = (selectionSet: SelectionSetNode | undefined): FieldNode[] =>
    (selectionSet?.selections ?? []).flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet);
      return fieldsOf(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes
    .flatMap((node) => fieldsOf(node.selectionSet))
    .filter((node) => node.name.value === 'pageInfo')
    .some((pageInfo) => fieldsOf(pageInfo.selectionSet).some((node) => node.name.value === field));
}
