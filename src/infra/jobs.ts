import type { Logger } from './logger.ts';

/**
 * Time-based work (auto-cancel of unpaid orders, review holds, late-dispatch marks, auto-complete,
 * expiry of flash deals and idempotency keys) as sweeps over due rows.
 *
 * Why not a job library: graphile-worker needs a node-postgres pool with LISTEN/NOTIFY and does not run
 * on PGlite; pg-boss 10 runs on PGlite (through an adapter that sends multi-statement scripts to
 * `exec`), but its schedules fire by the database's clock, which the injectable test clock cannot move,
 * its cron is minute-grained, and a job per order would copy deadlines the orders already carry
 * (`payBy`, `dispatchBy`, `deliveredAt`) and must be kept in step with every change of them (pg-boss 12
 * and graphile-worker 0.18 also need Node 22). A sweep reads the deadlines where they live, against the
 * injected clock: each job claims a batch of due rows with `FOR UPDATE SKIP LOCKED` (another instance
 * sweeping at the same moment skips them instead of waiting) and changes each with a conditional update
 * in the same transaction, so every piece of work happens exactly once however many instances sweep.
 * docs/architecture.md has the evaluation.
 */
export interface ScheduledJob {
  /** For logs and metrics. */
  readonly name: string;
  /**
   * Does everything due at `now`; returns how many items it handled. Must be safe to run in several
   * instances at once (claim rows with FOR UPDATE SKIP LOCKED, change them with conditional updates).
   */
  runDue(now: Date): Promise<number>;
}

/** Runs the registered jobs one after the other every `intervalMs`, while started. */
export class JobRunner {
  private readonly jobs: ScheduledJob[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly options: { intervalMs: number; now: () => Date; log: Logger },
  ) {}

  /** Adds a job (the composition root registers every module's jobs before `start`). */
  register(job: ScheduledJob): void {
    this.jobs.push(job);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A sweep that outlasts the interval is not started twice in one instance.
      this.running ??= this.runOnce().then(
        () => undefined,
        () => undefined,
      ).finally(() => {
        this.running = null;
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for a sweep under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every job once, now; a failing job is logged and does not stop the others. */
  async runOnce(): Promise<Record<string, number>> {
    const handled: Record<string, number> = {};
    for (const job of this.jobs) {
      try {
        handled[job.name] = await job.runDue(this.options.now());
        if (handled[job.name]) this.options.log.info({ job: job.name, handled: handled[job.name] }, 'scheduled work done');
      } catch (error) {
        this.options.log.error({ err: error, job: job.name }, 'scheduled job failed');
      }
    }
    return handled;
  }
}
