import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { occupancy } from '../flow/rules.ts';

/** GET /health and GET /metrics (Prometheus). */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.metrics.gauge(async () => {
    const lines = ['# TYPE kezek_station_occupancy gauge', '# TYPE kezek_station_queue gauge', '# TYPE kezek_station_capacity gauge'];
    for (const s of await app.live.stations()) {
      const l = `{station="${s.def.id}"}`;
      lines.push(`kezek_station_occupancy${l} ${occupancy(s)}`, `kezek_station_queue${l} ${s.queue.length}`, `kezek_station_capacity${l} ${s.capacity}`);
    }
    return lines.join('\n');
  });

  app.get(
    '/health',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['health'],
        summary: 'Liveness, and which live store is in use',
        response: { 200: Type.Object({ status: Type.String(), store: Type.String(), event: Type.String(), uptimeSeconds: Type.Number() }) },
      },
    },
    async () => {
      await app.live.stations();
      return { status: 'ok', store: app.live.kind, event: app.config.event.id, uptimeSeconds: Math.round(process.uptime()) };
    },
  );

  app.get('/metrics', { config: { access: ['public'] }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4').send(await app.metrics.render()),
  );
}
