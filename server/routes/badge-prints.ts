import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { and, asc, between, eq, inArray, isNull } from 'drizzle-orm';
import { ApiError } from '../../shared/errors.ts';
import { CATEGORY_LABELS, type AttendeeCategory, type AttendeeLanguage } from '../../shared/attendee.ts';
import { attendees, badges } from '../db/schema.ts';
import { renderBadgesPdf, type BadgePrint } from '../badges/badge-pdf.ts';
import { issueBadge } from '../registration/badge-issue.ts';
import { ApiFailure } from '../plugins/errors.ts';

const LabelParams = Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const LabelQuery = Type.Object(
  { w: Type.Optional(Type.Number({ minimum: 25, maximum: 300, default: 62 })), h: Type.Optional(Type.Number({ minimum: 25, maximum: 300, default: 100 })) },
  { additionalProperties: false },
);
const SheetQuery = Type.Object(
  {
    from: Type.Optional(Type.Integer({ minimum: 1 })),
    to: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Attendee ids, comma separated. */
    ids: Type.Optional(Type.String({ maxLength: 40_000 })),
    perPage: Type.Optional(Type.Union([Type.Literal(8), Type.Literal(10), Type.Literal(12)], { default: 8 })),
  },
  { additionalProperties: false },
);
const Pdf = Type.String({ description: 'application/pdf' });

/** Badges speak the languages of documents here. */
const BADGE_LANGUAGES: AttendeeLanguage[] = ['kk', 'ru'];

/** One sheet request prints at most this many badges: about 250 pages, a few seconds to render. */
const SHEET_LIMIT = 2000;

type Row = typeof attendees.$inferSelect;

/** Badge PDFs: one label at the desk, A4 sheets for pre-registered attendees. */
export default async function badgePrintRoutes(app: FastifyInstance): Promise<void> {
  const eventName = app.config.event.name;

  /**
   * The printable badge of an attendee: the QR of the badge in force (Ed25519 signs
   * deterministically); the event and the category in Kazakh and Russian, whatever the attendee's language.
   */
  const print = (a: Row, serial: string): BadgePrint => {
    const category = (a.category in CATEGORY_LABELS ? a.category : 'other') as AttendeeCategory;
    return {
      qrText: app.badges.issue(a.badgeNo, serial),
      firstName: a.firstName,
      lastName: a.lastName,
      badgeNo: a.badgeNo,
      category,
      categoryLines: BADGE_LANGUAGES.map((l) => CATEGORY_LABELS[category][l]),
      eventLines: BADGE_LANGUAGES.map((l) => eventName[l]),
    };
  };
  const activeSerials = (ids: string[]): Map<string, string> => {
    const map = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = app.db
        .select({ attendeeId: badges.attendeeId, serial: badges.serial })
        .from(badges)
        .where(and(inArray(badges.attendeeId, ids.slice(i, i + 500)), isNull(badges.revokedAt)))
        .all();
      for (const r of rows) map.set(r.attendeeId, r.serial);
    }
    return map;
  };

  app.get<{ Params: Static<typeof LabelParams>; Querystring: Static<typeof LabelQuery> }>(
    '/api/badges/:badgeNo/label.pdf',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['badges'],
        summary: 'The badge in force as one label-printer page (w × h mm, default 62 × 100); to reprint, reissue first',
        security: [{ bearer: [] }],
        params: LabelParams,
        querystring: LabelQuery,
        produces: ['application/pdf'],
        response: { 200: Pdf, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const a = app.db.select().from(attendees).where(eq(attendees.badgeNo, Number(request.params.badgeNo))).get();
      if (!a) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      const serial = activeSerials([a.id]).get(a.id);
      if (!serial) throw new ApiFailure(409, 'badge_revoked', 'This badge was revoked: reissue it to print a new one');
      const pdf = await renderBadgesPdf([print(a, serial)], { kind: 'label', widthMm: request.query.w ?? 62, heightMm: request.query.h ?? 100 });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="badge-${a.badgeNo}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get<{ Querystring: Static<typeof SheetQuery> }>(
    '/api/badges/sheet.pdf',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['badges'],
        summary: 'A4 sheets (8, 10 or 12 per page) of badges by badge-number range (from, to) or attendee ids; revoked badges are left out',
        security: [{ bearer: [] }],
        querystring: SheetQuery,
        produces: ['application/pdf'],
        response: { 200: Pdf, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { from, to, ids, perPage = 8 } = request.query;
      let rows: Row[];
      if (ids !== undefined) {
        const list = [...new Set(ids.split(',').map((s) => s.trim()).filter(Boolean))];
        if (list.length > SHEET_LIMIT) throw new ApiFailure(400, 'too_many_badges', `At most ${SHEET_LIMIT} badges per sheet request`);
        rows = list.length === 0 ? [] : app.db.select().from(attendees).where(inArray(attendees.id, list)).orderBy(asc(attendees.badgeNo)).all();
      } else if (from !== undefined || to !== undefined) {
        const lo = from ?? 1;
        const hi = to ?? 999_999_999;
        if (hi < lo) throw new ApiFailure(400, 'invalid_request', '"to" is before "from"');
        rows = app.db.select().from(attendees).where(between(attendees.badgeNo, lo, hi)).orderBy(asc(attendees.badgeNo)).limit(SHEET_LIMIT + 1).all();
        if (rows.length > SHEET_LIMIT) throw new ApiFailure(400, 'too_many_badges', `At most ${SHEET_LIMIT} badges per sheet request: narrow the range`);
      } else throw new ApiFailure(400, 'invalid_request', 'Give a badge-number range (from, to) or ids');

      const serials = activeSerials(rows.map((r) => r.id));
      // Attendees who never had a badge (added outside the import) get one now; revoked ones are skipped.
      const neverIssued = new Set(rows.filter((r) => !serials.has(r.id)).map((r) => r.id));
      if (neverIssued.size > 0) {
        const ever = new Set(
          app.db.select({ id: badges.attendeeId }).from(badges).where(inArray(badges.attendeeId, [...neverIssued])).all().map((b) => b.id),
        );
        for (const id of neverIssued) if (!ever.has(id)) await issueBadge(app, id);
        for (const [id, serial] of activeSerials([...neverIssued])) serials.set(id, serial);
      }
      const prints = rows.flatMap((r) => (serials.has(r.id) ? [print(r, serials.get(r.id)!)] : []));
      if (prints.length === 0) throw new ApiFailure(404, 'no_badges', 'No valid badges match');
      const pdf = await renderBadgesPdf(prints, { kind: 'sheet', perPage });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="badges-${prints[0].badgeNo}-${prints[prints.length - 1].badgeNo}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
