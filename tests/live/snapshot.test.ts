// Snapshots of the live state over a real SQLite journal: when one is written, when it is set aside,
// and that restoring from one gives what the whole log gives. (tests/db/durable-contract.test.ts
// runs a busy day through both durable stores.)
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { LiveSnapshots, PAGE_SCANS } from '../../server/live/snapshot.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../server/live/snapshot-body.ts';
import type { LogPlace } from '../../server/db/durable-store.ts';
import { event } from './stores.ts';

const T0 = Date.UTC(2026, 11, 5, 9, 0);
const [first, second] = event.stations.filter((s) => s.mode === 'continuous');

const refusedScan = (at: number): LogEntry => ({
  kind: 'scan', id: randomUUID(), kioskId: 'k1', stationId: first.id, badgeNo: null, badgeSerial: null, at, clientAt: null,
  answer: { outcome: 'rejected', reason: 'badge_invalid', station: { id: first.id, occupancy: 0, capacity: first.capacity, queue: 0 } },
  effects: [],
});
const capacity = (at: number, value: number, stationId = second.id): LogEntry => ({ kind: 'action', id: randomUUID(), stationId, at, action: 'capacity', value: String(value), effects: [] });

describe('live state snapshots', () => {
  let sqlite: ReturnType<typeof openDatabase>['sqlite'];
  let journal: Journal;
  let written: number;
  let unreadable: boolean;
  /** How often the stored snapshot was read, and where in the log (scans and actions before it) each read of the log began. */
  let reads: { snapshot: number; from: Array<[scans: number, actions: number]> };
  const warnings: Array<[Record<string, unknown>, string]> = [];
  let snapshots: LiveSnapshots;

  beforeEach(() => {
    sqlite = openDatabase(':memory:').sqlite;
    journal = new Journal(sqlite);
    written = 0;
    unreadable = false;
    reads = { snapshot: 0, from: [] };
    warnings.length = 0;
    const log = Object.assign(Object.create(journal) as Journal, {
      writeSnapshot: (format: number, body: string, now: number) => {
        written++;
        return journal.writeSnapshot(format, body, now);
      },
      readSnapshot: () => {
        reads.snapshot++;
        return unreadable ? Promise.reject(new Error('disk I/O error')) : journal.readSnapshot();
      },
      readAfter: (after: LogPlace, answers: 'answers' | 'ids' | 'none', most?: number) => {
        reads.from.push([after.scans, after.actions]);
        return journal.readAfter(after, answers, most);
      },
    });
    snapshots = new LiveSnapshots(log, event, (details, message) => warnings.push([details, message]));
  });
  afterEach(() => sqlite.close());

  const place = async () => (JSON.parse((await journal.readSnapshot())!.body) as Snapshot).place;
  const whole = async (now: number) => rebuild(await journal.read(), event, now);

  it('writes one when restoring finds none, and none again while the log has not grown', async () => {
    await journal.write([refusedScan(T0), capacity(T0 + 1, 7), refusedScan(T0 + 2)]);
    const restored = await snapshots.restore(T0 + 10, 'answers');
    expect(restored).toEqual(await whole(T0 + 10));
    expect(written).toBe(1);
    expect(await place()).toEqual({ scan: { at: T0 + 2, seq: expect.any(Number) }, action: { at: T0 + 1, seq: expect.any(Number) }, scans: 2, actions: 1 });
    expect(await snapshots.restore(T0 + 10, 'answers')).toEqual(restored);
    await snapshots.take();
    expect(written).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('takes one covering the log written since the last, one at a time however often asked', async () => {
    await journal.write([refusedScan(T0)]);
    await snapshots.take();
    expect(written).toBe(1);
    await journal.write([capacity(T0 + 5, 9), refusedScan(T0 + 6)]);
    await Promise.all([snapshots.take(), snapshots.take()]);
    expect(written).toBe(2);
    expect(await place()).toMatchObject({ scans: 2, actions: 1 });
    await journal.write([refusedScan(T0 + 7)]);
    await snapshots.take();
    expect(written).toBe(3);
    expect((await place()).scans).toBe(3);
    // Restoring in a new process reads it and replays the rest alike.
    await journal.write([capacity(T0 + 8, 4)]);
    const other = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await other.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(warnings).toEqual([]);
  });

  it('takes one a few scans a turn, the actions among them in place, and reaches what the whole log gives', async () => {
    // Actions at a scan's millisecond come before it; a page cut at T0 + 1 holds both actions at T0 + 1.
    await journal.write([capacity(T0, 7), refusedScan(T0), refusedScan(T0), capacity(T0 + 1, 5), capacity(T0 + 1, 6, first.id), refusedScan(T0 + 1), refusedScan(T0 + 2), capacity(T0 + 3, 2)]);
    const places = [];
    for (let turn = 0; turn < 5; turn++) {
      await snapshots.take(2);
      places.push(await place());
    }
    expect(places.map((p) => [p.scans, p.actions])).toEqual([[2, 1], [4, 3], [4, 4], [4, 4], [4, 4]]);
    expect(written).toBe(3);
    expect((await journal.readSnapshot())!.body).toBe((await whole(T0 + 10)).snapshot);
    // A turn cut short leaves the rest to the next, on the snapshot it wrote (read afresh by another process alike).
    await journal.write([refusedScan(T0 + 4), capacity(T0 + 4, 9), refusedScan(T0 + 5), refusedScan(T0 + 6)]);
    await new LiveSnapshots(journal, event, () => {}).take(1);
    expect(await place()).toMatchObject({ scans: 5, actions: 5 });
    await snapshots.take(2);
    expect(await place()).toMatchObject({ scans: 6, actions: 5 });
    await snapshots.take();
    expect((await journal.readSnapshot())!.body).toBe((await whole(T0 + 10)).snapshot);
    expect(warnings).toEqual([]);
  });

  it('takes the next one from the last it holds and the log after it, reading neither the stored one nor the log before again', async () => {
    await journal.write([refusedScan(T0), capacity(T0 + 1, 7)]);
    await snapshots.take();
    expect([written, reads.snapshot]).toEqual([1, 1]);
    // An action alone is reason enough for a new one.
    await journal.write([capacity(T0 + 2, 5)]);
    await snapshots.take();
    expect(written).toBe(2);
    expect(await place()).toMatchObject({ scans: 1, actions: 2 });
    await journal.write([refusedScan(T0 + 3)]);
    await snapshots.take();
    expect(written).toBe(3);
    expect(await place()).toMatchObject({ scans: 2, actions: 2 });
    expect(reads.snapshot).toBe(1);
    // Each turn read the log from where the snapshot before it ended (the first from the start).
    expect(reads.from).toEqual([[0, 0], [1, 1], [1, 2]]);
    expect((await journal.readSnapshot())!.body).toBe((await whole(T0 + 10)).snapshot);
    expect(warnings).toEqual([]);
  });

  it('reads a long log a page of PAGE_SCANS at a time, a turn ending at its most or at the log\'s end', async () => {
    const rows = (n: number, from: number) => Array.from({ length: n }, (_, i) => refusedScan(from + i));
    await journal.write(rows(PAGE_SCANS + 5_000, T0));
    // A turn of exactly one full page stops there.
    await snapshots.take(PAGE_SCANS);
    expect(await place()).toMatchObject({ scans: PAGE_SCANS });
    await journal.write(rows(PAGE_SCANS, T0 + PAGE_SCANS + 5_000));
    // A turn of more than a page goes on to a second one, cut at the turn's most.
    await snapshots.take(PAGE_SCANS + 2_000);
    expect(await place()).toMatchObject({ scans: 2 * PAGE_SCANS + 2_000 });
    expect(reads.from.map(([scans]) => scans)).toEqual([0, PAGE_SCANS, 2 * PAGE_SCANS]);
    // With no most, a turn reads to the log\'s end, a page at a time.
    await snapshots.take();
    expect(await place()).toMatchObject({ scans: 2 * PAGE_SCANS + 5_000 });
    expect((await journal.readSnapshot())!.body).toBe((await whole(T0)).snapshot);
  });

  it('is renewed by a start when the log after it grew, by scans alone or by actions alone', async () => {
    await journal.write([refusedScan(T0)]);
    await snapshots.take();
    await journal.write([refusedScan(T0 + 1)]);
    await snapshots.restore(T0 + 10, 'ids');
    expect(written).toBe(2);
    expect(await place()).toMatchObject({ scans: 2, actions: 0 });
    await journal.write([capacity(T0 + 2, 5)]);
    expect(await snapshots.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(written).toBe(3);
    expect(await place()).toMatchObject({ scans: 2, actions: 1 });
    await snapshots.restore(T0 + 10, 'answers');
    expect(written).toBe(3);
  });

  it('replays the whole log with a warning when the snapshot cannot be read', async () => {
    await journal.write([refusedScan(T0), capacity(T0 + 1, 7)]);
    await snapshots.take();
    await journal.write([capacity(T0 + 2, 3)]);
    unreadable = true;
    expect(await snapshots.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(warnings).toEqual([[{ err: expect.any(Error) }, 'the snapshot of the live state cannot be read: the whole log is replayed']]);
  });

  it.each([
    ['an action timed at its last scan', [refusedScan(T0), capacity(T0 + 1, 7), refusedScan(T0 + 2)], capacity(T0 + 2, 3), 'an action after it is timed before its last scan', { scans: 2, actions: 2 }],
    ['a scan timed before its last action', [refusedScan(T0), capacity(T0 + 5, 7)], refusedScan(T0 + 3), 'a scan after it is timed before its last action', { scans: 2, actions: 1 }],
  ])('sets the snapshot aside and replays the whole log when the log after it holds %s', async (_case, before, late, reason, counts) => {
    await journal.write(before);
    await snapshots.take();
    await journal.write([late]);
    const fresh = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await fresh.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(warnings).toEqual([[{ reason }, 'the snapshot of the live state does not fit the log: the whole log is replayed']]);
    expect(await place()).toMatchObject(counts);
    // Taking one on the snapshot that does not fit replays the whole log too.
    await journal.write([refusedScan(T0 + 20)]);
    await snapshots.take();
    expect(await place()).toMatchObject({ scans: counts.scans + 1, actions: counts.actions });
  });

  it('fits a log after a snapshot with no scans, or no actions, whatever their times', async () => {
    await journal.write([capacity(T0 + 5, 7)]);
    await snapshots.take();
    // A later action at any time after it fits: the snapshot has no scan it could come before.
    await journal.write([capacity(T0 + 6, 8)]);
    const a = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await a.restore(T0 + 10, 'ids')).toMatchObject({ place: { scans: 0, actions: 2 } });
    expect(warnings).toEqual([]);
  });

  it('fits scans after a snapshot timed at or after its last action', async () => {
    await journal.write([refusedScan(T0), capacity(T0 + 5, 7)]);
    await snapshots.take();
    // A whole replay applies the action before a scan of the same millisecond, as the snapshot did.
    await journal.write([refusedScan(T0 + 5), refusedScan(T0 + 6)]);
    const fresh = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await fresh.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(warnings).toEqual([]);
  });

  it('sets the snapshot aside when rows were written into the log before its place since it was taken', async () => {
    await journal.write([refusedScan(T0), refusedScan(T0 + 5)]);
    await snapshots.take();
    await journal.write([refusedScan(T0 + 2)]);
    const fresh = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await fresh.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    const reason = 'rows were written into the log before the snapshot’s place since it was taken';
    expect(warnings).toEqual([[{ reason }, 'the snapshot of the live state does not fit the log: the whole log is replayed']]);
    expect(await place()).toMatchObject({ scans: 3, actions: 0 });
    // The instance holding the first snapshot finds it out of place on its next turn, and replays the whole log.
    await journal.write([refusedScan(T0 + 1)]);
    await snapshots.take();
    expect((await journal.readSnapshot())!.body).toBe((await whole(T0 + 10)).snapshot);
  });

  it('sets aside a stored body of another format with a warning', async () => {
    await journal.write([refusedScan(T0)]);
    await snapshots.take();
    await journal.writeSnapshot(SNAPSHOT_FORMAT + 1, (await journal.readSnapshot())!.body, T0);
    const fresh = new LiveSnapshots(journal, event, (details, message) => warnings.push([details, message]));
    expect(await fresh.restore(T0 + 10, 'answers')).toEqual(await whole(T0 + 10));
    expect(warnings).toEqual([[{ reason: `format ${SNAPSHOT_FORMAT + 1}, not ${SNAPSHOT_FORMAT}` }, 'the snapshot of the live state is set aside: the whole log is replayed']]);
  });
});
