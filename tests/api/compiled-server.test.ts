import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, RAISED_LIMITS, tempDir } from '../support/app.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { freePort, stopServer } from '../support/server-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** `npm start`'s command without its prestart build: node, its flags, build/server/main.js. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts.start.split(/\s+/);
  expect(words[0]).toBe('node');
  expect(words.at(-1)).toBe('build/server/main.js');
  return words.slice(1);
}

/** Runs the compiled server as `npm start` does, in a process of its own, gathering what it prints. */
function spawnCompiled(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    // NODE_OPTIONS cleared: vitest's own loader must not reach the server.
    env: { ...process.env, NODE_OPTIONS: '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN, ...RAISED_LIMITS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function startCompiled(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = String(await freePort());
  const { child, output } = spawnCompiled({ ...env, PORT: port });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`compiled server exited: ${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`compiled server did not start: ${output()}`);
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Registers an attendee, makes a kiosk at `station` and scans the badge there; the scan's answer. */
async function scanOnce(url: string, station: string): Promise<Record<string, unknown>> {
  const person = await json(`${url}/api/attendees`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ firstName: 'Aigerim', lastName: 'Testova', category: 'school' }) });
  expect(person.status).toBe(201);
  const k = await json(`${url}/api/kiosks`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ station }) });
  expect(k.status).toBe(201);
  const scan = await json(`${url}/api/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${String(k.body.token)}` },
    body: JSON.stringify({ id: randomUUID(), badge: person.body.badge }),
  });
  expect(scan.status).toBe(200);
  return scan.body;
}

describe('the compiled server (npm start)', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'pipe' });
    expect(existsSync(join(ROOT, 'build', 'server', 'main.js'))).toBe(true);
  }, 300_000);

  describe('with the live state in the process', () => {
    const dir = tempDir();
    let server: Awaited<ReturnType<typeof startCompiled>>;
    beforeAll(async () => {
      server = await startCompiled({ DATA_DIR: dir.dir });
    }, 120_000);
    afterAll(async () => {
      await stopServer(server.child);
      dir.remove();
    });

    it('answers /health and a scan, and times the scan in /metrics', async () => {
      expect((await json(`${server.url}/health`)).body).toMatchObject({ status: 'ok', store: 'memory' });
      expect(await scanOnce(server.url, 'kazzinc')).toMatchObject({ outcome: 'entered' });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('kezek_scan_duration_seconds_count{store="memory",outcome="entered"} 1');
    });
  });

  describe('with Redis', () => {
    const dir = tempDir();
    let redis: TestRedis;
    let server: Awaited<ReturnType<typeof startCompiled>>;
    beforeAll(async () => {
      redis = await startRedis('aof');
      server = await startCompiled({ DATA_DIR: dir.dir, REDIS_URL: redis.url, REDIS_PREFIX: 'kezek-compiled', REDIS_DURABILITY: 'aof' });
    }, 120_000);
    afterAll(async () => {
      await stopServer(server.child);
      await redis.remove();
      dir.remove();
    });

    it('archives a scan through the compiled archiver thread', async () => {
      expect((await json(`${server.url}/health`)).body).toMatchObject({ status: 'ok', store: 'redis', durability: 'durable' });
      expect(await scanOnce(server.url, 'kazzinc')).toMatchObject({ outcome: 'entered' });
      // The thread takes the commit out of the stream once it is in SQLite.
      let backlog = '';
      for (let i = 0; i < 100 && backlog !== '0'; i++) {
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        backlog = /^kezek_archive_backlog (\d+)$/m.exec(metrics)?.[1] ?? '';
        if (backlog !== '0') await new Promise((r) => setTimeout(r, 100));
      }
      expect(backlog).toBe('0');
      const scans = await json(`${server.url}/api/reports/scans?limit=10`, { headers: ADMIN });
      expect(scans.body).toMatchObject({ total: 1 });
      expect(server.output()).not.toMatch(/archiver thread failed|Cannot find module/);
    });
  });

  it('points stack traces into the TypeScript source', async () => {
    const dir = tempDir();
    try {
      // A data folder that is a file: the server cannot start, and says where it failed.
      const file = join(dir.dir, 'not-a-folder');
      writeFileSync(file, '');
      const { child, output } = spawnCompiled({ DATA_DIR: file, PORT: String(await freePort()) });
      await new Promise((resolve) => child.once('exit', resolve));
      expect(child.exitCode).not.toBe(0);
      expect(output()).toMatch(/server\/[\w/-]+\.ts:\d+:\d+/);
      expect(output()).not.toMatch(/build\/server\/[\w/-]+\.js:\d+/);
    } finally {
      dir.remove();
    }
  });
});
