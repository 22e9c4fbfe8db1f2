import { describe, expect, it } from 'vitest';
import { keysetWhere, order, orderByOf } from '../../src/infra/pagination/keyset.ts';

/**
 * The keyset condition checked against the order it pages, on rows with ties and nulls: for every row
 * as the cursor, in both directions, the condition selects exactly the rows beyond it in list order.
 * Conditions are evaluated here as PostgreSQL evaluates Prisma's filters (a comparison with NULL is
 * never true), so the nullable branches are covered without a list that happens to hold nulls.
 */

interface Row extends Record<string, unknown> {
  id: string;
  at: Date | null;
  rank: number;
}

type Condition = { AND: Condition[] } | { OR: Condition[] } | Record<string, Record<string, unknown>>;

function matches(row: Row, condition: Condition): boolean {
  if ('AND' in condition) return (condition.AND as Condition[]).every((part) => matches(row, part));
  if ('OR' in condition) return (condition.OR as Condition[]).some((part) => matches(row, part));
  return Object.entries(condition).every(([field, comparison]) => {
    const value = row[field] instanceof Date ? (row[field] as Date).getTime() : row[field];
    const [[op, raw]] = Object.entries(comparison) as [[string, unknown]];
    const operand = raw instanceof Date ? raw.getTime() : raw;
    if (op === 'equals' && operand === null) return value === null;
    if (op === 'not' && operand === null) return value !== null;
    if (value === null || operand === null) return false;
    const [a, b] = [value as number | string, operand as number | string];
    return { gt: a > b, lt: a < b, gte: a >= b, lte: a <= b, equals: a === b }[op] ?? false;
  });
}

/** Sorts as PostgreSQL would by the order's `orderBy` (with its NULLS FIRST/LAST). */
function sorted(rows: Row[], orderBy: Record<string, unknown>[]): Row[] {
  return [...rows].sort((left, right) => {
    for (const entry of orderBy) {
      const [[field, spec]] = Object.entries(entry) as [[string, unknown]];
      const { sort, nulls } = typeof spec === 'string' ? { sort: spec, nulls: undefined } : (spec as { sort: string; nulls?: string });
      const [a, b] = [left[field], right[field]].map((value) => (value instanceof Date ? value.getTime() : value)) as [number | string | null, number | string | null];
      if (a === b) continue;
      if (a === null || b === null) return (a === null) === (nulls === 'first') ? -1 : 1;
      return (a < b ? -1 : 1) * (sort === 'asc' ? 1 : -1);
    }
    return 0;
  });
}

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const rows: Row[] = Array.from({ length: 24 }, (_, index) => ({
  id: `id-${String(index).padStart(2, '0')}`,
  at: index % 4 === 0 ? null : day(index % 5),
  rank: index % 3,
}));

const orders = [
  order<Row>('AT_ASC', [['at', 'date', 'asc', { nullable: true }], ['id', 'string', 'asc']]),
  order<Row>('AT_DESC', [['at', 'date', 'desc', { nullable: true }], ['id', 'string', 'desc']]),
  order<Row>('RANK_AT', [['rank', 'int', 'desc'], ['at', 'date', 'asc', { nullable: true }], ['id', 'string', 'desc']]),
];

describe('keyset conditions', () => {
  it.each(orders)('select exactly the rows beyond every cursor, both ways, with ties and nulls ($name)', (sortOrder) => {
    const forwards = sorted(rows, orderByOf(sortOrder, false) as Record<string, unknown>[]);
    expect(sorted(rows, orderByOf(sortOrder, true) as Record<string, unknown>[])).toEqual([...forwards].reverse());
    forwards.forEach((cursor, index) => {
      const values = sortOrder.keys.map((key) => key.read(cursor));
      const after = forwards.filter((row) => matches(row, keysetWhere(sortOrder, values, false) as Condition));
      expect(after.map((row) => row.id)).toEqual(forwards.slice(index + 1).map((row) => row.id));
      const before = forwards.filter((row) => matches(row, keysetWhere(sortOrder, values, true) as Condition));
      expect(before.map((row) => row.id)).toEqual(forwards.slice(0, index).map((row) => row.id));
      const atOrBefore = forwards.filter((row) => matches(row, keysetWhere(sortOrder, values, true, true) as Condition));
      expect(atOrBefore.map((row) => row.id)).toEqual(forwards.slice(0, index + 1).map((row) => row.id));
    });
  });
});
