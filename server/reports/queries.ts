// Every report, as functions of what the durable store reads for reports: (store.reports, options) -> data.
export { stationsReport, stationReport } from './station-report.ts';
export { eventReport, type EventReportOptions } from './event-report.ts';
export { leadList, leadLists, NotEmployerStation } from './leads.ts';
export { scanLog, type ScanLogFilter } from './scan-log.ts';
export { DEFAULT_UTC_OFFSET_MINUTES, type ReportOptions } from './options.ts';
