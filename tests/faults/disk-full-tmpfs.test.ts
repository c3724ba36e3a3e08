// The disk really fills (a small tmpfs as DATA_DIR, the server in a process of its own) while
// kiosks scan through their outboxes: refused scans get typed answers, never a 500; /health says
// so; freeing a file is enough for writes to resume without a restart (the WAL is checkpointed
// first, so the space freed is not taken by new commits before it); after a restart the live
// state is what it showed.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN } from '../support/app.ts';
import { sendLikeOutbox } from '../support/kiosk-outbox.ts';
import { freePort, startServer, stopServer } from '../support/server-process.ts';

const SIZE_MB = 32;
const PEOPLE = 200;
/** Left free after the filler files: a few group commits' worth. */
const LEFT_KB = 96;
/**
 * The file freed to recover. A checkpoint needs room in the database file for the pages its WAL
 * adds to it, up to the WAL's size (8–10 MB here when the disk fills): freed room short of that is
 * taken by a checkpoint that cannot finish (seen with 1 MB: the server refused on, 0 B free).
 */
const FREED_KB = 8192;
/** Scans are kept again within this of the file being freed (it takes well under a second). */
const RECOVERY_MS = 60_000;

/** Mounts a tmpfs of SIZE_MB on a new folder; the reason when this machine does not let us. */
function mountTmpfs(): { dir: string; skipped: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir, skipped: null };
  } catch (err) {
    const said = String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n')[0];
    return { dir, skipped: `mounting a tmpfs is not allowed here (${said})` };
  }
}

const tmpfs = mountTmpfs();

async function post(url: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

describe.skipIf(tmpfs.skipped !== null)(`disk full on a real file system (a ${SIZE_MB} MB tmpfs)${tmpfs.skipped ? ` — skipped: ${tmpfs.skipped}` : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let filling: ReturnType<typeof setInterval> | undefined;
  /** Set when the test ends, however it ends: the kiosks stop sending. */
  let stopped = false;
  afterAll(async () => {
    stopped = true;
    clearInterval(filling);
    // Also after a timeout, when the test itself never got to stop it: a server holding the tmpfs keeps it mounted.
    if (server) await stopServer(server.child, 'SIGKILL');
    if (!tmpfs.skipped) execFileSync('umount', [tmpfs.dir]);
    rmSync(tmpfs.dir, { recursive: true, force: true });
  });

  it('refuses with 507 while full, resumes by itself once a file is freed, and keeps the live state equal to the log', async () => {
    const dataDir = join(tmpfs.dir, 'data');
    // The small file that will be freed is set aside first: whatever the database and its WAL take while people register, it is there.
    const freed = join(tmpfs.dir, 'freed.bin');
    writeFileSync(freed, Buffer.alloc(FREED_KB * 1024, 1));
    const env = { PORT: String(await freePort()), DATA_DIR: dataDir, ADMIN_TOKEN, MIN_FREE_MB: '1' };
    server = await startServer(env);
    const base = server.url;
    const wal = join(dataDir, 'my-profession-my-pride.sqlite-wal');
    try {
      const kiosks: Array<Record<string, string>> = [];
      for (const station of ['entrance', 'tmk', 'oesk']) {
        const k = await post(`${base}/api/kiosks`, { station });
        kiosks.push({ authorization: `Bearer ${k.body.token as string}` });
      }
      const badges: string[] = [];
      for (let i = 0; i < PEOPLE; i++) badges.push((await post(`${base}/api/attendees`, { firstName: `P${i}`, lastName: 'Test', category: 'school' })).body.badge as string);

      // Something else fills the disk but for a few commits' worth, and takes again whatever the
      // server gives back (its WAL checkpointed down), until the disk is full. The small file set aside is what will be freed.
      let fillers = 0;
      const fill = () => {
        const extra = freeBytes(tmpfs.dir) - LEFT_KB * 1024;
        try {
          if (extra > 0) writeFileSync(join(tmpfs.dir, `filler-${fillers++}.bin`), Buffer.alloc(extra, 1));
        } catch (err) {
          // The server took some of that room in between: the disk is full, as wanted.
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        }
      };
      fill();
      filling = setInterval(fill, 100);

      // Each person enters at the gate, then goes to an employer's station, and then keeps moving
      // between the two employers until the disk has been full and is freed again (how many scans
      // that takes depends on how much of its WAL SQLite can reuse): kiosks send as their outboxes do.
      const refusals = new Map<string, number>();
      const acknowledged = new Map<string, Record<string, unknown>>();
      let freedAt = 0;
      let firstAfterFreeing = 0;
      let walWhileFull = 0;
      // What the WAL holds when the first scan after freeing is answered (checked exactly, without traffic, in disk-full.test.ts).
      let walAtRecovery = 0;
      const scan = async (headers: Record<string, string>, i: number, what: string) => {
        const id = randomUUID();
        const r = await sendLikeOutbox(base, headers, { id, badge: badges[i] }, {
          retryMs: 50,
          onRetry: (status, body) => {
            // Freed and still refused long after: fail saying so, rather than retry until the test's time is out.
            if (freedAt && Date.now() - freedAt > RECOVERY_MS) throw new Error(`still ${status} ${JSON.stringify(body)} ${RECOVERY_MS / 1000} s after ${FREED_KB} KB was freed; WAL ${sizeOf(wal)} B, ${freeBytes(tmpfs.dir)} B free`);
            const key = `${status} ${String(body.code ?? '')}`;
            refusals.set(key, (refusals.get(key) ?? 0) + 1);
            walWhileFull = Math.max(walWhileFull, sizeOf(wal));
          },
        });
        expect(r.status, `person ${i}, ${what}`).toBe(200);
        acknowledged.set(id, r.body);
        if (freedAt && !firstAfterFreeing) {
          firstAfterFreeing = Date.now();
          walAtRecovery = sizeOf(wal);
        }
      };
      /** Scans kept after the file was freed, beyond the first: writing goes on. */
      const AFTER_FREEING = 100;
      let keptAfterFreeing = 0;
      let next = 0;
      let round = 0;
      const worker = async () => {
        while (next < PEOPLE) {
          const i = next++;
          await scan(kiosks[0], i, 'at the gate');
          await scan(kiosks[1 + (i % 2)], i, 'at an employer');
        }
        while (keptAfterFreeing < AFTER_FREEING && !stopped) {
          const i = next++ % PEOPLE;
          if (i === 0) round++;
          await scan(kiosks[1 + ((i + round) % 2)], i, `moving on (round ${round})`);
          if (freedAt) keptAfterFreeing++;
        }
      };
      const kiosksAtWork = Promise.all(Array.from({ length: 8 }, worker));

      // Until the disk is full: typed refusals, and /health says so.
      const full = Date.now() + 60_000;
      const healthSays = async () => (await fetch(`${base}/health`)).json() as Promise<{ status: string; reasons: string[] }>;
      let said = await healthSays();
      while (!(refusals.has('507 storage_full') && said.reasons.includes('storage_full')) && Date.now() < full) {
        await new Promise((r) => setTimeout(r, 20));
        said = await healthSays();
      }
      expect(refusals.has('507 storage_full'), `refusals ${JSON.stringify([...refusals])}, acknowledged ${acknowledged.size}`).toBe(true);
      expect(said).toMatchObject({ status: 'degraded', reasons: expect.arrayContaining(['storage_full']) });
      const acknowledgedWhileFull = acknowledged.size;

      // Free the small file: the outboxes' next sends are kept, no restart.
      clearInterval(filling);
      rmSync(freed);
      freedAt = Date.now();
      await kiosksAtWork;
      expect(keptAfterFreeing).toBeGreaterThanOrEqual(AFTER_FREEING);
      // Only typed answers ever: 507 storage_full (503 storage_unavailable had SQLite said otherwise), never a 500.
      expect([...refusals.keys()].filter((k) => k !== '507 storage_full' && k !== '503 storage_unavailable')).toEqual([]);
      const healthAfter = await fetch(`${base}/health`);
      // Writing again; what is left of the tmpfs may still be under MIN_FREE_MB (1): storage_low is a 200.
      expect(healthAfter.status).toBe(200);
      expect((await healthAfter.json()).reasons.filter((r: string) => r !== 'storage_low')).toEqual([]);

      // The live state is what the log holds: a restart shows the same.
      const board = async () => ((await (await fetch(`${base}/api/stations`)).json()) as Array<Record<string, unknown>>).map(({ version: _v, waitMinutes: _w, ...s }) => s);
      const before = await board();
      expect(before.find((s) => s.id === 'entrance')).toMatchObject({ occupancy: PEOPLE, visits: PEOPLE });
      await stopServer(server.child);
      server = null;
      const db = new Database(join(dataDir, 'my-profession-my-pride.sqlite'), { readonly: true });
      expect(db.prepare('SELECT count(*) AS n FROM scans').get()).toEqual({ n: acknowledged.size });
      db.close();
      server = await startServer(env);
      expect(await board()).toEqual(before);
      console.log(
        `fault figures: disk full (in-process store, ${SIZE_MB} MB tmpfs): ${acknowledgedWhileFull} scans acknowledged when it filled, ` +
          `refusals while full: ${[...refusals].map(([k, n]) => `${n}× ${k}`).join(', ')}; WAL ${(walWhileFull / 1024).toFixed(0)} KB while full; ` +
          `${FREED_KB} KB freed: first scan kept ${((firstAfterFreeing - freedAt) / 1000).toFixed(2)} s later, without a restart; WAL ${(walAtRecovery / 1024).toFixed(0)} KB then; scans lost: 0`,
      );
    } finally {
      stopped = true;
      clearInterval(filling);
      if (server) await stopServer(server.child);
      server = null;
    }
  }, 240_000);
});
