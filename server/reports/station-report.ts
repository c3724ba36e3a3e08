import type { ReportedVisit, ReportRecords, ScanCounts } from '../db/durable-store.ts';
import { REJECT_REASONS } from '../../shared/scan.ts';
import type { HourCount, RefusedByReason, StationDetail, StationsReport, StationSummary, VisitEndings } from '../../shared/reports.ts';
import { listStations, type StationInfo } from './station-info.ts';
import { hourSlots, hourStart, peakOccupancy, quantile, type Stay } from './stats.ts';
import { offsetOf, type ReportOptions } from './options.ts';

interface ScanFigures {
  refused: Record<string, number>;
  rereads: number;
  queued: number;
  longestQueue: number;
  longestQueueAt: number | null;
}

/** Figures for every station, in event order. */
export async function stationsReport(reports: ReportRecords, options?: ReportOptions): Promise<StationsReport> {
  const [stations, visits, counts] = await Promise.all([listStations(reports), reports.visits(), reports.scanCounts()]);
  const byStation = groupBy(visits, (v) => v[0]);
  const scans = scanFigures(counts);
  return {
    utcOffsetMinutes: offsetOf(options),
    stations: stations.map((s) => summarise(s, byStation.get(s.id) ?? [], scans.get(s.id))),
  };
}

/** One station's figures and its visits by local hour; null when there is no such station. */
export async function stationReport(reports: ReportRecords, stationId: string, options?: ReportOptions): Promise<StationDetail | null> {
  const [station] = await listStations(reports, stationId);
  if (!station) return null;
  const offset = offsetOf(options);
  const [visits, span, counts] = await Promise.all([reports.visits(stationId), reports.visitSpan(), reports.scanCounts(stationId)]);
  const hours = new Map<number, number>();
  for (const [, , inAt] of visits) {
    const h = hourStart(inAt, offset);
    hours.set(h, (hours.get(h) ?? 0) + 1);
  }
  const visitsByHour: HourCount[] = hourSlots(span.from, span.to, offset).map((slot) => ({
    ...slot,
    visits: hours.get(slot.start) ?? 0,
  }));
  return {
    utcOffsetMinutes: offset,
    station: summarise(station, visits, scanFigures(counts).get(stationId)),
    visitsByHour,
  };
}

export function summarise(station: StationInfo, visits: ReportedVisit[], scans: ScanFigures | undefined): StationSummary {
  const stays: number[] = [];
  const endedBy: VisitEndings = { scan: 0, moved: 0, max_stay: 0, session_end: 0, left_site: 0, open: 0 };
  const people = new Set<number>();
  const sweep: Stay[] = [];
  for (const [, badgeNo, inAt, outAt, outReason] of visits) {
    people.add(badgeNo);
    sweep.push({ inAt, outAt });
    if (outAt === null) endedBy.open += 1;
    else {
      stays.push(outAt - inAt);
      if (outReason !== null && outReason !== 'open' && outReason in endedBy) endedBy[outReason as keyof VisitEndings] += 1;
    }
  }
  stays.sort((a, b) => a - b);
  const peak = peakOccupancy(sweep);
  const refusedByReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, scans?.refused[r] ?? 0])) as RefusedByReason;
  return {
    stationId: station.id,
    name: station.name,
    group: station.group,
    host: station.host,
    capacity: station.capacity,
    visits: visits.length,
    uniqueVisitors: people.size,
    medianStayMs: quantile(stays, 0.5),
    p90StayMs: quantile(stays, 0.9),
    peakOccupancy: peak.peak,
    peakOccupancyAt: peak.at,
    longestQueue: scans?.longestQueue ?? 0,
    longestQueueAt: scans?.longestQueueAt ?? null,
    queuedScans: scans?.queued ?? 0,
    rereads: scans?.rereads ?? 0,
    refusedScans: Object.values(refusedByReason).reduce((a, b) => a + b, 0),
    refusedByReason,
    endedBy,
  };
}

/**
 * Refusals by reason, re-reads, and the longest queue, from the scan log. A queued scan's
 * `queuePosition` is the queue's length right after it, and only a queued scan makes a queue
 * longer, so the longest queue is the largest position. Camera re-reads repeat an old answer and
 * are left out (they would report an old position at a later time).
 */
function scanFigures(counts: ScanCounts): Map<string, ScanFigures> {
  const figures = new Map<string, ScanFigures>();
  const of = (id: string): ScanFigures => {
    let f = figures.get(id);
    if (!f) {
      f = { refused: {}, rereads: 0, queued: 0, longestQueue: 0, longestQueueAt: null };
      figures.set(id, f);
    }
    return f;
  };
  for (const [id, reason, n] of counts.refused) of(id).refused[reason ?? 'unknown'] = n;
  for (const [id, n] of counts.rereads) of(id).rereads = n;
  for (const [id, at, position] of counts.queued) {
    const f = of(id);
    f.queued += 1;
    if (position !== null && (position > f.longestQueue || (position === f.longestQueue && at < f.longestQueueAt!))) {
      f.longestQueue = position;
      f.longestQueueAt = at;
    }
  }
  return figures;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}
