// One contract for the durable store, run against every implementation (SQLite, PostgreSQL).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttendeeQuery, DurableStore, ReturningQuery } from '../../server/db/durable-store.ts';
import { attendeeSearchKey, nameWords } from '../../shared/name-search.ts';
import { StorageFailure } from '../../server/db/storage-failure.ts';
import { AlreadyRegistered, FIRST_BADGE_NO } from '../../server/db/durable-store.ts';
import type { LogEntry, ScanEntry } from '../../server/live/log-entry.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { event } from '../live/stores.ts';
import { MemoryStore } from '../../server/live/memory-store.ts';
import { rebuild, type RebuiltState } from '../../server/live/rebuild.ts';
import { LiveSnapshots } from '../../server/live/snapshot.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../server/live/snapshot-body.ts';
import type { StationCommand } from '../../server/flow/state.ts';
import { DURABLE_KINDS, makeDurable, type DurableUnderTest } from './durable-stores.ts';

const [first, second] = event.stations.filter((s) => s.mode === 'continuous');

function answer(outcome: ScanAnswer['outcome'], stationId = first.id): ScanAnswer {
  return { outcome, station: { id: stationId, capacity: 10, occupancy: 1, queue: 0 } };
}

function scanAt(id: string, at: number, no: number | null, stationId = first.id, effects: LogEntry['effects'] = []): ScanEntry {
  return {
    kind: 'scan',
    id,
    kioskId: 'k1',
    stationId,
    badgeNo: no,
    badgeSerial: no === null ? null : `s${no}`,
    at,
    clientAt: at - 5,
    answer: answer(no === null ? 'rejected' : 'entered', stationId),
    effects,
  };
}

describe.each(DURABLE_KINDS)('durable store contract: %s', (kind) => {
  let under: DurableUnderTest;
  let store: DurableStore;
  beforeEach(async () => {
    under = await makeDurable(kind);
    store = under.store;
  });
  afterEach(async () => {
    await under.close();
  });

  describe('scan log', () => {
    it('keeps an appended scan and its answer once the append resolves', async () => {
      await store.log.append(scanAt('a1', 1_000, 7));
      expect(await store.log.answerOf('a1')).toEqual(answer('entered'));
      expect(await store.log.answerOf('nope')).toBeNull();
    });

    it('commits every append of one turn, and a scan id written again changes nothing', async () => {
      const appends = Array.from({ length: 50 }, (_, i) => store.log.append(scanAt(`g${i}`, 2_000 + i, 100 + i)));
      await Promise.all(appends);
      await store.log.write([{ ...scanAt('g0', 9_999, 1), answer: answer('exited') }]);
      const { scans } = await store.log.read();
      expect(scans).toHaveLength(50);
      expect(scans.find((s) => s.id === 'g0')).toMatchObject({ at: 2_000, badgeNo: 100, answer: answer('entered') });
    });

    it('when a commit fails, undoes its entries last first before any hears of it, and says so until one succeeds', async () => {
      const heard: Array<string | null> = [];
      store.log.onChange((f) => heard.push(f === null ? null : f.name));
      await under.breakLog(true);
      const order: string[] = [];
      const results = await Promise.allSettled(
        ['f1', 'f2', 'f3'].map((id, i) => store.log.append(scanAt(id, 100 + i, i + 1), () => order.push(`undo ${id}`)).catch((err: unknown) => {
          order.push(`failed ${id}`);
          throw err;
        })),
      );
      expect(order).toEqual(['undo f3', 'undo f2', 'undo f1', 'failed f1', 'failed f2', 'failed f3']);
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StorageFailure && !r.reason.full)).toBe(true);
      expect(store.log.failure).toBeInstanceOf(StorageFailure);
      await under.breakLog(false);
      await store.log.append(scanAt('ok', 200, 9));
      expect(store.log.failure).toBeNull();
      expect(heard).toEqual(['StorageFailure', null]);
      expect((await store.log.read()).scans.map((s) => s.id)).toEqual(['ok']);
    });

    it('reads the log in time order, then in the order written', async () => {
      await store.log.write([scanAt('late', 5_000, 1), scanAt('b', 3_000, 2), scanAt('a', 3_000, 3)]);
      await store.log.write([
        { kind: 'action', id: 'x2', stationId: first.id, at: 4_000, action: 'status', value: 'paused', effects: [] },
        { kind: 'action', id: 'x1', stationId: first.id, at: 4_000, action: 'capacity', value: '9', effects: [] },
        { kind: 'action', id: 'x1', stationId: first.id, at: 4_000, action: 'capacity', value: '9', effects: [] },
      ]);
      const log = await store.log.read();
      expect(log.scans.map((s) => s.id)).toEqual(['b', 'a', 'late']);
      expect(log.scans[0]).toEqual({ id: 'b', seq: expect.any(Number), kioskId: 'k1', stationId: first.id, badgeNo: 2, badgeSerial: 's2', at: 3_000, answer: answer('entered') });
      expect(log.actions).toEqual([
        { id: 'x2', seq: expect.any(Number), stationId: first.id, at: 4_000, action: 'status', value: 'paused' },
        { id: 'x1', seq: expect.any(Number), stationId: first.id, at: 4_000, action: 'capacity', value: '9' },
      ]);
    });

    it('keeps times past 2^31 ms (today’s clock) exactly', async () => {
      const now = Date.now();
      await store.log.append(scanAt('t', now, 5));
      expect((await store.log.read()).scans[0].at).toBe(now);
    });

    it('opens and closes visits idempotently: a batch written twice closes no later visit', async () => {
      const entries: LogEntry[] = [
        scanAt('v1', 1_000, 9, first.id, [{ type: 'visit_started', no: 9, stationId: first.id, at: 1_000 }]),
        scanAt('v2', 2_000, 9, second.id, [
          { type: 'visit_ended', no: 9, stationId: first.id, at: 2_000, reason: 'moved' },
          { type: 'visit_started', no: 9, stationId: second.id, at: 2_000 },
        ]),
        scanAt('v3', 3_000, 9, first.id, [
          { type: 'visit_ended', no: 9, stationId: second.id, at: 3_000, reason: 'moved' },
          { type: 'visit_started', no: 9, stationId: first.id, at: 3_000 },
        ]),
      ];
      await store.log.write(entries);
      await store.log.write(entries.slice(0, 2));
      expect(await store.log.visitsDuring(2_500, 2_900)).toEqual([{ stationId: second.id, inAt: 2_000, outAt: 3_000 }]);
      expect((await store.log.visitsDuring(2_000, 3_000)).length).toBe(2);
      expect(await under.visits()).toEqual([
        { stationId: first.id, inAt: 1_000, outAt: 2_000, outReason: 'moved' },
        { stationId: second.id, inAt: 2_000, outAt: 3_000, outReason: 'moved' },
        { stationId: first.id, inAt: 3_000, outAt: null, outReason: null },
      ]);
    });

    it('lists attendees with the badge in force for rebuilding', async () => {
      const a = randomUUID();
      const no = await store.attendees.register(a, { firstName: 'Aru' }, 'aru', 1);
      await store.attendees.issueBadge(a, no, 'old', 1);
      await store.attendees.issueBadge(a, no, 'new', 2);
      const b = randomUUID();
      const other = await store.attendees.register(b, { firstName: 'Bek' }, 'bek', 1);
      expect((await store.log.read()).people.sort((x, y) => x.no - y.no)).toEqual([
        { no, firstName: 'Aru', serial: 'new' },
        { no: other, firstName: 'Bek', serial: null },
      ]);
    });
  });

  describe('snapshots of the live state', () => {
    /** Attendees with a badge each, scanned at stations in turn through the in-process live store. */
    async function day() {
      const people: number[] = [];
      for (let i = 0; i < 30; i++) {
        const id = randomUUID();
        const no = await store.attendees.register(id, { firstName: `P${i}` }, `p${i}`, 1);
        await store.attendees.issueBadge(id, no, `s${no}`, 1);
        people.push(no);
      }
      const warnings: string[] = [];
      const snapshots = new LiveSnapshots(store.log, event, (_d, message) => warnings.push(message));
      let t = Date.now() - 3_600_000;
      const live = new MemoryStore(event, await snapshots.restore(t, 'answers'), store.log);
      const scans = async (n: number, seed: number) => {
        for (let i = 0; i < n; i++) {
          const no = people[(i * 7 + seed) % people.length];
          const station = event.stations[(i * 3 + seed) % event.stations.length];
          t += 1_000 + (i % 5) * 40_000;
          await live.scan({ id: randomUUID(), kioskId: 'k1', stationId: station.id, at: t, badge: { no, serial: `s${no}` } }, { clientAt: null });
        }
      };
      const act = (stationId: string, cmd: StationCommand) => live.command(stationId, cmd, randomUUID(), (t += 1_000));
      return { snapshots, warnings, scans, act, now: () => t };
    }

    /** A rebuilt state as compared: answers in one order (a replay after a snapshot reads them in the order written). */
    const comparable = (s: RebuiltState) => ({ ...s, answers: [...s.answers].sort((a, b) => a[0].localeCompare(b[0])) });

    it('a snapshot and the log after it replay to what the whole log replays to', async () => {
      const d = await day();
      await d.scans(200, 1);
      await d.act(first.id, { action: 'capacity', value: 2 });
      await d.snapshots.take();
      expect((JSON.parse((await store.log.readSnapshot())!.body) as Snapshot).place.scans).toBe(200);
      await d.scans(150, 2);
      await d.act(second.id, { action: 'status', value: 'paused' });
      await d.act(first.id, { action: 'capacity', value: 5 });
      await d.scans(50, 3);

      const now = d.now() + 600_000;
      const whole = rebuild(await store.log.read(), event, now);
      const restored = await new LiveSnapshots(store.log, event, (_d, message) => d.warnings.push(message)).restore(now, 'answers');
      expect(comparable(restored)).toEqual(comparable(whole));
      expect(restored.stations.some((s) => s.occupants.size > 0) && restored.attendees.some((a) => a.stationId)).toBe(true);
      expect(d.warnings).toEqual([]);
      expect((JSON.parse((await store.log.readSnapshot())!.body) as Snapshot).place.scans).toBe(400);
    });

    it('reads the answers of the latest scans alone, by id, for seeding an emptied Redis', async () => {
      const d = await day();
      await d.scans(30, 1);
      await d.snapshots.take();
      const place = (JSON.parse((await store.log.readSnapshot())!.body) as Snapshot).place;
      const all = (await store.log.read()).answers;
      const latest = [...all].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, 5);
      expect((await store.log.readAfter(place, { latest: 5 })).answers).toEqual(latest);
      expect((await store.log.readAfter(place, { latest: 100 })).answers).toHaveLength(30);
    });

    it('a snapshot taken a few scans a turn reaches, turn by turn, what the whole log replays to', async () => {
      const d = await day();
      await d.scans(40, 1);
      await d.act(first.id, { action: 'capacity', value: 2 });
      await d.scans(30, 2);
      await d.act(second.id, { action: 'status', value: 'paused' });
      await d.scans(20, 3);
      const counts: number[] = [];
      for (let turn = 0; turn < 5; turn++) {
        await d.snapshots.take(25);
        counts.push((JSON.parse((await store.log.readSnapshot())!.body) as Snapshot).place.scans);
      }
      expect(counts).toEqual([25, 50, 75, 90, 90]);
      const now = d.now() + 600_000;
      expect((await store.log.readSnapshot())!.body).toBe(rebuild(await store.log.read(), event, now).snapshot);
      expect(d.warnings).toEqual([]);
    });

    it.each([
      ['of an older format', async () => store.log.writeSnapshot(SNAPSHOT_FORMAT - 1, (await store.log.readSnapshot())!.body, 1)],
      ['corrupt', () => store.log.writeSnapshot(SNAPSHOT_FORMAT, '{"rules":', 1)],
      ['taken under other stations', async () => store.log.writeSnapshot(SNAPSHOT_FORMAT, (await store.log.readSnapshot())!.body.replace(/"rules":"[^"]*"/, '"rules":"x"'), 1)],
      ['whose past was written into', () => store.log.write([scanAt(randomUUID(), 1_000, null)])],
    ])('a snapshot %s is set aside with a warning, and the whole log replayed', async (_case, spoil) => {
      const d = await day();
      await d.scans(100, 1);
      await d.snapshots.take();
      await d.scans(30, 2);
      await spoil();
      const now = d.now() + 600_000;
      const whole = rebuild(await store.log.read(), event, now);
      const restored = await new LiveSnapshots(store.log, event, (_d, message) => d.warnings.push(message)).restore(now, 'answers');
      expect(comparable(restored)).toEqual(comparable(whole));
      expect(d.warnings).toHaveLength(1);
    });
  });

  describe('stations', () => {
    it('writes the event’s stations in, again without doubling', async () => {
      await store.stations.save(event.stations);
      await store.stations.save(event.stations);
      expect(await store.stations.count()).toBe(event.stations.length);
    });
  });

  describe('attendees and badges', () => {
    it('gives badge numbers from FIRST_BADGE_NO up, each once, when many register at once', async () => {
      const ids = Array.from({ length: 20 }, () => randomUUID());
      const numbers = await Promise.all(ids.map((id, i) => store.attendees.register(id, { firstName: `P${i}` }, `p${i}`, i)));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => FIRST_BADGE_NO + i));
      expect(await store.attendees.count()).toBe(20);
    });

    it('keeps every field, and finds an attendee by id and by badge number', async () => {
      const id = randomUUID();
      const fields = { firstName: 'Айгерім', lastName: 'Сейтқали', category: 'school', institution: 'School 7', grade: '11', phone: '+7 700', email: 'a@b.kz', language: 'ru', consent: true, externalRef: 'row-1' };
      const no = await store.attendees.register(id, fields, 'aigerim seitkali', 42);
      const record = { id, badgeNo: no, ...fields, createdAt: 42, searchKey: 'aigerim seitkali' };
      expect(await store.attendees.byId(id)).toEqual(record);
      expect(await store.attendees.byBadgeNo(no)).toEqual(record);
      expect(await store.attendees.byId('nobody')).toBeNull();
      const plain = randomUUID();
      await store.attendees.register(plain, { firstName: 'Dana' }, 'dana', 43);
      expect(await store.attendees.byId(plain)).toMatchObject({ lastName: '', category: 'other', language: 'kk', consent: false, phone: null, externalRef: null });

      const changed = { firstName: 'Aigerim', lastName: 'Seitkali', category: 'college', institution: 'College 2', grade: '1', phone: null, email: null, language: 'en', consent: false };
      expect(await store.attendees.update(id, changed, 'aigerim seitkali 2')).toBe(true);
      expect(await store.attendees.byId(id)).toEqual({ ...record, ...changed, searchKey: 'aigerim seitkali 2' });
      expect(await store.attendees.update('nobody', changed, 'x')).toBe(false);
    });

    it('finds attendees by ids and by a badge-number range, with their badges in force and who ever had one', async () => {
      const ids = Array.from({ length: 5 }, () => randomUUID());
      const nos: number[] = [];
      for (const [i, id] of ids.entries()) nos.push(await store.attendees.register(id, { firstName: `P${i}` }, `p${i}`, i));
      await store.attendees.issueBadge(ids[1], nos[1], 'b1', 10);
      await store.attendees.issueBadge(ids[3], nos[3], 'b3', 10);
      await store.attendees.revokeBadges(ids[3], 11);
      expect((await store.attendees.byIds([ids[4], ids[0], 'nobody'])).map((a) => a.badgeNo)).toEqual([nos[0], nos[4]]);
      expect((await store.attendees.byBadgeRange(nos[1], nos[4], 2)).map((a) => a.id)).toEqual([ids[1], ids[2]]);
      expect(await store.attendees.badgesInForce(ids)).toEqual(new Map([[ids[1], 'b1']]));
      expect(await store.attendees.everBadged(ids)).toEqual(new Set([ids[1], ids[3]]));
      expect(await store.attendees.byIds([])).toEqual([]);
    });

    it('finds attendees by name words, badge number or phone, a page at a time', async () => {
      const people = [
        { firstName: 'Айгерім', lastName: 'Серікова', phone: '+77015551234' },
        { firstName: 'Aigul', lastName: 'Serik', phone: null },
        { firstName: 'Dias', lastName: 'Bek', phone: '87015550000' },
      ];
      const nos: number[] = [];
      for (const p of people) nos.push(await store.attendees.register(randomUUID(), p, attendeeSearchKey(p), 1));
      const names = async (query: AttendeeQuery, limit = 10, offset = 0) => {
        const r = await store.attendees.search(query, limit, offset);
        return [r.total, r.rows.map((a) => a.firstName)];
      };
      expect(await names({ all: true })).toEqual([3, ['Dias', 'Aigul', 'Айгерім']]);
      expect(await names({ all: true }, 1, 1)).toEqual([3, ['Aigul']]);
      expect(await names({ words: nameWords('сер ай') })).toEqual([2, ['Aigul', 'Айгерім']]);
      expect(await names({ words: nameWords('aig serikova') })).toEqual([1, ['Айгерім']]);
      expect(await names({ words: nameWords('igul') })).toEqual([0, []]);
      expect(await names({ digits: String(nos[1]), phone: String(nos[1]) })).toEqual([1, ['Aigul']]);
      expect(await names({ digits: String(nos[0]).slice(0, 3), phone: 'none' })).toEqual([3, ['Айгерім', 'Aigul', 'Dias']]);
      expect(await names({ digits: '5551234', phone: '5551234' })).toEqual([1, ['Айгерім']]);
    });

    it('finds people of the other events in one query, by whole phone or name words, the latest event first', async () => {
      await store.events.create({ ...event, id: 'spring-2026' }, '2026-04-10', '2026-04-10', 1);
      await store.events.create({ ...event, id: 'autumn-2026' }, '2026-10-10', '2026-10-10', 2);
      const add = async (eventId: string, p: { firstName: string; lastName: string; phone: string | null }) =>
        store.forEvent(eventId).attendees.register(`${eventId}-${p.firstName}`, p, attendeeSearchKey(p), 1);
      await add('spring-2026', { firstName: 'Айгерім', lastName: 'Серікова', phone: '+77015551234' });
      await add('spring-2026', { firstName: 'Dias', lastName: 'Serik', phone: '+77015551235' });
      await add('autumn-2026', { firstName: 'Айгерім', lastName: 'Серікова', phone: '+77015551234' });
      // Here: never found as someone of another event.
      await store.attendees.register(randomUUID(), { firstName: 'Айгерім', lastName: 'Серікова', phone: '+77015551234' }, 'серікова айгерім', 1);
      const found = async (query: ReturningQuery, limit = 10) => (await store.attendees.elsewhere(query, limit)).map((a) => [a.eventId, a.firstName]);
      expect(await found({ phone: '+77015551234' })).toEqual([['autumn-2026', 'Айгерім'], ['spring-2026', 'Айгерім']]);
      // The whole phone only: its digits do not find the badge numbers or other phones they begin.
      expect(await found({ phone: '+7701555123' })).toEqual([]);
      expect(await found({ words: nameWords('серікова') })).toEqual([['autumn-2026', 'Айгерім'], ['spring-2026', 'Айгерім']]);
      expect(await found({ words: nameWords('dias') })).toEqual([['spring-2026', 'Dias']]);
      expect(await found({ phone: '+77015551234' }, 1)).toEqual([['autumn-2026', 'Айгерім']]);
      expect((await store.attendees.elsewhere({ phone: '+77015551235' }, 10))[0]).toMatchObject({ eventId: 'spring-2026', lastName: 'Serik', consent: false });
    });

    it('links a person registered again to their first registration, and lists where each person was registered, the latest event first', async () => {
      await store.events.create({ ...event, id: 'spring-2026' }, '2026-04-10', '2026-04-10', 1);
      await store.events.create({ ...event, id: 'autumn-2026' }, '2026-10-10', '2026-10-10', 2);
      const springNo = await store.forEvent('spring-2026').attendees.register('first', { firstName: 'Айгерім' }, 'aigerim', 1);
      await store.forEvent('spring-2026').attendees.register('namesake', { firstName: 'Айгерим' }, 'aigerim', 1);
      expect(await store.forEvent('spring-2026').attendees.personOf('first')).toBe('first');
      const autumnNo = await store.forEvent('autumn-2026').attendees.register('second', { firstName: 'Айгерім', personId: 'first' }, 'aigerim', 2);
      const hereNo = await store.attendees.register('third', { firstName: 'Айгерім', personId: 'first' }, 'aigerim', 3);
      expect(await store.forEvent('autumn-2026').attendees.personOf('second')).toBe('first');
      expect(await store.forEvent('spring-2026').attendees.personOf('second')).toBeNull();
      const registrations = await store.attendees.registrationsOf(['first', 'nobody']);
      expect(registrations).toContainEqual({ personId: 'first', eventId: store.eventId, badgeNo: hereNo });
      // This store's own event has no events row (no first day) here: the events that have one, the latest first.
      expect(registrations.filter((r) => r.eventId !== store.eventId)).toEqual([
        { personId: 'first', eventId: 'autumn-2026', badgeNo: autumnNo },
        { personId: 'first', eventId: 'spring-2026', badgeNo: springNo },
      ]);
      expect(await store.attendees.registrationsOf([])).toEqual([]);
      // Registered at both spring and autumn: the same person once; nobody came to either yet.
      expect(await store.forEvent('autumn-2026').attendees.sharedWith('spring-2026')).toEqual({ registered: 1, arrived: 0 });
      expect(await store.forEvent('spring-2026').attendees.sharedWith('no-such-event')).toEqual({ registered: 0, arrived: 0 });
      expect((await store.attendees.elsewhere({ words: ['aigerim'] }, 10)).map((a) => [a.eventId, a.id, a.personId])).toEqual([
        ['autumn-2026', 'second', 'first'],
        ['spring-2026', 'first', 'first'],
        ['spring-2026', 'namesake', 'namesake'],
      ]);
    });

    it('registers a person once at an event: of many registrations at once one is made, the others refused with its badge number', async () => {
      await store.events.create({ ...event, id: 'autumn-2026' }, '2026-10-10', '2026-10-10', 2);
      const first = await store.attendees.register('first', { firstName: 'Айгерім' }, 'aigerim', 1);
      const tries = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.forEvent('autumn-2026').attendees.register(`again-${i}`, { firstName: 'Айгерім', personId: 'first' }, 'aigerim', 2)),
      );
      const made = tries.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
      expect(made).toHaveLength(1);
      expect(tries.filter((t) => t.status === 'rejected').every((t) => t.reason instanceof AlreadyRegistered && t.reason.badgeNo === made[0])).toBe(true);
      expect(await store.forEvent('autumn-2026').attendees.count()).toBe(1);
      // The same person at another event, and people with no person named, are registered as ever.
      expect(await store.attendees.register('here-again', { firstName: 'Айгерім', personId: 'first-elsewhere' }, 'aigerim', 3)).toBe(first + 1);
      await store.attendees.register('namesake', { firstName: 'Айгерім' }, 'aigerim', 4);
      expect(await store.attendees.count()).toBe(3);
    });

    it('imports on what is stored: new ones from the next badge number, updates; nothing when only deciding', async () => {
      const known = randomUUID();
      const no = await store.attendees.register(known, { firstName: 'Aru' }, 'aru', 1);
      const plan = (existing: Array<{ id: string; badgeNo: number }>, next: number) => ({
        creates: [0, 1].map((i) => ({ id: `new${i}`, badgeNo: next + i, fields: { firstName: `N${i}`, externalRef: `r${i}` }, searchKey: `n${i}` })),
        updates: [{ id: known, fields: { firstName: 'Aruzhan' }, searchKey: 'aruzhan' }],
        result: { seen: existing.map((a) => a.badgeNo), next },
      });
      expect(await store.attendees.importing(plan, false, 50)).toEqual({ seen: [no], next: no + 1 });
      expect(await store.attendees.count()).toBe(1);
      expect(await store.attendees.importing(plan, true, 50)).toEqual({ seen: [no], next: no + 1 });
      expect(await store.attendees.byId('new1')).toMatchObject({ badgeNo: no + 2, firstName: 'N1', externalRef: 'r1', createdAt: 50, searchKey: 'n1' });
      expect(await store.attendees.byId(known)).toMatchObject({ firstName: 'Aruzhan', searchKey: 'aruzhan' });
    });

    it('a new badge revokes the one before; revoking leaves none in force', async () => {
      const id = randomUUID();
      const no = await store.attendees.register(id, { firstName: 'Aru' }, 'aru', 1);
      await store.attendees.issueBadge(id, no, 'one', 10);
      expect(await store.attendees.badgeInForce(id)).toBe('one');
      await store.attendees.issueBadge(id, no, 'two', 20);
      expect(await store.attendees.badgeInForce(id)).toBe('two');
      await store.attendees.revokeBadges(id, 30);
      expect(await store.attendees.badgeInForce(id)).toBeNull();
    });
  });

  describe('kiosks', () => {
    const kiosk = (id: string) => ({ id, stationId: first.id, label: 'Door', tokenHash: `t-${id}`, createdAt: 1, pairingCodeHash: `c-${id}`, pairingExpiresAt: 10_000 });

    it('finds a kiosk by its token’s hash, and tells a revoked one', async () => {
      await store.kiosks.create(kiosk('k1'));
      expect(await store.kiosks.byTokenHash('t-k1')).toEqual({ id: 'k1', stationId: first.id, eventId: store.eventId, revokedAt: null });
      expect(await store.kiosks.byTokenHash('t-none')).toBeNull();
      expect(await store.kiosks.revoke('k1', 50)).toBe(true);
      expect(await store.kiosks.revoke('none', 50)).toBe(false);
      expect(await store.kiosks.byTokenHash('t-k1')).toEqual({ id: 'k1', stationId: first.id, eventId: store.eventId, revokedAt: 50 });
    });

    it('pairs a device once per code, not after the code expired, not a revoked kiosk', async () => {
      await store.kiosks.create(kiosk('k1'));
      const both = await Promise.all([store.kiosks.pair('c-k1', 'dev-a', 500), store.kiosks.pair('c-k1', 'dev-b', 500)]);
      expect(both.filter((p) => p !== null)).toEqual([{ id: 'k1', stationId: first.id }]);
      const won = both[0] ? 'dev-a' : 'dev-b';
      expect(await store.kiosks.byTokenHash(won)).toMatchObject({ id: 'k1' });
      expect(await store.kiosks.byId('k1')).toMatchObject({ tokenHash: won, pairingCodeHash: null, pairingExpiresAt: null, lastSeenAt: 500 });

      expect(await store.kiosks.openPairing('k1', 'c2', 1_000)).toBe(true);
      expect(await store.kiosks.pair('c2', 'dev-c', 1_000)).toBeNull();
      expect(await store.kiosks.openPairing('k1', 'c3', 5_000)).toBe(true);
      await store.kiosks.revoke('k1', 2_000);
      expect(await store.kiosks.pair('c3', 'dev-c', 3_000)).toBeNull();
      expect(await store.kiosks.openPairing('k1', 'c4', 9_000)).toBe(false);
    });

    it('keeps heartbeats and lists every kiosk', async () => {
      await store.kiosks.create(kiosk('k1'));
      await store.kiosks.create({ ...kiosk('k2'), createdAt: 2 });
      await store.kiosks.beat('k1', { appVersion: '1.2', pending: 3, camera: 'ok', battery: { level: 0.5, charging: true } }, 77);
      await store.kiosks.beat('k2', { appVersion: '1.2', pending: 0, camera: null, battery: null }, 78);
      const [k1, k2] = await store.kiosks.list();
      expect(k1).toEqual({ ...kiosk('k1'), revokedAt: null, lastSeenAt: 77, appVersion: '1.2', pending: 3, camera: 'ok', batteryLevel: 0.5, batteryCharging: true });
      expect(k2).toMatchObject({ id: 'k2', batteryLevel: null, batteryCharging: null, camera: null });
    });
  });

  describe('staff', () => {
    const user = (id: string, username: string) => ({ id, username, displayName: 'Dana', role: 'desk', passwordHash: 'scrypt$x', createdAt: 5, disabledAt: null });

    it('keeps accounts with unique names, and changes them', async () => {
      expect(await store.users.create(user('u2', 'zara'))).toBe(true);
      expect(await store.users.create(user('u1', 'dana'))).toBe(true);
      expect(await store.users.create(user('u3', 'dana'))).toBe(false);
      expect((await store.users.list()).map((u) => u.username)).toEqual(['dana', 'zara']);
      await store.users.update('u1', { role: 'organiser', disabledAt: 9 });
      expect(await store.users.byUsername('dana')).toEqual({ ...user('u1', 'dana'), role: 'organiser', disabledAt: 9 });
      expect(await store.users.byId('u2')).toEqual(user('u2', 'zara'));
      expect(await store.users.byId('none')).toBeNull();
    });

    it('finds a session until it expires or its account is disabled; ends one or all of a user', async () => {
      await store.users.create(user('u1', 'dana'));
      await store.sessions.create('h1', 'u1', 10, 100);
      await store.sessions.create('h2', 'u1', 10, 100);
      expect(await store.sessions.find('h1', 50)).toEqual({ userId: 'u1', role: 'desk' });
      expect(await store.sessions.find('h1', 100)).toBeNull();
      await store.sessions.remove('h1');
      expect(await store.sessions.find('h1', 50)).toBeNull();
      expect(await store.sessions.find('h2', 50)).not.toBeNull();
      await store.users.update('u1', { disabledAt: 60 });
      expect(await store.sessions.find('h2', 50)).toBeNull();
      await store.users.update('u1', { disabledAt: null });
      await store.sessions.removeAllOf('u1');
      expect(await store.sessions.find('h2', 50)).toBeNull();
      await store.sessions.create('h3', 'u1', 10, 20);
      await store.sessions.removeExpired(20);
      await store.sessions.create('h3', 'u1', 30, 100);
    });

    it('keeps the audit log, newest first, filtered and paged, with who acted', async () => {
      await store.users.create(user('u1', 'dana'));
      await store.kiosks.create({ id: 'k1', stationId: first.id, label: 'Door', tokenHash: 't', createdAt: 1, pairingCodeHash: null, pairingExpiresAt: null });
      const entry = { at: 1, role: 'desk', userId: 'u1', kioskId: null, action: 'attendee.create', target: '1001', detail: '{"n":1}', address: '127.0.0.1' };
      await store.audit.write([entry, { ...entry, at: 2, role: 'kiosk', userId: null, kioskId: 'k1', action: 'kiosk.pair', target: 'k1', detail: null }]);
      await store.audit.write([{ ...entry, at: 3, target: '1002' }]);
      const all = await store.audit.list({});
      expect(all.map((e) => e.at)).toEqual([3, 2, 1]);
      expect(all[0]).toMatchObject({ ...entry, at: 3, target: '1002', username: 'dana', displayName: 'Dana', kioskLabel: null });
      expect(all[1]).toMatchObject({ kioskId: 'k1', kioskLabel: 'Door', kioskStation: first.id, username: null });
      expect((await store.audit.list({ action: 'attendee.create', userId: 'u1' })).map((e) => e.at)).toEqual([3, 1]);
      expect((await store.audit.list({ before: all[0].id, limit: 1 })).map((e) => e.at)).toEqual([2]);
    });
  });

  describe('secrets', () => {
    it('keeps the first value made, whoever asks at once', async () => {
      const made = await Promise.all(['a', 'b', 'c'].map((v) => store.secrets.getOrCreate('pairing-secret', () => v)));
      expect(new Set(made).size).toBe(1);
      expect(await store.secrets.getOrCreate('pairing-secret', () => 'later')).toBe(made[0]);
      expect(await store.secrets.getOrCreate('admin-token-hash', () => 'h')).toBe('h');
    });
  });
  describe('programme', () => {
    it('keeps shifted times, the last one of an item in place of the one before, each event its own', async () => {
      expect(await store.programme.times()).toEqual([]);
      await store.programme.setTime({ itemId: 'opening', start: '10:10', end: '10:50', changedAt: 2 ** 41 });
      await store.programme.setTime({ itemId: 'closing', start: '14:50', end: '15:20', changedAt: 5 });
      await store.programme.setTime({ itemId: 'opening', start: '10:20', end: '11:00', changedAt: 2 ** 41 + 7 });
      expect(await store.programme.times()).toEqual([
        { itemId: 'closing', start: '14:50', end: '15:20', changedAt: 5 },
        { itemId: 'opening', start: '10:20', end: '11:00', changedAt: 2 ** 41 + 7 },
      ]);
      const other = store.forEvent('another-event');
      expect(await other.programme.times()).toEqual([]);
      await other.programme.setTime({ itemId: 'opening', start: '09:00', end: '09:30', changedAt: 9 });
      expect((await store.programme.times()).find((t) => t.itemId === 'opening')?.start).toBe('10:20');
      expect(await other.programme.times()).toEqual([{ itemId: 'opening', start: '09:00', end: '09:30', changedAt: 9 }]);
    });
  });
  describe('consents per employer', () => {
    it('keeps an attendee\'s last choice per station, each attendee and event their own', async () => {
      expect(await store.consents.of(1001)).toEqual([]);
      await store.consents.set(1001, { stationId: 'kazzinc', given: true, changedAt: 2 ** 41 });
      await store.consents.set(1001, { stationId: 'umz', given: true, changedAt: 5 });
      await store.consents.set(1001, { stationId: 'kazzinc', given: false, changedAt: 2 ** 41 + 1 });
      await store.consents.set(1002, { stationId: 'kazzinc', given: true, changedAt: 6 });
      expect(await store.consents.of(1001)).toEqual([
        { stationId: 'kazzinc', given: false, changedAt: 2 ** 41 + 1 },
        { stationId: 'umz', given: true, changedAt: 5 },
      ]);
      expect(await store.forEvent('another-event').consents.of(1001)).toEqual([]);
    });
  });
});
