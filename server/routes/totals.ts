import type { FastifyInstance } from 'fastify';
import { Totals, totalsOf } from '../../shared/totals.ts';
import { stationCount } from '../flow/rules.ts';

/** GET /api/totals: the totals the board shows (shared/totals.ts), for the admin pages and anyone. */
export default async function totalsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/totals',
    {
      config: { access: ['public'] },
      schema: { tags: ['stations'], summary: 'Registered, on site now, station visits so far and people queued now', response: { 200: Totals } },
    },
    async () => {
      const registered = await app.store.attendees.count();
      const stations = await app.live.stations();
      return totalsOf(stations.map(stationCount), registered, await app.live.onSite());
    },
  );
}
