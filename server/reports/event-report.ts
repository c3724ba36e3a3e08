import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { CategoryTopStations, EventReport, Funnel, GroupFigures, Heatmap, RankedStation } from '../../shared/reports.ts';
import { listStations, visitSpan, type StationInfo } from './station-info.ts';
import { hourSlots } from './stats.ts';
import { ATTENDEE_CATEGORIES } from '../../shared/attendee.ts';
import { offsetOf, type ReportOptions } from './options.ts';

export interface EventReportOptions extends ReportOptions {
  /** How many stations to rank per category; 0 for all. */
  top?: number;
}

interface AttendeeRow {
  category: string;
  institution: string;
  arrived: number;
  visits: number;
  employer: number;
}

/**
 * The whole event: funnel, visits by category and institution, favourite stations per category,
 * station × hour heat map. Visits at the gate are arrivals on site, not station visits; someone
 * seen at a station without a gate scan still arrived.
 */
export function eventReport(db: Db, options?: EventReportOptions): EventReport {
  const offset = offsetOf(options);
  const stations = listStations(db);
  const attendees = db.all<AttendeeRow>(
    sql`WITH per AS (
         SELECT v.badge_no AS no,
                SUM(s."group" <> 'entrance') AS visits,
                MAX(s."group" = 'employer') AS employer
         FROM visits v JOIN stations s ON s.id = v.station_id
         GROUP BY v.badge_no)
       SELECT a.category, a.institution, per.no IS NOT NULL AS arrived,
              COALESCE(per.visits, 0) AS visits, COALESCE(per.employer, 0) AS employer
       FROM attendees a LEFT JOIN per ON per.no = a.badge_no`,
  );

  const funnel: Funnel = { registered: 0, arrived: 0, visitedStation: 0, visitedEmployer: 0 };
  for (const a of attendees) {
    funnel.registered += 1;
    funnel.arrived += a.arrived;
    funnel.visitedStation += a.visits > 0 ? 1 : 0;
    funnel.visitedEmployer += a.employer;
  }
  return {
    utcOffsetMinutes: offset,
    funnel,
    byCategory: figuresBy(attendees, (a) => a.category, ATTENDEE_CATEGORIES),
    byInstitution: figuresBy(attendees, (a) => a.institution),
    topStations: topStations(db, stations, options?.top ?? 5),
    heatmap: heatmap(db, stations, offset),
  };
}

/** Figures per key; `fixed` keys come first, in their order, even when nobody has them. */
function figuresBy(
  attendees: readonly AttendeeRow[],
  key: (a: AttendeeRow) => string,
  fixed: readonly string[] = [],
): GroupFigures[] {
  const groups = new Map<string, GroupFigures>();
  for (const k of fixed) groups.set(k, { key: k, registered: 0, arrived: 0, visitors: 0, visits: 0 });
  for (const a of attendees) {
    const k = key(a);
    let g = groups.get(k);
    if (!g) {
      g = { key: k, registered: 0, arrived: 0, visitors: 0, visits: 0 };
      groups.set(k, g);
    }
    g.registered += 1;
    g.arrived += a.arrived;
    g.visitors += a.visits > 0 ? 1 : 0;
    g.visits += a.visits;
  }
  const rest = [...groups.values()].filter((g) => !fixed.includes(g.key));
  rest.sort((a, b) => b.visits - a.visits || b.registered - a.registered || a.key.localeCompare(b.key));
  return [...fixed.map((k) => groups.get(k)!), ...rest];
}

/** Stations ranked by visits within each category; ties by unique visitors, then event order. */
function topStations(db: Db, stations: readonly StationInfo[], top: number): CategoryTopStations[] {
  const rows = db.all<{ category: string; station_id: string; visits: number; people: number }>(
    sql`SELECT a.category, v.station_id, COUNT(*) AS visits, COUNT(DISTINCT v.badge_no) AS people
       FROM visits v
       JOIN attendees a ON a.badge_no = v.badge_no
       JOIN stations s ON s.id = v.station_id
       WHERE s."group" <> 'entrance'
       GROUP BY a.category, v.station_id`,
  );
  const order = new Map(stations.map((s, i) => [s.id, i]));
  const info = new Map(stations.map((s) => [s.id, s]));
  const byCategory = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byCategory.get(r.category);
    if (list) list.push(r);
    else byCategory.set(r.category, [r]);
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => categoryOrder(a) - categoryOrder(b) || a.localeCompare(b))
    .map(([category, list]) => {
      list.sort((a, b) => b.visits - a.visits || b.people - a.people || order.get(a.station_id)! - order.get(b.station_id)!);
      const ranked: RankedStation[] = (top > 0 ? list.slice(0, top) : list).map((r, i) => {
        const s = info.get(r.station_id)!;
        return { rank: i + 1, stationId: s.id, name: s.name, group: s.group, visits: r.visits, uniqueVisitors: r.people };
      });
      return { category, stations: ranked };
    });
}

/** Visits begun per station and local hour, every station but the gate, every hour of the day. */
function heatmap(db: Db, stations: readonly StationInfo[], offset: number): Heatmap {
  const span = visitSpan(db);
  const hours = hourSlots(span.from, span.to, offset);
  const column = new Map(hours.map((h, i) => [h.start, i]));
  const off = offset * 60_000;
  // Local hour number since the epoch. The offset is bound as a double (a JS number), so it is cast
  // back to an integer for the division to be integer division.
  const rows = db.all<{ station_id: string; h: number; n: number }>(
    sql`SELECT station_id, (in_at + CAST(${off} AS INTEGER)) / 3600000 AS h, COUNT(*) AS n FROM visits GROUP BY 1, 2`,
  );
  const cells = new Map<string, number[]>();
  for (const s of stations) if (s.group !== 'entrance') cells.set(s.id, hours.map(() => 0));
  for (const r of rows) {
    const line = cells.get(r.station_id);
    const i = column.get(r.h * 3_600_000 - off);
    if (line && i !== undefined) line[i] += r.n;
  }
  return {
    hours,
    stations: stations
      .filter((s) => s.group !== 'entrance')
      .map((s) => ({ stationId: s.id, name: s.name, group: s.group, visits: cells.get(s.id)! })),
  };
}

function categoryOrder(category: string): number {
  const i = (ATTENDEE_CATEGORIES as readonly string[]).indexOf(category);
  return i < 0 ? ATTENDEE_CATEGORIES.length : i;
}
