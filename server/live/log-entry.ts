import type { ScanAnswer } from '../../shared/scan.ts';
import type { FlowEffect } from '../flow/state.ts';

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
