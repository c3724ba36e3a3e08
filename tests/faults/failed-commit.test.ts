// A commit of the log that fails (the disk full, storage failing) must leave the in-process live
// state exactly as it was: every change of the failed group taken back, the last first.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageFailure } from '../../server/db/storage-failure.ts';
import type { AttendeeState, ScanInput, ReadonlyStation } from '../../server/flow/state.ts';
import { makeStore, type StoreUnderTest } from '../live/stores.ts';

const MIN = 60_000;
const PEOPLE = 30;

describe('in-process live store when a commit fails', () => {
  let t: StoreUnderTest;
  const now = Date.now();
  beforeEach(async () => {
    t = await makeStore('memory');
    for (let no = 1; no <= PEOPLE; no++) await t.store.putAttendee({ no, firstName: `Әлия${no}`, serial: `s${no}` });
  });
  afterEach(async () => {
    await t.close();
  });

  const input = (no: number, stationId: string, at: number): ScanInput => ({ id: randomUUID(), kioskId: `kiosk-${stationId}`, stationId, at, badge: { no, serial: `s${no}` } });
  const scan = (i: ScanInput) => t.store.scan(i, { clientAt: null });
  /** Everything the store holds, versions aside (a station put back gets a newer one). */
  const state = async () => {
    const stations = (await t.store.stations()).map(({ version: _v, ...s }: ReadonlyStation) => s);
    const attendees: Array<Omit<AttendeeState, 'version'>> = [];
    for (let no = 1; no <= PEOPLE; no++) {
      const { version: _v, ...a } = (await t.store.attendee(no))!;
      attendees.push(a);
    }
    return { stations, attendees };
  };
  /** Lets the database grow no further: the next commit that needs a page fails with SQLITE_FULL. */
  const fillDisk = () => t.sqlite.pragma(`max_page_count = ${t.sqlite.pragma('page_count', { simple: true }) as number}`);
  const freeDisk = () => t.sqlite.pragma('max_page_count = 1073741823');
  /** Every write fails (SQLITE_READONLY), however small: storage failing for another reason than space. */
  const breakStorage = () => t.sqlite.pragma('query_only = ON');
  const mendStorage = () => t.sqlite.pragma('query_only = OFF');

  /** A group of one turn: people arrive, move between small stations, fill them and queue, leave. */
  const group = (at: number) => {
    const scans: ScanInput[] = [];
    for (let no = 1; no <= PEOPLE; no++) scans.push(input(no, no % 2 ? 'uk-chp' : 'tmk', at));
    for (let no = 1; no <= PEOPLE; no += 3) scans.push(input(no, 'oesk', at + 1));
    for (let no = 2; no <= PEOPLE; no += 5) scans.push(input(no, 'tmk', at + 2));
    return scans;
  };

  it('takes back every scan of a failed group, the last first, and answers none of them', async () => {
    await Promise.all(group(now - 10 * MIN).map(scan));
    const before = await state();
    fillDisk();
    const changed: string[] = [];
    t.store.onChange((ids) => changed.push(...ids));
    const scans = group(now);
    const results = await Promise.allSettled(scans.map(scan));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StorageFailure && r.reason.full)).toBe(true);
    expect(await state()).toEqual(before);
    // Screens that may have read a change in the moment before its commit failed hear of the stations again.
    expect(new Set(changed)).toEqual(new Set(['uk-chp', 'tmk', 'oesk']));

    // Space again: the same scans (a kiosk's outbox sends them again with their ids) are decided afresh and kept.
    freeDisk();
    const again = await Promise.all(scans.map(scan));
    expect(again.every((r) => !r.replayed)).toBe(true);
    expect(t.sqlite.prepare('SELECT count(*) AS n FROM scans WHERE at >= ?').get(now)).toEqual({ n: scans.length });
  });

  it('takes back station actions and settling whose commit failed', async () => {
    for (let no = 1; no <= 14; no++) await scan(input(no, 'uk-chp', now - 5 * MIN + no));
    for (let no = 15; no <= 18; no++) await scan(input(no, 'college-1', now - 40 * MIN));
    const before = await state();
    breakStorage();
    // In one turn: a capacity raise calls the queue in, a pause, and settling checks out who stayed too long.
    const raise = t.store.command('uk-chp', { action: 'capacity', value: 10 }, randomUUID(), now);
    const pause = t.store.command('uk-chp', { action: 'status', value: 'paused' }, randomUUID(), now);
    const settle = t.store.settle(now);
    const results = await Promise.allSettled([raise, pause, settle]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await state()).toEqual(before);
    mendStorage();
    await t.store.command('uk-chp', { action: 'capacity', value: 10 }, randomUUID(), now);
    await t.store.settle(now);
    expect((await t.store.station('uk-chp'))!.called).toHaveLength(2);
    expect([...(await t.store.station('college-1'))!.occupants]).toEqual([]);
  });

  it('keeps a station’s versions rising through a failed commit', async () => {
    await scan(input(1, 'tmk', now - MIN));
    const v = (await t.store.station('tmk'))!.version;
    breakStorage();
    await expect(scan(input(2, 'tmk', now))).rejects.toMatchObject({ full: false });
    expect((await t.store.station('tmk'))!.version).toBeGreaterThan(v + 1);
    mendStorage();
    expect((await scan(input(2, 'tmk', now))).answer.station.occupancy).toBe(2);
  });
});
