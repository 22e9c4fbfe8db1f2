import type { Topics } from '../../events.ts';
import type { LiveStreamStatus } from '../../generated/prisma/enums.ts';
import type { EventBus } from '../../infra/event-bus.ts';
import type { Logger } from '../../infra/logger.ts';
import type { PresenceCounter } from '../../infra/presence.ts';
import type { OrderEventPublished } from '../orders/order.events.ts';
import type { PromotionChanged } from '../promotions/promotion.events.ts';
import { cardFromWire, type ProductCard } from './live.card.ts';
import type { LiveStreamEvent } from './live.events.ts';
import type { LiveService, LiveStreamState } from './live.service.ts';

/** What a viewer of a live stream receives: the root value of the `liveEvents` subscription's `LiveEvent` union. */
export type LiveUpdate = { streamId: string; publishedAt: number } & (
  | { type: 'LiveStateEvent'; status: LiveStreamStatus; pin: LiveStreamState['pin']; pinnedStock: number | null; viewerCount: number }
  | { type: 'LiveProductPinnedEvent'; pinId: string; productId: string; pinnedAt: string; stock: number; card: ProductCard | null }
  | { type: 'LiveProductUnpinnedEvent'; pinId: string; productId: string }
  | { type: 'LiveStockChangedEvent'; productId: string; stock: number }
  | { type: 'LivePurchaseEvent'; productId: string; quantity: number; buyerName: string }
  | { type: 'LiveFlashDealStartedEvent'; productId: string; promotionId: string; endsAt: string }
  | { type: 'LiveFlashDealEndedEvent'; productId: string; promotionId: string }
  | { type: 'LiveViewerCountEvent'; viewerCount: number }
  | { type: 'LiveStreamStatusEvent'; status: LiveStreamStatus }
);

export type LiveListener = (update: LiveUpdate, final: boolean) => void;

export interface LiveChannelOptions {
  live: LiveService;
  events: EventBus<Topics>;
  presence: PresenceCounter;
  /** Stock and purchase-feed messages per product: at most one per this many milliseconds (latest wins). */
  coalesceMs: number;
  /** How often the viewer count is recounted even when nothing was announced (instances that died). */
  recountMs: number;
  log: Logger;
}

/** A per-key coalescer: the latest value of each key goes out at most once per interval. */
class Coalescer<Value> {
  private readonly pending = new Map<string, Value>();
  private readonly lastSent = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: Value) => void,
  ) {}

  push(key: string, value: Value): void {
    this.pending.set(key, value);
    if (this.timers.has(key)) return;
    const wait = Math.max(0, (this.lastSent.get(key) ?? 0) + this.intervalMs - Date.now());
    this.timers.set(
      key,
      setTimeout(() => this.flush(key), wait),
    );
  }

  private flush(key: string): void {
    this.timers.delete(key);
    const value = this.pending.get(key);
    this.pending.delete(key);
    if (value === undefined) return;
    this.lastSent.set(key, Date.now());
    this.emit(key, value);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Reads that may overlap (a slow database or Redis answer outlasting the coalescing interval) and may
 * answer out of order: only the answer of the latest read of a key is used, so that an older, staler
 * value never overwrites a newer one that arrived first.
 */
class LatestReads {
  private readonly started = new Map<string, number>();

  start(key: string): { latest(): boolean } {
    const ticket = (this.started.get(key) ?? 0) + 1;
    this.started.set(key, ticket);
    return { latest: () => this.started.get(key) === ticket };
  }
}

/**
 * One live stream as seen by one server instance: it holds the stream's current state, listens to the
 * stream's topics on the event bus once (one Redis subscription per topic for the whole instance, not
 * per viewer), coalesces stock and purchase-feed updates per product, passes on flash deals of its products, keeps the viewer count, and hands
 * each update to its listeners (the broadcast groups of the WebSocket layer, or single subscribers).
 */
export class LiveChannel {
  private readonly listeners = new Set<LiveListener>();
  private readonly stopFeeds: Array<() => void> = [];
  private readonly stockFeeds = new Map<string, () => void>();
  private viewers = 0;
  private viewerCount = 0;
  private readonly stock: Coalescer<true>;
  private readonly purchases: Coalescer<{ quantity: number; buyerName: string; publishedAt: number }>;
  private readonly recount: Coalescer<true>;
  private recountTimer: NodeJS.Timeout | null = null;
  private readonly reads = new LatestReads();
  /** Increases with every update, so a cached first message can tell it is stale. */
  version = 0;
  private ended = false;

  constructor(
    private state: LiveStreamState,
    private readonly options: LiveChannelOptions,
  ) {
    this.stock = new Coalescer(options.coalesceMs, (productId) => void this.refreshStock(productId));
    this.purchases = new Coalescer(options.coalesceMs, (productId, purchase) => this.emit({ type: 'LivePurchaseEvent', streamId: state.streamId, productId, ...purchase }));
    this.recount = new Coalescer(options.coalesceMs, () => void this.refreshViewerCount());
  }

  get streamId(): string {
    return this.state.streamId;
  }

  get status(): LiveStreamStatus {
    return this.state.status;
  }

  /** Starts listening to the bus. */
  open(): void {
    this.follow(this.options.events.pubSub.subscribe('live.stream', this.streamId), (event) => this.onStreamEvent(event), this.stopFeeds);
    for (const productId of this.state.stock.keys()) this.followStock(productId);
    this.follow(this.options.events.pubSub.subscribe('order.eventByShop', this.state.shopId), (event) => this.onOrderEvent(event), this.stopFeeds);
    this.recountTimer = setInterval(() => this.recount.push('viewers', true), this.options.recountMs);
    this.recountTimer.unref();
    void this.refreshViewerCount();
  }

  /** The root value of the first message a joining viewer gets. */
  snapshot(): LiveUpdate {
    const pin = this.state.pin;
    return {
      type: 'LiveStateEvent',
      streamId: this.streamId,
      publishedAt: Date.now(),
      status: this.state.status,
      pin,
      pinnedStock: pin ? (this.state.stock.get(pin.productId) ?? 0) : null,
      viewerCount: this.viewerCount,
    };
  }

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A viewer joined or left on this instance. */
  viewerJoined(): void {
    this.setViewers(this.viewers + 1);
  }

  viewerLeft(): void {
    this.setViewers(this.viewers - 1);
  }

  get localViewers(): number {
    return this.viewers;
  }

  /** Reloads the state from the database and sends it to every listener (after the bus reconnects). */
  async resync(): Promise<void> {
    const state = await this.options.live.state(this.streamId);
    if (!state) return;
    this.state = state;
    this.options.presence.set(this.streamId, this.viewers);
    this.emit(this.snapshot());
  }

  close(): void {
    for (const stop of [...this.stopFeeds, ...this.stockFeeds.values()]) stop();
    this.stockFeeds.clear();
    this.stock.close();
    this.purchases.close();
    this.recount.close();
    if (this.recountTimer) clearInterval(this.recountTimer);
    this.options.presence.set(this.streamId, 0);
    this.announceViewers();
  }

  private setViewers(count: number): void {
    this.viewers = Math.max(0, count);
    this.options.presence.set(this.streamId, this.viewers);
    this.announceViewers();
    this.recount.push('viewers', true);
  }

  private announceViewers(): void {
    this.options.events.pubSub.publish('live.stream', this.streamId, { kind: 'VIEWERS', streamId: this.streamId, publishedAt: Date.now() });
  }

  private onStreamEvent(event: LiveStreamEvent): void {
    const base = { streamId: this.streamId, publishedAt: event.publishedAt };
    switch (event.kind) {
      case 'VIEWERS':
        this.recount.push('viewers', true);
        return;
      case 'PINNED':
        this.state.pin = { pinId: event.pinId, productId: event.productId, pinnedAt: event.pinnedAt };
        this.emit({
          ...base,
          type: 'LiveProductPinnedEvent',
          pinId: event.pinId,
          productId: event.productId,
          pinnedAt: event.pinnedAt,
          stock: this.state.stock.get(event.productId) ?? 0,
          // Decoded once per instance; every execution of the event shares it.
          card: event.card && cardFromWire(event.card),
        });
        return;
      case 'UNPINNED':
        if (this.state.pin?.pinId === event.pinId) this.state.pin = null;
        this.emit({ ...base, type: 'LiveProductUnpinnedEvent', pinId: event.pinId, productId: event.productId });
        return;
      case 'PRODUCTS':
        this.setProducts(event.productIds);
        return;
      case 'STATUS':
        this.state.status = event.status;
        if (event.status === 'ENDED') this.state.pin = null;
        this.emit({ ...base, type: 'LiveStreamStatusEvent', status: event.status }, event.status === 'ENDED');
        return;
    }
  }

  /**
   * The purchase feed: a paid order of the stream's shop is looked up (by primary key, filtered on the
   * stream) and, when it was bought from this stream, each of its products goes to the coalescer. PAID,
   * not PLACED: an unpaid order may never become a sale, and paid is what buyers see as a purchase.
   */
  private onOrderEvent(event: OrderEventPublished): void {
    if (event.type !== 'PAID') return;
    const publishedAt = Date.now();
    this.options.live.purchases(event.orderId, this.streamId).then(
      (purchases) => {
        for (const { productId, ...purchase } of purchases) this.purchases.push(productId, { ...purchase, publishedAt });
      },
      (error: unknown) => this.options.log.warn({ err: error, orderId: event.orderId }, 'live purchase lookup failed'),
    );
  }

  /** A flash deal on one of the stream's products began or ended; deals tied to another stream do not apply here. */
  private onFlashDeal(type: 'LiveFlashDealStartedEvent' | 'LiveFlashDealEndedEvent', event: PromotionChanged): void {
    if (event.liveStreamId !== null && event.liveStreamId !== this.streamId) return;
    const base = { streamId: this.streamId, publishedAt: Date.now(), productId: event.productId, promotionId: event.promotionId };
    this.emit(type === 'LiveFlashDealStartedEvent' ? { ...base, type, endsAt: event.endsAt } : { ...base, type });
  }

  private setProducts(productIds: readonly string[]): void {
    const wanted = new Set(productIds);
    for (const [productId, stop] of this.stockFeeds) {
      if (wanted.has(productId)) continue;
      stop();
      this.stockFeeds.delete(productId);
      this.state.stock.delete(productId);
    }
    for (const productId of wanted) {
      if (this.stockFeeds.has(productId)) continue;
      this.followStock(productId);
      this.stock.push(productId, true);
    }
  }

  private followStock(productId: string): void {
    const stops: Array<() => void> = [];
    this.follow(this.options.events.pubSub.subscribe('sku.stockChanged', productId), () => this.stock.push(productId, true), stops);
    this.follow(this.options.events.pubSub.subscribe('promotion.flashDealStarted', productId), (event) => this.onFlashDeal('LiveFlashDealStartedEvent', event), stops);
    this.follow(this.options.events.pubSub.subscribe('promotion.flashDealEnded', productId), (event) => this.onFlashDeal('LiveFlashDealEndedEvent', event), stops);
    this.stockFeeds.set(productId, () => stops.forEach((stop) => stop()));
  }

  /**
   * Stock is read from the database when the coalescing interval ends rather than taken from the events:
   * events of concurrent checkouts on several instances can arrive out of order, the database cannot.
   */
  private async refreshStock(productId: string): Promise<void> {
    const read = this.reads.start(`stock:${productId}`);
    try {
      const stock = await this.options.live.productStock(productId);
      if (!this.stockFeeds.has(productId) || !read.latest()) return;
      this.state.stock.set(productId, stock);
      this.emit({ type: 'LiveStockChangedEvent', streamId: this.streamId, publishedAt: Date.now(), productId, stock });
    } catch (error) {
      this.options.log.warn({ err: error, productId }, 'live stock refresh failed');
    }
  }

  private async refreshViewerCount(): Promise<void> {
    const read = this.reads.start('viewers');
    const total = await this.options.presence.total(this.streamId);
    if (!read.latest() || total === this.viewerCount || this.ended) return;
    this.viewerCount = total;
    this.emit({ type: 'LiveViewerCountEvent', streamId: this.streamId, publishedAt: Date.now(), viewerCount: total });
  }

  private emit(update: LiveUpdate, final = false): void {
    if (this.ended) return;
    if (final) this.ended = true;
    this.version += 1;
    for (const listener of this.listeners) listener(update, final);
  }

  /** Consumes a bus subscription in the background until `stop` is called. */
  private follow<Event>(source: AsyncIterableIterator<Event>, onEvent: (event: Event) => void, stops: Array<() => void>): void {
    stops.push(() => void source.return?.());
    void (async () => {
      try {
        for await (const event of source) onEvent(event);
      } catch (error) {
        this.options.log.warn({ err: error, streamId: this.streamId }, 'live channel feed failed');
      }
    })();
  }
}

/**
 * The live channels of this instance: one per stream that has viewers here, opened by the first viewer
 * and closed after the last one leaves.
 */
export class LiveChannels {
  private readonly channels = new Map<string, { channel: Promise<LiveChannel | null>; refs: number }>();

  constructor(private readonly options: LiveChannelOptions) {}

  /** The channel of a stream, with one more reference; null when the stream does not exist. */
  async acquire(streamId: string): Promise<LiveChannel | null> {
    let entry = this.channels.get(streamId);
    if (!entry) {
      const channel = this.options.live.state(streamId).then((state) => {
        if (!state) return null;
        const created = new LiveChannel(state, this.options);
        created.open();
        return created;
      });
      entry = { channel, refs: 0 };
      this.channels.set(streamId, entry);
      channel.then(
        (opened) => {
          if (!opened && this.channels.get(streamId) === entry) this.channels.delete(streamId);
        },
        () => this.channels.delete(streamId),
      );
    }
    entry.refs += 1;
    const channel = await entry.channel;
    if (!channel) entry.refs -= 1;
    return channel;
  }

  /** Gives back a reference; the last one closes the channel. */
  release(channel: LiveChannel): void {
    const entry = this.channels.get(channel.streamId);
    if (!entry) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.channels.delete(channel.streamId);
    channel.close();
  }

  /** Every open channel reloads its state and sends it again (after the event bus reconnects). */
  async resyncAll(): Promise<void> {
    const open = await Promise.all([...this.channels.values()].map((entry) => entry.channel));
    await Promise.allSettled(open.map((channel) => channel?.resync()));
  }

  /** Viewers of a stream on this instance (for tests and metrics). */
  async localViewers(streamId: string): Promise<number> {
    const entry = this.channels.get(streamId);
    return entry ? ((await entry.channel)?.localViewers ?? 0) : 0;
  }
}
