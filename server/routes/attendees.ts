import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { ApiError, FieldErrors } from '../../shared/errors.ts';
import {
  AttendeeInput,
  ATTENDEE_CATEGORIES,
  ATTENDEE_LANGUAGES,
  foldKey,
  parseAttendeeInput,
  type AttendeeFields,
} from '../../shared/attendee.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { issueBadge, registerAttendee, revokeBadges } from '../registration/badge-issue.ts';
import { parseAttendeeCsv } from '../registration/csv-import.ts';
import { importAttendees } from '../registration/import-attendees.ts';
import { attendees, badges } from '../db/schema.ts';

const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String() });
const BadgeParams = Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Search = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);
const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])) });

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
const ImportDone = Type.Object({
  dryRun: Type.Boolean(),
  separator: Type.String(),
  ignoredColumns: Type.Array(Type.String()),
  created: Type.Array(Type.Object({ line: Type.Integer(), id: Type.Union([Type.String(), Type.Null()]), badgeNo: Type.Integer(), firstName: Type.String(), lastName: Type.String() })),
  updated: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), badgeNo: Type.Integer(), changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })) })),
  unchanged: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), badgeNo: Type.Integer() })),
});

/** Pre-registration files of a few thousand rows fit easily; 5 MB is ~50k rows. */
const IMPORT_LIMIT = 5 * 1024 * 1024;

type Row = typeof attendees.$inferSelect;

function refuseFields(errors: { field: string; code: string; message: string }[]): ApiFailure {
  return new ApiFailure(400, 'invalid_attendee', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Whether a search text matches an attendee: badge number, phone digits, or every word of the name. */
function matcher(q: string): (a: Row) => number {
  const digits = q.replace(/[\s\-()+]/g, '');
  if (/^[0-9]+$/.test(digits)) {
    const no = Number(digits);
    // A number: the badge (exact first, then as typed so far) or the phone's digits.
    return (a) => (a.badgeNo === no ? 3 : String(a.badgeNo).startsWith(digits) ? 2 : a.phone?.includes(digits.replace(/^8(?=\d{10}$)/, '7')) ? 1 : 0);
  }
  const words = foldKey(q).split(' ').filter(Boolean);
  return (a) => {
    const name = ` ${foldKey(`${a.lastName} ${a.firstName}`)}`;
    // Each word must start a word of the name: "айг сер" finds Серикова Айгерим.
    return words.length > 0 && words.every((w) => name.includes(` ${w}`)) ? 1 : 0;
  };
}

/** Registering, finding, editing and importing attendees, and managing their badges. */
export default async function attendeeRoutes(app: FastifyInstance): Promise<void> {
  const activeBadge = (attendeeId: string) =>
    app.db.select({ serial: badges.serial }).from(badges).where(and(eq(badges.attendeeId, attendeeId), isNull(badges.revokedAt))).get() ?? null;

  const view = (a: Row): Attendee => ({
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
    badgeActive: activeBadge(a.id) !== null,
    createdAt: new Date(a.createdAt).toISOString(),
  });

  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Body: AttendeeInput }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'] },
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
      request.log.info({ attendeeId: registered.id, badgeNo: registered.badgeNo }, 'attendee registered');
      return reply.code(201).send(registered);
    },
  );

  app.get<{ Querystring: Static<typeof Search> }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Find attendees by name (any case, Kazakh/Russian/Latin), badge number or phone; newest first without q',
        security: [{ bearer: [] }],
        querystring: Search,
        response: { 200: Type.Array(Attendee) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const q = request.query.q?.trim() ?? '';
      if (q === '') return app.db.select().from(attendees).orderBy(desc(attendees.createdAt), desc(attendees.badgeNo)).limit(limit).all().map(view);
      // SQLite's lower() knows only ASCII, so Cyrillic names are folded here; a scan of ~10k rows takes a few ms.
      const score = matcher(q);
      return app.db
        .select()
        .from(attendees)
        .all()
        .map((a) => ({ a, s: score(a) }))
        .filter((x) => x.s > 0)
        .sort((x, y) => y.s - x.s || x.a.lastName.localeCompare(y.a.lastName, 'kk') || x.a.badgeNo - y.a.badgeNo)
        .slice(0, limit)
        .map((x) => view(x.a));
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
      app.db.update(attendees).set(fields).where(eq(attendees.id, current.id)).run();
      // Kiosks greet by first name: keep the live copy in step with the record.
      if (fields.firstName !== current.firstName) {
        await app.live.putAttendee({ no: current.badgeNo, firstName: fields.firstName, serial: activeBadge(current.id)?.serial ?? null });
      }
      request.log.info({ attendeeId: current.id, fields: Object.keys(request.body) }, 'attendee edited');
      return view(app.db.select().from(attendees).where(eq(attendees.id, current.id)).get()!);
    },
  );

  app.post<{ Body: string; Querystring: Static<typeof ImportQuery> }>(
    '/api/attendees/import',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Import pre-registrations from CSV (text/csv, UTF-8, , or ;): all good rows or none; ?dryRun=1 only reports',
        security: [{ bearer: [] }],
        querystring: ImportQuery,
        response: { 200: ImportDone, 422: ImportRefused, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') throw new ApiFailure(415, 'unsupported_media_type', 'Send the file as text/csv');
      const dryRun = request.query.dryRun === '1' || request.query.dryRun === 'true';
      const parsed = parseAttendeeCsv(request.body);
      const report = importAttendees(app.db, app.sqlite, parsed, { dryRun });
      if (!report.ok) return reply.code(422).send({ code: report.code, message: report.message, errors: report.errors });
      // New attendees get their badges now, so the sheets can be printed straight after.
      for (const id of report.createdIds) await issueBadge(app, id);
      request.log.info({ dryRun, created: report.created.length, updated: report.updated.length }, 'attendees imported');
      return { dryRun, separator: parsed.separator, ignoredColumns: parsed.ignoredColumns, created: report.created, updated: report.updated, unchanged: report.unchanged };
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
      return issueBadge(app, person.id);
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
