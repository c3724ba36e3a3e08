import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Type } from '@sinclair/typebox';
import { attendees } from '../db/schema.ts';
import { occupancy } from '../flow/rules.ts';

/** The event's totals: no personal data, so anyone may read them. */
export const Totals = Type.Object({
  registered: Type.Integer(),
  /** People through the entrance gate and not yet out: the gate's occupancy. */
  onSiteNow: Type.Integer(),
  /** Visits at every station except gates (one event day, so "today"). */
  visitsToday: Type.Integer(),
});

/** GET /api/totals: registered, on site now and visits, for the board and the admin pages. */
export default async function totalsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/totals',
    {
      config: { access: ['public'] },
      schema: { tags: ['stations'], summary: 'Registered, on site now (entrance) and visits so far', response: { 200: Totals } },
    },
    async () => {
      const registered = app.db.select({ n: sql<number>`count(*)` }).from(attendees).get()?.n ?? 0;
      const entrance = await app.live.station('entrance');
      const stations = await app.live.stations();
      const visitsToday = stations.filter((s) => s.def.mode !== 'gate').reduce((sum, s) => sum + s.visits, 0);
      return { registered, onSiteNow: entrance ? occupancy(entrance) : 0, visitsToday };
    },
  );
}
