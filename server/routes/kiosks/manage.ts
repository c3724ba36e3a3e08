import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, FieldErrors } from '../../../shared/errors.ts';
import { Battery } from '../../../shared/kiosk-health.ts';
import { newToken, tokenHash } from '../../plugins/auth.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import type { PairingCodes } from '../../kiosks/pairing-code.ts';
import { cleanFields } from '../text-fields.ts';
import { openPairing } from './pairing.ts';
import { EventParams } from './at.ts';
import type { KioskRoutesAt } from './index.ts';
import { KioskPaired, KioskParams, PairingCode } from './schemas.ts';

const NewKiosk = Type.Object(
  { station: Type.String({ maxLength: 40 }), label: Type.Optional(Type.String({ maxLength: 80 })) },
  { additionalProperties: false },
);
const KioskCreated = Type.Composite([KioskPaired, PairingCode]);
const KioskRow = Type.Object({
  id: Type.String(),
  station: Type.String(),
  label: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  pending: Type.Integer(),
  battery: Type.Union([Battery, Type.Null()]),
});

/** The organisers' kiosks: creating one for a station (with its first pairing code), listing them, revoking one. */
export default async function kioskManagementRoutes(app: FastifyInstance, { codes, where }: { codes: PairingCodes; where: KioskRoutesAt }): Promise<void> {
  const params = where.ofEvent ? { params: EventParams } : {};
  const idParams = { params: where.ofEvent ? Type.Composite([EventParams, KioskParams]) : KioskParams };
  const of = where.ofEvent ? 'an event of the installation' : 'this event';
  app.post<{ Body: Static<typeof NewKiosk> }>(
    where.base,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: `Create a kiosk for a station of ${of}; the token is shown only here`,
        security: [{ bearer: [] }],
        ...params,
        body: NewKiosk,
        response: { 201: KioskCreated, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { station } = request.body;
      const { label } = cleanFields('invalid_kiosk', [{ field: 'label', label: 'label', value: request.body.label }]);
      const at = await where.at(request, 'change');
      if (!at.stations.some((s) => s.id === station)) throw new ApiFailure(404, 'station_not_found', `No station "${station}"`);
      const id = randomUUID();
      const token = newToken();
      const now = Date.now();
      const p = openPairing(codes, id, now);
      await at.kiosks.create({
        id,
        stationId: station,
        label: label ?? '',
        tokenHash: tokenHash(token),
        createdAt: now,
        pairingCodeHash: p.pairingCodeHash,
        pairingExpiresAt: p.pairingExpiresAt,
      });
      app.audit(request, 'kiosk.create', id, { station, label: label ?? '' }, at.eventId);
      return reply.code(201).send({ id, station, token, servers: app.config.publicUrls, pairingCode: p.pairingCode, pairingExpiresAt: new Date(p.pairingExpiresAt).toISOString() });
    },
  );

  app.get(
    where.base,
    {
      config: { access: ['organiser'] },
      schema: { tags: ['kiosks'], summary: `Every kiosk of ${of}`, security: [{ bearer: [] }], ...params, response: { 200: Type.Array(KioskRow), '4xx': ApiError } },
    },
    async (request) =>
      (await (await where.at(request, 'read')).kiosks.list()).map((k) => ({
          id: k.id,
          station: k.stationId,
          label: k.label,
          createdAt: new Date(k.createdAt).toISOString(),
          revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
          lastSeenAt: k.lastSeenAt === null ? null : new Date(k.lastSeenAt).toISOString(),
          pending: k.pending,
          battery: k.batteryLevel === null ? null : { level: k.batteryLevel, charging: k.batteryCharging === true },
        })),
  );

  app.delete<{ Params: Static<typeof KioskParams> }>(
    `${where.base}/:id`,
    {
      config: { access: ['organiser'] },
      schema: { tags: ['kiosks'], summary: `Revoke a kiosk of ${of}: its token stops working at once`, security: [{ bearer: [] }], ...idParams, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      const at = await where.at(request, 'change');
      const revoked = await at.kiosks.revoke(request.params.id, Date.now());
      app.kioskChanged(request.params.id);
      if (!revoked) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk has this id');
      app.audit(request, 'kiosk.revoke', request.params.id, undefined, at.eventId);
      return reply.code(204).send();
    },
  );
}
