import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { nameWords } from '../../../shared/name-search.ts';
import type { AttendeeQuery } from '../../db/durable-store.ts';
import { Attendee, attendeeView } from './schemas.ts';
import { servedDeskOf, type DeskOf } from './desk-event.ts';

const Search = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

/**
 * What a search text asks for. A number: the badge (exact first, then as typed so far) or the
 * phone's digits. Words: each must start a word of the name, in any script and case ("айг сер" and
 * "Aig Ser" find Серікова Айгерім). Null when it can find nobody.
 */
function searchQuery(q: string): AttendeeQuery | null {
  if (q === '') return { all: true };
  const digits = q.replace(/[\s\-()+]/g, '');
  if (/^[0-9]+$/.test(digits)) return { digits, phone: digits.replace(/^8(?=\d{10}$)/, '7') };
  const words = nameWords(q);
  return words.length === 0 ? null : { words };
}

/** Finding attendees: by name, badge number or phone, a page at a time. */
export default async function attendeeSearchRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  app.get<{ Querystring: Static<typeof Search> }>(
    `${desk.base}/attendees`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary:
          'Find attendees by name (any case; Kazakh, Russian or Latin letters: "нурланкызы" and "Nurlankyzy" find Нұрланқызы), badge number or phone; newest first without q. The header x-total-count says how many match; page with offset',
        security: [{ bearer: [] }],
        params: Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) }),
        querystring: Search,
        response: { 200: Type.Array(Attendee) },
      },
    },
    async (request, reply) => {
      const { attendees } = (await desk.of(request, false)).records;
      const { limit = 50, offset = 0 } = request.query;
      const q = request.query.q?.trim() ?? '';
      // Newest first without q: badge numbers are given in the order people are registered.
      const query = searchQuery(q);
      if (query === null) return reply.header('x-total-count', '0').send([]);
      const { total, rows } = await attendees.search(query, limit, offset);
      // The page's badge states in one query, not one per row.
      const active = await attendees.badgesInForce(rows.map((a) => a.id));
      return reply.header('x-total-count', String(total)).send(rows.map((a) => attendeeView(a, active.has(a.id))));
    },
  );
}
