import type { Topics } from '../../events.ts';
import type { EventBus } from '../../infra/event-bus.ts';
import type { Logger } from '../../infra/logger.ts';

/**
 * This instance's view of the SKUs being sold right now, in front of checkout's transaction, so that at
 * the peak of a flash sale the attempts that cannot win do not queue for a pooled connection or for the
 * hot row. It never decides a sale: the conditional UPDATE in the transaction stays the authority.
 *
 * - **Sold-out memo.** A SKU this instance saw at 0 units in committed state (a read, or a checkout that
 *   committed the last unit) is remembered; checkout refuses it at once, without a database statement.
 *   It is forgotten when its stock comes back (a `catalog.stockChanged` event with units, from any
 *   instance over the bus: a restock, a cancelled order, a seller's edit), when its product's listing or
 *   its shop's sell state changes (the refusal may have to name another reason), and when the bus
 *   reconnects (events may have been lost meanwhile). An observation that raced a comeback is not
 *   remembered: every comeback advances an epoch, and a memo is written only if the epoch is still the
 *   one taken before the observation was made. (The first commit after a 0 was seen starts from 0, so
 *   an observation can only be outdated by a comeback; decrements do not advance the epoch, so a sale
 *   in progress does not keep its own memo from being written.) A refusal from the memo is therefore a
 *   refusal from committed state, at most one bus delivery old.
 * - **Admission.** Units held by this instance's checkouts in flight are counted per SKU against the last
 *   stock seen. A checkout whose units are not covered waits here, in memory, until one in flight ends,
 *   and then looks again: when the stock ran out meanwhile it is refused from the memo. A checkout is
 *   always admitted when nothing is in flight for its SKUs, so a wrong count can delay it, never block it.
 *
 * Hand-written: no library keeps a per-key counted gate that also follows this application's events.
 */
export class StockAdmission {
  private readonly skus = new Map<string, SkuState>();
  private readonly subscriptions: AsyncIterableIterator<unknown>[] = [];
  private readonly following: Promise<void>[] = [];
  /** Advanced by every event after which an earlier sold-out observation may be wrong. */
  private epochNow = 0;

  constructor(events: EventBus<Topics>, log: Logger) {
    for (const topic of FOLLOWED) {
      const subscription = events.pubSub.subscribe(topic as never) as AsyncIterableIterator<unknown>;
      this.subscriptions.push(subscription);
      this.following.push(
        (async () => {
          for await (const event of subscription) this.handle(topic, event);
        })().catch((error: unknown) => log.warn({ err: error, topic }, 'stock admission stopped following events')),
      );
    }
    events.onReconnect(() => this.forget(() => true));
  }

  /** The SKUs of `skuIds` remembered sold out. */
  soldOut(skuIds: readonly string[]): string[] {
    return skuIds.filter((skuId) => this.skus.get(skuId)?.soldOut === true);
  }

  /** The epoch to pass to {@link remember}: take it before the observation is made (before the read is sent). */
  epoch(): number {
    return this.epochNow;
  }

  /**
   * Records the committed stock seen for a SKU (0 is remembered as sold out unless a comeback came since
   * `epoch`) and lets the checkouts waiting for the count look again.
   */
  remember(sku: SkuRef, stock: number, epoch: number): void {
    if (stock > 0 && !this.skus.has(sku.id)) return;
    const state = this.state(sku.id);
    state.sku = { id: sku.id, shopId: sku.shopId, productId: sku.productId };
    this.observe(state, stock, epoch);
    this.wake(state);
  }

  /**
   * Waits until this instance's checkouts in flight leave room for `lines` (or none is in flight), then
   * holds their units until the returned ticket ends. While a SKU's count is not known, one checkout at
   * a time goes on to read it. Resolves with the SKUs remembered sold out instead when the stock ran out
   * while waiting (nothing is held then).
   */
  async admit(lines: readonly { skuId: string; quantity: number }[]): Promise<Ticket | { soldOut: string[] }> {
    for (;;) {
      const soldOut = this.soldOut(lines.map((line) => line.skuId));
      if (soldOut.length > 0) return { soldOut };
      const blocked = lines.map((line) => ({ line, state: this.state(line.skuId) })).find(({ line, state }) => !fits(state, line.quantity));
      if (!blocked) break;
      await new Promise<void>((resolve) => blocked.state.waiting.push(resolve));
    }
    const epoch = this.epochNow;
    const held = lines.map((line) => ({ line, state: this.state(line.skuId) }));
    for (const { line, state } of held) state.holding += line.quantity;
    let ended = false;
    return {
      end: (after) => {
        if (ended) return;
        ended = true;
        for (const { line, state } of held) {
          state.holding -= line.quantity;
          const stock = after.get(line.skuId);
          if (stock !== undefined) this.observe(state, stock, epoch);
          this.wake(state);
        }
      },
    };
  }

  /** Reacts to an event: published on this instance (before its publish returns) or delivered by the bus. */
  handle(topic: string, event: unknown): void {
    if (topic === 'catalog.stockChanged') {
      const change = event as Topics['catalog.stockChanged'][0];
      if (change.stock > 0 && change.previousStock === 0) this.forget((state) => state.skuId === change.skuId);
      const state = this.skus.get(change.skuId);
      if (state && change.stock > 0) {
        // A count from an event may be older than one seen since (events cross instances unordered): it
        // only paces admission, and a SKU with units is not sold out whatever was remembered.
        state.known = change.stock;
        state.soldOut = false;
        this.wake(state);
      }
    } else if (topic === 'catalog.productChanged') {
      const change = event as Topics['catalog.productChanged'][0];
      if (change.change === 'LISTING') this.forget((state) => state.sku?.productId === change.productId);
    } else if (topic === 'shop.sellStateChanged') {
      const change = event as Topics['shop.sellStateChanged'][0];
      this.forget((state) => state.sku?.shopId === change.shopId);
    }
  }

  /** Stops following events. */
  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.return?.()));
    await Promise.allSettled(this.following);
  }

  private observe(state: SkuState, stock: number, epoch: number): void {
    state.known = stock;
    if (stock === 0 && epoch === this.epochNow) state.soldOut = true;
  }

  private forget(matches: (state: SkuState) => boolean): void {
    this.epochNow += 1;
    for (const state of this.skus.values()) {
      if (!matches(state)) continue;
      state.soldOut = false;
      state.known = Infinity;
      this.wake(state);
    }
  }

  /** Lets the checkouts waiting on a SKU look again; drops the SKU's entry when nothing is left in it. */
  private wake(state: SkuState): void {
    const waiting = state.waiting.splice(0);
    for (const resume of waiting) resume();
    if (state.holding === 0 && waiting.length === 0 && !state.soldOut) this.skus.delete(state.skuId);
  }

  private state(skuId: string): SkuState {
    let state = this.skus.get(skuId);
    if (!state) {
      state = { skuId, sku: null, soldOut: false, known: Infinity, holding: 0, waiting: [] };
      this.skus.set(skuId, state);
    }
    return state;
  }
}

/** Units held by a checkout admitted by {@link StockAdmission.admit}. */
export interface Ticket {
  /** Gives the units back; `after` holds committed stock the checkout saw last, per SKU (none when it failed before). */
  end(after: ReadonlyMap<string, number>): void;
}

export interface SkuRef {
  id: string;
  shopId: string;
  productId: string;
}

interface SkuState {
  skuId: string;
  /** Its product and shop, once a read named them. */
  sku: SkuRef | null;
  soldOut: boolean;
  /** The last committed stock seen (Infinity: not known). */
  known: number;
  /** Units held by this instance's checkouts in flight. */
  holding: number;
  waiting: Array<() => void>;
}

const FOLLOWED = ['catalog.stockChanged', 'catalog.productChanged', 'shop.sellStateChanged'] as const;

/** Room for `quantity` more units: nothing held, or a known count that covers what is held and these. */
function fits(state: SkuState, quantity: number): boolean {
  return state.holding === 0 || (Number.isFinite(state.known) && state.holding + quantity <= state.known);
}
