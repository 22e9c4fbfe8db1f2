import { queryFromInfo } from '@pothos/plugin-prisma';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { isBackwards, type KeysetOrder, keysetPage, type KeysetPage, type PageArguments } from '../infra/pagination/keyset.ts';
import { DEFAULT_PAGE_SIZE } from './builder.ts';

/**
 * The GraphQL side of keyset pagination (src/infra/pagination/keyset.ts): every connection of the API
 * resolves through `keysetConnection` (any rows) or `prismaKeysetConnection` (rows of a Prisma model,
 * loaded with the selection in the page's own query). Cursors are bound to the field
 * (`Type.field`) and the sort they came from.
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
 * `load` spreads the query into the model's `findMany`. The selection under `edges.node` (or `path`, when
 * the node wraps the row) is loaded in the same query, so a page costs the same statements whatever
 * its size.
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
