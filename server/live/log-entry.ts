import type { ScanAnswer } from '../../shared/scan.ts';
import type { FlowEffect, ScanInput, StationCommand, VisitEnd } from '../flow/state.ts';

/** A scan as the log keeps it. */
export interface ScanEntry {
  kind: 'scan';
  id: string;
  kioskId: string;
  stationId: string;
  badgeNo: number | null;
  badgeSerial: string | null;
  at: number;
  clientAt: number | null;
  answer: ScanAnswer;
  effects: FlowEffect[];
}

/** One record of the durable log: what happened, and the visits it opened or closed. */
export type LogEntry =
  | ScanEntry
  | { kind: 'action'; id: string; stationId: string; at: number; action: string; value: string | null; effects: FlowEffect[] }
  | { kind: 'settle'; at: number; effects: FlowEffect[] };

/** The badge number and serial a scan read (null when the badge did not check out). */
function badgeOf(input: ScanInput): [no: number | null, serial: string | null] {
  return 'no' in input.badge ? [input.badge.no, input.badge.serial] : [null, null];
}

/** The log entry of a scan and what it did. */
export function scanEntry(input: ScanInput, clientAt: number | null, answer: ScanAnswer, effects: FlowEffect[]): ScanEntry {
  const [badgeNo, badgeSerial] = badgeOf(input);
  return {
    kind: 'scan',
    id: input.id,
    kioskId: input.kioskId,
    stationId: input.stationId,
    badgeNo,
    badgeSerial,
    at: input.at,
    clientAt,
    answer,
    effects,
  };
}

/**
 * What a visit is kept under (the visits' scan id, unique per station): the scan that began it;
 * for a visit an action began (a tour's group going in together), the action and the attendee.
 */
export function visitSource(e: LogEntry, no: number): string {
  return e.kind === 'scan' ? e.id : `${e.kind}:${e.at}:${no}`;
}

/**
 * The log entry of a station action and what it did. Its value is the command's, or what the rules
 * recorded of it (`recorded`: a tour departure's record, tour.ts DepartureRecord).
 */
export function actionEntry(id: string, stationId: string, cmd: StationCommand, at: number, effects: FlowEffect[], recorded?: string): Extract<LogEntry, { kind: 'action' }> {
  return { kind: 'action', id, stationId, at, action: cmd.action, value: 'value' in cmd ? String(cmd.value) : (recorded ?? null), effects };
}

/**
 * A scan's entry as a Redis group commit writes it: an array (id, kiosk, station, badge number
 * and serial, time, kiosk's time, effects), without its answer, which travels beside it. Scans are
 * nearly all a group commit writes, and field names were a third of their bytes.
 */
type PackedScan = [id: string, kioskId: string, stationId: string, badgeNo: number | null, badgeSerial: string | null, at: number, clientAt: number | null, effects: PackedEffect[]];
type PackedEffect = [type: PackedType, no: number, stationId: string, at: number, reason?: VisitEnd];
type PackedType = 's' | 'e' | 'c' | 'n';

/** Each effect's one-letter type in a packed scan, and back. */
const PACKED_TYPE = { visit_started: 's', visit_ended: 'e', called: 'c', no_show: 'n' } as const satisfies Record<FlowEffect['type'], PackedType>;
const UNPACKED_TYPE = { s: 'visit_started', c: 'called', n: 'no_show' } as const;

/** A log entry as a Redis group commit writes it. */
export type StreamEntry = Exclude<LogEntry, ScanEntry> | PackedScan;

/** A scan's entry for the Redis stream. */
export function packScan(input: ScanInput, clientAt: number | null, effects: FlowEffect[]): PackedScan {
  const packed = effects.map((f): PackedEffect => {
    if (f.type === 'visit_ended') return ['e', f.no, f.stationId, f.at, f.reason];
    return [PACKED_TYPE[f.type], f.no, f.stationId, f.at];
  });
  return [input.id, input.kioskId, input.stationId, ...badgeOf(input), input.at, clientAt, packed];
}

function unpackScan([id, kioskId, stationId, badgeNo, badgeSerial, at, clientAt, effects]: PackedScan, answer: ScanAnswer): ScanEntry {
  return {
    kind: 'scan',
    id,
    kioskId,
    stationId,
    badgeNo,
    badgeSerial,
    at,
    clientAt,
    answer,
    effects: effects.map(([type, no, station, when, reason]): FlowEffect => {
      if (type === 'e') return { type: 'visit_ended', no, stationId: station, at: when, reason: reason! };
      return { type: UNPACKED_TYPE[type], no, stationId: station, at: when };
    }),
  };
}

/**
 * The log entries of one Redis stream entry. A group commit writes its entries (`g`, null where a
 * write has none) and, aligned with them, its answers (`a`); earlier versions wrote whole entries
 * in `g` without `a`, or one entry alone (`e`).
 */
export function streamEntries(fields: string[]): LogEntry[] {
  const field = (name: string) => {
    for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  const one = field('e');
  if (one !== undefined) return [JSON.parse(one) as LogEntry];
  const group = field('g');
  if (group === undefined) return [];
  const answers = field('a');
  if (answers === undefined) return JSON.parse(group) as LogEntry[];
  const given = JSON.parse(answers) as ScanAnswer[];
  const entries: LogEntry[] = [];
  (JSON.parse(group) as Array<StreamEntry | null>).forEach((e, i) => {
    if (e !== null) entries.push(Array.isArray(e) ? unpackScan(e, given[i]) : e);
  });
  return entries;
}
