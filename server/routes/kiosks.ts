import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { kiosks } from '../db/schema.ts';
import { newToken, tokenHash } from '../plugins/auth.ts';
import { ApiFailure } from '../plugins/errors.ts';

const NewKiosk = Type.Object(
  { station: Type.String({ maxLength: 40 }), label: Type.Optional(Type.String({ maxLength: 80 })) },
  { additionalProperties: false },
);
const KioskCreated = Type.Object({ id: Type.String(), station: Type.String(), token: Type.String() });
const KioskRow = Type.Object({
  id: Type.String(),
  station: Type.String(),
  label: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Kiosks: one per device at a station; its token scans only there and can be revoked. */
export default async function kioskRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof NewKiosk> }>(
    '/api/kiosks',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'Create a kiosk for a station; the token is shown only here',
        security: [{ bearer: [] }],
        body: NewKiosk,
        response: { 201: KioskCreated, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { station, label } = request.body;
      if (!app.config.event.stations.some((s) => s.id === station)) throw new ApiFailure(404, 'station_not_found', `No station "${station}"`);
      const id = randomUUID();
      const token = newToken();
      app.db.insert(kiosks).values({ id, stationId: station, label: label ?? '', tokenHash: tokenHash(token), createdAt: Date.now() }).run();
      return reply.code(201).send({ id, station, token });
    },
  );

  app.get(
    '/api/kiosks',
    {
      config: { access: ['organiser'] },
      schema: { tags: ['kiosks'], summary: 'Every kiosk', security: [{ bearer: [] }], response: { 200: Type.Array(KioskRow) } },
    },
    async () =>
      app.db
        .select()
        .from(kiosks)
        .all()
        .map((k) => ({
          id: k.id,
          station: k.stationId,
          label: k.label,
          createdAt: new Date(k.createdAt).toISOString(),
          revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
        })),
  );

  app.delete<{ Params: Static<typeof Params> }>(
    '/api/kiosks/:id',
    {
      config: { access: ['organiser'] },
      schema: { tags: ['kiosks'], summary: 'Revoke a kiosk: its token stops working at once', security: [{ bearer: [] }], params: Params, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      const r = app.db.update(kiosks).set({ revokedAt: Date.now() }).where(eq(kiosks.id, request.params.id)).run();
      if (r.changes === 0) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk has this id');
      return reply.code(204).send();
    },
  );
}
