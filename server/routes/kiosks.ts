import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { Type, type Static } from '@sinclair/typebox';
import QRCode from 'qrcode';
import { ApiError, FieldErrors } from '../../shared/errors.ts';
import { kiosks } from '../db/schema.ts';
import { newToken, tokenHash } from '../plugins/auth.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { Battery, CAMERA_STATES, KioskHealth } from '../plugins/kiosk-health.ts';
import { cleanFields } from './text-fields.ts';
import { PAIRING_MS, PairingCodes, normalisePairingCode, pairingCodeHash } from '../kiosks/pairing-code.ts';

const NewKiosk = Type.Object(
  { station: Type.String({ maxLength: 40 }), label: Type.Optional(Type.String({ maxLength: 80 })) },
  { additionalProperties: false },
);
const KioskPaired = Type.Object({ id: Type.String(), station: Type.String(), token: Type.String() });
const PairingCode = Type.Object({
  /** Eight letters and digits to type at the kiosk, or inside the pairing QR; works once. */
  pairingCode: Type.String(),
  pairingExpiresAt: Type.String({ format: 'date-time' }),
});
const KioskCreated = Type.Composite([KioskPaired, PairingCode]);
const Pair = Type.Object({ code: Type.String({ minLength: 4, maxLength: 20 }) }, { additionalProperties: false });
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
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Kiosks: one per device at a station; its token scans only there and can be revoked. */
export default async function kioskRoutes(app: FastifyInstance): Promise<void> {
  const codes = PairingCodes.load(app.config.dataDir);

  /** Opens a new 24-hour pairing window for a kiosk; the code before it stops working. */
  const openPairing = (id: string, now: number) => {
    const expiresAt = now + PAIRING_MS;
    const pairingCode = codes.code(id, expiresAt);
    return { pairingCode, pairingExpiresAt: expiresAt, pairingCodeHash: pairingCodeHash(pairingCode) };
  };
  app.post<{ Body: Static<typeof NewKiosk> }>(
    '/api/kiosks',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'Create a kiosk for a station; the token is shown only here',
        security: [{ bearer: [] }],
        body: NewKiosk,
        response: { 201: KioskCreated, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { station } = request.body;
      const { label } = cleanFields('invalid_kiosk', [{ field: 'label', label: 'label', value: request.body.label }]);
      if (!app.config.event.stations.some((s) => s.id === station)) throw new ApiFailure(404, 'station_not_found', `No station "${station}"`);
      const id = randomUUID();
      const token = newToken();
      const now = Date.now();
      const p = openPairing(id, now);
      app.db
        .insert(kiosks)
        .values({ id, stationId: station, label: label ?? '', tokenHash: tokenHash(token), createdAt: now, pairingCodeHash: p.pairingCodeHash, pairingExpiresAt: p.pairingExpiresAt })
        .run();
      app.audit(request, 'kiosk.create', id, { station, label: label ?? '' });
      return reply.code(201).send({ id, station, token, pairingCode: p.pairingCode, pairingExpiresAt: new Date(p.pairingExpiresAt).toISOString() });
    },
  );

  app.post<{ Params: Static<typeof Params> }>(
    '/api/kiosks/:id/pairing-code',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'A new one-time pairing code (to pair a replacement device); the previous code stops working',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: PairingCode, '4xx': ApiError },
      },
    },
    async (request) => {
      const { id } = request.params;
      const p = openPairing(id, Date.now());
      const r = app.db
        .update(kiosks)
        .set({ pairingCodeHash: p.pairingCodeHash, pairingExpiresAt: p.pairingExpiresAt })
        .where(and(eq(kiosks.id, id), isNull(kiosks.revokedAt)))
        .run();
      if (r.changes === 0) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk in service has this id');
      app.audit(request, 'kiosk.pairing_code', id);
      return { pairingCode: p.pairingCode, pairingExpiresAt: new Date(p.pairingExpiresAt).toISOString() };
    },
  );

  /** The kiosk's pairing code in force (codes are derived, not stored), or why there is none. */
  const currentPairing = (id: string): { code: string; expiresAt: number } => {
    const k = app.db.select().from(kiosks).where(eq(kiosks.id, id)).get();
    if (!k || k.revokedAt !== null) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk in service has this id');
    const code = k.pairingExpiresAt !== null ? codes.code(k.id, k.pairingExpiresAt) : null;
    if (!code || k.pairingCodeHash !== pairingCodeHash(code) || k.pairingExpiresAt! <= Date.now()) {
      throw new ApiFailure(409, 'pairing_code_used', 'This pairing code was used or has expired; make a new one with POST /api/kiosks/:id/pairing-code');
    }
    return { code, expiresAt: k.pairingExpiresAt! };
  };

  app.get<{ Params: Static<typeof Params> }>(
    '/api/kiosks/:id/pairing-code',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'The pairing code in force, to show it again; 409 pairing_code_used once a device paired with it or it expired',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: PairingCode, '4xx': ApiError },
      },
    },
    async (request) => {
      const { code, expiresAt } = currentPairing(request.params.id);
      return { pairingCode: code, pairingExpiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.get<{ Params: Static<typeof Params> }>(
    '/api/kiosks/:id/pairing-qr.svg',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'The pairing QR to show a kiosk device: it opens /kiosk#pair=<code> on this server',
        security: [{ bearer: [] }],
        params: Params,
        produces: ['image/svg+xml'],
        response: { 200: Type.String(), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { code } = currentPairing(request.params.id);
      const url = `${request.protocol}://${request.host}/kiosk#pair=${code}`;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
    },
  );

  app.post<{ Body: Static<typeof Pair> }>(
    '/api/kiosks/pair',
    {
      config: { access: ['public'], limit: 'pairing' },
      schema: {
        tags: ['kiosks'],
        summary: 'A device pairs with a one-time code and gets the kiosk’s token (the code then stops working)',
        body: Pair,
        response: { 200: KioskPaired, '4xx': ApiError },
      },
    },
    async (request) => {
      const hash = pairingCodeHash(normalisePairingCode(request.body.code));
      const now = Date.now();
      const match = app.db
        .select({ id: kiosks.id, station: kiosks.stationId })
        .from(kiosks)
        .where(and(eq(kiosks.pairingCodeHash, hash), gt(kiosks.pairingExpiresAt, now), isNull(kiosks.revokedAt)))
        .get();
      if (!match) throw new ApiFailure(404, 'pairing_code_invalid', 'This pairing code is unknown, used or expired');
      // The token is new at pairing: the only secret that travels to the device is the one-time code.
      const token = newToken();
      const r = app.db
        .update(kiosks)
        .set({ tokenHash: tokenHash(token), pairingCodeHash: null, pairingExpiresAt: null, lastSeenAt: now })
        .where(and(eq(kiosks.id, match.id), eq(kiosks.pairingCodeHash, hash)))
        .run();
      if (r.changes === 0) throw new ApiFailure(404, 'pairing_code_invalid', 'This pairing code is unknown, used or expired');
      app.kioskChanged(match.id);
      request.log.info({ kioskId: match.id, stationId: match.station }, 'kiosk paired');
      app.audit(request, 'kiosk.pair', match.id, { station: match.station });
      return { id: match.id, station: match.station, token };
    },
  );

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
      await app.kioskHealth.beat(kiosk.kioskId, request.body, Date.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/kiosks/health',
    {
      config: { access: ['organiser'] },
      schema: { tags: ['kiosks'], summary: 'Every kiosk in service with its last heartbeat', security: [{ bearer: [] }], response: { 200: Type.Array(KioskHealth) } },
    },
    async () => app.kioskHealth.list(),
  );

  app.get(
    '/kiosk-certificate.crt',
    { config: { access: ['public'] }, schema: { hide: true } },
    async (_request, reply) => {
      // The authority of `npm run certificate` (public), for tablets to download and trust.
      const file = join(app.config.dataDir, 'https-ca.pem');
      if (!existsSync(file)) throw new ApiFailure(404, 'no_certificate', 'No certificate was made: npm run certificate');
      return reply.type('application/x-x509-ca-cert').header('content-disposition', 'attachment; filename="kezek-kiosk.crt"').send(readFileSync(file));
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
          lastSeenAt: k.lastSeenAt === null ? null : new Date(k.lastSeenAt).toISOString(),
          pending: k.pending,
          battery: k.batteryLevel === null ? null : { level: k.batteryLevel, charging: k.batteryCharging === true },
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
      app.kioskChanged(request.params.id);
      if (r.changes === 0) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk has this id');
      app.audit(request, 'kiosk.revoke', request.params.id);
      return reply.code(204).send();
    },
  );
}
