/**
 * `npm run bench -- phones`: attendees' phones on `/me`, once for each count of `BENCH_PHONES`
 * (`2000,3000`): that many phones sign in and hold a socket each on one server process (memory
 * store, a child process); the server's memory per phone is its RSS grown by them. Then, while
 * `BENCH_RATE` (500) scans a second flow at other stations (sent by a process of its own,
 * bench/phones-load.ts, not the phones'), `BENCH_CALLS` (90) times the one person inside a
 * one-place station leaves and the first of the phones waiting in its queue (joined from the
 * phone) is called: the latency is from sending that exit scan to the called phone's `me:place`
 * saying `called` (p50, p99, max). The machine's load average is printed with the figures.
 */
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { newScanId } from '../shared/scan-id.ts';
import { ATTENDEE_COOKIE, ME_NAMESPACE, type MyPlaceMessage } from '../shared/me-contract.ts';
import { RAISED_LIMITS } from '../tests/support/app.ts';
import { SERVER_NODE_FLAGS } from './scan-throughput.ts';

const PHONE_COUNTS = (process.env.BENCH_PHONES ?? '2000,3000').split(',').map(Number);
const RATE = Number(process.env.BENCH_RATE ?? 500);
// At most the event's longest queue (maxQueue, 100 in the bundled event) wait at once.
const CALLS = Number(process.env.BENCH_CALLS ?? 90);
const TOKEN = 'bench-admin-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** One run with `PHONES` phones on a fresh server: its table rows printed. */
async function phonesBench(PHONES: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-bench-phones-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', ...RAISED_LIMITS, MAX_CONNECTIONS: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000', REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const sockets: Socket[] = [];
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (i > 1200) throw new Error('server did not start');
      }
      await sleep(100);
    }
    const api = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<{ status: number; json: T; cookie: string | null }> => {
      const r = await fetch(`${base}${path}`, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await r.json().catch(() => null)) as T;
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return { status: r.status, json, cookie: r.headers.get('set-cookie') };
    };
    // The call station holds one; every other station takes everyone.
    const stations = (await api<Array<{ id: string; mode: string }>>('GET', '/api/stations')).json;
    const others = stations.filter((s) => s.mode !== 'gate' && s.id !== 'kazzinc').map((s) => s.id);
    for (const id of others) await api('PATCH', `/api/stations/${id}`, { capacity: 100000 });
    await api('PATCH', '/api/stations/kazzinc', { capacity: 1 });
    const kiosk = async (station: string) => ({ authorization: `Bearer ${(await api<{ token: string }>('POST', '/api/kiosks', { station })).json.token}` });
    const [exitDoor, entryDoor] = [await kiosk('kazzinc'), await kiosk('kazzinc')];
    const loadDoors = await Promise.all(others.map(kiosk));

    const total = PHONES + RATE + 1;
    process.stderr.write(`registering ${total} attendees… `);
    const people: Array<{ badgeNo: number; badge: string; pin: string }> = [];
    for (let i = 0; i < total; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, j) => api<{ badgeNo: number; badge: string; pin: string }>('POST', '/api/attendees', { firstName: `P${i + j}`, lastName: 'Bench', category: 'school' })),
      );
      people.push(...batch.map((b) => b.json));
    }
    const phones = people.slice(0, PHONES);
    const load = people.slice(PHONES, PHONES + RATE);
    let holder = people[PHONES + RATE];
    process.stderr.write('signing in… ');
    const cookies: string[] = [];
    for (let i = 0; i < phones.length; i += 50) {
      const batch = await Promise.all(
        phones.slice(i, i + 50).map((p) => api('POST', '/api/me/session', { badgeNo: p.badgeNo, pin: p.pin }, { 'x-kezek': '1' })),
      );
      cookies.push(...batch.map((r) => `${ATTENDEE_COOKIE}=${/kezek_me=([^;]+)/.exec(r.cookie ?? '')![1]}`));
    }
    process.stderr.write('done\n');

    await sleep(2_000);
    const rssBefore = rssKb(child.pid!);
    const called = new Map<number, number>();
    const placeOf = new Map<number, MyPlaceMessage['place']>();
    let connected = 0;
    for (let i = 0; i < phones.length; i++) {
      const no = phones[i].badgeNo;
      const s = io(`${base}${ME_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie: cookies[i] }, reconnection: false, forceNew: true });
      s.on('connect', () => connected++);
      s.on('me:place', (m: MyPlaceMessage) => {
        placeOf.set(no, m.place);
        if (m.place?.state === 'called' && !called.has(no)) called.set(no, performance.timeOrigin + performance.now());
      });
      sockets.push(s);
      if (i % 100 === 99) await sleep(50);
    }
    for (const deadline = Date.now() + 120_000; connected < phones.length && Date.now() < deadline; ) await sleep(100);
    await sleep(3_000);
    const rssAfter = rssKb(child.pid!);
    const perPhoneKb = (rssAfter - rssBefore) / connected;

    // The holder goes in; the measured phones join the line from the phone, in order.
    const scan = (headers: Record<string, string>, badge: string) => api('POST', '/api/scans', { id: newScanId(), badge }, headers);
    // A measured scan is sent again under its id when the loaded machine times it out: counted once.
    const surely = async (headers: Record<string, string>, badge: string) => {
      const id = newScanId();
      for (let tries = 1; ; tries++) {
        try {
          return await api('POST', '/api/scans', { id, badge }, headers);
        } catch (err) {
          if (tries >= 5) throw err;
        }
      }
    };
    await scan(entryDoor, holder.badge);
    const measured = phones.slice(0, Math.min(CALLS, phones.length));
    for (let i = 0; i < measured.length; i++) await api('POST', '/api/me/queue/kazzinc', undefined, { cookie: cookies[i], 'x-kezek': '1' });

    // Background scans from a process of their own: each load attendee moves to another station, RATE a second.
    const loader = fork('bench/phones-load.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const loadReady = once(loader, 'message');
    loader.send({ base, rate: RATE, doors: loadDoors.map((d) => d.authorization), badges: load.map((p) => p.badge) });
    await loadReady;
    const loadDone = once(loader, 'message') as Promise<[{ sent: number; seconds: number }]>;
    await sleep(1_000);
    const latencies: number[] = [];
    for (const p of measured) {
      const sent = performance.timeOrigin + performance.now();
      await surely(exitDoor, holder.badge);
      for (const deadline = Date.now() + 5_000; !called.has(p.badgeNo) && Date.now() < deadline; ) await sleep(1);
      const at = called.get(p.badgeNo);
      if (at !== undefined) latencies.push(at - sent);
      await surely(entryDoor, p.badge);
      holder = p;
    }
    loader.send('stop');
    const [{ sent: loadSent, seconds: loadSeconds }] = await loadDone;
    latencies.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1);
    console.log(`\n| ${PHONES} phones, ${RATE} scans/s | |\n|---|---|`);
    console.log(`| phones connected to /me | ${connected} of ${phones.length} |`);
    console.log(`| server RSS grown by them | ${((rssAfter - rssBefore) / 1024).toFixed(1)} MiB (${perPhoneKb.toFixed(1)} KiB a phone; ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MiB) |`);
    console.log(`| background scans while measuring | ${(loadSent / loadSeconds).toFixed(0)}/s sent (${RATE}/s wanted) |`);
    console.log(`| call → called phone's me:place, ${latencies.length} of ${measured.length} calls | p50 ${f(pct(latencies, 50))} ms, p99 ${f(pct(latencies, 99))} ms, max ${f(latencies.at(-1) ?? NaN)} ms |`);
    console.log(`| load average at the end | ${loadavg().map((l) => l.toFixed(2)).join(' ')} |`);
  } finally {
    for (const s of sockets) s.disconnect();
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const n of PHONE_COUNTS) await phonesBench(n);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
