import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { CATEGORY_LABELS, type AttendeeCategory, type AttendeeLanguage } from '../../shared/attendee.ts';
import type { AttendeeRecord } from '../db/durable-store.ts';
import { renderBadgesPdf, type BadgePrint } from '../badges/badge-pdf.ts';
import { issueBadge, type DeskEvent } from '../registration/badge-issue.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { meAddress } from '../me/me-address.ts';
import { pinText } from '../../shared/me.ts';
import { servedDeskOf, type DeskOf } from './attendees/desk-event.ts';

const EventParam = Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) });
const LabelParams = Type.Composite([EventParam, Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) })]);
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

type Row = AttendeeRecord;

/**
 * The printable badge of an attendee at the desk's event: the QR of the badge in force, signed for
 * that event (Ed25519 signs deterministically); the event and the category in Kazakh and Russian,
 * whatever the attendee's language; the address of the event's phone page (`/me`, another event's
 * `/e/<event>/me`) and the badge's PIN (the same PIN every print of this badge).
 */
function badgePrint(app: FastifyInstance, at: DeskEvent, meUrl: string, a: Row, serial: string): BadgePrint {
  const category = (a.category in CATEGORY_LABELS ? a.category : 'other') as AttendeeCategory;
  return {
    qrText: at.badges.issue(a.badgeNo, serial),
    firstName: a.firstName,
    lastName: a.lastName,
    badgeNo: a.badgeNo,
    category,
    categoryLines: BADGE_LANGUAGES.map((l) => CATEGORY_LABELS[category][l]),
    eventLines: BADGE_LANGUAGES.map((l) => at.name[l]),
    me: { address: meUrl, pin: pinText(app.attendeeKeys.pin(at.eventId, a.badgeNo, serial)) },
  };
}

/** The path of the phone page of the desk's event: today's for the served event. */
const mePage = (app: FastifyInstance, at: DeskEvent): string => (at.eventId === app.store.eventId ? '/me' : `/e/${at.eventId}/me`);

/**
 * Badge PDFs: one label at the desk, A4 sheets for pre-registered attendees; the served event's at
 * `/api/badges/…`, any event's at `/api/events/:event/badges/…` (an archived event's are refused:
 * nothing scans them any more, and a sheet issues the badges never issued).
 */
export default async function badgePrintRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  app.get<{ Params: Static<typeof LabelParams>; Querystring: Static<typeof LabelQuery> }>(
    `${desk.base}/badges/:badgeNo/label.pdf`,
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
      const at = await desk.of(request, true);
      const a = await at.records.attendees.byBadgeNo(Number(request.params.badgeNo));
      if (!a) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      const serial = await at.records.attendees.badgeInForce(a.id);
      if (!serial) throw new ApiFailure(409, 'badge_revoked', 'This badge was revoked: reissue it to print a new one');
      const pdf = await renderBadgesPdf([badgePrint(app, at, meAddress(request, app.config.publicUrls, mePage(app, at)), a, serial)], { kind: 'label', widthMm: request.query.w ?? 62, heightMm: request.query.h ?? 100 });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="badge-${a.badgeNo}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get<{ Params: Static<typeof EventParam>; Querystring: Static<typeof SheetQuery> }>(
    `${desk.base}/badges/sheet.pdf`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['badges'],
        summary: 'A4 sheets (8, 10 or 12 per page) of badges by badge-number range (from, to) or attendee ids; revoked badges are left out',
        security: [{ bearer: [] }],
        params: EventParam,
        querystring: SheetQuery,
        produces: ['application/pdf'],
        response: { 200: Pdf, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const at = await desk.of(request, true);
      const rows = await sheetRows(at, request.query);
      const serials = await serialsFor(app, at, rows);
      const meUrl = meAddress(request, app.config.publicUrls, mePage(app, at));
      const prints = rows.flatMap((r) => (serials.has(r.id) ? [badgePrint(app, at, meUrl, r, serials.get(r.id)!)] : []));
      if (prints.length === 0) throw new ApiFailure(404, 'no_badges', 'No valid badges match');
      const pdf = await renderBadgesPdf(prints, { kind: 'sheet', perPage: request.query.perPage ?? 8 });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="badges-${prints[0].badgeNo}-${prints[prints.length - 1].badgeNo}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}

/** The attendees a sheet request names, by ids or by a badge-number range, in badge order. */
async function sheetRows(at: DeskEvent, { from, to, ids }: Static<typeof SheetQuery>): Promise<Row[]> {
  if (ids !== undefined) {
    const list = [...new Set(ids.split(',').map((s) => s.trim()).filter(Boolean))];
    if (list.length > SHEET_LIMIT) throw new ApiFailure(400, 'too_many_badges', `At most ${SHEET_LIMIT} badges per sheet request`);
    return list.length === 0 ? [] : at.records.attendees.byIds(list);
  }
  if (from === undefined && to === undefined) throw new ApiFailure(400, 'invalid_request', 'Give a badge-number range (from, to) or ids');
  const lo = from ?? 1;
  const hi = to ?? 999_999_999;
  if (hi < lo) throw new ApiFailure(400, 'invalid_request', '"to" is before "from"');
  const rows = await at.records.attendees.byBadgeRange(lo, hi, SHEET_LIMIT + 1);
  if (rows.length > SHEET_LIMIT) throw new ApiFailure(400, 'too_many_badges', `At most ${SHEET_LIMIT} badges per sheet request: narrow the range`);
  return rows;
}

/** The serials to print, by attendee id: attendees who never had a badge (added outside the import) get one now; revoked ones are left out. */
async function serialsFor(app: FastifyInstance, at: DeskEvent, rows: Row[]): Promise<Map<string, string>> {
  const { attendees } = at.records;
  const serials = await attendees.badgesInForce(rows.map((r) => r.id));
  const neverIssued = new Set(rows.filter((r) => !serials.has(r.id)).map((r) => r.id));
  if (neverIssued.size > 0) {
    const ever = await attendees.everBadged([...neverIssued]);
    for (const id of neverIssued) if (!ever.has(id)) await issueBadge(app, id, at);
    for (const [id, serial] of await attendees.badgesInForce([...neverIssued])) serials.set(id, serial);
  }
  return serials;
}
