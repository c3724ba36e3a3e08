import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../../shared/errors.ts';
import { Battery, KioskHealth } from '../../../shared/kiosk-health.ts';
import { eventArchived } from '../../plugins/event-course.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { CAMERA_STATES } from '../../plugins/kiosk-health.ts';
import { EventParams } from './at.ts';
import type { KioskRoutesAt } from './index.ts';

const Heartbeat = Type.Object(
  {
    appVersion: Type.String({ maxLength: 40 }),
    pending: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    camera: Type.Union(CAMERA_STATES.map((c) => Type.Literal(c))),
    /** Only where the browser tells it (Battery Status API); left out otherwise. */
    battery: Type.Optional(Battery),
  },
  { additionalProperties: false },
);

/** Kiosk heartbeats, at today's path whatever the kiosk's event. */
export function heartbeatRoute(app: FastifyInstance): void {
  app.post<{ Body: Static<typeof Heartbeat> }>(
    '/api/kiosks/heartbeat',
    {
      config: { access: ['kiosk'] },
      schema: {
        tags: ['kiosks'],
        summary: 'A kiosk says it is alive: app version, scans waiting in its outbox, camera state, battery where the browser tells it',
        security: [{ bearer: [] }],
        body: Heartbeat,
        response: { 204: Type.Null(), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const kiosk = request.principal;
      if (kiosk.role !== 'kiosk') throw new ApiFailure(403, 'forbidden', 'Only kiosks send heartbeats');
      const b = request.body;
      // A kiosk left paired to an archived event hears of it within a heartbeat, scanning or not.
      if (app.eventCourse.isArchived(kiosk.eventId)) throw eventArchived();
      // A kiosk of another event live here too: its beat is kept with that event's kiosks.
      if (kiosk.eventId !== app.store.eventId) {
        await app.store.forEvent(kiosk.eventId).kiosks.beat(kiosk.kioskId, { appVersion: b.appVersion, pending: b.pending, camera: b.camera, battery: b.battery ?? null }, Date.now());
      } else await app.kioskHealth.beat(kiosk.kioskId, b, Date.now());
      return reply.code(204).send();
    },
  );
}

/** Every kiosk's last heartbeat, for the organisers of its event. */
export default async function kioskHealthRoutes(app: FastifyInstance, { where }: { where: KioskRoutesAt }): Promise<void> {
  app.get(
    `${where.base}/health`,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: `Every kiosk in service of ${where.ofEvent ? 'an event of the installation' : 'this event'} with its last heartbeat`,
        security: [{ bearer: [] }],
        ...(where.ofEvent ? { params: EventParams } : {}),
        response: { 200: Type.Array(KioskHealth), '4xx': ApiError },
      },
    },
    async (request) => app.kioskHealth.list((await where.at(request, 'read')).eventId),
  );
}
