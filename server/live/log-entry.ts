import type { ScanAnswer } from '../../shared/scan.ts';
import type { FlowEffect, ScanInput, StationCommand } from '../flow/state.ts';

/** One record of the durable log: what happened, and the visits it opened or closed. */
export type LogEntry =
  | {
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
  | { kind: 'action'; id: string; stationId: string; at: number; action: string; value: string | null; effects: FlowEffect[] }
  | { kind: 'settle'; at: number; effects: FlowEffect[] };

/** The log entry of a scan and what it did. */
export function scanEntry(input: ScanInput, clientAt: number | null, answer: ScanAnswer, effects: FlowEffect[]): LogEntry {
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
export function actionEntry(id: string, stationId: string, cmd: StationCommand, at: number, effects: FlowEffect[]): LogEntry {
  return { kind: 'action', id, stationId, at, action: cmd.action, value: 'value' in cmd ? String(cmd.value) : null, effects };
}
