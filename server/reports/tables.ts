import { ATTENDEE_LANGUAGES, CATEGORY_LABELS, type AttendeeCategory, type AttendeeLanguage } from '../../shared/attendee.ts';
import { PHONE_KIOSK_LABELS, REJECT_REASONS } from '../../shared/scan.ts';
import type { LocalText } from '../../shared/event.ts';
import type { EventReport, LeadList, PlaceFigures, ScanLog, StationDetail, StationSummary, StationsReport } from '../../shared/reports.ts';
import { COLUMN_TITLES, END_TITLES, FUNNEL_TITLES, GROUP_TITLES, PLACE_TITLES, REASON_TITLES, TABLE_TITLES } from './labels.ts';

/**
 * How a writer shows a cell: `time` is ms UTC shown as local time, `minutes` is ms shown as minutes
 * (one decimal), `number` and `text` as they are.
 */
export type ColumnType = 'text' | 'number' | 'time' | 'minutes';
export type Cell = string | number | null;

export interface Column {
  key: string;
  title: string;
  type?: ColumnType;
}

/** The one shape every export writer takes. */
export interface Table {
  /** Stable machine name (`?table=` picks it). */
  name: string;
  title: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

export type Language = AttendeeLanguage;
export const LANGUAGES = ATTENDEE_LANGUAGES;

type TitleKey = keyof typeof COLUMN_TITLES;

const col = (key: string, title: TitleKey, lang: Language, type: ColumnType = 'text'): Column => ({
  key,
  title: COLUMN_TITLES[title][lang],
  type,
});

function category(code: string, lang: Language): string {
  return code in CATEGORY_LABELS ? CATEGORY_LABELS[code as AttendeeCategory][lang] : code;
}

const name = (text: LocalText, lang: Language): string => text[lang];

function stationColumns(lang: Language): Column[] {
  return [
    col('stationId', 'stationId', lang),
    col('station', 'station', lang),
    col('group', 'group', lang),
    col('host', 'host', lang),
    col('capacity', 'capacity', lang, 'number'),
    col('visits', 'visits', lang, 'number'),
    col('uniqueVisitors', 'uniqueVisitors', lang, 'number'),
    col('medianStay', 'medianStay', lang, 'minutes'),
    col('p90Stay', 'p90Stay', lang, 'minutes'),
    col('peakOccupancy', 'peakOccupancy', lang, 'number'),
    col('peakOccupancyAt', 'peakOccupancyAt', lang, 'time'),
    col('longestQueue', 'longestQueue', lang, 'number'),
    col('longestQueueAt', 'longestQueueAt', lang, 'time'),
    col('queuedScans', 'queuedScans', lang, 'number'),
    col('rereads', 'rereads', lang, 'number'),
    col('refusedScans', 'refusedScans', lang, 'number'),
    ...REJECT_REASONS.map((r) => ({ key: `refused.${r}`, title: REASON_TITLES[r][lang], type: 'number' as const })),
    ...Object.entries(END_TITLES).map(([k, t]) => ({ key: `ended.${k}`, title: t[lang], type: 'number' as const })),
  ];
}

function stationRow(s: StationSummary, lang: Language): Record<string, Cell> {
  const row: Record<string, Cell> = {
    stationId: s.stationId,
    station: name(s.name, lang),
    group: GROUP_TITLES[s.group]?.[lang] ?? s.group,
    host: s.host,
    capacity: s.capacity,
    visits: s.visits,
    uniqueVisitors: s.uniqueVisitors,
    medianStay: s.medianStayMs,
    p90Stay: s.p90StayMs,
    peakOccupancy: s.peakOccupancy,
    peakOccupancyAt: s.peakOccupancyAt,
    longestQueue: s.longestQueue,
    longestQueueAt: s.longestQueueAt,
    queuedScans: s.queuedScans,
    rereads: s.rereads,
    refusedScans: s.refusedScans,
  };
  for (const r of REJECT_REASONS) row[`refused.${r}`] = s.refusedByReason[r];
  for (const [k, n] of Object.entries(s.endedBy)) row[`ended.${k}`] = n;
  return row;
}

/** Every station in one table. */
export function stationsTables(report: StationsReport, lang: Language): Table[] {
  return [
    {
      name: 'stations',
      title: TABLE_TITLES.stations[lang],
      columns: stationColumns(lang),
      rows: report.stations.map((s) => stationRow(s, lang)),
    },
  ];
}

/** One station: its figures, its visits by hour, its refusals by reason. */
export function stationTables(report: StationDetail, lang: Language): Table[] {
  const s = report.station;
  return [
    { name: 'station', title: name(s.name, lang), columns: stationColumns(lang), rows: [stationRow(s, lang)] },
    {
      name: 'hours',
      title: TABLE_TITLES.hours[lang],
      columns: [col('hour', 'hour', lang), col('start', 'hourStart', lang, 'time'), col('visits', 'visits', lang, 'number')],
      rows: report.visitsByHour.map((h) => ({ hour: h.hour, start: h.start, visits: h.visits })),
    },
    {
      name: 'refusals',
      title: TABLE_TITLES.refusals[lang],
      columns: [col('reason', 'reason', lang), col('code', 'reasonCode', lang), col('count', 'count', lang, 'number')],
      rows: REJECT_REASONS.map((r) => ({ reason: REASON_TITLES[r][lang], code: r, count: s.refusedByReason[r] })),
    },
  ];
}

/** The event report as six tables: funnel, categories, institutions, top stations, heat map, the programme's places. */
export function eventTables(report: EventReport, lang: Language): Table[] {
  const { funnel } = report;
  const groupColumns = (first: Column): Column[] => [
    first,
    col('registered', 'registered', lang, 'number'),
    col('arrived', 'arrived', lang, 'number'),
    col('visitors', 'visitors', lang, 'number'),
    col('visits', 'visits', lang, 'number'),
  ];
  const share = (n: number): number | null =>
    funnel.registered === 0 ? null : Math.round((1000 * n) / funnel.registered) / 10;
  return [
    {
      name: 'funnel',
      title: TABLE_TITLES.funnel[lang],
      columns: [col('step', 'step', lang), col('count', 'count', lang, 'number'), col('share', 'share', lang, 'number')],
      rows: (Object.keys(FUNNEL_TITLES) as Array<keyof typeof FUNNEL_TITLES>).map((k) => ({
        step: FUNNEL_TITLES[k][lang],
        count: funnel[k],
        share: share(funnel[k]),
      })),
    },
    {
      name: 'categories',
      title: TABLE_TITLES.categories[lang],
      columns: groupColumns(col('key', 'category', lang)),
      rows: report.byCategory.map((g) => ({ ...g, key: category(g.key, lang) })),
    },
    {
      name: 'institutions',
      title: TABLE_TITLES.institutions[lang],
      columns: groupColumns(col('key', 'institution', lang)),
      rows: report.byInstitution.map((g) => ({ ...g })),
    },
    {
      name: 'top',
      title: TABLE_TITLES.top[lang],
      columns: [
        col('category', 'category', lang),
        col('rank', 'rank', lang, 'number'),
        col('stationId', 'stationId', lang),
        col('station', 'station', lang),
        col('visits', 'visits', lang, 'number'),
        col('uniqueVisitors', 'uniqueVisitors', lang, 'number'),
      ],
      rows: report.topStations.flatMap((c) =>
        c.stations.map((s) => ({
          category: category(c.category, lang),
          rank: s.rank,
          stationId: s.stationId,
          station: name(s.name, lang),
          visits: s.visits,
          uniqueVisitors: s.uniqueVisitors,
        })),
      ),
    },
    {
      name: 'heatmap',
      title: TABLE_TITLES.heatmap[lang],
      columns: [
        col('stationId', 'stationId', lang),
        col('station', 'station', lang),
        ...report.heatmap.hours.map((h) => ({ key: `h${h.start}`, title: h.hour, type: 'number' as const })),
      ],
      rows: report.heatmap.stations.map((s) => {
        const row: Record<string, Cell> = { stationId: s.stationId, station: name(s.name, lang) };
        report.heatmap.hours.forEach((h, i) => (row[`h${h.start}`] = s.visits[i]));
        return row;
      }),
    },
    placesTable(report.places, lang),
  ];
}

/** The programme's places (halls, exhibitions, tours): entries, visitors, the fullest moment; a tour's departures, bookings, no-shows and how full they went. */
function placesTable(places: readonly PlaceFigures[], lang: Language): Table {
  return {
    name: 'places',
    title: TABLE_TITLES.places[lang],
    columns: [
      col('stationId', 'stationId', lang),
      col('station', 'station', lang),
      col('kind', 'kind', lang),
      col('capacity', 'capacity', lang, 'number'),
      col('visits', 'visits', lang, 'number'),
      col('uniqueVisitors', 'uniqueVisitors', lang, 'number'),
      col('peakOccupancy', 'peakOccupancy', lang, 'number'),
      col('peakOccupancyAt', 'peakOccupancyAt', lang, 'time'),
      col('departures', 'departures', lang, 'number'),
      col('booked', 'booked', lang, 'number'),
      col('went', 'went', lang, 'number'),
      col('noShows', 'noShows', lang, 'number'),
      col('full', 'tourFull', lang, 'number'),
    ],
    rows: places.map((p) => ({
      stationId: p.stationId,
      station: name(p.name, lang),
      kind: PLACE_TITLES[p.mode]?.[lang] ?? p.mode,
      capacity: p.capacity,
      visits: p.visits,
      uniqueVisitors: p.uniqueVisitors,
      peakOccupancy: p.peakOccupancy,
      peakOccupancyAt: p.peakOccupancyAt,
      departures: p.tours?.departures ?? null,
      booked: p.tours?.booked ?? null,
      went: p.tours?.went ?? null,
      noShows: p.tours?.noShows ?? null,
      full: p.tours && p.tours.places > 0 ? Math.round((1000 * p.tours.went) / p.tours.places) / 10 : null,
    })),
  };
}

/** Lead lists in one table, a station column first, so one file serves one employer or all. */
export function leadTables(lists: readonly LeadList[], lang: Language): Table[] {
  return [
    {
      name: 'leads',
      title: lists.length === 1 ? `${TABLE_TITLES.leads[lang]} ${lists[0].stationId}` : TABLE_TITLES.leads[lang],
      columns: [
        col('station', 'station', lang),
        col('lastName', 'lastName', lang),
        col('firstName', 'firstName', lang),
        col('category', 'category', lang),
        col('institution', 'institution', lang),
        col('grade', 'grade', lang),
        col('phone', 'phone', lang),
        col('email', 'email', lang),
        col('language', 'language', lang),
        col('firstVisitAt', 'firstVisitAt', lang, 'time'),
        col('visits', 'visits', lang, 'number'),
        col('totalStay', 'totalStay', lang, 'minutes'),
      ],
      rows: lists.flatMap((list) =>
        list.leads.map((l) => ({
          station: name(list.name, lang),
          lastName: l.lastName,
          firstName: l.firstName,
          category: category(l.category, lang),
          institution: l.institution,
          grade: l.grade,
          phone: l.phone,
          email: l.email,
          language: l.language,
          firstVisitAt: l.firstVisitAt,
          visits: l.visits,
          totalStay: l.totalStayMs,
        })),
      ),
    },
  ];
}

/** The scan log with the phones' joins and leaves named in `lang` (they are no kiosk with a label). */
export function labelPhoneScans(log: ScanLog, lang: Language): ScanLog {
  const named = (r: ScanLog['rows'][number]) => (r.kioskLabel === null && PHONE_KIOSK_LABELS[r.kioskId] ? { ...r, kioskLabel: PHONE_KIOSK_LABELS[r.kioskId][lang] } : r);
  return { ...log, rows: log.rows.map(named) };
}

/** The scan log, codes kept as they are (it is the record, not a summary). */
export function scanTables(log: ScanLog, lang: Language): Table[] {
  return [
    {
      name: 'scans',
      title: TABLE_TITLES.scans[lang],
      columns: [
        col('at', 'at', lang, 'time'),
        col('stationName', 'station', lang),
        col('stationId', 'stationCode', lang),
        col('kioskLabel', 'kiosk', lang),
        col('kioskId', 'kioskId', lang),
        col('badgeNo', 'badgeNo', lang, 'number'),
        col('badgeSerial', 'badgeSerial', lang),
        col('outcome', 'outcome', lang),
        col('reason', 'reason', lang),
        col('leftStation', 'leftStation', lang),
        col('queuePosition', 'queuePosition', lang, 'number'),
        col('reread', 'reread', lang, 'number'),
        col('clientAt', 'clientAt', lang, 'time'),
        col('id', 'scanId', lang),
      ],
      rows: log.rows.map((r) => ({ ...r, stationName: r.stationName?.[lang] ?? null, reread: r.reread ? 1 : 0 })),
    },
  ];
}
