// Throwaway PostgreSQL and Redis servers for tests and benchmarks.
//
// Each server gets a fresh temporary directory and a fresh port, so a run that
// crashed earlier can never block the next one. The servers run as child
// processes of the caller, in its process group: Ctrl-C reaches them too.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chown, mkdtemp, open, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RunningService {
  url: string;
  /** Stops the server and deletes its directory. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Extra server settings (`-c name=value`), applied after the test-speed defaults. */
  settings?: Record<string, string | number>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const DIR_PREFIX = 'seller-center-';

// Durability is pointless for a cluster that is deleted after the run, and
// turning it off makes schema setup and writes several times faster.
const POSTGRES_TEST_SETTINGS: Record<string, string | number> = {
  listen_addresses: '127.0.0.1',
  // TCP only: socket paths have a length limit and a system-wide default directory.
  unix_socket_directories: '',
  max_connections: 200,
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

export async function startPostgres(options: PostgresOptions = {}): Promise<RunningService> {
  const binDir = await findPostgresBinDir();
  const account = await postgresAccount();
  // SIGQUIT: immediate shutdown, which also releases the cluster's shared memory.
  await reapStaleServers('pg', 'SIGQUIT');
  const dir = await createServiceDir('pg');
  try {
    if (account) await chown(dir, account.uid, account.gid);
    const dataDir = join(dir, 'data');
    await runAs(account, join(binDir, 'initdb'), [
      '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync',
    ], dir);
    const settings = { ...POSTGRES_TEST_SETTINGS, ...options.settings };
    const settingArgs = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
    const started = await withFreePort((port) =>
      launch({
        port,
        dir,
        command: join(binDir, 'postgres'),
        args: ['-D', dataDir, '-p', String(port), ...settingArgs],
        account,
        logName: 'postgres.log',
        // The postmaster marks its pid file "ready" once it accepts connections.
        isReady: async () => (await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[7]?.trim() === 'ready',
        stopSignal: 'SIGINT',
        what: 'PostgreSQL',
      }),
    );
    return {
      url: `postgres://postgres@127.0.0.1:${started.port}/postgres`,
      stop: once(async () => {
        await started.stop();
        await rm(dir, { recursive: true, force: true });
      }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface RedisOptions {
  /** A fixed port, to start a server again where its clients still look for it (tests of Redis outages). */
  port?: number;
}

export async function startRedis(options: RedisOptions = {}): Promise<RunningService> {
  const binary = await findRedisServer();
  await reapStaleServers('redis', 'SIGKILL');
  const dir = await createServiceDir('redis');
  const onPort = (start: (port: number) => Promise<Launched>) => (options.port ? start(options.port) : withFreePort(start));
  try {
    const started = await onPort((port) =>
      launch({
        port,
        dir,
        command: binary,
        args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
        account: undefined,
        logName: 'redis.log',
        isReady: () => redisPing(port),
        stopSignal: 'SIGTERM',
        what: 'Redis',
      }),
    );
    return {
      url: `redis://127.0.0.1:${started.port}`,
      stop: once(async () => {
        await started.stop();
        await rm(dir, { recursive: true, force: true });
      }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Finding the programs

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

async function hasPostgresServer(dir: string): Promise<boolean> {
  return (await isExecutable(join(dir, 'initdb'))) && (await isExecutable(join(dir, 'postgres')));
}

/** The directory of the PostgreSQL server programs, or undefined when none is installed. */
async function locatePostgresBinDir(): Promise<string | undefined> {
  const explicit = process.env.PG_BIN;
  if (explicit) {
    if (await hasPostgresServer(explicit)) return explicit;
    throw new Error(`PG_BIN=${explicit} does not contain the PostgreSQL server programs initdb and postgres.`);
  }
  // Debian keeps the server programs off the PATH, one directory per major version.
  const versions = (await readdir('/usr/lib/postgresql').catch(() => [] as string[]))
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join('/usr/lib/postgresql', version, 'bin');
    if (await hasPostgresServer(dir)) return dir;
  }
  try {
    const { stdout } = await execFileAsync('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (dir && (await hasPostgresServer(dir))) return dir;
  } catch {
    // No pg_config: fall through to the PATH.
  }
  const initdb = await findOnPath('initdb');
  if (initdb && (await hasPostgresServer(dirname(initdb)))) return dirname(initdb);
  return undefined;
}

async function locateRedisServer(): Promise<string | undefined> {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new Error(`REDIS_SERVER_BIN=${explicit} is not an executable file.`);
  }
  return (await findOnPath('redis-server')) ?? ((await isExecutable('/usr/bin/redis-server')) ? '/usr/bin/redis-server' : undefined);
}

async function locateChromium(): Promise<string | undefined> {
  const explicit = process.env.CHROMIUM_BIN;
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new Error(`CHROMIUM_BIN=${explicit} is not an executable file.`);
  }
  for (const name of ['chromium', 'chromium-browser']) {
    const found = await findOnPath(name);
    if (found) return found;
  }
  return (await isExecutable('/usr/bin/chromium')) ? '/usr/bin/chromium' : undefined;
}

interface TestProgram {
  what: string;
  debianPackage: string;
  locate(): Promise<string | undefined>;
}

const POSTGRES: TestProgram = { what: 'the PostgreSQL server (initdb, postgres)', debianPackage: 'postgresql', locate: locatePostgresBinDir };
const REDIS: TestProgram = { what: 'redis-server', debianPackage: 'redis-server', locate: locateRedisServer };
const CHROMIUM: TestProgram = { what: 'Chromium, for the browser tests', debianPackage: 'chromium', locate: locateChromium };
/** What the tests run besides Node.js, and the Debian package that brings each. */
const TEST_PROGRAMS = [POSTGRES, REDIS, CHROMIUM];

function installHint(packages: readonly string[], sudo = ''): string {
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function notInstalled(program: TestProgram): never {
  throw new Error(
    `The tests need ${program.what}, but it was not found. \`npm test\` installs it when run as root or with ` +
      `password-less sudo on Debian or Ubuntu; otherwise install it with: ${installHint([program.debianPackage])}`,
  );
}

export async function findPostgresBinDir(): Promise<string> {
  return (await POSTGRES.locate()) ?? notInstalled(POSTGRES);
}

export async function findRedisServer(): Promise<string> {
  return (await REDIS.locate()) ?? notInstalled(REDIS);
}

export async function findChromium(): Promise<string> {
  return (await CHROMIUM.locate()) ?? notInstalled(CHROMIUM);
}

/**
 * Installs, through apt, whichever of the programs the tests need is missing: PostgreSQL and Redis
 * (the tests start private servers of their own) and Chromium (the browser tests). When everything is
 * there this is a few file checks and runs nothing. Without root or password-less sudo, or off Debian,
 * it fails with the command to run instead.
 */
export async function ensureTestPrograms(report: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  const missing: string[] = [];
  for (const program of TEST_PROGRAMS) {
    if (!(await program.locate())) missing.push(program.debianPackage);
  }
  if (missing.length === 0) return;

  const hint = installHint(missing);
  if (!(await findOnPath('apt-get'))) {
    throw new Error(`The tests need these programs, which are not installed: ${missing.join(', ')}. On Debian or Ubuntu: ${hint}`);
  }
  const elevate = await rootCommandPrefix();
  if (!elevate) {
    throw new Error(
      `The tests need these Debian packages, which are not installed: ${missing.join(', ')}. Installing them needs ` +
        `root or password-less sudo; install them yourself with: ${installHint(missing, 'sudo ')}`,
    );
  }
  report(`Installing what the tests need: ${missing.join(', ')} (apt-get)…`);
  await runInstall([...elevate, 'flock', '--wait', '900', APT_LOCK, 'sh', '-c', APT_INSTALL_SCRIPT, 'sh', ...missing]);
  const stillMissing: string[] = [];
  for (const program of TEST_PROGRAMS) {
    if (!(await program.locate())) stillMissing.push(program.debianPackage);
  }
  if (stillMissing.length > 0) throw new Error(`apt-get finished, but these are still missing: ${stillMissing.join(', ')}. Try: ${hint}`);
  report(`Installed ${missing.join(', ')}.`);
}

/** Several test runs may start on one machine at once: they install one after the other. */
const APT_LOCK = join(tmpdir(), 'seller-center-apt.lock');

// Runs under the lock, with the packages as arguments. Another run may have installed them while this
// one waited, and apt-get then does nothing. The policy file keeps the packages from starting their
// default services (a cluster on 5432, Redis on 6379): the tests start private servers on free ports.
const APT_INSTALL_SCRIPT = `set -e
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@"
`;

/** `[]` as root, `['sudo', '-n']` where sudo works without a password, otherwise undefined. */
async function rootCommandPrefix(): Promise<string[] | undefined> {
  if (process.getuid?.() === 0) return [];
  if (!(await findOnPath('sudo'))) return undefined;
  try {
    await execFileAsync('sudo', ['-n', 'true']);
    return ['sudo', '-n'];
  } catch {
    return undefined;
  }
}

/** Runs the install with its output on our stderr (so a long download shows progress), failing on a non-zero exit. */
function runInstall(command: string[]): Promise<void> {
  const [program, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? 'true', args, { stdio: ['ignore', process.stderr, process.stderr] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`Installing the test programs failed (${signal ?? `exit ${code}`}): ${command.join(' ')}`)),
    );
  });
}

interface Account {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user. */
async function postgresAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim());
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0) return { uid, gid };
  } catch {
    // Reported below.
  }
  throw new Error(
    'Running as root, but PostgreSQL refuses to run as root and there is no `postgres` user to run it as. ' +
      `Installing Debian's server creates that user: ${installHint(['postgresql'])} (or run the tests as a non-root user).`,
  );
}

// ---------------------------------------------------------------------------
// Directories, ports and processes

async function createServiceDir(kind: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${kind}-`));
  // Lets a later run tell a directory left by a dead run from one still in use.
  await writeFile(join(dir, 'owner.pid'), String(process.pid));
  return dir;
}

async function readPid(path: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process stays a zombie until its parent reaps it, and in a
  // container nothing may ever reap it.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/s.test(stat);
}

/**
 * Stops servers and deletes directories left behind by runs that died without
 * their teardown, so orphaned servers do not pile up on the machine. Servers
 * of runs that are still alive (another checkout, a benchmark) are left alone.
 */
async function reapStaleServers(kind: string, signal: NodeJS.Signals): Promise<void> {
  const base = tmpdir();
  const names = await readdir(base).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(`${DIR_PREFIX}${kind}-`))
      .map(async (name) => {
        const dir = join(base, name);
        try {
          const owner = await readPid(join(dir, 'owner.pid'));
          if (owner === undefined) {
            // Possibly being created by a concurrent run right now.
            if (Date.now() - (await stat(dir)).mtimeMs < 60_000) return;
          } else if (await isAlive(owner)) {
            return;
          }
          const server = await readPid(join(dir, 'server.pid'));
          // Only a process still working inside that directory is ours; pids get reused.
          if (server !== undefined && (await readlink(`/proc/${server}/cwd`).catch(() => '')).startsWith(dir)) {
            process.kill(server, signal);
          }
          await rm(dir, { recursive: true, force: true });
        } catch {
          // Best effort: a directory that cannot be cleaned up blocks nothing.
        }
      }),
  );
}

async function runAs(account: Account | undefined, command: string, args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync(command, args, { cwd, ...account });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stderr || stdout || String(error)}`, { cause: error });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

class PortInUseError extends Error {}

/** Another process may take the port between choosing it and the server binding it; then try another. */
async function withFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= 5) throw error;
    }
  }
}

interface LaunchOptions {
  port: number;
  dir: string;
  command: string;
  args: string[];
  account: Account | undefined;
  logName: string;
  isReady(): Promise<boolean>;
  stopSignal: NodeJS.Signals;
  what: string;
}

interface Launched {
  port: number;
  stop(): Promise<void>;
}

async function launch(options: LaunchOptions): Promise<Launched> {
  const { port } = options;
  const logPath = join(options.dir, options.logName);
  const log = await open(logPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.dir,
      stdio: ['ignore', log.fd, log.fd],
      ...options.account,
    });
  } finally {
    await log.close();
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  child.once('error', () => undefined);
  if (child.pid !== undefined) await writeFile(join(options.dir, 'server.pid'), String(child.pid));

  // If the caller exits without stopping us (a crash, process.exit), do not leave the server behind.
  const killOnExit = () => {
    if (!hasExited()) child.kill(options.stopSignal);
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (hasExited()) return;
    child.kill(options.stopSignal);
    if (await settlesWithin(exited, 15_000)) return;
    child.kill('SIGKILL');
    await exited;
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (hasExited() || child.pid === undefined) {
      await stop();
      const output = await readFile(logPath, 'utf8').catch(() => '');
      if (/address already in use/i.test(output)) throw new PortInUseError(`port ${port} is taken`);
      throw new Error(`${options.what} (${options.command}) exited during startup. Its log:\n${output.trim()}`);
    }
    if (await options.isReady()) return { port, stop };
    if (Date.now() > deadline) {
      await stop();
      const output = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`${options.what} did not become ready within ${STARTUP_TIMEOUT_MS / 1000} s. Its log:\n${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
