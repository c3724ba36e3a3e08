import type { ScanAnswer } from '../../shared/scan.ts';
import type { FlowEffect, ScanInput, StationCommand } from '../flow/state.ts';

/** A scan as the log keeps it. In the Redis log stream its answer travels beside it (`A` null). */
export interface ScanEntry<A extends ScanAnswer | null = ScanAnswer> {
  kind: 'scan';
  id: string;
  kioskId: string;
  stationId: string;
  badgeNo: number | null;
  badgeSerial: string | null;
  at: number;
  clientAt: number | null;
  answer: A;
  effects: FlowEffect[];
}

/** One record of the durable log: what happened, and the visits it opened or closed. */
export type LogEntry =
  | ScanEntry
  | { kind: 'action'; id: string; stationId: string; at: number; action: string; value: string | null; effects: FlowEffect[] }
  | { kind: 'settle'; at: number; effects: FlowEffect[] };

/** The log entry of a scan and what it did. */
export function scanEntry<A extends ScanAnswer | null>(input: ScanInput, clientAt: number | null, answer: A, effects: FlowEffect[]): ScanEntry<A> {
  return {
    kind: 'scan',
    id: input.id,
    kioskId: input.kioskId,
    stationId: input.stationId,
    badgeNo: 'no' in input.badge ? input.badge.no : null,
    badgeSerial: 'serial' in input.badge ? input.badge.serial : null,
    at: input.at,
    clientAt,
    answer,
    effects,
  };
}

/** The log entry of a station action and what it did. */
export function actionEntry(id: string, stationId: string, cmd: StationCommand, at: number, effects: FlowEffect[]): Extract<LogEntry, { kind: 'action' }> {
  return { kind: 'action', id, stationId, at, action: cmd.action, value: 'value' in cmd ? String(cmd.value) : null, effects };
}

/** A log entry as a Redis group commit writes it: a scan's answer is the one written for replays. */
export type StreamEntry = Exclude<LogEntry, ScanEntry> | ScanEntry<null>;

/**
 * The log entries of one Redis stream entry. A group commit writes its entries (`g`, null where a
 * write has none) and, aligned with them, the answers it gave (`a`); earlier versions wrote the
 * answers inside `g`, or one entry alone (`e`).
 */
export function streamEntries(fields: string[]): LogEntry[] {
  const field = (name: string) => {
    const i = fields.indexOf(name);
    return i >= 0 && i % 2 === 0 ? fields[i + 1] : undefined;
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
    if (e === null) return;
    if (e.kind === 'scan') (e as ScanEntry<ScanAnswer | null>).answer = given[i];
    entries.push(e as LogEntry);
  });
  return entries;
}
