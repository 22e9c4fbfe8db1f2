import { expect } from 'vitest';
import type { GraphQLTestClient } from './client.ts';

/**
 * Paging checks shared by every list's tests. Lists are queried with the connection aliased as `list`
 * (at the root, or under `node`/`creatorAccount`), so one walker serves them all.
 */

export const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

export interface Page {
  ids: string[];
  cursors: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PageArgs {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}

interface RawConnection {
  edges: { cursor: string; node: { id?: string; product?: { id: string } } }[];
  pageInfo: Page['pageInfo'];
}

/** The raw answer of a list query: `data.list`, `data.node.list` or `data.creatorAccount.list`. */
export async function listQuery(client: GraphQLTestClient, query: string, variables: Record<string, unknown>) {
  const result = await client.raw<Record<string, { list?: RawConnection } | RawConnection | null>>({ query, variables });
  const data = result.data as Record<string, unknown> | null | undefined;
  const holder = (data?.node ?? data?.creatorAccount) as { list?: RawConnection } | undefined;
  const connection = (data?.list ?? holder?.list ?? null) as RawConnection | null;
  return { result, connection };
}

/** One page of a list; fails the test on errors. A node is identified by its id, or its product's. */
export async function pageOf(client: GraphQLTestClient, query: string, variables: Record<string, unknown>): Promise<Page> {
  const { result, connection } = await listQuery(client, query, variables);
  if (!connection) throw new Error(`no page: ${JSON.stringify(result.errors ?? result.data)}`);
  return {
    ids: connection.edges.map((edge) => edge.node.id ?? edge.node.product?.id ?? '?'),
    cursors: connection.edges.map((edge) => edge.cursor),
    pageInfo: connection.pageInfo,
  };
}

export interface ChangingWalk {
  /** Reads one page. */
  page: (args: PageArgs) => Promise<Page>;
  /** Takes the item out of the list (deactivates, reviews, restocks it…). */
  remove: (id: string) => Promise<void>;
  /** Adds an item to the list; returns its id. */
  add: () => Promise<string>;
  size?: number;
}

/**
 * Walks a list to its end, forwards or backwards, and after every page takes the item at the cursor
 * the next page starts from out of the list and adds a new item. Then checks what a client must be able
 * to rely on: no item twice, every item that stayed in the list all along seen, in list order.
 */
export async function expectNoSkipNoRepeat(walk: ChangingWalk, backwards: boolean): Promise<void> {
  const size = walk.size ?? 2;
  const everything = async () => (await walk.page({ first: 100 })).ids;
  const before = await everything();
  expect(before.length).toBeGreaterThan(size * 2);
  const removed = new Set<string>();
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let round = 0; round < 50; round += 1) {
    const page: Page = await walk.page(backwards ? { last: size, before: cursor } : { first: size, after: cursor });
    if (backwards) seen.unshift(...page.ids);
    else seen.push(...page.ids);
    const more = backwards ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) break;
    cursor = backwards ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    const atCursor = backwards ? page.ids[0] : page.ids.at(-1);
    if (!atCursor) throw new Error('a page with more after it is empty');
    await walk.remove(atCursor);
    removed.add(atCursor);
    await walk.add();
  }
  expect(new Set(seen).size, `repeated: ${seen.join(' ')}`).toBe(seen.length);
  const stayed = before.filter((id) => !removed.has(id));
  expect(stayed.filter((id) => !seen.includes(id)), 'skipped').toEqual([]);
  const after = await everything();
  expect(seen.filter((id) => after.includes(id))).toEqual(after.filter((id) => seen.includes(id)));
}

/** Asserts the answer is the coded error about `argument`, with no page. */
export async function expectPagingError(
  client: GraphQLTestClient,
  query: string,
  variables: Record<string, unknown>,
  code: 'INVALID_CURSOR' | 'INVALID_PAGE_ARGUMENTS',
  argument: string,
): Promise<void> {
  const { result, connection } = await listQuery(client, query, variables);
  expect(connection).toBeNull();
  expect(result.errors?.[0]?.extensions).toMatchObject({ code, field: [argument] });
  expect(result.errors?.[0]?.message).toMatch(new RegExp(argument));
}

/** The same cursor with one character of its payload changed. */
export function tampered(cursor: string): string {
  const index = Math.floor(cursor.indexOf('.') / 2);
  const swapped = cursor[index] === 'A' ? 'B' : 'A';
  return `${cursor.slice(0, index)}${swapped}${cursor.slice(index + 1)}`;
}
