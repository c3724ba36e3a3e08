// Another event live beside the current one, over real Socket.IO clients: its organisers' board
// (`/e/<event>/staff`) gets what the current event's gets — trend, alerts, kiosks — and acts on its
// stations, audited in its log; rights are that event's (an organiser or desk volunteer elsewhere
// has nothing there).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionAck, Alert, KioskHealth, LiveSnapshot } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { ADMIN, ADMIN_TOKEN, tempDir, testApp } from '../support/app.ts';
import { CAMPUS, secondCampus } from '../support/second-event.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { connect, until, type LiveSocket, type Received } from './sockets.ts';

const of = <T>(received: Received[], event: string): T[] => received.filter((r) => r.event === event).map((r) => r.payload as T);
const station = 'kazzinc';

describe('another event\'s board over its own namespaces', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  let base: string;
  let campus: Awaited<ReturnType<typeof secondCampus>>;
  /** When the campus's first people came in. */
  let scannedAt = 0;
  const sockets: LiveSocket[] = [];
  const ids: Record<string, string> = {};
  const open = (nsp: string, auth: Record<string, string> = {}, cookie?: string) => {
    const c = connect(base, nsp, auth, cookie);
    sockets.push(c.socket);
    return c;
  };
  /** A session cookie of an account, signed in whatever its roles (as each event's board would send it). */
  const cookieOf = async (username: string) => `kezek_session=${(await app.staffSessions.create(ids[username])).token}`;
  /** How a connection ends up: connected, or refused with the server's reason. */
  const outcome = (socket: LiveSocket) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(err.message));
    });

  const start = async () => {
    app = await testApp(tmp.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  };

  beforeAll(async () => {
    await start();
    campus = await secondCampus(app, station);
    const staffThere = async (username: string, role: 'organiser' | 'desk') =>
      (await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/users`, headers: ADMIN, payload: { username, role, password: STAFF_PASSWORD } })).json().id as string;
    ids['campus-organiser'] = await staffThere('campus-organiser', 'organiser');
    ids['campus-desk'] = await staffThere('campus-desk', 'desk');
    ids['spring-organiser'] = await createStaff(app, 'spring-organiser', 'organiser');
    scannedAt = Date.now();
    for (const badge of campus.badges.slice(0, 2)) {
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers: campus.kiosk, payload: { id: randomUUID(), badge } });
      expect(r.json()).toMatchObject({ outcome: 'entered' });
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
    tmp.remove();
  });

  it('its organiser gets the snapshot with the trend, alerts and kiosks, and acts on its stations only, audited in its log', async () => {
    const { socket, received } = open(`/e/${CAMPUS}/staff`, {}, await cookieOf('campus-organiser'));
    const watcher = open(`/e/${CAMPUS}`);
    await until(() => of(received, 'kiosks:update').length > 0 && of(watcher.received, 'stations:snapshot').length > 0, 'the organiser\'s snapshot');
    const snap = of<LiveSnapshot>(received, 'stations:snapshot')[0];
    expect(snap.stations.find((s) => s.id === station)).toMatchObject({ occupancy: 2 });
    expect(Array.isArray(snap.trend)).toBe(true);
    expect(of<KioskHealth[]>(received, 'kiosks:update')[0].map((k) => k.id)).toEqual(['campus-kiosk']);
    expect(of<Alert[]>(received, 'alerts:update')[0]).toEqual([]);

    // Capacity below who is inside: an alert for the campus's organisers, not for its public screens.
    const capacity = await socket.timeout(5_000).emitWithAck('station:capacity', { stationId: station, capacity: 1 });
    expect(capacity).toMatchObject({ data: { id: station, capacity: 1, occupancy: 2 } });
    await until(() => of<Alert[]>(received, 'alerts:update').some((list) => list.some((a) => a.id === `over_capacity:${station}`)), 'the over-capacity alert');
    expect(of(watcher.received, 'alerts:update')).toEqual([]);
    // Full now: the third person queues, and is called in when the organiser calls the next.
    const queued = await app.inject({ method: 'POST', url: '/api/scans', headers: campus.kiosk, payload: { id: randomUUID(), badge: campus.badges[2] } });
    expect(queued.json()).toMatchObject({ outcome: 'queued' });
    const called: ActionAck<StationView> = await socket.timeout(5_000).emitWithAck('queue:call-next', { stationId: station });
    expect(called.data?.calling).toHaveLength(1);
    const paused: ActionAck<StationView> = await socket.timeout(5_000).emitWithAck('station:pause', { stationId: station, paused: true });
    expect(paused.data).toMatchObject({ status: 'paused' });
    await until(() => of<{ stations: StationView[] }>(watcher.received, 'stations:update').some((u) => u.stations.some((s) => s.id === station && s.status === 'paused')), 'the pause on the campus screen');

    // The current event's station of the same id is untouched; the actions are in the campus's audit log only.
    const here = (await app.inject({ method: 'GET', url: '/api/stations' })).json() as StationView[];
    expect(here.find((s) => s.id === station)).toMatchObject({ capacity: app.config.event.stations.find((s) => s.id === station)!.capacity, status: 'open', occupancy: 0 });
    await app.flushAudit();
    const actions = (rows: Array<{ action: string; userId: string | null }>) => rows.filter((r) => r.action.startsWith('station.')).map((r) => [r.action, r.userId]);
    expect(actions(await app.store.forEvent(CAMPUS).audit.list({})).reverse()).toEqual([
      ['station.capacity', ids['campus-organiser']],
      ['station.call_next', ids['campus-organiser']],
      ['station.status', ids['campus-organiser']],
    ]);
    expect(actions(await app.store.audit.list({}))).toEqual([]);
  });

  it('lets in only that event\'s organisers: an organiser of the current event and the campus\'s desk volunteer have nothing there', async () => {
    const at = (nsp: string, auth: Record<string, string> = {}, cookie?: string) => outcome(open(nsp, auth, cookie).socket);
    expect(await at(`/e/${CAMPUS}/staff`, { token: ADMIN_TOKEN })).toBe('connected');
    expect(await at(`/e/${CAMPUS}/staff`, {}, await cookieOf('spring-organiser'))).toBe('unauthorized');
    expect(await at(`/e/${CAMPUS}/staff`, {}, await cookieOf('campus-desk'))).toBe('unauthorized');
    expect(await at(`/e/${CAMPUS}/staff`)).toBe('unauthorized');
    expect(await at('/staff', {}, await cookieOf('campus-organiser'))).toBe('unauthorized');
    expect(await at('/staff', {}, await cookieOf('spring-organiser'))).toBe('connected');
    expect(await at('/e/no-such-event/staff', { token: ADMIN_TOKEN })).toBe('event_not_live');
    // The public namespace stays public: no actions there.
    const watcher = open(`/e/${CAMPUS}`);
    expect(await outcome(watcher.socket)).toBe('connected');
    await expect(watcher.socket.timeout(1_000).emitWithAck('queue:call-next', { stationId: station })).rejects.toThrow();
  });

  it('closes the board of an organiser whose role there is taken away', async () => {
    const { socket } = open(`/e/${CAMPUS}/staff`, {}, await cookieOf('campus-organiser'));
    expect(await outcome(socket)).toBe('connected');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const r = await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}/users/${ids['campus-organiser']}`, headers: ADMIN, payload: { role: null } });
    expect(r.json()).toMatchObject({ role: null });
    expect(await gone).toBe('io server disconnect');
  });

  it('reads the event\'s own programme', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/events/${CAMPUS}/programme` });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((i: { id: string }) => i.id)).toEqual(app.config.event.programme!.items.map((i) => i.id));
    expect((await app.inject({ method: 'GET', url: '/api/events/no-such-event/programme' })).json()).toMatchObject({ code: 'event_not_found' });
  });

  it('after a restart, draws the last hour\'s trend rebuilt from that event\'s own log', async () => {
    // The trend has a sample a minute: the minute the campus's people came in must have ended.
    const minuteOver = Math.ceil((scannedAt + 1) / 60_000) * 60_000 + 100;
    await new Promise((r) => setTimeout(r, Math.max(0, minuteOver - Date.now())));
    for (const socket of sockets.splice(0)) socket.disconnect();
    await app.close();
    await start();
    const { received } = open(`/e/${CAMPUS}`);
    await until(() => of(received, 'stations:snapshot').length > 0, 'the snapshot', 15_000);
    const { trend } = of<LiveSnapshot>(received, 'stations:snapshot')[0];
    expect(trend).toHaveLength(60);
    // The two who came in first are inside still (the third was called from the queue, not let in).
    expect(trend.at(-1)!.occupancy[station]).toBe(2);
  }, 90_000);
});
