import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../../shared/errors.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { issueBadge } from '../../registration/badge-issue.ts';
import { parseAttendeeFile } from '../../registration/csv-import.ts';
import { importAttendees } from '../../registration/import-attendees.ts';
import { servedDeskOf, type DeskOf } from './desk-event.ts';

const Flag = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]));
const ImportQuery = Type.Object(
  { dryRun: Flag, skipInvalid: Flag, confirm: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
const EventParam = Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) });
const isSet = (flag: string | undefined): boolean => flag === '1' || flag === 'true';

const RowError = Type.Object({ line: Type.Integer(), code: Type.String(), reason: Type.String() });
const ImportRefused = Type.Composite([ApiError, Type.Object({ errors: Type.Array(RowError) })]);
const Lookalike = Type.Object({
  line: Type.Union([Type.Integer(), Type.Null()]),
  badgeNo: Type.Union([Type.Integer(), Type.Null()]),
  lastName: Type.String(),
  firstName: Type.String(),
  institution: Type.String(),
  grade: Type.String(),
});
const ImportDone = Type.Object({
  dryRun: Type.Boolean(),
  separator: Type.Union([Type.String(), Type.Null()]),
  ignoredColumns: Type.Array(Type.String()),
  created: Type.Array(Type.Object({ line: Type.Integer(), id: Type.Union([Type.String(), Type.Null()]), badgeNo: Type.Integer(), firstName: Type.String(), lastName: Type.String() })),
  updated: Type.Array(
    Type.Object({
      line: Type.Integer(),
      id: Type.String(),
      badgeNo: Type.Integer(),
      firstName: Type.String(),
      lastName: Type.String(),
      changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })),
    }),
  ),
  unchanged: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), badgeNo: Type.Integer() })),
  /** The file's header cells, as written. */
  header: Type.Array(Type.String()),
  /** Rows left out (with skipInvalid=1). */
  refused: Type.Array(RowError),
  /** The refused rows' cells as written, to give the organiser back in the file's own columns. */
  refusedRows: Type.Array(Type.Object({ line: Type.Integer(), cells: Type.Array(Type.String()) })),
  /** New people who look like someone else (same name; same phone or e-mail under another first name). */
  namesakes: Type.Array(
    Type.Object({
      line: Type.Integer(),
      kind: Type.Union([Type.Literal('namesake'), Type.Literal('shared_contact')]),
      lastName: Type.String(),
      firstName: Type.String(),
      institution: Type.String(),
      grade: Type.String(),
      others: Type.Array(Lookalike),
    }),
  ),
  /** Send it back as `confirm` to import: an import that would update anyone needs the fingerprint of the dry run that showed it. */
  fingerprint: Type.String(),
});

/** Pre-registration files of a few thousand rows fit easily; 5 MB is ~50k rows. */
const IMPORT_LIMIT = 5 * 1024 * 1024;
const IMPORT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

const readFile = (body: unknown) => {
  if (!Buffer.isBuffer(body)) throw new ApiFailure(415, 'unsupported_media_type', 'Send the file as text/csv or as an .xlsx workbook');
  return parseAttendeeFile(body);
};

/** Importing pre-registrations from a CSV file or an .xlsx workbook, at the served event or (`/api/events/:event/…`) any event. */
export default async function attendeeImportRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  // A pre-registration file as it is on disk: CSV text or an .xlsx workbook, told apart by its first bytes.
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Body: Buffer; Params: Static<typeof EventParam>; Querystring: Static<typeof ImportQuery> }>(
    `${desk.base}/attendees/import`,
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary:
          'Import pre-registrations from CSV (UTF-8, , or ;) or .xlsx (first sheet). ?dryRun=1 only reports; ?skipInvalid=1 imports the good rows and lists the refused ones, else any bad row refuses the file; an import that updates anyone needs ?confirm=<the dry run’s fingerprint>',
        security: [{ bearer: [] }],
        params: EventParam,
        querystring: ImportQuery,
        response: { 200: ImportDone, 409: ApiError, 422: ImportRefused, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      // The event before the file (404 unknown, 409 archived): an archived event's import is not even checked.
      const at = await desk.of(request, true);
      const parsed = await readFile(request.body);
      const dryRun = isSet(request.query.dryRun);
      const skipInvalid = isSet(request.query.skipInvalid);
      const report = await importAttendees(at.records.attendees, parsed, { dryRun, skipInvalid, confirm: request.query.confirm });
      if (!report.ok && report.code === 'updates_not_confirmed') throw new ApiFailure(409, report.code, report.message);
      if (!report.ok) return reply.code(422).send({ code: report.code, message: report.message, errors: report.errors });
      // New attendees get their badges now (told to the event's live state), so the sheets can be printed straight after.
      for (const id of report.createdIds) await issueBadge(app, id, at);
      if (report.createdIds.length > 0) app.attendeesRegistered();
      request.log.info({ event: at.eventId, dryRun, skipInvalid, created: report.created.length, updated: report.updated.length, refused: report.refused.length }, 'attendees imported');
      const { created, updated, unchanged, refused, namesakes, fingerprint } = report;
      if (!dryRun) app.audit(request, 'attendee.import', null, { created: created.length, updated: updated.length, unchanged: unchanged.length, refused: refused.length }, at.eventId);
      const refusedLines = [...new Set(refused.map((e) => e.line))];
      const refusedRows = refusedLines.flatMap((line) => {
        const cells = parsed.cellsByLine.get(line);
        return cells ? [{ line, cells }] : [];
      });
      const { separator, ignoredColumns, header } = parsed;
      return { dryRun, separator, ignoredColumns, header, created, updated, unchanged, refused, refusedRows, namesakes, fingerprint };
    },
  );
}
