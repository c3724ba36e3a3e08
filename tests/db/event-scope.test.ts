// Two events in one installation, on both dialects: every record set and the log read and write
// their own event's rows only, though station ids and badge numbers are the same in both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { seedSqliteEvent } from '../../server/db/events.ts';
import { Journal } from '../../server/db/journal.ts';
import { openPostgresStore } from '../../server/db/postgres-store.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { stationsReport, eventReport } from '../../server/reports/queries.ts';
import type { EventDef } from '../../shared/event.ts';
import { event, log } from '../live/stores.ts';
import { testDatabase } from '../support/postgres.ts';

/** The autumn open day: the bundled event's stations under another event id. */
const autumn: EventDef = { ...event, id: 'autumn-open-day', date: '2027-10-10' };
const station = event.stations.find((s) => s.group === 'employer')!;

/** A scan that lets badge `no` into the employer's station at `at`. */
function entered(id: string, no: number, at: number): LogEntry {
  return {
    kind: 'scan',
    id,
    kioskId: 'k',
    stationId: station.id,
    badgeNo: no,
    badgeSerial: `s${no}`,
    at,
    clientAt: null,
    answer: { outcome: 'entered', station: { id: station.id, capacity: station.capacity, occupancy: 1, queue: 0 } },
    effects: [{ type: 'visit_started', no, stationId: station.id, at }],
  };
}

interface Installation {
  /** The store of the current event (the bundled one). */
  spring: DurableStore;
  /** A store opened after the autumn event was made current, as a server started then would open it. */
  reopen(): Promise<DurableStore>;
  close(): Promise<void>;
}

async function sqliteInstallation(): Promise<Installation> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-scope-'));
  const { sqlite } = openDatabase(join(dir, 'event.sqlite'));
  seedSqliteEvent(sqlite, event);
  const opened: DurableStore[] = [];
  const open = async () => {
    const store = sqliteStore(sqlite, new Journal(sqlite), dir);
    opened.push(store);
    return store;
  };
  const spring = await open();
  await spring.stations.save(event.stations);
  return {
    spring,
    reopen: open,
    close: async () => {
      for (const s of opened) await s.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresInstallation(): Promise<Installation> {
  const database = await testDatabase();
  const opened: DurableStore[] = [];
  const open = async (seed?: EventDef) => {
    const store = await openPostgresStore(database.url, log, 2, seed);
    opened.push(store);
    return store;
  };
  const spring = await open(event);
  await spring.stations.save(event.stations);
  return {
    spring,
    reopen: () => open(),
    close: async () => {
      for (const s of opened) await s.close();
      await database.drop();
    },
  };
}

describe.each([
  ['sqlite', sqliteInstallation],
  ['postgres', postgresInstallation],
] as const)('two events in one installation: %s', (_kind, make) => {
  let installation: Installation | null = null;
  afterEach(async () => {
    await installation?.close();
    installation = null;
  });

  it('keeps each event\'s attendees, badges, kiosks, audit log, scan log and reports apart', async () => {
    installation = await make();
    const { spring } = installation;
    expect(spring.eventId).toBe(event.id);
    expect(await spring.events.create(autumn, '2027-10-10', '2027-10-11', 5)).toBe(true);
    expect(await spring.events.create(autumn, '2027-10-10', '2027-10-11', 6)).toBe(false);
    const fall = spring.forEvent(autumn.id);
    await fall.stations.save(autumn.stations);
    expect(await fall.stations.count()).toBe(await spring.stations.count());

    // The same badge number in both, each event's own person behind it.
    expect(await spring.attendees.register('a1', { firstName: 'Aigerim', consent: true }, 'aigerim', 1)).toBe(1001);
    expect(await fall.attendees.register('b1', { firstName: 'Bota', consent: true }, 'bota', 2)).toBe(1001);
    expect(await fall.attendees.register('b2', { firstName: 'Berik' }, 'berik', 3)).toBe(1002);
    expect((await spring.attendees.byBadgeNo(1001))?.firstName).toBe('Aigerim');
    expect((await fall.attendees.byBadgeNo(1001))?.firstName).toBe('Bota');
    expect(await spring.attendees.byId('b1')).toBeNull();
    expect(await spring.attendees.update('b1', { firstName: 'Changed' }, 'changed')).toBe(false);
    expect(await spring.attendees.count()).toBe(1);
    expect(await fall.attendees.count()).toBe(2);
    expect((await spring.attendees.search({ all: true }, 10, 0)).rows.map((a) => a.id)).toEqual(['a1']);
    expect((await spring.attendees.search({ digits: '100', phone: '100' }, 10, 0)).total).toBe(1);
    expect((await spring.attendees.search({ words: ['bota'] }, 10, 0)).total).toBe(0);
    expect((await spring.attendees.byIds(['a1', 'b1'])).map((a) => a.id)).toEqual(['a1']);
    expect((await spring.attendees.byBadgeRange(1000, 2000, 10)).map((a) => a.id)).toEqual(['a1']);
    await fall.attendees.issueBadge('b1', 1001, 'fs1', 4);
    await spring.attendees.issueBadge('a1', 1001, 'ss1', 4);
    await spring.attendees.revokeBadges('b1', 5);
    expect(await fall.attendees.badgeInForce('b1')).toBe('fs1');
    expect(await spring.attendees.badgeInForce('b1')).toBeNull();
    expect([...(await spring.attendees.badgesInForce(['a1', 'b1'])).keys()]).toEqual(['a1']);
    expect([...(await spring.attendees.everBadged(['a1', 'b1']))]).toEqual(['a1']);
    expect(await spring.attendees.importing((existing) => ({ creates: [], updates: [], result: existing.map((a) => a.id) }), false, 6)).toEqual(['a1']);

    // A kiosk of the autumn event: its token names its event; the spring event's records do not see it.
    await fall.kiosks.create({ id: 'kf', stationId: station.id, label: 'Autumn desk', tokenHash: 'hf', createdAt: 7, pairingCodeHash: 'code', pairingExpiresAt: 10_000 });
    expect(await spring.kiosks.byTokenHash('hf')).toEqual({ id: 'kf', stationId: station.id, eventId: autumn.id, revokedAt: null });
    expect(await spring.kiosks.list()).toEqual([]);
    expect(await spring.kiosks.byId('kf')).toBeNull();
    expect(await spring.kiosks.openPairing('kf', 'other', 20_000)).toBe(false);
    expect(await spring.kiosks.pair('code', 'stolen', 8)).toBeNull();
    expect(await spring.kiosks.revoke('kf', 9)).toBe(false);
    expect((await fall.kiosks.list()).map((k) => k.id)).toEqual(['kf']);

    const audit = { role: 'organiser', userId: null, kioskId: null, target: null, detail: null, address: null };
    await spring.audit.write([{ ...audit, at: 1, action: 'spring.thing' }]);
    await fall.audit.write([{ ...audit, at: 2, action: 'autumn.thing' }]);
    expect((await spring.audit.list({})).map((e) => e.action)).toEqual(['spring.thing']);
    expect((await fall.audit.list({})).map((e) => e.action)).toEqual(['autumn.thing']);

    // The spring day's scans, then the autumn event made current and served by a store opened since.
    await spring.log.write([entered('sc1', 1001, 1_000)]);
    expect(await spring.events.makeCurrent('no-such-event')).toBe(false);
    expect(await spring.events.makeCurrent(autumn.id)).toBe(true);
    const autumnServed = await installation.reopen();
    expect(autumnServed.eventId).toBe(autumn.id);
    await autumnServed.log.write([entered('fc1', 1001, 2_000), entered('fc2', 1002, 3_000)]);
    expect((await autumnServed.log.read()).scans.map((s) => s.id)).toEqual(['fc1', 'fc2']);
    expect((await autumnServed.log.read()).people.map((p) => p.firstName).sort()).toEqual(['Berik', 'Bota']);
    expect(await autumnServed.log.answerOf('sc1')).toBeNull();
    expect(await spring.log.answerOf('sc1')).not.toBeNull();
    expect((await spring.log.read()).scans.map((s) => s.id)).toEqual(['sc1']);
    expect(await autumnServed.log.visitsDuring(0, 10_000)).toHaveLength(2);
    expect(await spring.log.visitsDuring(0, 10_000)).toHaveLength(1);

    // Reports of each event count its own only; lead lists too (Bota consented, Berik did not).
    const visits = (r: Awaited<ReturnType<typeof stationsReport>>) => r.stations.find((s) => s.stationId === station.id)!.visits;
    expect(visits(await stationsReport(spring.reports, { utcOffsetMinutes: 300 }))).toBe(1);
    expect(visits(await stationsReport(fall.reports, { utcOffsetMinutes: 300 }))).toBe(2);
    expect((await eventReport(fall.reports, { utcOffsetMinutes: 300, top: 5 })).funnel).toMatchObject({ registered: 2 });
    expect((await fall.reports.leads(station.id)).map((l) => l.firstName)).toEqual(['Bota']);
    expect((await spring.reports.leads(station.id)).map((l) => l.firstName)).toEqual(['Aigerim']);
    expect(await fall.reports.visitorCount(station.id)).toBe(2);
    expect((await spring.reports.scanLog({})).rows.map((r) => r.id)).toEqual(['sc1']);
    expect((await fall.reports.scanLog({ stationId: station.id })).total).toBe(2);
    expect((await fall.reports.visitSpan()).from).toBe(2_000);

    // The events themselves: listed latest first, dates and status changed, one current.
    await spring.events.update(autumn.id, { status: 'closed', endsOn: '2027-10-12' });
    const listed = await spring.events.list();
    expect(listed.map((e) => [e.id, e.current, e.status])).toEqual([
      [autumn.id, true, 'closed'],
      [event.id, false, 'open'],
    ]);
    expect((await spring.events.byId(autumn.id))?.definition.stations).toHaveLength(autumn.stations.length);
    expect(await spring.events.update('no-such-event', { status: 'archived' })).toBe(false);
  });

  it('gives a staff account a role per event: its session finds it with its role there, none where it has none', async () => {
    installation = await make();
    const { spring } = installation;
    const fall = spring.forEvent(autumn.id);
    const user = { id: 'u1', username: 'dana', displayName: 'Dana', role: 'desk', passwordHash: 'x', createdAt: 1, disabledAt: null };
    expect(await fall.users.create(user)).toBe(true);
    expect(await spring.users.create({ ...user, id: 'u2' })).toBe(false);
    expect(await fall.users.byUsername('dana')).toMatchObject({ id: 'u1', role: 'desk' });
    expect(await spring.users.byId('u1')).toMatchObject({ username: 'dana', role: '' });
    await spring.sessions.create('h1', 'u1', 1, 10_000);
    expect(await spring.sessions.find('h1', 2)).toEqual({ userId: 'u1', role: '' });
    expect(await fall.sessions.find('h1', 2)).toEqual({ userId: 'u1', role: 'desk' });
    await spring.users.update('u1', { role: 'organiser', displayName: 'Dana B.' });
    expect(await spring.sessions.find('h1', 2)).toEqual({ userId: 'u1', role: 'organiser' });
    expect(await spring.users.rolesOf('u1')).toEqual([
      { eventId: autumn.id, role: 'desk' },
      { eventId: event.id, role: 'organiser' },
    ].sort((a, b) => (a.eventId < b.eventId ? -1 : 1)));
    expect((await fall.users.list()).map((u) => [u.displayName, u.role])).toEqual([['Dana B.', 'desk']]);
    await fall.users.update('u1', { role: '' });
    expect(await fall.sessions.find('h1', 2)).toEqual({ userId: 'u1', role: '' });
    expect(await fall.users.byId('u1')).toMatchObject({ role: '' });
  });
});
