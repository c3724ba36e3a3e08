// Real Socket.IO clients against the server on port 0, in both live-store modes: a snapshot on
// connect, scans reaching screens coalesced, nothing personal on /public, organiser actions on /staff.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionAck, LiveSnapshot, StationsUpdate } from '../../shared/realtime.ts';
import type { StationCounts, StationView } from '../../shared/station.ts';
import { ADMIN, ADMIN_TOKEN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { connect, totalsSeen, until, type LiveSocket, type Received } from './sockets.ts';

const of = <T>(received: Received[], event: string): T[] => received.filter((r) => r.event === event).map((r) => r.payload as T);

/** The last state of a station a socket has seen (snapshot, then updates). */
function lastSeen(received: Received[], id: string): StationCounts | undefined {
  let seen: StationCounts | undefined;
  for (const r of received) {
    const list = r.event === 'stations:snapshot' ? (r.payload as LiveSnapshot).stations : r.event === 'stations:update' ? (r.payload as StationsUpdate).stations : [];
    const s = list.find((x) => x.id === id);
    if (s && (!seen || s.version >= seen.version)) seen = s;
  }
  return seen;
}

async function scan(app: FastifyInstance, headers: { authorization: string }, badge: string): Promise<void> {
  const r = await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } });
  if (r.statusCode >= 300) throw new Error(`scan: ${r.statusCode} ${r.body}`);
}

for (const mode of ['memory', 'redis'] as const) {
  describe(`live updates over Socket.IO (${mode} store)`, () => {
    const tmp = tempDir();
    let app: FastifyInstance;
    let base: string;
    const sockets: LiveSocket[] = [];
    const open = (nsp: '/public' | '/staff', auth: Record<string, string> = {}) => {
      const c = connect(base, nsp, auth);
      sockets.push(c.socket);
      return c;
    };

    beforeAll(async () => {
      app = await testApp(tmp.dir, { redis: mode === 'redis' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const s of sockets) s.disconnect();
      await app.close();
      tmp.remove();
    });

    it('sends every station, the totals and the trend on connect, and again on reconnect', async () => {
      const { socket, received } = open('/public');
      await until(() => of(received, 'stations:snapshot').length === 1, 'a snapshot');
      const snap = of<LiveSnapshot>(received, 'stations:snapshot')[0];
      expect(snap.stations.map((s) => s.id)).toEqual(app.config.event.stations.map((s) => s.id));
      expect(snap.totals).toMatchObject({ onSite: 0, queued: 0 });
      expect(Array.isArray(snap.trend)).toBe(true);
      socket.disconnect();
      socket.connect();
      await until(() => of(received, 'stations:snapshot').length === 2, 'a second snapshot after reconnecting');
    });

    it('pushes a scan to connected screens with the new counts and totals', async () => {
      const { received } = open('/public');
      await until(() => of(received, 'stations:snapshot').length === 1, 'a snapshot');
      const before = of<LiveSnapshot>(received, 'stations:snapshot')[0];
      const gate = await kiosk(app, 'entrance');
      const college = await kiosk(app, 'college-2');
      const a = await register(app, 'Dana');
      await scan(app, gate.headers, a.badge);
      await scan(app, college.headers, a.badge);
      await until(() => lastSeen(received, 'college-2')?.occupancy === 1, 'college-2 at 1');
      await until(() => lastSeen(received, 'entrance')?.occupancy === 1, 'entrance at 1');
      await until(() => totalsSeen(received).some((t) => t.onSite === 1 && t.visits === before.totals.visits + 1), 'totals with one on site');
      const totals = totalsSeen(received).at(-1)!;
      expect(totals.registered).toBeGreaterThan(before.totals.registered);
    });

    it('coalesces a burst of 100 scans at one station to at most about 4 updates a second, ending on the final state', async () => {
      const { received } = open('/public');
      await until(() => of(received, 'stations:snapshot').length === 1, 'a snapshot');
      const start = lastSeen(received, 'entrance')!.occupancy;
      const gate = await kiosk(app, 'entrance');
      const people = [];
      for (let i = 0; i < 100; i++) people.push(await register(app, `Burst${i}`));
      const began = Date.now();
      // Spread over about two seconds so that several intervals pass during the burst.
      for (let i = 0; i < 100; i += 5) {
        await Promise.all(people.slice(i, i + 5).map((p) => scan(app, gate.headers, p.badge)));
        await new Promise((r) => setTimeout(r, 100));
      }
      await until(() => lastSeen(received, 'entrance')?.occupancy === start + 100, 'the final state of the burst');
      const times = received
        .filter((r) => r.event === 'stations:update' && r.at >= began && (r.payload as StationsUpdate).stations.some((s) => s.id === 'entrance'))
        .map((r) => r.at);
      expect(times.length).toBeGreaterThan(1);
      // Sliding one-second windows: 4 per second, plus one for a window that catches both edges.
      for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
      const api = (await app.inject({ method: 'GET', url: '/api/stations' })).json<StationView[]>();
      expect(lastSeen(received, 'entrance')).toMatchObject({ occupancy: api.find((s) => s.id === 'entrance')!.occupancy });
    });

    it('never puts a name, phone, e-mail or badge signature in a public payload', async () => {
      const pub = open('/public');
      await until(() => of(pub.received, 'stations:snapshot').length === 1, 'a snapshot');
      const person = { firstName: 'Zhansaya', lastName: 'Serikova', category: 'school', phone: '+77011234567', email: 'zhansaya.serikova@example.kz' };
      const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: person });
      if (r.statusCode !== 201) throw new Error(r.body);
      const { badge, badgeNo } = r.json<{ badge: string; badgeNo: number }>();
      // Fill a small station so this attendee is queued and then called by number.
      await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: ADMIN, payload: { capacity: 1 } });
      const k = await kiosk(app, 'kazzinc');
      const first = await register(app, 'Other');
      await scan(app, k.headers, first.badge);
      await scan(app, k.headers, badge);
      await new Promise((resolve) => setTimeout(resolve, 5_100)); // past the re-read window
      await scan(app, k.headers, first.badge);
      await until(() => lastSeen(pub.received, 'kazzinc')?.calling.includes(badgeNo) === true, 'the badge number being called');

      const text = JSON.stringify(pub.received.map((x) => x.payload));
      for (const secret of [person.firstName, person.lastName, person.email, '77011234567', 'Other', badge, ...badge.split(/[.:~]/).filter((p) => p.length > 12)]) {
        expect(text).not.toContain(secret);
      }
      const keys = new Set<string>();
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [key, x] of Object.entries(v)) {
            keys.add(key);
            walk(x);
          }
        }
      };
      walk(pub.received.map((x) => x.payload));
      for (const forbidden of ['firstName', 'lastName', 'phone', 'email', 'badge', 'serial', 'signature', 'occupants']) expect(keys).not.toContain(forbidden);
    }, 20_000);

    it('lets organisers act on stations over /staff and refuses sockets without the token', async () => {
      const stranger = open('/staff', { token: 'not-the-admin-token' });
      const refused = await new Promise<string>((resolve) => stranger.socket.on('connect_error', (e) => resolve(e.message)));
      expect(refused).toBe('unauthorized');

      const staff = open('/staff', { token: ADMIN_TOKEN });
      await until(() => of(staff.received, 'alerts:update').length === 1, 'the alerts after the snapshot');
      expect(of(staff.received, 'stations:snapshot')).toHaveLength(1);

      const cap = (await staff.socket.emitWithAck('station:capacity', { stationId: 'umz', capacity: 3 })) as ActionAck<StationView>;
      expect(cap.data).toMatchObject({ id: 'umz', capacity: 3 });
      const paused = (await staff.socket.emitWithAck('station:pause', { stationId: 'umz', paused: true })) as ActionAck<StationView>;
      expect(paused.data?.status).toBe('paused');
      const session = (await staff.socket.emitWithAck('session:start', { stationId: 'mc-it' })) as ActionAck<StationView>;
      expect(session.data?.sessionStartedAt).not.toBeNull();
      const wrong = (await staff.socket.emitWithAck('session:start', { stationId: 'umz' })) as ActionAck<StationView>;
      expect(wrong.error?.code).toBe('not_session_station');
      const bad = (await staff.socket.emitWithAck('station:capacity', { stationId: 'umz', capacity: -1 })) as ActionAck<StationView>;
      expect(bad.error?.code).toBe('invalid_request');
      await until(() => lastSeen(staff.received, 'umz')?.status === 'paused', 'the paused station on the board');
      const api = (await app.inject({ method: 'GET', url: '/api/stations' })).json<StationView[]>();
      expect(api.find((s) => s.id === 'umz')).toMatchObject({ capacity: 3, status: 'paused' });
    });

    it('applies a board’s action sent again with its tap id once: the click resent after a lost acknowledgement calls nobody more', async () => {
      const staff = open('/staff', { token: ADMIN_TOKEN });
      await until(() => of(staff.received, 'alerts:update').length === 1, 'the alerts after the snapshot');
      expect((await staff.socket.emitWithAck('station:capacity', { stationId: 'oesk', capacity: 1 })).data).toMatchObject({ capacity: 1 });
      const door = await kiosk(app, 'oesk');
      const people = [];
      for (const name of ['Aigerim', 'Bota', 'Dana']) {
        const p = await register(app, name);
        people.push(p.badgeNo);
        await scan(app, door.headers, p.badge);
      }
      const id = randomUUID();
      const call = (tap?: string) => staff.socket.emitWithAck('queue:call-next', { stationId: 'oesk', ...(tap ? { id: tap } : {}) });
      expect((await call(id)).data).toMatchObject({ queue: 1, calling: [people[1]] });
      expect((await call(id)).data).toMatchObject({ queue: 1, calling: [people[1]] });
      const audited = (await app.inject({ method: 'GET', url: '/api/audit?action=station.call_next&limit=100', headers: ADMIN })).json().entries as Array<{ target: string }>;
      expect(audited.filter((e) => e.target === 'oesk')).toHaveLength(1);
      // A click without an id (an older board) is a new action; an id that is not a UUID is refused.
      expect((await call()).data).toMatchObject({ queue: 0, calling: [people[1], people[2]] });
      expect((await call('not-an-id')).error?.code).toBe('invalid_request');
    });

    it('raises a long-queue alert for staff only', async () => {
      const staff = open('/staff', { token: ADMIN_TOKEN });
      const pub = open('/public');
      await until(() => of(staff.received, 'alerts:update').length >= 1, 'first alerts');
      await app.inject({ method: 'PATCH', url: '/api/stations/tmk', headers: ADMIN, payload: { capacity: 1 } });
      const k = await kiosk(app, 'tmk');
      for (let i = 0; i < 11; i++) await scan(app, k.headers, (await register(app, `Q${i}`)).badge);
      await until(() => of<Array<{ kind: string; stationId: string }>>(staff.received, 'alerts:update').some((list) => list.some((a) => a.kind === 'long_queue' && a.stationId === 'tmk')), 'a long-queue alert');
      expect(pub.received.some((r) => r.event === 'alerts:update')).toBe(false);
    });
  });
}
