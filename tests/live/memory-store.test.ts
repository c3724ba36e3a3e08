// The in-process live store over a journal stand-in: what it appends, whom it tells, and how long
// it says a commit took. The contract suite (contract.test.ts) runs it on a real journal.
import { describe, expect, it } from 'vitest';
import { BUNDLED_EVENT, loadEvent } from '../../server/config.ts';
import type { DurableLog } from '../../server/db/durable-store.ts';
import { newStation, type AttendeeState, type ScanInput } from '../../server/flow/state.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { MemoryStore } from '../../server/live/memory-store.ts';
import { LOG_START } from '../../server/live/rebuild.ts';

const event = loadEvent(BUNDLED_EVENT);
const T0 = Date.UTC(2026, 11, 5, 9, 0);
const MIN = 60_000;
const station = event.stations.find((s) => s.mode === 'continuous')!;

function storeWith(attendees: AttendeeState[] = [], commitMs = 0) {
  const entries: LogEntry[] = [];
  /** While set, every commit fails: its undo runs first, as the journal's does. */
  const failing = { on: false, meanwhile: async () => {} };
  const journal = {
    append: async (entry: LogEntry, undo?: () => void) => {
      entries.push(entry);
      if (commitMs > 0) await new Promise((r) => setTimeout(r, commitMs));
      if (!failing.on) return;
      await failing.meanwhile();
      undo?.();
      throw new Error('commit failed');
    },
    answerOf: async () => null,
  } as unknown as DurableLog;
  const store = new MemoryStore(event, { stations: event.stations.map(newStation), attendees, answers: [], actionIds: [], effects: [], place: LOG_START, snapshot: '' }, journal);
  const changed: string[][] = [];
  store.onChange((ids) => changed.push(ids));
  return { store, entries, changed, failing };
}

const scanOf = (no: number, at: number, stationId = station.id): ScanInput => ({ id: `scan-${no}-${at}`, kioskId: 'k1', stationId, at, badge: { no, serial: `s${no}` } });
const attendee = (no: number): AttendeeState => ({ no, firstName: `Әлия${no}`, serial: `s${no}`, stationId: null, onSiteSince: null, version: 1 });

describe('in-process live store', () => {
  it('is the memory kind and starts from the attendees it was given', async () => {
    const { store } = storeWith([attendee(7)]);
    expect(store.kind).toBe('memory');
    expect(await store.attendee(7)).toEqual(attendee(7));
    expect(await store.attendee(8)).toBeNull();
  });

  it('refuses a scan at a station it does not have, and answers one of a badge it does not know', async () => {
    const { store } = storeWith();
    await expect(store.scan(scanOf(1, T0, 'nowhere'), { clientAt: null })).rejects.toThrow('unknown station nowhere');
    const { answer } = await store.scan(scanOf(99, T0), { clientAt: null });
    expect(answer).toMatchObject({ outcome: 'rejected' });
  });

  it('counts a new badge for an attendee as a new version', async () => {
    const { store } = storeWith([attendee(7)]);
    await store.putAttendee({ no: 7, firstName: 'Әлия', serial: 'new' });
    expect(await store.attendee(7)).toMatchObject({ serial: 'new', firstName: 'Әлия', version: 2 });
  });

  it('tells listeners of the station a command changed', async () => {
    const { store, changed } = storeWith();
    const r = await store.command(station.id, { action: 'capacity', value: 3 }, 'cmd-1', T0);
    expect(r.station).toMatchObject({ capacity: 3 });
    expect(changed).toEqual([[station.id]]);
  });

  it('answers a refused command with its error, and neither logs nor tells it', async () => {
    const { store, entries, changed } = storeWith();
    expect(await store.command(station.id, { action: 'call_next' }, 'cmd-1', T0)).toEqual({ station: null, error: 'queue_empty' });
    expect([entries, changed]).toEqual([[], []]);
  });

  it('settles without writing or telling anyone when nothing is due, and logs and tells the check-outs when some are', async () => {
    const { store, entries, changed } = storeWith([attendee(1)]);
    await store.scan(scanOf(1, T0), { clientAt: null });
    entries.length = 0;
    changed.length = 0;
    await store.settle(T0 + MIN);
    expect([entries, changed]).toEqual([[], []]);
    await store.settle(T0 + (station.maxStayMinutes + 1) * MIN);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'settle', at: T0 + (station.maxStayMinutes + 1) * MIN });
    expect(changed).toEqual([[station.id]]);
  });

  it('tells commit listeners how long the commit took, in seconds', async () => {
    const { store } = storeWith([attendee(1)], 30);
    const seconds: number[] = [];
    store.onCommit((s) => seconds.push(s));
    await store.scan(scanOf(1, T0), { clientAt: null });
    expect(seconds).toHaveLength(1);
    expect(seconds[0]).toBeGreaterThanOrEqual(0.025);
    expect(seconds[0]).toBeLessThan(5);
  });
});

describe('in-process live store when a commit fails', () => {
  it('puts a command’s station back at a newer version, and tells listeners', async () => {
    const { store, changed, failing } = storeWith();
    const before = (await store.station(station.id))!;
    failing.on = true;
    await expect(store.command(station.id, { action: 'capacity', value: 3 }, 'cmd-1', T0)).rejects.toThrow('commit failed');
    const after = (await store.station(station.id))!;
    expect(after.capacity).toBe(before.capacity);
    expect(after.version).toBe(before.version + 2);
    expect(changed).toEqual([[station.id]]);
  });

  it('takes a scan back, keeping a new badge given meanwhile, and leaves alone an attendee it did not change', async () => {
    const { store, failing } = storeWith([attendee(1), attendee(2)]);
    failing.on = true;
    failing.meanwhile = () => store.putAttendee({ no: 1, firstName: 'Әлия', serial: 'new' });
    await expect(store.scan(scanOf(1, T0), { clientAt: null })).rejects.toThrow('commit failed');
    expect(await store.attendee(1)).toMatchObject({ serial: 'new', stationId: null, onSiteSince: null });
    failing.meanwhile = async () => {};
    await expect(store.scan(scanOf(99, T0), { clientAt: null })).rejects.toThrow('commit failed');
    const before = await store.attendee(2);
    await expect(store.scan(scanOf(2, T0 + 1), { clientAt: null })).rejects.toThrow('commit failed');
    expect(await store.attendee(2)).toBe(before);
  });
});
