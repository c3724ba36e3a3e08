import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './server-process.ts';

/** A redis-server of a test's own, on a free port with its own data folder: never the shared one on 6379. */
export interface TestRedis {
  port: number;
  url: string;
  /** Its data folder (the append-only file lives here). */
  dir: string;
  child: ChildProcess;
  /** Stops it with a signal (SIGKILL: a crash) and waits until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder, as it was configured. */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  remove(): Promise<void>;
}

/** How the test Redis persists: `aof` as Kezek requires (appendonly, fsync before answering), or nothing. */
export type Persistence = 'aof' | 'aof-everysec' | 'none';

const ARGS: Record<Persistence, string[]> = {
  aof: ['--appendonly', 'yes', '--appendfsync', 'always'],
  'aof-everysec': ['--appendonly', 'yes', '--appendfsync', 'everysec'],
  none: ['--appendonly', 'no'],
};

/** Starts a redis-server of the test's own (with `extra` arguments) and waits until it answers. */
export async function startRedis(persistence: Persistence, extra: string[] = []): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kezek-redis-'));
  const launch = async () => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...ARGS[persistence], ...extra], { stdio: 'ignore' });
    await answers(port, child);
    return child;
  };
  const r: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    child: await launch(),
    stop: (signal = 'SIGTERM') => {
      const { child } = r;
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    restart: async () => {
      r.child = await launch();
    },
    remove: async () => {
      await r.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return r;
}

/** Waits until the Redis on `port` answers PING (it answers only once its append-only file is loaded). */
async function answers(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
