import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { REJECT_REASONS } from '../../shared/scan.ts';
import type { HourCount, RefusedByReason, StationDetail, StationsReport, StationSummary, VisitEndings } from '../../shared/reports.ts';
import { listStations, visitSpan, type StationInfo } from './station-info.ts';
import { hourSlots, hourStart, peakOccupancy, quantile, type Stay } from './stats.ts';
import { offsetOf, type ReportOptions } from './options.ts';


/** station_id, badge_no, in_at, out_at, out_reason: arrays, which better-sqlite3 builds faster than objects. */
type VisitRow = [string, number, number, number | null, string | null];

interface ScanFigures {
  refused: Record<string, number>;
  rereads: number;
  queued: number;
  longestQueue: number;
  longestQueueAt: number | null;
}

/** Figures for every station, in event order. */
export function stationsReport(db: Db, options?: ReportOptions): StationsReport {
  const stations = listStations(db);
  const visits = db.values<VisitRow>(sql`SELECT station_id, badge_no, in_at, out_at, out_reason FROM visits`);
  const byStation = groupBy(visits, (v) => v[0]);
  const scans = scanFigures(db);
  return {
    utcOffsetMinutes: offsetOf(options),
    stations: stations.map((s) => summarise(s, byStation.get(s.id) ?? [], scans.get(s.id))),
  };
}

/** One station's figures and its visits by local hour; null when there is no such station. */
export function stationReport(db: Db, stationId: string, options?: ReportOptions): StationDetail | null {
  const [station] = listStations(db, stationId);
  if (!station) return null;
  const offset = offsetOf(options);
  const visits = db.values<VisitRow>(
    sql`SELECT station_id, badge_no, in_at, out_at, out_reason FROM visits WHERE station_id = ${stationId}`,
  );
  const span = visitSpan(db);
  const counts = new Map<number, number>();
  for (const [, , inAt] of visits) {
    const h = hourStart(inAt, offset);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  const visitsByHour: HourCount[] = hourSlots(span.from, span.to, offset).map((slot) => ({
    ...slot,
    visits: counts.get(slot.start) ?? 0,
  }));
  return {
    utcOffsetMinutes: offset,
    station: summarise(station, visits, scanFigures(db, stationId).get(stationId)),
    visitsByHour,
  };
}

function summarise(station: StationInfo, visits: VisitRow[], scans: ScanFigures | undefined): StationSummary {
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
 *
 * Three narrow queries rather than one pass: each reads few rows' JSON.
 */
function scanFigures(db: Db, stationId?: string): Map<string, ScanFigures> {
  const only = stationId === undefined ? sql`` : sql`station_id = ${stationId} AND`;
  const figures = new Map<string, ScanFigures>();
  const of = (id: string): ScanFigures => {
    let f = figures.get(id);
    if (!f) {
      f = { refused: {}, rereads: 0, queued: 0, longestQueue: 0, longestQueueAt: null };
      figures.set(id, f);
    }
    return f;
  };
  const REREAD = sql`instr(answer, 'reread') > 0 AND json_extract(answer, '$.reread') IS 1`;
  for (const [id, reason, n] of db.values<[string, string | null, number]>(
    sql`SELECT station_id, reason, COUNT(*) FROM scans WHERE ${only} outcome = 'rejected' GROUP BY station_id, reason`,
  )) {
    of(id).refused[reason ?? 'unknown'] = n;
  }
  for (const [id, n] of db.values<[string, number]>(
    sql`SELECT station_id, COUNT(*) FROM scans WHERE ${only} ${REREAD} GROUP BY station_id`,
  )) {
    of(id).rereads = n;
  }
  for (const [id, at, position] of db.values<[string, number, number | null]>(
    sql`SELECT station_id, at, json_extract(answer, '$.queuePosition') FROM scans
        WHERE ${only} outcome = 'queued' AND NOT (${REREAD})`,
  )) {
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
