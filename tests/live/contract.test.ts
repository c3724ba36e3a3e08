// One contract, every live store: the in-process store and the Redis store must give the
// same answers and exact counts, also under concurrency.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanInput } from '../../server/flow/state.ts';
import { isInside, occupancy, REMOTE_JOIN, REMOTE_LEAVE, stationView } from '../../server/flow/rules.ts';
import type { RedisStore } from '../../server/live/redis-store.ts';
import { deltasIn, MAX_DELTAS } from '../../server/live/station-doc.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { Journal } from '../../server/db/journal.ts';
import { event, makeStore, type StoreKind, type StoreUnderTest } from './stores.ts';
import { eventUtcOffset } from '../../shared/event.ts';
import { instantOf, offsetAt } from '../../shared/event-clock.ts';
import { clockTime } from '../../shared/programme-rules.ts';

const MIN = 60_000;

for (const kind of ['memory', 'redis'] as StoreKind[]) {
  describe(`${kind} live store`, () => {
    let t: StoreUnderTest;
    const now = Date.now();
    beforeEach(async () => {
      t = await makeStore(kind);
    });
    afterEach(async () => {
      await t.close();
    });

    // Names as the event's are (not ASCII): what Redis is sent is counted in bytes, not characters.
    const people = async (n: number, from = 1) => {
      for (let no = from; no < from + n; no++) await t.store.putAttendee({ no, firstName: `Әлия${no}`, serial: `s${no}` });
    };
    const input = (no: number, stationId: string, at = now, over: Partial<ScanInput> = {}): ScanInput => ({
      id: randomUUID(),
      kioskId: `kiosk-${stationId}`,
      stationId,
      at,
      badge: { no, serial: `s${no}` },
      ...over,
    });
    const scan = (i: ScanInput) => t.store.scan(i, { clientAt: null });

    it('answers enter and exit and keeps each scan durably', async () => {
      await people(1);
      const a = await scan(input(1, 'kazzinc'));
      expect(a).toEqual({ replayed: false, answer: expect.objectContaining({ outcome: 'entered', attendee: { firstName: 'Әлия1', badgeNo: 1 } }) });
      const b = await scan(input(1, 'kazzinc', now + MIN));
      expect(b.answer).toMatchObject({ outcome: 'exited', station: { id: 'kazzinc', occupancy: 0 } });
      await t.archive();
      expect(t.sqlite.prepare('SELECT outcome FROM scans ORDER BY at').all()).toEqual([{ outcome: 'entered' }, { outcome: 'exited' }]);
      expect(t.sqlite.prepare('SELECT station_id, out_reason FROM visits').all()).toEqual([{ station_id: 'kazzinc', out_reason: 'scan' }]);
    });

    it('counts a scan id once, however often and however concurrently it is sent', async () => {
      await people(1);
      const i = input(1, 'umz');
      const all = await Promise.all([scan(i), scan(i), scan(i), scan(i)]);
      expect(all.filter((r) => !r.replayed)).toHaveLength(1);
      for (const r of all) expect(r.answer).toEqual(all[0].answer);
      const later = await scan({ ...i, at: now + MIN });
      expect(later).toEqual({ answer: all[0].answer, replayed: true });
      expect(occupancy((await t.store.station('umz'))!)).toBe(1);
    });

    it('counts a scan id sent to two servers at once once, and answers the later one as a replay', async () => {
      const other = await t.twin();
      await people(22);
      // Both servers have read the stations, as servers that have been answering have.
      await scan(input(21, 'tmk'));
      await other.scan(input(22, 'oesk'), { clientAt: null });
      const twins = Array.from({ length: 20 }, (_, k) => input(k + 1, k % 2 === 0 ? 'tmk' : 'oesk'));
      const pairs = await Promise.all(twins.map((i) => Promise.all([scan(i), other.scan(i, { clientAt: null })])));
      for (const [a, b] of pairs) {
        expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
        expect(b.answer).toEqual(a.answer);
      }
      const placed = (await t.store.stations()).flatMap((s) => [...Array.from(s.occupants, ([no]) => no), ...s.queue, ...s.called.map((q) => q.no)]);
      expect(placed.sort((a, b) => a - b)).toEqual(Array.from({ length: 22 }, (_, k) => k + 1));
    });

    it('takes remote joins from phones: called at once where a place is free, queued where not, let in by a kiosk, a no-show passing the call on, one place at a time, leaving', async () => {
      await people(3);
      // In the past: a restart brings the state up to the clock's now.
      const t0 = now - 15 * MIN;
      const join = (no: number, at: number, stationId = 'kazzinc') => scan(input(no, stationId, at, { kioskId: REMOTE_JOIN }));
      const leave = (no: number, at: number) => scan(input(no, 'kazzinc', at, { kioskId: REMOTE_LEAVE }));
      expect((await t.store.command('kazzinc', { action: 'capacity', value: 1 }, randomUUID(), t0)).error).toBeUndefined();
      // A free place and nobody waiting: called at once, the place kept while they walk over.
      expect((await join(1, t0 + 1000)).answer).toMatchObject({ outcome: 'queued', station: { occupancy: 0, queue: 0 } });
      expect((await t.store.station('kazzinc'))!.called).toEqual([{ no: 1, at: t0 + 1000 }]);
      // The kiosks tell who is on the way from a phone.
      expect(stationView((await t.store.station('kazzinc'))!, t0 + 1000)).toMatchObject({ calling: [1], callingRemote: [1] });
      // The place is kept: the next joiner waits in line; joining again changes nothing.
      expect((await join(2, t0 + 2000)).answer).toMatchObject({ outcome: 'queued', queuePosition: 1 });
      expect((await join(2, t0 + 2500)).answer).toMatchObject({ outcome: 'queued', queuePosition: 1 });
      // The called one does not come: at callMinutes the call passes to the next in line.
      await t.store.settle(t0 + 1000 + event.callMinutes * MIN + 1);
      const passed = (await t.store.station('kazzinc'))!;
      expect([passed.called.map((c) => c.no), passed.queue]).toEqual([[2], []]);
      // The no-show is let go of, the next one called is a phone joiner too.
      expect(passed.remote).toEqual([2]);
      expect(stationView(passed, t0 + 7 * MIN).callingRemote).toEqual([2]);
      // The kiosk lets the called remote joiner in, as any called attendee.
      const came = await scan(input(2, 'kazzinc', t0 + 7 * MIN));
      expect(came.answer).toMatchObject({ outcome: 'entered', attendee: { badgeNo: 2 } });
      expect((await t.store.station('kazzinc'))!.remote).toEqual([]);
      // Queued in person at the kiosk: not a phone joiner, also as seen by a second server.
      await scan(input(1, 'kazzinc', t0 + 7 * MIN + 1000));
      const twin = await (await t.twin()).station('kazzinc');
      expect([twin!.queue, twin!.remote]).toEqual([[1], []]);
      // One place at a time: inside TMK, joining KazZinc's line from the phone leaves TMK.
      await scan(input(3, 'tmk', t0 + 8 * MIN));
      const moved = await join(3, t0 + 9 * MIN);
      expect(moved.answer).toMatchObject({ outcome: 'queued', queuePosition: 2, leftStation: 'tmk' });
      expect((await (await t.twin()).station('kazzinc'))!.remote).toEqual([3]);
      expect(occupancy((await t.store.station('tmk'))!)).toBe(0);
      expect((await t.store.attendee(3))!.stationId).toBe('kazzinc');
      // Leaving from the phone.
      expect((await leave(3, t0 + 10 * MIN)).answer).toMatchObject({ outcome: 'exited', leftQueue: true });
      expect((await t.store.station('kazzinc'))!.queue).toEqual([1]);
      expect((await t.store.station('kazzinc'))!.remote).toEqual([]);
      expect((await t.store.attendee(3))!.stationId).toBeNull();
    });

    it('answers a scan id answered before a restart with its first answer, and counts it once', async () => {
      await people(1);
      const i = input(1, 'tmk');
      const first = await scan(i);
      const restarted = await t.restart();
      const before = (await restarted.station('tmk'))!;
      expect(await restarted.scan({ ...i, at: now + MIN }, { clientAt: null })).toEqual({ answer: first.answer, replayed: true });
      const after = (await restarted.station('tmk'))!;
      expect([after.occupants, after.visits, after.version]).toEqual([before.occupants, before.visits, before.version]);
    });

    it('keeps exact counts with many concurrent scans at one station', async () => {
      await people(150);
      const results = await Promise.all(Array.from({ length: 150 }, (_, k) => scan(input(k + 1, 'kazzinc'))));
      const outcomes = results.map((r) => r.answer.outcome);
      expect(outcomes.filter((o) => o === 'entered')).toHaveLength(12);
      expect(outcomes.filter((o) => o === 'queued')).toHaveLength(100);
      expect(results.filter((r) => r.answer.reason === 'queue_full')).toHaveLength(38);
      const s = (await t.store.station('kazzinc'))!;
      expect(occupancy(s)).toBe(12);
      expect(s.queue).toHaveLength(100);
      expect(new Set(s.queue).size).toBe(100);
      // Queue positions handed out are 1..100, each once.
      const positions = results.flatMap((r) => (r.answer.queuePosition ? [r.answer.queuePosition] : [])).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
    });

    it('keeps exact counts when two servers scan at once and people move between stations', async () => {
      const other = await t.twin();
      await people(40);
      const stations = ['tmk', 'oesk', 'grant-1', 'grant-2'];
      const jobs: Array<Promise<unknown>> = [];
      for (let round = 0; round < 3; round++) {
        for (let no = 1; no <= 40; no++) {
          const st = stations[(no + round) % stations.length];
          const store = no % 2 === 0 ? t.store : other;
          jobs.push(store.scan(input(no, st, now + round * MIN), { clientAt: null }));
        }
      }
      await Promise.all(jobs);
      const all = await t.store.stations();
      const inside = all.filter((s) => s.def.mode !== 'gate').flatMap((s) => Array.from(s.occupants, ([no]) => no));
      const queued = all.flatMap((s) => [...s.queue, ...s.called.map((q) => q.no)]);
      // Everyone is in exactly one place.
      expect([...inside, ...queued].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
      for (const s of all) expect(occupancy(s)).toBeLessThanOrEqual(s.capacity);
      for (let no = 1; no <= 40; no++) {
        const a = (await t.store.attendee(no))!;
        const at = all.find((s) => s.def.id === a.stationId)!;
        expect(isInside(at, no) || at.queue.includes(no) || at.called.some((q) => q.no === no)).toBe(true);
      }
    });

    it('keeps both servers answering when they scan at the same stations without a pause', async () => {
      const other = await t.twin();
      await people(40);
      const stations = ['tmk', 'oesk'];
      // Each server answers wave after wave; every wave's group touches the stations the other
      // server's groups are changing at the same time.
      const run = async (store: typeof other, parity: number) => {
        let answered = 0;
        for (let wave = 0; wave < 15; wave++) {
          const jobs = [];
          for (let no = 1 + parity; no <= 40; no += 2) jobs.push(store.scan(input(no, stations[(no + wave) % 2], now + wave * 1000), { clientAt: null }));
          answered += (await Promise.all(jobs)).filter((r) => !r.replayed).length;
        }
        return answered;
      };
      expect(await Promise.all([run(t.store, 0), run(other, 1)])).toEqual([300, 300]);
      const all = await t.store.stations();
      const placed = all.flatMap((s) => [...Array.from(s.occupants, ([no]) => no), ...s.queue, ...s.called.map((q) => q.no)]);
      expect(placed.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
      for (const s of all) expect(occupancy(s)).toBeLessThanOrEqual(s.capacity);
    });

    it('lets the queue in when an organiser raises the capacity, and logs the action', async () => {
      await people(10);
      for (let no = 1; no <= 10; no++) await scan(input(no, 'uk-chp'));
      const r = await t.store.command('uk-chp', { action: 'capacity', value: 10 }, randomUUID(), now + 1000);
      expect(r.error).toBeUndefined();
      expect(r.station!.called.map((c) => c.no)).toEqual([9, 10]);
      await t.archive();
      expect(t.sqlite.prepare('SELECT action, value FROM station_actions').all()).toEqual([{ action: 'capacity', value: '10' }]);
      expect((await t.store.command('nowhere', { action: 'call_next' }, randomUUID(), now)).error).toBe('station_not_found');
    });

    it('answers a command sent again with its id as a replay, even where the rules would now refuse it: applied once, however often and to whichever server it is sent', async () => {
      await people(9);
      for (let no = 1; no <= 9; no++) await scan(input(no, 'uk-chp'));
      // One waits: the volunteer calls them, the answer is lost, the call is sent again (at once, later, to another server).
      const other = await t.twin();
      const id = randomUUID();
      const call = (store = t.store) => store.command('uk-chp', { action: 'call_next' }, id, now + 1000);
      const first = await Promise.all([call(), call(other)]);
      expect(first.filter((r) => !r.replayed)).toHaveLength(1);
      const again = [...first, await call(), await call(other)];
      for (const r of again) expect(r).toMatchObject({ station: { queue: [], called: [{ no: 9 }] } });
      expect(again.filter((r) => r.replayed)).toHaveLength(3);
      // A session's start sent again after the session ended starts no other.
      const start = randomUUID();
      expect((await t.store.command('mc-it', { action: 'session_start' }, start, now)).replayed).toBeFalsy();
      await t.store.command('mc-it', { action: 'session_end' }, randomUUID(), now + MIN);
      expect(await t.store.command('mc-it', { action: 'session_start' }, start, now + 2 * MIN)).toMatchObject({ replayed: true, station: { sessionStartedAt: null } });
      await t.archive();
      expect(t.sqlite.prepare('SELECT station_id, action FROM station_actions ORDER BY at').all()).toEqual([
        { station_id: 'mc-it', action: 'session_start' },
        { station_id: 'uk-chp', action: 'call_next' },
        { station_id: 'mc-it', action: 'session_end' },
      ]);
    });

    it('answers a command id applied before a restart as a replay after it: no second session starts', async () => {
      const start = randomUUID();
      expect((await t.store.command('mc-it', { action: 'session_start' }, start, now)).replayed).toBeFalsy();
      await t.store.command('mc-it', { action: 'session_end' }, randomUUID(), now + MIN);
      await t.archive();
      const restarted = await t.restart();
      const before = (await restarted.station('mc-it'))!;
      expect(await restarted.command('mc-it', { action: 'session_start' }, start, now + 2 * MIN)).toMatchObject({ replayed: true, station: { sessionStartedAt: null } });
      expect((await restarted.station('mc-it'))!.version).toBe(before.version);
      await t.archive();
      expect(t.sqlite.prepare("SELECT count(*) AS n FROM station_actions WHERE action = 'session_start'").get()).toEqual({ n: 1 });
    });

    it('lets an organiser allow or stop joining a queue from the phone: both servers and a restart see it, the log keeps it', async () => {
      expect((await t.store.station('college-1'))!.remoteQueue).toBe(false);
      expect((await t.store.station('kazzinc'))!.remoteQueue).toBe(true);
      const r = await t.store.command('college-1', { action: 'remote_queue', value: true }, randomUUID(), now);
      expect(r.station!.remoteQueue).toBe(true);
      await t.store.command('kazzinc', { action: 'remote_queue', value: false }, randomUUID(), now + 1);
      // A scan after it (Redis: a delta appended to the station's document) keeps it.
      await people(1);
      await scan(input(1, 'college-1', now + 1000));
      const other = await t.twin();
      expect([(await other.station('college-1'))!.remoteQueue, (await other.station('kazzinc'))!.remoteQueue]).toEqual([true, false]);
      const restarted = await t.restart();
      expect([(await restarted.station('college-1'))!.remoteQueue, (await restarted.station('kazzinc'))!.remoteQueue]).toEqual([true, false]);
      await t.archive();
      expect(t.sqlite.prepare('SELECT station_id, action, value FROM station_actions ORDER BY at').all()).toEqual([
        { station_id: 'college-1', action: 'remote_queue', value: 'true' },
        { station_id: 'kazzinc', action: 'remote_queue', value: 'false' },
      ]);
      const replayed = rebuild(new Journal(t.sqlite).readNow(), event, now + 2000).stations;
      expect(replayed.filter((s) => s.remoteQueue).map((s) => s.def.id)).not.toContain('kazzinc');
      expect(replayed.find((s) => s.def.id === 'college-1')!.remoteQueue).toBe(true);
    });

    it('books tours: the next departure with room, one place at a time, the guide starts it with the booked who are here, no-shows freeing their places; kept through a restart', async () => {
      // The museum's departures are clock times on the event's clock (11:30, 12:00, … for 15): tomorrow's there, so nothing falls due on its own.
      const offset = eventUtcOffset(event);
      const day = new Date(now + 24 * 60 * MIN + offsetAt(now, offset) * MIN).toISOString().slice(0, 10);
      const clock = (h: number, m: number) => instantOf(day, clockTime(h * 60 + m), offset);
      await people(17);
      expect((await scan(input(1, 'kazzinc', clock(10, 0)))).answer.outcome).toBe('entered');
      for (let no = 1; no <= 16; no++) await scan(input(no, 'museum', clock(10, 10) + no));
      const first = await scan(input(1, 'museum', clock(11, 20), { kioskId: 'guide' }));
      expect(first.answer).toMatchObject({ outcome: 'queued', departure: '11:30', queuePosition: 1, here: true });
      expect([...(await t.store.station('kazzinc'))!.occupants]).toEqual([]);
      const last = await scan(input(17, 'museum', clock(10, 11)));
      expect(last.answer).toMatchObject({ outcome: 'queued', departure: '12:00', queuePosition: 2 });
      // Going to a station gives the booking up; scanning in says who is here.
      expect((await scan(input(2, 'kazzinc', clock(10, 30)))).answer.outcome).toBe('entered');
      for (const no of [3, 4, 16]) await scan(input(no, 'museum', clock(11, 25), { kioskId: 'guide' }));
      // The harness's in-process restart rebuilds without the test's people (not in SQLite): tests/live/rebuild.test.ts replays tours.
      const restarted = kind === 'redis' ? await t.restart() : t.store;
      expect((await restarted.station('museum'))!.bookings).toEqual((await t.store.station('museum'))!.bookings);
      const started = await restarted.command('museum', { action: 'session_start' }, randomUUID(), clock(11, 29));
      expect(started.error).toBeUndefined();
      // 1, 3 and 4 booked on 11:30 and here; 16 of 12:00, here, takes a place left by no-shows.
      expect(Array.from(started.station!.occupants, ([no]) => no)).toEqual([1, 3, 4, 16]);
      expect(started.station!.bookings).toEqual([[17, 1, 0]]);
      expect(started.station!.departed).toBe(1);
      const third = kind === 'redis' ? await t.restart() : t.store;
      expect(Array.from((await third.station('museum'))!.occupants, ([no]) => no)).toEqual([1, 3, 4, 16]);
      expect((await third.station('museum'))!.bookings).toEqual([[17, 1, 0]]);
      await t.archive();
      expect(t.sqlite.prepare("SELECT badge_no FROM visits WHERE station_id = 'museum' ORDER BY badge_no").all()).toEqual([1, 3, 4, 16].map((badge_no) => ({ badge_no })));
      expect(t.sqlite.prepare("SELECT action FROM station_actions WHERE station_id = 'museum'").all()).toEqual([{ action: 'session_start' }]);
    });

    it('checks people out after the maximum stay when settling', async () => {
      await people(2);
      await scan(input(1, 'college-1', now - 31 * MIN));
      await scan(input(2, 'college-1', now - 5 * MIN));
      await t.store.settle(now);
      expect(Array.from((await t.store.station('college-1'))!.occupants, ([no]) => no)).toEqual([2]);
      await t.archive();
      expect(t.sqlite.prepare("SELECT badge_no FROM visits WHERE out_reason = 'max_stay'").all()).toEqual([{ badge_no: 1 }]);
    });

    it('refuses a revoked badge and still records the scan', async () => {
      await people(1);
      await t.store.putAttendee({ no: 1, firstName: 'Name1', serial: null });
      const r = await scan(input(1, 'tmk'));
      expect(r.answer).toMatchObject({ outcome: 'rejected', reason: 'badge_revoked' });
      await t.archive();
      expect(t.sqlite.prepare('SELECT reason FROM scans').all()).toEqual([{ reason: 'badge_revoked' }]);
    });

    it('honours a revocation made by another server since this one last saw the attendee', async () => {
      const other = await t.twin();
      await people(1);
      expect((await scan(input(1, 'tmk'))).answer.outcome).toBe('entered');
      await other.putAttendee({ no: 1, firstName: 'Name1', serial: null });
      expect((await scan(input(1, 'umz', now + MIN))).answer).toMatchObject({ outcome: 'rejected', reason: 'badge_revoked' });
      await other.putAttendee({ no: 1, firstName: 'Name1', serial: 's1' });
      await other.command('tmk', { action: 'status', value: 'paused' }, randomUUID(), now + 2 * MIN);
      // Leaving a paused station still works, and the pause made elsewhere is seen.
      expect((await scan(input(1, 'tmk', now + 3 * MIN))).answer.outcome).toBe('exited');
      expect((await scan(input(1, 'tmk', now + 4 * MIN, { kioskId: 'another' }))).answer).toMatchObject({ reason: 'station_paused' });
    });

    it('counts on site who came through the gate or is at a station now, and not who left', async () => {
      await people(4);
      await scan(input(1, 'entrance')); // through the gate
      await scan(input(2, 'kazzinc')); // walked in past the desk, seen at a station
      await scan(input(3, 'entrance'));
      await scan(input(3, 'umz', now + MIN));
      await scan(input(3, 'entrance', now + 2 * MIN)); // left through the gate, and the station with it
      expect(await t.store.onSite()).toBe(2);
      await scan(input(2, 'kazzinc', now + 3 * MIN)); // scanned out of the only place they were seen
      expect(await t.store.onSite()).toBe(1);
      expect(await (await t.twin()).onSite()).toBe(1);
    });

    it('tells listeners which stations changed', async () => {
      await people(1);
      const seen: string[][] = [];
      t.store.onChange((ids) => seen.push(ids));
      await scan(input(1, 'tmk'));
      await scan(input(1, 'umz', now + MIN));
      expect(seen).toEqual([['tmk'], ['umz', 'tmk']]);
    });
  });
}

/** The commits a Redis store sends, as `watchCommits` sees them. */
interface Commits {
  sent: number;
  /** The most on their way (sent, Redis's answer not yet back) at once. */
  most: number;
  /** Redis's answers ('ok', 'conflict', 'replayed'), in the order they came back. */
  replies: string[];
}

/** Lets the store take up the scans queued in this turn (its pump runs on setImmediate, and sends a group it holds the documents of at once). */
const storeTurn = () => new Promise((r) => setImmediate(r));

/**
 * Watches the group commits `store` sends. `holdNext` holds Redis's answers from the next commit
 * on until `release` (then gives them in the order sent, as Redis does): those groups are on
 * their way (sent, their answers not back) for as long as the test needs, however loaded the
 * machine, rather than for as long as a timer guesses.
 */
function watchCommits(store: RedisStore): { seen: Commits; holdNext: () => { sent: Promise<void>; release: () => void } } {
  const seen: Commits = { sent: 0, most: 0, replies: [] };
  let onTheirWay = 0;
  let held: { sent: () => void; released: Promise<void> } | null = null;
  /** The answer given last: each waits for the one sent before it. */
  let given: Promise<unknown> = Promise.resolve();
  const commit = store.redis.kzCommit.bind(store.redis);
  store.redis.kzCommit = (args) => {
    seen.sent += 1;
    seen.most = Math.max(seen.most, ++onTheirWay);
    const answer = commit(args);
    const hold = held;
    hold?.sent();
    const before = given;
    const reply = (async () => {
      try {
        await before;
        if (hold) {
          await hold.released;
          // Each held answer in a turn of its own, after the store has taken up the one before.
          await storeTurn();
        }
        const r = await answer;
        seen.replies.push(String(r[0]));
        return r;
      } finally {
        onTheirWay -= 1;
      }
    })();
    given = reply.catch(() => undefined);
    return reply;
  };
  const holdNext = () => {
    let sent!: () => void;
    let release!: () => void;
    const wasSent = new Promise<void>((r) => (sent = r));
    const released = new Promise<void>((r) => (release = r));
    held = { sent: () => sent(), released };
    return { sent: wasSent, release: () => ((held = null), release()) };
  };
  return { seen, holdNext };
}

/** Attendee `no` (badge serial `s${no}`) scans at KazZinc through `store`, at a kiosk of their own. */
function scanAtKazzinc(store: RedisStore, no: number, at = Date.now()) {
  return store.scan({ id: randomUUID(), kioskId: `kiosk-${no}`, stationId: 'kazzinc', at, badge: { no, serial: `s${no}` } }, { clientAt: null });
}

/** Runs `fn` on two Redis stores over one live state, as two server processes have, then closes them. */
async function withTwoServers(fn: (a: RedisStore, b: RedisStore) => Promise<void>, redis: { groupsOnTheirWay?: number } = {}): Promise<void> {
  const t = await makeStore('redis', redis);
  try {
    await fn(t.store as RedisStore, (await t.twin()) as RedisStore);
  } finally {
    await t.close();
  }
}

describe('Redis group commits on their way together', () => {
  it('refuses a group decided on one that another server made stale, and decides both again in the order they came', async () => {
    await withTwoServers(async (a, b) => {
      for (let no = 1; no <= 4; no++) await a.putAttendee({ no, firstName: `Name${no}`, serial: `s${no}` });
      const at = Date.now();
      const scanAt = (store: RedisStore, no: number) => scanAtKazzinc(store, no, at);
      // A holds the station; then B changes it, so what A holds is stale.
      await scanAt(a, 1);
      await scanAt(b, 2);
      const { seen, holdNext } = watchCommits(a);
      // Two groups of A: the second is decided on what the first will write, and sent before
      // Redis's refusal of the first has come back (held until both are on their way).
      const held = holdNext();
      const first = scanAt(a, 3);
      await held.sent;
      const second = scanAt(a, 4);
      await expect.poll(() => seen.sent, { timeout: 5_000 }).toBe(2);
      held.release();
      const answers = await Promise.all([first, second]);
      expect(answers.map((r) => r.answer.outcome)).toEqual(['entered', 'entered']);
      expect(seen.replies.slice(0, 2)).toEqual(['conflict', 'conflict']);
      const station = (await b.station('kazzinc'))!;
      expect(Array.from(station.occupants, ([no]) => no)).toEqual([1, 2, 3, 4]);
      expect(station.visits).toBe(4);
    }, { groupsOnTheirWay: 2 });
  });
});

describe('Redis group commits under light load and under a rush', () => {
  it('sends a second small group while one is on its way, and a rush one group at a time', async () => {
    await withTwoServers(async (a, b) => {
      for (let no = 1; no <= 32; no++) await a.putAttendee({ no, firstName: `Әлия${no}`, serial: `s${no}` });
      const at = Date.now();
      const scanAt = (no: number) => scanAtKazzinc(a, no, at);
      await scanAt(1);
      const { seen, holdNext } = watchCommits(a);
      // Light load: a scan comes while the one before is on its way.
      let held = holdNext();
      const first = scanAt(2);
      await held.sent;
      const second = scanAt(3);
      await expect.poll(() => seen.sent, { timeout: 5_000 }).toBe(2);
      held.release();
      await Promise.all([first, second]);
      expect([seen.sent, seen.most]).toEqual([2, 2]);
      // A rush: 20 scans at once, then 9 more while their group is on its way.
      seen.sent = 0;
      seen.most = 0;
      held = holdNext();
      const rush = Array.from({ length: 20 }, (_, i) => scanAt(4 + i));
      await held.sent;
      const more = Array.from({ length: 9 }, (_, i) => scanAt(24 + i));
      await storeTurn();
      await storeTurn();
      expect(seen.sent).toBe(1);
      held.release();
      const answers = await Promise.all([...rush, ...more]);
      expect([seen.sent, seen.most]).toEqual([2, 1]);
      expect(answers.every((r) => !r.replayed)).toBe(true);
      const station = (await b.station('kazzinc'))!;
      expect(station.occupants.size + station.queue.length).toBe(32);
    });
  });
});

describe('Redis station documents', () => {
  it('grow by a delta per commit and are written whole again after MAX_DELTAS, read alike by both servers', async () => {
    await withTwoServers(async (a, b) => {
      const deltas: number[] = [];
      for (let no = 1; no <= 2 * MAX_DELTAS + 3; no++) {
        await a.putAttendee({ no, firstName: `Name${no}`, serial: `s${no}` });
        // The servers take turns: each reads what the other appended before adding its own.
        const store = no % 2 === 0 ? a : b;
        await store.scan({ id: randomUUID(), kioskId: `kiosk-${no % 3}`, stationId: 'kazzinc', at: Date.now(), badge: { no, serial: `s${no}` } }, { clientAt: null });
        deltas.push(deltasIn((await a.redis.hget(`${a.prefix}d`, 's:kazzinc'))!));
      }
      const cycle = Array.from({ length: MAX_DELTAS + 1 }, (_, i) => (i + 1) % (MAX_DELTAS + 1));
      expect(deltas).toEqual([...cycle, ...cycle, 1].slice(0, deltas.length));
      const [fromA, fromB] = await Promise.all([a.station('kazzinc'), b.station('kazzinc')]);
      expect(fromA).toEqual(fromB);
      expect(fromA!.occupants.size + fromA!.queue.length).toBe(2 * MAX_DELTAS + 3);
      expect(fromA!.visits).toBe(fromA!.capacity);
    });
  });
});

describe('Redis board reads', () => {
  it('take the stations this server holds as Redis has them, and read the ones another server changed', async () => {
    await withTwoServers(async (a, b) => {
      for (let no = 1; no <= 2; no++) await a.putAttendee({ no, firstName: `Нұрлан${no}`, serial: `s${no}` });
      await scanAtKazzinc(a, 1);
      const docsRead: string[] = [];
      const hmget = a.redis.hmget.bind(a.redis) as (key: string, ...fields: string[]) => Promise<Array<string | null>>;
      (a.redis as unknown as { hmget: typeof hmget }).hmget = (key, ...fields) => {
        if (key === `${a.prefix}d`) docsRead.push(...fields);
        return hmget(key, ...fields);
      };
      const occupantsAt = async (store: RedisStore) => Array.from((await store.stations()).find((s) => s.def.id === 'kazzinc')!.occupants, ([no]) => no);
      expect(await occupantsAt(a)).toEqual([1]);
      expect(docsRead).not.toContain('s:kazzinc');
      expect(docsRead.length).toBe(event.stations.length - 1);
      await scanAtKazzinc(b, 2);
      docsRead.length = 0;
      expect(await occupantsAt(a)).toEqual([1, 2]);
      expect(docsRead).toContain('s:kazzinc');
      expect(await a.stations()).toEqual(await b.stations());
    });
  });
});

describe('Redis scripts', () => {
  it('commits after Redis has forgotten its scripts (a restart): the script is sent again', async () => {
    const t = await makeStore('redis');
    try {
      const store = t.store as RedisStore;
      await store.putAttendee({ no: 1, firstName: 'Name1', serial: 's1' });
      await store.redis.script('FLUSH');
      const r = await store.scan({ id: randomUUID(), kioskId: 'k', stationId: 'tmk', at: Date.now(), badge: { no: 1, serial: 's1' } }, { clientAt: null });
      expect(r.answer.outcome).toBe('entered');
      expect(Array.from((await store.station('tmk'))!.occupants, ([no]) => no)).toEqual([1]);
    } finally {
      await t.close();
    }
  });
});

describe('Redis log stream', () => {
  it.runIf(process.platform === 'linux')('is archived by a thread that yields to answering (10 nice levels lower)', async () => {
    const t = await makeStore('redis');
    try {
      // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the command in parentheses).
      const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      const values = readdirSync('/proc/self/task').map(nice);
      const own = nice(String(process.pid));
      expect(values).toContain(Math.min(19, own + 10));
    } finally {
      await t.close();
    }
  });

  it('archives a commit’s entries and answers written as one stream entry, and entries as earlier versions wrote them', async () => {
    const t = await makeStore('redis');
    try {
      const store = t.store as RedisStore;
      for (let no = 1; no <= 3; no++) await store.putAttendee({ no, firstName: `Name${no}`, serial: `s${no}` });
      const at = Date.now();
      const scans = [1, 2, 3].map((no) => ({ id: randomUUID(), kioskId: 'k', stationId: 'tmk', at, badge: { no, serial: `s${no}` } }));
      const answers = await Promise.all(scans.map((s) => store.scan(s, { clientAt: null })));
      const earlier = (stationId: string, badgeNo: number) => ({ kind: 'scan', id: randomUUID(), kioskId: 'k', stationId, badgeNo, badgeSerial: `s${badgeNo}`, at, clientAt: null, answer: { outcome: 'rejected', reason: 'badge_unknown', station: { id: stationId, occupancy: 0, capacity: 20, queue: 0 } }, effects: [] });
      // One entry alone, and a group with its answers inside.
      const alone = earlier('umz', 9);
      const grouped = [earlier('uk-chp', 10), earlier('uk-chp', 11)];
      await store.redis.xadd(store.streamKey, '*', 'e', JSON.stringify(alone));
      await store.redis.xadd(store.streamKey, '*', 'g', JSON.stringify(grouped));
      await t.archive();
      const rows = t.sqlite.prepare('SELECT id, answer FROM scans ORDER BY station_id, badge_no').all() as Array<{ id: string; answer: string }>;
      expect(rows.map((r) => r.id)).toEqual([...scans.map((s) => s.id), ...grouped.map((e) => e.id), alone.id]);
      expect(rows.slice(0, 3).map((r) => JSON.parse(r.answer))).toEqual(answers.map((o) => o.answer));
      expect(JSON.parse(rows[3].answer)).toEqual(grouped[0].answer);
      expect(await store.redis.xlen(store.streamKey)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
