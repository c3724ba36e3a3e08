import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import type { ReportRecords } from '../db/durable-store.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { inEveryLanguage } from '../../shared/event.ts';
import { ApiFailure } from '../plugins/errors.ts';
import {
  NotEmployerStation,
  eventReport,
  leadList,
  leadLists,
  scanLog,
  stationReport,
  stationsReport,
} from '../reports/queries.ts';
import { EventReport, LeadList, ReportedEvent, ScanLog, StationDetail, StationsReport } from '../../shared/reports.ts';
import { eventTables, labelPhoneScans, leadTables, scanTables, stationTables, stationsTables, type Language, type Table } from '../reports/tables.ts';
import { CSV_TYPE, XLSX_TYPE, csvSeparator, toCsv, toXlsx } from '../reports/export.ts';
import { clockOf } from '../reports/options.ts';

/** Scan log rows per JSON answer unless `limit` says otherwise; files carry every row. */
const SCAN_PAGE = 1000;

const common = {
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'json' })),
  /** Language of column titles, station names and categories in files. */
  lang: Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')], { default: 'kk' })),
  /** Local time's offset from UTC in minutes, for hours and times; absent: the event's clock (its file's `utcOffsetMinutes`), else Kazakhstan's (300). */
  utcOffset: Type.Optional(Type.Integer({ minimum: -720, maximum: 840 })),
  /** CSV field separator: `;` for kk and ru (Excel's list separator there), `,` for en, unless given. */
  sep: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';')])),
  /** CSV of a report with several tables: just this one (its `name`). */
  table: Type.Optional(Type.String({ pattern: '^[a-z]{1,20}$' })),
};
const ReportQuery = Type.Object(common, { additionalProperties: false });
const EventQuery = Type.Object(
  { ...common, top: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 5 })) },
  { additionalProperties: false },
);
const ScanQuery = Type.Object(
  {
    ...common,
    stationId: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    outcome: Type.Optional(
      Type.Union([Type.Literal('entered'), Type.Literal('exited'), Type.Literal('queued'), Type.Literal('rejected')]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
const StationParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const LeadParams = Type.Object({ stationId: Type.String({ maxLength: 40 }) });

type ReportQuery = Static<typeof ReportQuery>;

// A variable, not a literal, so the route config stays assignable whatever the auth plugin's Role is.
const organiserOnly: { access: ['organiser'] } = { access: ['organiser'] };

function schema(summary: string, ok: TSchema, extra: Record<string, TSchema> = {}) {
  return {
    tags: ['reports'],
    summary,
    description: '`?format=csv` (UTF-8 with BOM; `;`-separated for `lang=kk|ru`, `,` for `en`, or `?sep=`) or `?format=xlsx` downloads the same figures as a file.',
    security: [{ bearer: [] }],
    ...extra,
    response: { 200: ok, '4xx': ApiError },
  };
}

/** Sends `data` as JSON, or its tables as a CSV or .xlsx download named `file`, its times on `event`'s clock unless the query names one. */
async function send(
  reply: FastifyReply,
  query: ReportQuery,
  event: EventDef,
  file: string,
  data: unknown,
  tables: (lang: Language) => Table[],
): Promise<unknown> {
  const format = query.format ?? 'json';
  if (format === 'json') return data;
  const lang = query.lang ?? 'kk';
  const options = { utcOffsetMinutes: clockOf(query.utcOffset, event), separator: csvSeparator(lang, query.sep) };
  let chosen = tables(lang);
  if (query.table !== undefined) {
    chosen = chosen.filter((t) => t.name === query.table);
    if (chosen.length === 0) throw new ApiFailure(400, 'table_not_found', `This report has no table "${query.table}"`);
  }
  const body = format === 'csv' ? toCsv(chosen, options) : await toXlsx(chosen, options);
  return reply
    .type(format === 'csv' ? CSV_TYPE : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${file}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const stationNotFound = (id: string): ApiFailure => new ApiFailure(404, 'station_not_found', `No station "${id}"`);

/**
 * Where the reports are and which event they read: `/api/reports` for the current event (the
 * default), and `/api/events/:event/reports` for any event of the installation (its `of` finds it,
 * or answers 404).
 */
export interface ReportsOf {
  base: string;
  of(request: FastifyRequest): Promise<{ reports: ReportRecords; event: EventDef }>;
}

/** Reports for organisers: per station, across the event, employers' lead lists, the scan log. */
export default async function reportRoutes(app: FastifyInstance, given: Partial<ReportsOf> = {}): Promise<void> {
  const opts: ReportsOf = {
    base: given.base ?? '/api/reports',
    of: given.of ?? (async () => ({ reports: app.store.reports, event: app.config.event })),
  };
  const { base, of } = opts;
  app.get(
    `${base}/about`,
    {
      config: organiserOnly,
      schema: {
        tags: ['reports'],
        summary: 'The event the reports are about: name, date, venue (for the printed summary)',
        security: [{ bearer: [] }],
        response: { 200: ReportedEvent, '4xx': ApiError },
      },
    },
    async (request) => {
      const { id, name, date, venue } = (await of(request)).event;
      return { id, name, date, venue: inEveryLanguage(venue) };
    },
  );

  app.get<{ Querystring: ReportQuery }>(
    `${base}/stations`,
    { config: organiserOnly, schema: schema('Figures for every station', StationsReport, { querystring: ReportQuery }) },
    async (request, reply) => {
      const q = request.query;
      const { reports, event } = await of(request);
      const report = await stationsReport(reports, { utcOffsetMinutes: clockOf(q.utcOffset, event) });
      return send(reply, q, event, 'kezek-stations', report, (lang) => stationsTables(report, lang));
    },
  );

  app.get<{ Querystring: ReportQuery; Params: Static<typeof StationParams> }>(
    `${base}/stations/:id`,
    {
      config: organiserOnly,
      schema: schema('One station: figures, visits by hour, refusals by reason', StationDetail, {
        querystring: ReportQuery,
        params: StationParams,
      }),
    },
    async (request, reply) => {
      const q = request.query;
      const { reports, event } = await of(request);
      const report = await stationReport(reports, request.params.id, { utcOffsetMinutes: clockOf(q.utcOffset, event) });
      if (!report) throw stationNotFound(request.params.id);
      return send(reply, q, event, `kezek-station-${report.station.stationId}`, report, (lang) => stationTables(report, lang));
    },
  );

  app.get<{ Querystring: Static<typeof EventQuery> }>(
    `${base}/event`,
    {
      config: organiserOnly,
      schema: schema('The whole event: funnel, categories, institutions, top stations, station × hour', EventReport, {
        querystring: EventQuery,
      }),
    },
    async (request, reply) => {
      const q = request.query;
      const { reports, event } = await of(request);
      const report = await eventReport(reports, { utcOffsetMinutes: clockOf(q.utcOffset, event), top: q.top });
      return send(reply, q, event, 'kezek-event', report, (lang) => eventTables(report, lang));
    },
  );

  leadRoutes(app, opts);
  scanLogRoute(app, opts);
}

/** Employers' lead lists: every employer's, or one. */
function leadRoutes(app: FastifyInstance, { base, of }: ReportsOf): void {
  app.get<{ Querystring: ReportQuery }>(
    `${base}/leads`,
    {
      config: organiserOnly,
      schema: schema('Lead lists of every employer: consenting visitors only', Type.Array(LeadList), {
        querystring: ReportQuery,
      }),
    },
    async (request, reply) => {
      const { reports, event } = await of(request);
      const lists = await leadLists(reports);
      return send(reply, request.query, event, 'kezek-leads', lists, (lang) => leadTables(lists, lang));
    },
  );

  app.get<{ Querystring: ReportQuery; Params: Static<typeof LeadParams> }>(
    `${base}/leads/:stationId`,
    {
      config: organiserOnly,
      schema: schema("One employer's lead list: consenting visitors only", LeadList, {
        querystring: ReportQuery,
        params: LeadParams,
      }),
    },
    async (request, reply) => {
      const { stationId } = request.params;
      const { reports, event } = await of(request);
      let list;
      try {
        list = await leadList(reports, stationId);
      } catch (err) {
        if (err instanceof NotEmployerStation) {
          throw new ApiFailure(404, 'not_employer_station', `Station "${stationId}" is not an employer's: it has no lead list`);
        }
        throw err;
      }
      if (!list) throw stationNotFound(stationId);
      return send(reply, request.query, event, `kezek-leads-${stationId}`, list, (lang) => leadTables([list], lang));
    },
  );
}

/** The scan log, a page at a time or whole as a file. */
function scanLogRoute(app: FastifyInstance, { base, of }: ReportsOf): void {
  app.get<{ Querystring: Static<typeof ScanQuery> }>(
    `${base}/scans`,
    {
      config: organiserOnly,
      schema: schema(`The scan log in time order; JSON pages of ${SCAN_PAGE} unless \`limit\` is given`, ScanLog, {
        querystring: ScanQuery,
      }),
    },
    async (request, reply) => {
      const q = request.query;
      const format = q.format ?? 'json';
      const { reports, event } = await of(request);
      const log = labelPhoneScans(await scanLog(reports, {
        stationId: q.stationId,
        from: q.from === undefined ? undefined : Date.parse(q.from),
        to: q.to === undefined ? undefined : Date.parse(q.to),
        outcome: q.outcome,
        limit: q.limit ?? (format === 'json' ? SCAN_PAGE : undefined),
        offset: q.offset,
      }), q.lang ?? 'kk');
      return send(reply, q, event, 'kezek-scans', log, (lang) => scanTables(log, lang));
    },
  );
}
