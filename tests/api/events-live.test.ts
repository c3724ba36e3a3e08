// Several events live at once on one server, with either live store: each event's scans go into its
// own live state (in Redis under its own hash tag), and an event closed or archived keeps nothing
// live — no store, no Redis keys — while its reports read the same; opened again, it is rebuilt.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, kiosk, REDIS_URL, register, tempDir, testApp } from '../support/app.ts';
import { badgedAt, copyOf } from '../support/second-event.ts';

describe.each([
  { store: 'in-process', redis: false },
  { store: 'Redis', redis: true },
])('two events live at once on one server ($store live store)', ({ redis }) => {
  let app: FastifyInstance;
  let dir: ReturnType<typeof tempDir>;
  let keys: Redis;
  beforeAll(async () => {
    dir = tempDir();
    app = await testApp(dir.dir, { redis });
    keys = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await app.close();
    await keys.quit();
    dir.remove();
  });

  /** The campus's keys in Redis (none in-process). */
  const campusKeys = async () => (redis ? await keys.keys(`${app.config.redisPrefix}:{campus-two}:*`) : []);

  it('opens an event\'s live state when a kiosk of it pairs, before its first scan', async () => {
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event, 'campus-pairs') });
    expect(made.statusCode).toBe(201);
    const station = app.config.event.stations[1].id;
    const kiosk = await app.inject({ method: 'POST', url: '/api/events/campus-pairs/kiosks', headers: ADMIN, payload: { station } });
    expect(kiosk.statusCode).toBe(201);
    expect(app.liveEvents.ids()).not.toContain('campus-pairs');
    const paired = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: kiosk.json().pairingCode } });
    expect(paired.json()).toMatchObject({ station });
    await expect.poll(() => app.liveEvents.ids(), { timeout: 10_000 }).toContain('campus-pairs');
    expect(await app.liveEvents.of('campus-pairs')).toMatchObject({ id: 'campus-pairs' });
    // Archived, it is released as any other (the test below expects no other event live).
    for (const status of ['closed', 'archived']) {
      expect((await app.inject({ method: 'PATCH', url: '/api/events/campus-pairs', headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    await expect.poll(() => app.liveEvents.ids(), { timeout: 10_000 }).toEqual([]);
  });

  it('scans each event into its own live state, tells each one\'s log on /health, and releases an archived one with its reports unchanged', async () => {
    const spring = app.config.event;
    const station = spring.stations.find((s) => s.group === 'employer')!.id;
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(spring) })).statusCode).toBe(201);
    const bota = await badgedAt(app.store, 'campus-two', station, 'Bota');
    const springKiosk = (await kiosk(app, station)).headers;
    const springBadge = (await register(app, 'Aigerim')).badge;
    const scan = (headers: Record<string, string>, badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: newScanId(), badge } });
    const occupancy = async (event: string) => ((await app.inject({ method: 'GET', url: `/api/events/${event}/live` })).json().stations as Array<{ id: string; occupancy: number }>).find((s) => s.id === station)?.occupancy;

    expect((await scan(springKiosk, springBadge)).json()).toMatchObject({ outcome: 'entered', station: { occupancy: 1 } });
    expect((await scan(bota.kiosk, bota.badge)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Bota' }, station: { occupancy: 1 } });
    expect((await scan(bota.kiosk, springBadge)).json()).toMatchObject({ code: 'badge_other_event' });
    expect((await scan(springKiosk, bota.badge)).json()).toMatchObject({ code: 'badge_other_event' });
    await scan(springKiosk, (await register(app, 'Dana')).badge);
    expect([await occupancy(spring.id), await occupancy('campus-two')]).toEqual([2, 1]);
    expect(app.liveEvents.ids()).toEqual(['campus-two']);
    expect((await campusKeys()).length > 0).toBe(redis);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', events: [{ event: 'campus-two', reasons: [] }] });

    // Archived, the campus keeps nothing live; its reports read the durable store as they did. (Aru,
    // registered meanwhile straight into the store, is known to its live state once rebuilt.)
    const aru = await badgedAt(app.store, 'campus-two', station, 'Aru');
    const reports = async () =>
      Promise.all(['stations', 'event', 'scans?format=json'].map(async (r) => (await app.inject({ method: 'GET', url: `/api/events/campus-two/reports/${r}`, headers: ADMIN })).json()));
    await app.liveEvents.of('campus-two').then((e) => e?.archiver?.drain());
    const before = await reports();
    expect(before[2]).toMatchObject({ total: 2 });
    for (const status of ['closed', 'archived']) {
      expect((await app.inject({ method: 'PATCH', url: '/api/events/campus-two', headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    await expect.poll(() => app.liveEvents.ids(), { timeout: 10_000 }).toEqual([]);
    await expect.poll(campusKeys, { timeout: 10_000 }).toEqual([]);
    expect(await reports()).toEqual(before);
    // Its last snapshot, taken as it was released, is its own (Bota's and Aru's scans): the next opening replays from it.
    const snapshotPlace = async () => (JSON.parse((await app.store.logOf('campus-two').readSnapshot())?.body ?? '{}') as { place?: { scans: number } }).place?.scans;
    await expect.poll(snapshotPlace, { timeout: 10_000 }).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ events: [] });
    // Its kiosks are told it is archived (their scans and heartbeats alike), and lock saying so.
    const archived = await scan(bota.kiosk, bota.badge);
    expect([archived.statusCode, archived.json().code]).toEqual([409, 'event_archived']);
    const beat = await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers: bota.kiosk, payload: { appVersion: '1', pending: 1, camera: 'on' } });
    expect([beat.statusCode, beat.json().code]).toEqual([409, 'event_archived']);
    expect(await occupancy(spring.id)).toBe(2);

    // Opened again, its live state is rebuilt from its log: Bota is still inside, and Aru enters beside her.
    expect((await app.inject({ method: 'PATCH', url: '/api/events/campus-two', headers: ADMIN, payload: { status: 'open' } })).statusCode).toBe(200);
    expect(await occupancy('campus-two')).toBe(1);
    expect((await scan(aru.kiosk, aru.badge)).json()).toMatchObject({ outcome: 'entered', station: { occupancy: 2 } });
    expect([await occupancy(spring.id), await occupancy('campus-two')]).toEqual([2, 2]);
  });
});
