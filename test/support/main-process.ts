import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The server's real entry point (src/main.ts, as `npm start` runs it) in a child process. */

const ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs src/main.ts with only `env` (plus PATH and HOME) as its environment, without waiting for it. */
export function spawnMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs src/main.ts and waits until it says it is ready; a server that does not get there is killed. */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const started = spawnMain(env);
  // Generous: a first start runs initdb and the migrations, on a machine that may be busy.
  const deadline = Date.now() + 240_000;
  while (!started.output().includes('Seller Center API ready')) {
    const problem =
      started.child.exitCode !== null ? 'server exited early' : Date.now() > deadline ? 'server did not start in time' : undefined;
    if (problem) {
      started.child.kill('SIGKILL');
      await started.exited;
      throw new Error(`${problem}:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return started;
}

export async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

// ─── Scripted live-stream viewers in a process of their own (test/support/viewers-process.ts) ───

export interface ViewersOptions {
  /** Servers' base URLs (or their /graphql URLs); viewer i connects to urls[i % urls.length]. */
  urls: string[];
  streamId: string;
  count: number;
  /** The `liveEvents` subscription document, with `$id` for the stream. */
  query: string;
  /** Viewers opened at once; the next batch waits for this one's first messages. */
  batch: number;
}

/** What one viewer received: `liveEvents` payloads in order, errors, and how often its socket closed. */
export interface ViewerRecord {
  messages: Record<string, unknown>[];
  errors: unknown[];
  closes: number;
  /** The subscription completed (the stream ended). */
  completed: boolean;
}

export type ViewersProcessMessage =
  | { type: 'joined'; count: number }
  | { type: 'report'; viewers: ViewerRecord[] }
  | { type: 'count'; joined: number; completed: number };

export interface ViewersProcess {
  child: ChildProcess;
  /** Resolves once every viewer has its first message. */
  joined: Promise<void>;
  /** What every viewer received so far. */
  report(): Promise<ViewerRecord[]>;
  /** How many viewers have their first message, and how many subscriptions completed. */
  count(): Promise<{ joined: number; completed: number }>;
  exited: Promise<number | null>;
}

export function forkViewers(options: ViewersOptions): ViewersProcess {
  const child = fork(new URL('./viewers-process.ts', import.meta.url).pathname, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, VIEWERS_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = (type: ViewersProcessMessage['type']) =>
    new Promise<ViewersProcessMessage>((resolve, reject) => {
      const onMessage = (message: ViewersProcessMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the viewers process exited (${code}) before '${type}'`)));
    });
  const joined = next('joined').then(() => undefined);
  joined.catch(() => undefined);
  return {
    child,
    joined,
    exited,
    report: async () => {
      const answer = next('report');
      child.send('report');
      const message = await answer;
      return message.type === 'report' ? message.viewers : [];
    },
    count: async () => {
      const answer = next('count');
      child.send('count');
      const message = await answer;
      return message.type === 'count' ? { joined: message.joined, completed: message.completed } : { joined: 0, completed: 0 };
    },
  };
}
