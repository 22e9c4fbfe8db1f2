import type { LiveStreamStatus } from '../../generated/prisma/enums.ts';
import type { WireCard } from './live.card.ts';

/**
 * A change of a live stream, published after the transaction that made it commits. Payloads are
 * JSON-safe (they cross Redis). `publishedAt` is stamped when the event is published (epoch milliseconds)
 * so that delivery latency can be measured at the viewer.
 */
export type LiveStreamChange =
  | { kind: 'STATUS'; status: LiveStreamStatus }
  /** `card`: the product as the public sees it at the pin, priced (null when the public may not see it). */
  | { kind: 'PINNED'; pinId: string; productId: string; pinnedAt: string; card: WireCard | null }
  | { kind: 'UNPINNED'; pinId: string; productId: string }
  | { kind: 'PRODUCTS'; productIds: string[] }
  /** An instance's viewer count changed: every instance recounts. */
  | { kind: 'VIEWERS' };

export type LiveStreamEvent = LiveStreamChange & { streamId: string; publishedAt: number };

/** Topics of the live module, routed by live stream id. */
export type LiveTopics = {
  'live.stream': [streamId: string, event: LiveStreamEvent];
};
