// Installs what the tests need and the machine lacks (PostgreSQL, Redis and
// Chromium, through apt), then starts the real PostgreSQL and Redis servers
// that the test files share, once per test run, and hands their URLs to the
// tests (`inject('postgresUrl')`, `inject('redisUrl')`). A program that cannot
// be installed fails the run instead of skipping tests: a green run must mean
// that every back end was exercised.
import type { TestProject } from 'vitest/node';
import { ensureTestPrograms, startPostgres, startRedis, type RunningService } from '../../scripts/lib/test-services.ts';

async function timed(start: () => Promise<RunningService>): Promise<{ service: RunningService; ms: number }> {
  const startedAt = performance.now();
  const service = await start();
  return { service, ms: performance.now() - startedAt };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureTestPrograms();
  const results = await Promise.allSettled([timed(() => startPostgres()), timed(startRedis)]);
  const [postgres, redis] = results;
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await Promise.allSettled(results.map((result) => (result.status === 'fulfilled' ? result.value.service.stop() : undefined)));
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (reasons.length === 1) throw reasons[0];
    throw new Error(reasons.map((reason) => (reason instanceof Error ? reason.message : String(reason))).join('\n'));
  }

  project.provide('postgresUrl', postgres.value.service.url);
  project.provide('redisUrl', redis.value.service.url);
  // eslint-disable-next-line no-console -- one line that shows where the servers run when a test needs debugging
  console.log(
    `Test servers: PostgreSQL ${postgres.value.service.url} (ready in ${seconds(postgres.value.ms)}), ` +
      `Redis ${redis.value.service.url} (ready in ${seconds(redis.value.ms)})`,
  );

  return async () => {
    const stopped = await Promise.allSettled([postgres.value.service.stop(), redis.value.service.stop()]);
    const failure = stopped.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
