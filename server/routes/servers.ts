import type { FastifyInstance } from 'fastify';
import { ServerList } from '../../shared/servers.ts';

/** GET /api/servers: the event's servers (PUBLIC_URLS) and which of them answer. */
export default async function serverRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/servers',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['health'],
        summary: 'Every server of the event (PUBLIC_URLS) and whether it answered at the last look, a few seconds ago',
        response: { 200: ServerList },
      },
    },
    async () => ({ servers: app.servers.list() }),
  );
}
