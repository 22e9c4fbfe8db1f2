import type { Clock } from '../../src/services.ts';

/**
 * A clock for the server under test that runs with real time but can be moved forward (or back), so a
 * test can see what happens after 24 hours without waiting for them. Everything the services decide by
 * time (token expiry, link and plan rules) reads it; timestamps the database fills in itself do not.
 */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
