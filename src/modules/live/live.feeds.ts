import { NotFoundError } from '../../infra/errors.ts';
import type { LiveChannel, LiveChannels, LiveUpdate } from './live.channel.ts';

/** How far a single subscriber of the per-subscriber path may fall behind before it is cut off. */
const MAX_QUEUED_UPDATES = 1000;

/** A live stream feed as the WebSocket broadcast layer consumes it (see src/server/broadcast.ts). */
export interface LiveFeed {
  readonly key: string;
  readonly version: number;
  readonly finished: boolean;
  snapshot(): LiveUpdate;
  listen(listener: (update: LiveUpdate, final: boolean) => void): () => void;
  leave(): void;
}

/**
 * What viewers of live streams subscribe to. Each subscriber counts as a viewer while subscribed. Over
 * WebSocket, subscribers join broadcast groups (`join`); any other transport (server-sent events) gets
 * its own iterator (`updates`), fed by the same channel.
 */
export class LiveFeeds {
  constructor(private readonly channels: LiveChannels) {}

  /** Joins a stream's channel as one viewer; NOT_FOUND when the stream does not exist. */
  async join(streamId: string): Promise<LiveFeed> {
    const channel = await this.acquire(streamId);
    channel.viewerJoined();
    return new ChannelFeed(channel, this.channels);
  }

  /**
   * One subscriber's updates: the current state, then every update until the stream ends. Its queue is
   * bounded: a subscriber that falls MAX_QUEUED_UPDATES behind gets an error and is dropped.
   */
  async *updates(streamId: string): AsyncGenerator<LiveUpdate> {
    const feed = await this.join(streamId);
    const queue: Array<{ update: LiveUpdate; final: boolean }> = [];
    let wake: (() => void) | null = null;
    let overflow = false;
    const stop = feed.listen((update, final) => {
      if (queue.length >= MAX_QUEUED_UPDATES) overflow = true;
      else queue.push({ update, final });
      wake?.();
    });
    try {
      yield feed.snapshot();
      if (feed.finished) return;
      for (;;) {
        if (overflow) throw new Error('Too slow: the subscriber fell too far behind');
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        yield next.update;
        if (next.final) return;
      }
    } finally {
      stop();
      feed.leave();
    }
  }

  private async acquire(streamId: string): Promise<LiveChannel> {
    const channel = await this.channels.acquire(streamId);
    if (!channel) throw new NotFoundError('LiveStream', ['liveStreamId']);
    return channel;
  }
}

/**
 * One viewer's handle on a channel. A class rather than an object of closures: every viewer of a stream
 * holds one for as long as it watches, so its size is per-viewer memory.
 */
class ChannelFeed implements LiveFeed {
  private left = false;

  constructor(
    private readonly channel: LiveChannel,
    private readonly channels: LiveChannels,
  ) {}

  get key(): string {
    return this.channel.streamId;
  }

  get version(): number {
    return this.channel.version;
  }

  get finished(): boolean {
    return this.channel.status === 'ENDED';
  }

  snapshot(): LiveUpdate {
    return this.channel.snapshot();
  }

  listen(listener: (update: LiveUpdate, final: boolean) => void): () => void {
    return this.channel.listen(listener);
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    this.channel.viewerLeft();
    this.channels.release(this.channel);
  }
}
