import { Agent, request } from 'node:http';

/**
 * The load generator, run in a process of its own (forked by api.bench.ts) so that its CPU is not the
 * server's event loop. It receives one scenario at a time over IPC, keeps `concurrency` keep-alive
 * connections busy for `seconds`, and answers with the request rate and latency percentiles.
 * Plain `node:http` rather than fetch: it costs the generator less per request, leaving more of the
 * shared machine to the server under test.
 */

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  /** The request body for POST, the query string (without `?`) for GET. */
  payload: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses other than 200 or 304, or bodies with `errors`. */
  failures: number;
  firstFailure: string | null;
}

function once(agent: Agent, load: LoadRequest): Promise<{ ok: boolean; body: string }> {
  const url = new URL(load.url);
  const path = load.method === 'GET' ? `${url.pathname}?${load.payload}` : url.pathname;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: load.method,
        headers: {
          ...load.headers,
          ...(load.method === 'POST' ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(load.payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          resolve({ ok: (status === 200 && !body.includes('"errors"')) || status === 304, body: `${status} ${body.slice(0, 300)}` });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (load.method === 'POST') req.write(load.payload);
    req.end();
  });
}

async function run(load: LoadRequest): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency });
  try {
    // Warm-up: connections, the server's parse and plan caches, and (for warm scenarios) the response cache.
    const warmUntil = performance.now() + 250;
    while (performance.now() < warmUntil) await once(agent, load);
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | null = null;
    const started = performance.now();
    const deadline = started + load.seconds * 1000;
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          const { ok, body } = await once(agent, load);
          latencies.push(performance.now() - sent);
          if (!ok) {
            failures += 1;
            firstFailure ??= body;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0;
    return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failures, firstFailure };
  } finally {
    agent.destroy();
  }
}

process.on('message', (message: LoadRequest) => {
  run(message).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
