import type { AttendeeVisits, ReportRecords, ReportedVisit } from '../db/durable-store.ts';
import { departureRecord } from '../flow/tour.ts';
import type { CategoryTopStations, EventReport, Funnel, GroupFigures, Heatmap, PlaceFigures, RankedStation, TourFigures } from '../../shared/reports.ts';
import type { StationMode } from '../../shared/event.ts';
import { listStations, type StationInfo } from './station-info.ts';
import { hourSlots } from './stats.ts';
import { summarise } from './station-report.ts';
import { ATTENDEE_CATEGORIES } from '../../shared/attendee.ts';
import { offsetOf, type ReportOptions } from './options.ts';

export interface EventReportOptions extends ReportOptions {
  /** How many stations to rank per category; 0 for all. */
  top?: number;
}

/** The kinds of places the programme's day holds beside the stations, reported on their own. */
const PLACE_MODES: readonly StationMode[] = ['hall', 'exhibition', 'tour'];

/**
 * The whole event: funnel, visits by category and institution, favourite stations per category,
 * station × hour heat map, the day's places (halls, exhibitions). Visits at the gate are arrivals on site, not station visits; someone
 * seen at a station without a gate scan still arrived.
 */
export async function eventReport(reports: ReportRecords, options?: EventReportOptions): Promise<EventReport> {
  const offset = offsetOf(options);
  const stations = await listStations(reports);
  const [attendees, byCategory, span, byHour, places] = await Promise.all([
    reports.attendeeVisits(),
    reports.stationVisitsByCategory(),
    reports.visitSpan(),
    reports.visitsByHour(offset),
    Promise.all(stations.filter((s) => PLACE_MODES.includes(s.mode)).map((s) => placeFigures(reports, s))),
  ]);

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
    topStations: topStations(byCategory, stations, options?.top ?? 5),
    heatmap: heatmap(byHour, span, stations, offset),
    places,
  };
}

/** A hall's, an exhibition's or a tour's entries, visitors and fullest moment (a tour's: its largest group), and a tour's departures. */
async function placeFigures(reports: ReportRecords, s: StationInfo): Promise<PlaceFigures> {
  const visits = await reports.visits(s.id);
  const { stationId, name, capacity, uniqueVisitors, peakOccupancy, peakOccupancyAt } = summarise(s, visits, undefined);
  return {
    stationId,
    name,
    mode: s.mode,
    capacity,
    visits: visits.length,
    uniqueVisitors,
    peakOccupancy,
    peakOccupancyAt,
    ...(s.mode === 'tour' ? { tours: tourFigures(await reports.departures(s.id), visits, capacity) } : {}),
  };
}

/**
 * A tour's departures from the log's records of their starts. A start written before they were
 * recorded counts those who went in at that moment (everyone on a departure goes in as the guide
 * starts it), its group the tour's size, and no no-shows: none were kept.
 */
function tourFigures(departures: ReadonlyArray<[at: number, value: string | null]>, visits: readonly ReportedVisit[], capacity: number): TourFigures {
  const figures: TourFigures = { departures: departures.length, booked: 0, went: 0, noShows: 0, places: 0 };
  for (const [at, value] of departures) {
    const record = departureRecord(value);
    const went = record ? record.went.length : visits.filter(([, , inAt]) => inAt === at).length;
    const noShows = record ? record.noShows.length : 0;
    figures.went += went;
    figures.noShows += noShows;
    figures.booked += went + noShows;
    figures.places += record ? record.group : capacity;
  }
  return figures;
}

/** Figures per key; `fixed` keys come first, in their order, even when nobody has them. */
function figuresBy(
  attendees: readonly AttendeeVisits[],
  key: (a: AttendeeVisits) => string,
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
function topStations(
  rows: Array<{ category: string; stationId: string; visits: number; people: number }>,
  stations: readonly StationInfo[],
  top: number,
): CategoryTopStations[] {
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
      list.sort((a, b) => b.visits - a.visits || b.people - a.people || order.get(a.stationId)! - order.get(b.stationId)!);
      const ranked: RankedStation[] = (top > 0 ? list.slice(0, top) : list).map((r, i) => {
        const s = info.get(r.stationId)!;
        return { rank: i + 1, stationId: s.id, name: s.name, group: s.group, visits: r.visits, uniqueVisitors: r.people };
      });
      return { category, stations: ranked };
    });
}

/** Visits begun per station and local hour, every station but the gate, every hour of the day. */
function heatmap(
  rows: ReadonlyArray<[stationId: string, hour: number, visits: number]>,
  span: { from: number | null; to: number | null },
  stations: readonly StationInfo[],
  offset: number,
): Heatmap {
  const hours = hourSlots(span.from, span.to, offset);
  const column = new Map(hours.map((h, i) => [h.start, i]));
  const off = offset * 60_000;
  const cells = new Map<string, number[]>();
  for (const s of stations) if (s.group !== 'entrance') cells.set(s.id, hours.map(() => 0));
  for (const [stationId, hour, n] of rows) {
    const line = cells.get(stationId);
    const i = column.get(hour * 3_600_000 - off);
    if (line && i !== undefined) line[i] += n;
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
