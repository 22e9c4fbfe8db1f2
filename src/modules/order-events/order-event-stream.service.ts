import type { ServiceContext } from '../../context.ts';
import { requireViewer } from '../../context.ts';
import type { OrderEvent, Prisma } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../infra/errors.ts';
import type { Dependencies } from '../../services.ts';
import { ALL_ROLES, type ShopService } from '../shops/shop.service.ts';

/** A gap in the outbox sequence older than this is a rolled-back transaction, not one still in flight. */
export const GAP_TIMEOUT_MS = 3000;
/** Outbox rows read per query while catching up. */
const BATCH = 200;
/** A subscriber re-reads the outbox at least this often, so it needs no bus to make progress. */
const POLL_MS = 1000;

/**
 * Durable, resumable order-event streams read from the `OrderEvent` outbox, which checkout writes in
 * the same transaction as each order change. The bus event published after commit only wakes the
 * reader; what is delivered always comes from the table, in sequence order, after the sequence the
 * client last saw, so a client that reconnects with it misses nothing and sees nothing twice.
 *
 * A BIGSERIAL is taken when a row is inserted, not when its transaction commits: sequence 11 can be
 * visible while 10 is still in flight. Delivering 11 and moving the cursor past it would lose 10 for
 * good. So rows are delivered only up to a high-water mark below which every sequence is settled:
 * the mark advances over contiguous sequences, and stops at a gap until the gap fills (the older
 * transaction commits) or GAP_TIMEOUT_MS passes (it rolled back: sequences are never reused). One mark
 * per instance serves every subscriber. A transaction that stays open longer than the timeout after
 * taking its sequence could still be skipped; checkout transactions are short, and the timeout is
 * the price of not needing any cooperation from the writers.
 */
export class OrderEventStreamService {
  private mark: bigint | null = null;
  private readonly gapSeen = new Map<bigint, number>();
  private advancing: Promise<bigint> | null = null;

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
    let cursor = after === undefined || after === null ? await this.settledMark() : parseSequence(after);
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
        const rows = await this.deps.prisma.orderEvent.findMany({
          where: { ...filter, sequence: { gt: cursor, lte: mark } },
          orderBy: { sequence: 'asc' },
          take: BATCH,
        });
        for (const row of rows) {
          yield row;
          cursor = row.sequence;
        }
        if (rows.length === BATCH || waiter.woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
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
    this.advancing ??= this.advance().finally(() => {
      this.advancing = null;
    });
    return this.advancing;
  }

  private async advance(): Promise<bigint> {
    const now = Date.now();
    if (this.mark === null) {
      // At start, rows older than the gap timeout are settled; newer ones are walked like any others.
      const settled = await this.deps.prisma.orderEvent.aggregate({
        where: { occurredAt: { lt: new Date(now - GAP_TIMEOUT_MS) } },
        _max: { sequence: true },
      });
      this.mark = settled._max.sequence ?? 0n;
    }
    for (;;) {
      const next = await this.deps.prisma.orderEvent.findMany({
        where: { sequence: { gt: this.mark } },
        orderBy: { sequence: 'asc' },
        select: { sequence: true },
        take: 1000,
      });
      let mark: bigint = this.mark;
      for (const { sequence } of next) {
        if (sequence !== mark + 1n) {
          const seen = this.gapSeen.get(mark + 1n) ?? now;
          this.gapSeen.set(mark + 1n, seen);
          if (now - seen < GAP_TIMEOUT_MS) break;
          this.gapSeen.delete(mark + 1n);
        }
        mark = sequence;
      }
      const advanced = mark !== this.mark;
      this.mark = mark;
      if (!advanced || next.length < 1000) return mark;
    }
  }
}

/** A sequence as clients send it back: a decimal string. */
function parseSequence(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw ValidationError.single(['after'], 'Must be the `sequence` of an event, a decimal number');
  return BigInt(value);
}
