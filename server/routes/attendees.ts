import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { ApiError, FieldErrors } from '../../shared/errors.ts';
import {
  AttendeeInput,
  ATTENDEE_CATEGORIES,
  ATTENDEE_LANGUAGES,
  parseAttendeeInput,
  type AttendeeFields,
} from '../../shared/attendee.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { issueBadge, registerAttendee, revokeBadges } from '../registration/badge-issue.ts';
import { parseAttendeeFile } from '../registration/csv-import.ts';
import { importAttendees } from '../registration/import-attendees.ts';
import { attendeeSearchKey, nameWords } from '../../shared/name-search.ts';
import { attendees, badges } from '../db/schema.ts';

const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String() });
const BadgeParams = Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Search = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
const Flag = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]));
const ImportQuery = Type.Object(
  { dryRun: Flag, skipInvalid: Flag, confirm: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
const isSet = (flag: string | undefined): boolean => flag === '1' || flag === 'true';

/** An attendee as the desk sees and edits it. */
export const Attendee = Type.Object({
  id: Type.String(),
  badgeNo: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  category: Type.Union(ATTENDEE_CATEGORIES.map((c) => Type.Literal(c))),
  institution: Type.String(),
  grade: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union(ATTENDEE_LANGUAGES.map((l) => Type.Literal(l))),
  consent: Type.Boolean(),
  /** False when the badge was revoked and no new one issued: kiosks refuse it. */
  badgeActive: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
type Attendee = Static<typeof Attendee>;

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

type Row = typeof attendees.$inferSelect;

function refuseFields(errors: { field: string; code: string; message: string }[]): ApiFailure {
  return new ApiFailure(400, 'invalid_attendee', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/**
 * Which attendees a search text finds, and their order. A number: the badge (exact first, then as
 * typed so far) or the phone's digits. Words: each must start a word of the name, in any script and
 * case ("айг сер" and "Aig Ser" find Серікова Айгерім), through the full-text index of search keys.
 */
function searchFilter(q: string): { where: SQL; order: SQL[] } | null {
  const digits = q.replace(/[\s\-()+]/g, '');
  if (/^[0-9]+$/.test(digits)) {
    const no = Number(digits);
    const phone = digits.replace(/^8(?=\d{10}$)/, '7');
    const exact = sql`${attendees.badgeNo} = ${no}`;
    return {
      where: or(exact, sql`cast(${attendees.badgeNo} as text) like ${`${digits}%`}`, sql`${attendees.phone} like ${`%${phone}%`}`)!,
      order: [desc(exact), asc(attendees.badgeNo)],
    };
  }
  const words = nameWords(q);
  if (words.length === 0) return null;
  const match = words.map((w) => `"${w}"*`).join(' ');
  return {
    where: sql`${attendees}.rowid in (select rowid from attendees_search where attendees_search match ${match})`,
    order: [asc(attendees.searchKey), asc(attendees.badgeNo)],
  };
}

/** Registering, finding, editing and importing attendees, and managing their badges. */
export default async function attendeeRoutes(app: FastifyInstance): Promise<void> {
  const activeBadge = (attendeeId: string) =>
    app.db.select({ serial: badges.serial }).from(badges).where(and(eq(badges.attendeeId, attendeeId), isNull(badges.revokedAt))).get() ?? null;

  const view = (a: Row, active = activeBadge(a.id) !== null): Attendee => ({
    id: a.id,
    badgeNo: a.badgeNo,
    firstName: a.firstName,
    lastName: a.lastName,
    category: a.category as Attendee['category'],
    institution: a.institution,
    grade: a.grade,
    phone: a.phone,
    email: a.email,
    language: a.language as Attendee['language'],
    consent: a.consent,
    badgeActive: active,
    createdAt: new Date(a.createdAt).toISOString(),
  });

  // A pre-registration file as it is on disk: CSV text or an .xlsx workbook, told apart by its first bytes.
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Body: AttendeeInput }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'], limit: 'attendees' },
      schema: {
        tags: ['attendees'],
        summary: 'Register an attendee (walk-in) and issue a signed badge',
        security: [{ bearer: [] }],
        body: AttendeeInput,
        response: { 201: Registered, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const parsed = parseAttendeeInput(request.body);
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const registered = await registerAttendee(app, parsed.value);
      app.attendeesRegistered();
      request.log.info({ attendeeId: registered.id, badgeNo: registered.badgeNo }, 'attendee registered');
      app.audit(request, 'attendee.create', registered.badgeNo, { id: registered.id });
      return reply.code(201).send(registered);
    },
  );

  app.get<{ Querystring: Static<typeof Search> }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary:
          'Find attendees by name (any case; Kazakh, Russian or Latin letters: "нурланкызы" and "Nurlankyzy" find Нұрланқызы), badge number or phone; newest first without q. The header x-total-count says how many match; page with offset',
        security: [{ bearer: [] }],
        querystring: Search,
        response: { 200: Type.Array(Attendee) },
      },
    },
    async (request, reply) => {
      const { limit = 50, offset = 0 } = request.query;
      const q = request.query.q?.trim() ?? '';
      // Newest first: badge numbers are given in the order people are registered (and have an index).
      const filter = q === '' ? { where: undefined, order: [desc(attendees.badgeNo)] } : searchFilter(q);
      if (filter === null) return reply.header('x-total-count', '0').send([]);
      const [{ total }] = app.db.select({ total: count() }).from(attendees).where(filter.where).all();
      const rows = app.db.select().from(attendees).where(filter.where).orderBy(...filter.order).limit(limit).offset(offset).all();
      // The page's badge states in one query, not one per row.
      const ids = rows.map((a) => a.id);
      const active = new Set(
        ids.length === 0
          ? []
          : app.db.select({ id: badges.attendeeId }).from(badges).where(and(inArray(badges.attendeeId, ids), isNull(badges.revokedAt))).all().map((b) => b.id),
      );
      return reply.header('x-total-count', String(total)).send(rows.map((a) => view(a, active.has(a.id))));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/attendees/:id',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['attendees'], summary: 'One attendee', security: [{ bearer: [] }], params: IdParams, response: { 200: Attendee, '4xx': ApiError } },
    },
    async (request) => {
      const a = app.db.select().from(attendees).where(eq(attendees.id, request.params.id)).get();
      if (!a) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      return view(a);
    },
  );

  const Patch = Type.Partial(AttendeeInput, { additionalProperties: false, minProperties: 1 });
  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof Patch> }>(
    '/api/attendees/:id',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Correct an attendee’s details (the badge stays valid; reprint it to show a new name)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Patch,
        response: { 200: Attendee, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request) => {
      const current = app.db.select().from(attendees).where(eq(attendees.id, request.params.id)).get();
      if (!current) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      const parsed = parseAttendeeInput({ ...current, ...request.body });
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const fields: AttendeeFields = parsed.value;
      app.db.update(attendees).set({ ...fields, searchKey: attendeeSearchKey(fields) }).where(eq(attendees.id, current.id)).run();
      // Kiosks greet by first name: keep the live copy in step with the record.
      if (fields.firstName !== current.firstName) {
        await app.live.putAttendee({ no: current.badgeNo, firstName: fields.firstName, serial: activeBadge(current.id)?.serial ?? null });
      }
      request.log.info({ attendeeId: current.id, fields: Object.keys(request.body) }, 'attendee edited');
      const changed = (Object.keys(fields) as Array<keyof AttendeeFields>).filter((k) => fields[k] !== current[k]);
      app.audit(request, 'attendee.edit', current.badgeNo, { id: current.id, fields: changed });
      return view(app.db.select().from(attendees).where(eq(attendees.id, current.id)).get()!);
    },
  );

  const readFile = (body: unknown) => {
    if (!Buffer.isBuffer(body)) throw new ApiFailure(415, 'unsupported_media_type', 'Send the file as text/csv or as an .xlsx workbook');
    return parseAttendeeFile(body);
  };

  app.post<{ Body: Buffer; Querystring: Static<typeof ImportQuery> }>(
    '/api/attendees/import',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary:
          'Import pre-registrations from CSV (UTF-8, , or ;) or .xlsx (first sheet). ?dryRun=1 only reports; ?skipInvalid=1 imports the good rows and lists the refused ones, else any bad row refuses the file; an import that updates anyone needs ?confirm=<the dry run’s fingerprint>',
        security: [{ bearer: [] }],
        querystring: ImportQuery,
        response: { 200: ImportDone, 409: ApiError, 422: ImportRefused, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const parsed = await readFile(request.body);
      const dryRun = isSet(request.query.dryRun);
      const skipInvalid = isSet(request.query.skipInvalid);
      const report = importAttendees(app.db, app.sqlite, parsed, { dryRun, skipInvalid, confirm: request.query.confirm });
      if (!report.ok && report.code === 'updates_not_confirmed') throw new ApiFailure(409, report.code, report.message);
      if (!report.ok) return reply.code(422).send({ code: report.code, message: report.message, errors: report.errors });
      // New attendees get their badges now, so the sheets can be printed straight after.
      for (const id of report.createdIds) await issueBadge(app, id);
      if (report.createdIds.length > 0) app.attendeesRegistered();
      request.log.info({ dryRun, skipInvalid, created: report.created.length, updated: report.updated.length, refused: report.refused.length }, 'attendees imported');
      const { created, updated, unchanged, refused, namesakes, fingerprint } = report;
      if (!dryRun) app.audit(request, 'attendee.import', null, { created: created.length, updated: updated.length, unchanged: unchanged.length, refused: refused.length });
      const refusedLines = [...new Set(refused.map((e) => e.line))];
      const refusedRows = refusedLines.flatMap((line) => {
        const cells = parsed.cellsByLine.get(line);
        return cells ? [{ line, cells }] : [];
      });
      const { separator, ignoredColumns, header } = parsed;
      return { dryRun, separator, ignoredColumns, header, created, updated, unchanged, refused, refusedRows, namesakes, fingerprint };
    },
  );

  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/revoke',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Revoke a badge: kiosks refuse it from now on', security: [{ bearer: [] }], params: BadgeParams, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      if (!(await revokeBadges(app, Number(request.params.badgeNo)))) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      app.audit(request, 'badge.revoke', Number(request.params.badgeNo));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/reissue',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Issue a new badge with the same number; the old one stops working', security: [{ bearer: [] }], params: BadgeParams, response: { 200: Type.Object({ badgeNo: Type.Integer(), badge: Type.String() }), '4xx': ApiError } },
    },
    async (request) => {
      const person = app.db.select({ id: attendees.id }).from(attendees).where(eq(attendees.badgeNo, Number(request.params.badgeNo))).get();
      if (!person) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      const issued = await issueBadge(app, person.id);
      app.audit(request, 'badge.reissue', issued.badgeNo);
      return issued;
    },
  );

  app.get(
    '/api/badge-key',
    {
      config: { access: ['public'] },
      schema: { tags: ['badges'], summary: 'The Ed25519 public key badges are signed with (raw, base64url), for offline checks', response: { 200: Type.Object({ eventId: Type.String(), alg: Type.Literal('Ed25519'), key: Type.String() }) } },
    },
    async () => ({ eventId: app.config.event.id, alg: 'Ed25519' as const, key: app.badges.publicKeyRaw() }),
  );
}
