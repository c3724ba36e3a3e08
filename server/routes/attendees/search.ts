import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { and, asc, count, desc, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { nameWords } from '../../../shared/name-search.ts';
import { attendees, badges } from '../../db/schema.ts';
import { Attendee, attendeeView } from './schemas.ts';

const Search = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

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

/** Finding attendees: by name, badge number or phone, a page at a time. */
export default async function attendeeSearchRoutes(app: FastifyInstance): Promise<void> {
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
      return reply.header('x-total-count', String(total)).send(rows.map((a) => attendeeView(a, active.has(a.id))));
    },
  );
}
