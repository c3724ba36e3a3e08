// Log entries as the stores write them and as the archiver reads them back from the Redis stream.
// The archiver runs in a worker thread; these tests run its reading in-process.
import { describe, expect, it } from 'vitest';
import type { FlowEffect, ScanInput } from '../../server/flow/state.ts';
import { actionEntry, packScan, scanEntry, streamEntries, type LogEntry, type StreamEntry } from '../../server/live/log-entry.ts';
import type { ScanAnswer } from '../../shared/scan.ts';

const input: ScanInput = { id: 'scan-1', kioskId: 'kiosk-a', stationId: 'tmk', at: 5000, badge: { no: 1001, serial: 'abc' } };
const refused: ScanInput = { ...input, id: 'scan-2', badge: { error: 'badge_invalid' } };
const entered: ScanAnswer = { outcome: 'entered', station: { id: 'tmk', occupancy: 1, capacity: 10, queue: 0 } };
const rejected: ScanAnswer = { outcome: 'rejected', reason: 'badge_invalid', station: { id: 'tmk', occupancy: 0, capacity: 10, queue: 0 } };
const effects: FlowEffect[] = [
  { type: 'visit_ended', no: 1001, stationId: 'umz', at: 5000, reason: 'moved' },
  { type: 'visit_started', no: 1001, stationId: 'tmk', at: 5000 },
  { type: 'called', no: 1002, stationId: 'umz', at: 5000 },
];

/** A Redis stream entry's fields, as XREAD gives them: name, value, name, value… */
const fields = (o: Record<string, unknown>): string[] => Object.entries(o).flatMap(([k, v]) => [k, JSON.stringify(v)]);

describe('log entries', () => {
  it('keep a scan with its badge, times, answer and effects', () => {
    expect(scanEntry(input, 4990, entered, effects)).toEqual({
      kind: 'scan', id: 'scan-1', kioskId: 'kiosk-a', stationId: 'tmk', badgeNo: 1001, badgeSerial: 'abc', at: 5000, clientAt: 4990, answer: entered, effects,
    });
  });

  it('keep a refused badge as no number and no serial', () => {
    const e = scanEntry(refused, null, rejected, []);
    expect([e.badgeNo, e.badgeSerial, e.clientAt]).toEqual([null, null, null]);
  });

  it('keep an action with its value as text, or null when it has none', () => {
    expect(actionEntry('act-1', 'tmk', { action: 'capacity', value: 12 }, 7000, [])).toEqual({
      kind: 'action', id: 'act-1', stationId: 'tmk', at: 7000, action: 'capacity', value: '12', effects: [],
    });
    expect(actionEntry('act-2', 'tmk', { action: 'session_end' }, 7000, effects)).toEqual({
      kind: 'action', id: 'act-2', stationId: 'tmk', at: 7000, action: 'session_end', value: null, effects,
    });
  });

  it('read back from a group commit give each scan its answer and every effect with its reason', () => {
    const action = actionEntry('act-1', 'tmk', { action: 'status', value: 'paused' }, 6000, []);
    const settle: LogEntry = { kind: 'settle', at: 6500, effects: [effects[0]] };
    const group: Array<StreamEntry | null> = [packScan(input, 4990, effects), null, action, packScan(refused, null, []), settle];
    const answers = [entered, entered, entered, rejected, entered];
    expect(streamEntries(fields({ g: group, a: answers }))).toEqual([
      scanEntry(input, 4990, entered, effects),
      action,
      scanEntry(refused, null, rejected, []),
      settle,
    ]);
  });

  it('read back a packed no-show as a no-show, not as a visit started', () => {
    const noShow: FlowEffect[] = [{ type: 'no_show', no: 1003, stationId: 'museum', at: 5000 }, ...effects];
    expect(streamEntries(fields({ g: [packScan(input, null, noShow)], a: [entered] }))).toEqual([scanEntry(input, null, entered, noShow)]);
  });

  it('read back the older forms: whole entries in a group, or one entry alone', () => {
    const one = scanEntry(input, null, entered, effects);
    const two: LogEntry = { kind: 'settle', at: 6500, effects: [] };
    expect(streamEntries(fields({ g: [one, two] }))).toEqual([one, two]);
    expect(streamEntries(fields({ e: one }))).toEqual([one]);
    // The field looked up is found wherever it stands among the others.
    expect(streamEntries(['x', '1', 'e', JSON.stringify(two)])).toEqual([two]);
  });

  it('read nothing from a stream entry without a log entry', () => {
    expect(streamEntries(fields({ x: 1 }))).toEqual([]);
    expect(streamEntries([])).toEqual([]);
    // A field's value is never taken for a field's name.
    expect(streamEntries(['x', 'e'])).toEqual([]);
  });
});
