// Two real server processes sharing one event through Redis: a scan posted to A reaches a screen
// connected to B, and both report the same counts.
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveSnapshot, StationsUpdate } from '../../shared/realtime.ts';
import type { StationCounts, StationView } from '../../shared/station.ts';
import { ADMIN, ADMIN_TOKEN, REDIS_URL, deleteRedisKeys, tempDir } from '../support/app.ts';
import { startServer, stopServer } from '../support/server-process.ts';
import { connect, totalsSeen, until, type LiveSocket, type Received } from './sockets.ts';

async function post<T>(url: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

function lastSeen(received: Received[], id: string): StationCounts | undefined {
  let seen: StationCounts | undefined;
  for (const r of received) {
    const list = r.event === 'stations:snapshot' ? (r.payload as LiveSnapshot).stations : r.event === 'stations:update' ? (r.payload as StationsUpdate).stations : [];
    const s = list.find((x) => x.id === id);
    if (s && (!seen || s.version >= seen.version)) seen = s;
  }
  return seen;
}

describe('two server processes with Redis', () => {
  const tmp = tempDir();
  const prefix = `kezek-test-${randomUUID()}`;
  const children: ChildProcess[] = [];
  const sockets: LiveSocket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(children.map((c) => stopServer(c)));
    await deleteRedisKeys(prefix);
    tmp.remove();
  });

  it('shows a scan posted to A on a screen of B, and both agree on every count', async () => {
    const env = { DATA_DIR: tmp.dir, ADMIN_TOKEN, REDIS_URL, REDIS_PREFIX: prefix };
    const a = await startServer(env);
    children.push(a.child);
    const b = await startServer(env);
    children.push(b.child);

    const onB = connect(b.url, '/public');
    const staffOnB = connect(b.url, '/staff', { token: ADMIN_TOKEN });
    const onA = connect(a.url, '/public');
    sockets.push(onB.socket, staffOnB.socket, onA.socket);
    await until(() => [onB, staffOnB, onA].every((c) => c.received.some((r) => r.event === 'stations:snapshot')), 'snapshots from both');

    const gate = await post<{ token: string }>(`${a.url}/api/kiosks`, { station: 'entrance' });
    const employer = await post<{ token: string }>(`${a.url}/api/kiosks`, { station: 'kazzinc' });
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await post<{ badge: string }>(`${a.url}/api/attendees`, { firstName: `Two${i}`, lastName: 'Test', category: 'college' }));
    for (const p of people) {
      await post(`${a.url}/api/scans`, { id: randomUUID(), badge: p.badge }, { authorization: `Bearer ${gate.token}` });
      await post(`${a.url}/api/scans`, { id: randomUUID(), badge: p.badge }, { authorization: `Bearer ${employer.token}` });
    }

    for (const c of [onB, staffOnB, onA]) {
      await until(() => lastSeen(c.received, 'kazzinc')?.occupancy === 3 && lastSeen(c.received, 'entrance')?.occupancy === 3, 'three people at kazzinc and on site');
    }
    // Each process counts who is on site on its own poll: both get there.
    for (const [c, where] of [[onB, 'B'], [onA, 'A']] as const) await until(() => totalsSeen(c.received).some((t) => t.onSite === 3), `totals on ${where}`);

    const [fromA, fromB] = await Promise.all(
      [a.url, b.url].map(async (u) => ((await (await fetch(`${u}/api/stations`)).json()) as StationView[]).map(({ id, occupancy, queue, visits, capacity }) => ({ id, occupancy, queue, visits, capacity }))),
    );
    expect(fromB).toEqual(fromA);
    expect(fromB.find((s) => s.id === 'kazzinc')).toMatchObject({ occupancy: 3, visits: 3 });
    const totalsB = totalsSeen(onB.received).at(-1)!;
    const totalsA = totalsSeen(onA.received).at(-1)!;
    expect(totalsB).toEqual(totalsA);
    expect(totalsB.registered).toBe(3);

    // A fresh screen on B starts from the same counts.
    const late = connect(b.url, '/public');
    sockets.push(late.socket);
    await until(() => late.received.some((r) => r.event === 'stations:snapshot'), 'a snapshot for a late screen');
    expect(lastSeen(late.received, 'kazzinc')?.occupancy).toBe(3);
    // Two server processes start and settle in it: on a busy machine that takes longer than the default 30 s.
  }, 90_000);
});
