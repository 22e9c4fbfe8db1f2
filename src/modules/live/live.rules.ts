import type { LiveStreamStatus } from '../../generated/prisma/enums.ts';
import { DomainError, ErrorCode } from '../../infra/errors.ts';

/** Limits of a live stream's listing. */
export const LIVE_LIMITS = {
  titleMax: 120,
  products: 100,
} as const;

/** The one state machine of a live stream: SCHEDULED → LIVE → ENDED. */
export const LIVE_TRANSITIONS = {
  start: { from: 'SCHEDULED', to: 'LIVE' },
  end: { from: 'LIVE', to: 'ENDED' },
} as const satisfies Record<string, { from: LiveStreamStatus; to: LiveStreamStatus }>;

export type LiveTransition = keyof typeof LIVE_TRANSITIONS;

/** The stream is not in the status an action needs; names the status it is in. */
export class LiveStreamStatusError extends DomainError {
  readonly code = ErrorCode.LIVE_STREAM_STATUS;
  constructor(
    readonly currentStatus: LiveStreamStatus,
    readonly requiredStatus: readonly LiveStreamStatus[],
    action: string,
  ) {
    super(`Cannot ${action}: the live stream is ${currentStatus}, and this needs ${requiredStatus.join(' or ')}`);
  }
}

/** Throws unless the stream is in one of the statuses the action needs. */
export function assertStatus(current: LiveStreamStatus, required: readonly LiveStreamStatus[], action: string): void {
  if (!required.includes(current)) throw new LiveStreamStatusError(current, required, action);
}

/** Products can be listed and changed until the stream ends. */
export const EDITABLE_STATUSES: readonly LiveStreamStatus[] = ['SCHEDULED', 'LIVE'];

/**
 * The name a purchase feed shows: the first letter of the buyer's display name and asterisks, so a feed
 * reads "S*** bought 2" without revealing who bought.
 */
export function anonymisedBuyerName(displayName: string): string {
  const first = [...displayName.trim()][0] ?? '?';
  return `${first.toLocaleUpperCase()}***`;
}

/**
 * A buyer's display name as the purchase feed shows it: first and last character around three stars
 * ("Dewi" → "D***i"; one character → "D***"). Counted in code points, so an emoji or a CJK name is not
 * cut in half.
 */
export function anonymiseBuyerName(displayName: string): string {
  const characters = Array.from(displayName.trim());
  const first = characters[0];
  if (first === undefined) return '***';
  return characters.length === 1 ? `${first}***` : `${first}***${characters.at(-1) ?? ''}`;
}
