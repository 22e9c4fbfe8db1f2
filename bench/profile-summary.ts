import { readFileSync } from 'node:fs';

/**
 * Sums a `.cpuprofile` (from `npm run bench:profile -- --only <scenario>`) by layer: self time of every
 * sampled function, grouped by the package or Node.js subsystem its code belongs to. `--window <s>`
 * keeps only the samples of the `s` seconds that end 1 s before the profile does (the scenario, without
 * start-up, data set-up and shut-down). Usage:
 * `npx tsx bench/profile-summary.ts .profiles/CPU…cpuprofile --window 4`. `--from <s> --to <s>` keeps the
 * samples between those seconds after the profile's start instead, and `--timeline` prints the busy share
 * of every 100 ms, where the bursts of a run show between idle gaps.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, RegExp][] = [
  ['Prisma query compiler (wasm)', /^wasm:|query_compiler/],
  ['Prisma client runtime', /@prisma\/client|generated\/prisma/],
  ['Prisma pg adapter + pg driver', /@prisma\/adapter-pg|\/pg\/|pg-protocol|pg-pool|pg-types/],
  ['PGlite', /@electric-sql\/pglite|pglite-prisma-adapter/],
  ['graphql-js (parse, validate, execute)', /node_modules\/graphql\//],
  ['Pothos (resolver wrappers, auth, complexity)', /@pothos/],
  ['yoga, envelop, whatwg-node (request/response)', /graphql-yoga|@envelop|@whatwg-node|@graphql-tools/],
  ['graphql-armor', /graphql-armor/],
  ['rate limits (rate-limiter-flexible, ioredis)', /rate-limiter-flexible|ioredis|redis-parser|cluster-key-slot/],
  ['metrics (prom-client)', /prom-client|plugin-prometheus/],
  ['logging (pino)', /pino|sonic-boom/],
  ['dataloader', /dataloader/],
  ['application code (src/)', /\/src\//],
  ['Node.js HTTP, net, streams', /node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|child_process))|_http_/],
  ['JSON, crypto, other Node.js internals', /^node:/],
  ['load generator and bench set-up', /\/bench\//],
];

const profile = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const totals = new Map<string, number>();
let all = 0;
const secondsAfter = (name: string) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : undefined);
const windowSeconds = secondsAfter('--window');
const from = secondsAfter('--from');
const to = secondsAfter('--to');
const windowEnd = to !== undefined ? profile.startTime + to * 1e6 : profile.endTime - 1e6;
const windowStart = from !== undefined ? profile.startTime + from * 1e6 : windowSeconds !== undefined ? windowEnd - windowSeconds * 1e6 : -Infinity;
const windowMicros = windowEnd - windowStart;

if (process.argv.includes('--timeline')) {
  // Busy share of every 100 ms, `second:percent`, to find the bursts of a run (idle gaps separate them).
  const buckets: [busy: number, all: number][] = [];
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    const bucket = (buckets[Math.floor((time - profile.startTime) / 1e5)] ??= [0, 0]);
    bucket[1] += delta;
    if (byId.get(id)?.callFrame.functionName !== '(idle)') bucket[0] += delta;
  });
  console.log(buckets.map((bucket, index) => `${(index / 10).toFixed(1)}:${bucket ? Math.round((100 * bucket[0]) / Math.max(1, bucket[1])) : 0}`).join(' '));
  process.exit(0);
}

let at = profile.startTime;
profile.samples.forEach((id, index) => {
  const node = byId.get(id);
  const delta = profile.timeDeltas[index] ?? 0;
  at += delta;
  if (!node || at > windowEnd || at < windowStart) return;
  const { url, functionName } = node.callFrame;
  let layer: string;
  if (functionName === '(idle)') return;
  if (functionName === '(garbage collector)') layer = 'garbage collection';
  else if (functionName === '(program)' || !url) layer = functionName === '(program)' ? 'V8 / native (program)' : `native: ${functionName || '(anonymous)'}`;
  else layer = LAYERS.find(([, pattern]) => pattern.test(url))?.[0] ?? `other: ${url.replace(/.*node_modules\//, '').split('/')[0]}`;
  if (layer.startsWith('native: ')) layer = /JSON|stringify|parse/i.test(layer) ? 'native: JSON' : 'native: other builtins';
  totals.set(layer, (totals.get(layer) ?? 0) + delta);
  all += delta;
});
for (const [layer, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
  if (micros / all < 0.005) continue;
  console.log(`${((micros / all) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${layer}`);
}
console.log(`busy CPU: ${(all / 1000).toFixed(0)} ms${Number.isFinite(windowMicros) ? ` of ${(windowMicros / 1000).toFixed(0)} ms` : ''}`);
