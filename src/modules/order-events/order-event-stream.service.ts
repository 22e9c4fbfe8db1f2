import type { ServiceContext } from '../../context.ts';
import { requireViewer } from '../../context.ts';
import { Prisma, type OrderEvent } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../infra/errors.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';

/** Outbox rows read per query while catching up. */
const BATCH = 200;
/** A subscriber re-reads the outbox at least this often, so it needs no bus to make progress. */
const POLL_MS = 1000;
/** While a gap waits for the transactions that may fill it, subscribers look again this often. */
export const GAP_RECHECK_MS = 20;
/**
 * A gap whose transactions are still running after this long is given up on (taken as a rollback): a
 * safety net against a session left open in the database, set at twice the longest transaction the API
 * runs (a checkout's, 15 s), so that no transaction of the API's own is ever skipped.
 */
const GAP_GIVE_UP_MS = 30_000;

/**
 * The ids of the transactions running now in this database that have written something; whichever holds
 * a sequence number not yet visible is among them. (`pg_current_snapshot()` lists the whole cluster's,
 * where another database's long transaction would hold these streams up.)
 */
const RUNNING_WRITERS = Prisma.sql`ARRAY(SELECT backend_xid::text FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL)`;

/**
 * Durable, resumable order-event streams read from the `OrderEvent` outbox, which checkout writes in
 * the same transaction as each order change. The bus event published after commit only wakes the
 * reader; what is delivered always comes from the table, in sequence order, after the sequence the
 * client last saw, so a client that reconnects with it misses nothing and sees nothing twice.
 *
 * A sequence number is taken when a row is inserted, not when its transaction commits: sequence 11 can
 * be visible while 10 is still in flight, or 10 may never come (its transaction rolled back). Delivering
 * 11 and moving the cursor past a 10 still in flight would lose it for good. So rows are delivered only
 * up to a high-water mark below which every sequence is settled. The mark advances over contiguous
 * sequences and stops at a gap until the gap is known to be final: the writers' transaction takes its
 * id before its event takes a sequence number (the column's default, migration 0007), so the
 * transaction that holds a missing number is, until it ends, among this database's transactions that
 * were running when the gap was seen (RUNNING_WRITERS); once all of those have ended, the number either
 * shows up or never will. A gap from a rollback thus holds the streams for the time of one look at the
 * running transactions, and a transaction that stays open for long (a checkout queued behind a flash
 * sale's row lock) is waited for, up to GAP_GIVE_UP_MS. One mark per instance serves every subscriber.
 */
export class OrderEventStreamService {
  private mark: bigint | null = null;
  /**
   * Gaps waiting to be settled: the numbers missing up to `upTo` (the highest one visible when they were
   * seen), and the transactions that were running then.
   */
  private gap: { upTo: bigint; runningThen: string[]; seenAt: number } | null = null;
  private advancing: Promise<bigint> | null = null;
  private advancedAt = 0;

  constructor(
    private readonly deps: Dependencies,
    private readonly shops: ShopService,
  ) {}

  /** A shop's order events, for its OWNER, ADMIN and OPERATOR members (anyone else: NOT_FOUND). */
  async *shopEvents(ctx: ServiceContext, shopId: string, after: string | null | undefined): AsyncGenerator<OrderEvent> {
    await this.shops.requireRole(ctx, shopId, ALL_ROLES, ['shopId']);
    yield* this.stream({ shopId }, this.deps.events.pubSub.subscribe('order.eventByShop', shopId), after);
  }

  /** The signed-in buyer's own order events. */
  async *buyerEvents(ctx: ServiceContext, after: string | null | undefined): AsyncGenerator<OrderEvent> {
    const buyerId = requireViewer(ctx);
    yield* this.stream({ buyerId }, this.deps.events.pubSub.subscribe('order.eventByBuyer', buyerId), after);
  }

  private async *stream(filter: Prisma.OrderEventWhereInput, wakeUps: AsyncIterableIterator<unknown>, after: string | null | undefined): AsyncGenerator<OrderEvent> {
    // Every matching row at or below `scanned` has been delivered.
    let scanned = after === undefined || after === null ? await this.settledMark() : parseSequence(after);
    const waiter: { wake: (() => void) | null; woken: boolean } = { wake: null, woken: false };
    // The bus only says "something new": it is listened to from the start, so no wake-up is missed.
    void (async () => {
      for await (const _ of wakeUps) {
        waiter.woken = true;
        waiter.wake?.();
      }
    })();
    try {
      for (;;) {
        waiter.woken = false;
        const mark = await this.settledMark();
        if (mark > scanned) {
          const rows = await this.deps.prisma.orderEvent.findMany({
            where: { ...filter, sequence: { gt: scanned, lte: mark } },
            orderBy: { sequence: 'asc' },
            take: BATCH,
          });
          for (const row of rows) yield row;
          scanned = rows.length === BATCH ? (rows.at(-1)?.sequence ?? mark) : mark;
          if (rows.length === BATCH) continue;
        }
        if (waiter.woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.gap ? GAP_RECHECK_MS : POLL_MS);
          waiter.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiter.wake = null;
      }
    } finally {
      await wakeUps.return?.();
    }
  }

  /** The high-water mark: every sequence at or below it is committed or abandoned. */
  settledMark(): Promise<bigint> {
    // While a gap waits, every subscriber looks again every GAP_RECHECK_MS: one look serves them all.
    if (this.gap && this.mark !== null && Date.now() - this.advancedAt < GAP_RECHECK_MS) return Promise.resolve(this.mark);
    this.advancing ??= this.advance().finally(() => {
      this.advancing = null;
      this.advancedAt = Date.now();
    });
    return this.advancing;
  }

  private async advance(): Promise<bigint> {
    const prisma = this.deps.prisma;
    if (this.mark === null) {
      // At start: the highest sequence now, settled once the transactions running now have ended (each
      // one that holds a lower number is among them).
      const [start] = await prisma.$queryRaw<Array<{ highest: bigint | null; running: string[] }>>`
        SELECT (SELECT max("sequence") FROM "OrderEvent") AS "highest", ${RUNNING_WRITERS} AS "running"`;
      const since = Date.now();
      while (Date.now() - since < GAP_GIVE_UP_MS && !(await this.ended(start?.running ?? []))) {
        await new Promise((resolve) => setTimeout(resolve, GAP_RECHECK_MS));
      }
      this.mark = start?.highest ?? 0n;
    }
    // Whether the transactions that could fill the gaps have all ended, asked before the rows are read:
    // a number missing from a read made after they ended will never come.
    const gap = this.gap;
    const skipUpTo = gap && (Date.now() - gap.seenAt > GAP_GIVE_UP_MS || (await this.ended(gap.runningThen))) ? gap.upTo : null;
    if (skipUpTo !== null) this.gap = null;
    for (;;) {
      const next = await prisma.orderEvent.findMany({
        where: { sequence: { gt: this.mark } },
        orderBy: { sequence: 'asc' },
        select: { sequence: true },
        take: 1000,
      });
      let mark: bigint = this.mark;
      let stopped = false;
      for (const { sequence } of next) {
        if (sequence !== mark + 1n && !(skipUpTo !== null && sequence <= skipUpTo)) {
          stopped = true;
          break;
        }
        mark = sequence;
      }
      this.mark = mark;
      // Filled meanwhile: nothing left to wait for.
      if (this.gap && mark >= this.gap.upTo) this.gap = null;
      if (stopped && this.gap === null) {
        // New gaps: every number missing below the highest one read was taken before it, by a transaction
        // not committed at the read, so among those running now (or ended since): one look covers them all.
        const [seen] = await prisma.$queryRaw<Array<{ running: string[] }>>`SELECT ${RUNNING_WRITERS} AS "running"`;
        this.gap = { upTo: next.at(-1)?.sequence ?? mark, runningThen: seen?.running ?? [], seenAt: Date.now() };
      }
      if (stopped || next.length < 1000) return mark;
    }
  }

  /** Whether none of these transactions is still running. */
  private async ended(transactionIds: string[]): Promise<boolean> {
    if (transactionIds.length === 0) return true;
    const [row] = await this.deps.prisma.$queryRaw<Array<{ stillRunning: boolean }>>`SELECT ${RUNNING_WRITERS} && ${transactionIds}::text[] AS "stillRunning"`;
    return row?.stillRunning === false;
  }
}

/** A sequence as clients send it back: a decimal string. */
function parseSequence(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw ValidationError.single(['after'], 'Must be the `sequence` of an event, a decimal number');
  return BigInt(value);
}
