import type { ReportRecords, ScanLogFilter } from '../db/durable-store.ts';
import type { ScanLog } from '../../shared/reports.ts';

export type { ScanLogFilter };

/** The scan log in time order, accepted and refused alike, with each answer's queue position and re-read flag. */
export function scanLog(reports: ReportRecords, filter: ScanLogFilter = {}): Promise<ScanLog> {
  return reports.scanLog(filter);
}
