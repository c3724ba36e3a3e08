import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { occupancy } from '../flow/rules.ts';
import type { ReadonlyStation } from '../flow/state.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';
import { storageFailure } from '../plugins/errors.ts';
import { logReasons } from '../db/storage-watch.ts';

const Health = Type.Object({
  status: Type.String(),
  store: Type.String(),
  /** durable: a crash of the live store loses no acknowledged scan; volatile: REDIS_DURABILITY=volatile; unchecked: Redis would not say. */
  durability: Type.String(),
  event: Type.String(),
  uptimeSeconds: Type.Number(),
  reasons: Type.Array(Type.String(), {
    description: 'why degraded: storage_full, storage_unavailable (the log could not be committed), storage_low (free space under MIN_FREE_MB), archive_failing (Redis mode: the log kept in Redis cannot be written into SQLite; scans are still kept, reports fall behind)',
  }),
  freeMb: Type.Union([Type.Number(), Type.Null()], { description: 'free space on the data folder’s disk, MB' }),
  events: Type.Array(Type.Object({ event: Type.String(), reasons: Type.Array(Type.String()) }), {
    description: 'the other events live on this server, each with why its own log is not well: storage_full, storage_unavailable, archive_failing (as `reasons`); any makes the status degraded',
  }),
});
const Down = Type.Composite([Health, Type.Object({ code: Type.String(), message: Type.String() })]);

/** GET /health and GET /metrics (Prometheus). */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  const stationGauge = (name: string, help: string, value: (s: ReadonlyStation) => number) =>
    app.metrics.gauge(name, help, ['station'], async (set) => {
      for (const s of await app.live.stations()) set({ station: s.def.id }, value(s));
    });
  stationGauge('kezek_station_occupancy', 'People inside a station (the entrance: on site)', occupancy);
  stationGauge('kezek_station_queue', 'People waiting in a station’s queue', (s) => s.queue.length);
  stationGauge('kezek_station_capacity', 'Places of a station', (s) => s.capacity);

  app.get(
    '/health',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['health'],
        summary: 'Liveness, which live store is in use, and the storage; 503 while Redis cannot be reached or the log cannot be written',
        response: { 200: Health, 503: Down },
      },
    },
    async (_request, reply) => {
      const { reasons, freeMb } = app.storage.report();
      const events = (await app.liveEvents.others()).map((e) => ({ event: e.id, reasons: logReasons(e.log, e.archiver?.failing ?? false) }));
      const health = {
        status: reasons.length > 0 || events.some((e) => e.reasons.length > 0) ? 'degraded' : 'ok',
        store: app.live.kind,
        durability: app.liveDurability,
        event: app.config.event.id,
        uptimeSeconds: Math.round(process.uptime()),
        reasons,
        freeMb,
        events,
      };
      try {
        await app.live.stations();
      } catch (err) {
        if (!(err instanceof LiveStoreUnavailable)) throw err;
        return reply.code(503).send({ ...health, status: 'down', code: err.code, message: err.message });
      }
      // Low space is a warning (200): everything still works. A log that cannot be written is not (503).
      const failing = app.store.log.failure && storageFailure(app.store.log.failure);
      if (failing) return reply.code(503).send({ ...health, code: failing.code, message: failing.message });
      return health;
    },
  );

  app.get('/metrics', { config: { access: ['public'] }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(app.metrics.contentType).send(await app.metrics.render()),
  );
}
