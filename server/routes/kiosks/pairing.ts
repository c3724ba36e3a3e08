import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../../shared/errors.ts';
import { newToken, tokenHash } from '../../plugins/auth.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { type PairingCodes, normalisePairingCode, pairingCodeHash } from '../../kiosks/pairing-code.ts';
import { EventParams } from './at.ts';
import type { KioskRoutesAt } from './index.ts';
import { KioskPaired, KioskParams, PairingCode } from './schemas.ts';

const Pair = Type.Object({ code: Type.String({ minLength: 4, maxLength: 20 }) }, { additionalProperties: false });

/** A pairing window of a kiosk: the code to show, when it ends, and the hash the database keeps. */
export interface PairingWindow {
  pairingCode: string;
  pairingExpiresAt: number;
  pairingCodeHash: string;
}

/** Opens a new 24-hour pairing window for a kiosk; the code before it stops working. */
export function openPairing(codes: PairingCodes, id: string, now: number): PairingWindow {
  const expiresAt = codes.expiry(now);
  const pairingCode = codes.code(id, expiresAt);
  return { pairingCode, pairingExpiresAt: expiresAt, pairingCodeHash: pairingCodeHash(pairingCode) };
}

/** Pairing a device with a kiosk: the organiser's code and QR, and the device's one-time exchange of the code for a token. */
export default async function kioskPairingRoutes(app: FastifyInstance, { codes, where }: { codes: PairingCodes; where: KioskRoutesAt }): Promise<void> {
  const idParams = { params: where.ofEvent ? Type.Composite([EventParams, KioskParams]) : KioskParams };
  app.post<{ Params: Static<typeof KioskParams> }>(
    `${where.base}/:id/pairing-code`,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'A new one-time pairing code (to pair a replacement device); the previous code stops working',
        security: [{ bearer: [] }],
        ...idParams,
        response: { 200: PairingCode, '4xx': ApiError },
      },
    },
    async (request) => {
      const { id } = request.params;
      const p = openPairing(codes, id, Date.now());
      const at = await where.at(request, 'change');
      if (!(await at.kiosks.openPairing(id, p.pairingCodeHash, p.pairingExpiresAt))) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk in service has this id');
      app.audit(request, 'kiosk.pairing_code', id, undefined, at.eventId);
      return { pairingCode: p.pairingCode, pairingExpiresAt: new Date(p.pairingExpiresAt).toISOString() };
    },
  );

  showPairingRoutes(app, codes, where);
  pairRoute(app, where);
}

/** The authority's certificate for tablets to trust, at today's path. */
export function certificateRoute(app: FastifyInstance): void {
  app.get(
    '/kiosk-certificate.crt',
    { config: { access: ['public'] }, schema: { hide: true } },
    async (_request, reply) => {
      // The authority of `npm run certificate` (public), for tablets to download and trust; kept in
      // the durable store, so every server of the event gives the same one. None is made here.
      const authority = await app.store.secrets.getOrCreate('https-ca-cert', () => {
        throw new ApiFailure(404, 'no_certificate', 'No certificate was made: npm run certificate');
      });
      return reply.type('application/x-x509-ca-cert').header('content-disposition', 'attachment; filename="kezek-kiosk.crt"').send(`${authority}\n`);
    },
  );
}

/** The pairing code in force shown again to the organiser, as text and as a QR. */
function showPairingRoutes(app: FastifyInstance, codes: PairingCodes, where: KioskRoutesAt): void {
  const idParams = { params: where.ofEvent ? Type.Composite([EventParams, KioskParams]) : KioskParams };
  /** The kiosk's pairing code in force (codes are derived, not stored), or why there is none. */
  const currentPairing = async (request: FastifyRequest, id: string): Promise<{ code: string; expiresAt: number }> => {
    const k = await (await where.at(request, 'read')).kiosks.byId(id);
    if (!k || k.revokedAt !== null) throw new ApiFailure(404, 'kiosk_not_found', 'No kiosk in service has this id');
    const code = k.pairingExpiresAt !== null ? codes.code(k.id, k.pairingExpiresAt) : null;
    if (!code || k.pairingCodeHash !== pairingCodeHash(code) || k.pairingExpiresAt! <= Date.now()) {
      throw new ApiFailure(409, 'pairing_code_used', 'This pairing code was used or has expired; make a new one with POST /api/kiosks/:id/pairing-code');
    }
    return { code, expiresAt: k.pairingExpiresAt! };
  };

  app.get<{ Params: Static<typeof KioskParams> }>(
    `${where.base}/:id/pairing-code`,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'The pairing code in force, to show it again; 409 pairing_code_used once a device paired with it or it expired',
        security: [{ bearer: [] }],
        ...idParams,
        response: { 200: PairingCode, '4xx': ApiError },
      },
    },
    async (request) => {
      const { code, expiresAt } = await currentPairing(request, request.params.id);
      return { pairingCode: code, pairingExpiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.get<{ Params: Static<typeof KioskParams> }>(
    `${where.base}/:id/pairing-qr.svg`,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['kiosks'],
        summary: 'The pairing QR to show a kiosk device: it opens /kiosk#pair=<code> on this server',
        security: [{ bearer: [] }],
        ...idParams,
        produces: ['image/svg+xml'],
        response: { 200: Type.String(), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { code } = await currentPairing(request, request.params.id);
      const url = `${request.protocol}://${request.host}/kiosk#pair=${code}`;
      // Loaded when first drawn: qrcode is a tenth of what a start loads.
      const QRCode = (await import('qrcode')).default;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
    },
  );
}

/** A device exchanges the one-time code for the kiosk's token. */
function pairRoute(app: FastifyInstance, where: KioskRoutesAt): void {
  app.post<{ Body: Static<typeof Pair> }>(
    `${where.base}/pair`,
    {
      config: { access: ['public'], limit: 'pairing' },
      schema: {
        tags: ['kiosks'],
        summary: 'A device pairs with a one-time code and gets the kiosk’s token (the code then stops working)',
        ...(where.ofEvent ? { params: EventParams } : {}),
        body: Pair,
        response: { 200: KioskPaired, '4xx': ApiError },
      },
    },
    async (request) => {
      const hash = pairingCodeHash(normalisePairingCode(request.body.code));
      const now = Date.now();
      // The token is new at pairing: the only secret that travels to the device is the one-time code.
      const token = newToken();
      const at = await where.at(request, 'pair');
      const here = await at.kiosks.pair(hash, tokenHash(token), now);
      const match = here ? { ...here, eventId: at.eventId } : where.ofEvent ? null : await pairAtOther(app, at.eventId, hash, tokenHash(token), now);
      if (!match) throw new ApiFailure(404, 'pairing_code_invalid', 'This pairing code is unknown, used or expired');
      app.kioskChanged(match.id);
      // Another event's live state opens now, not at the kiosk's first scan: opening (a rebuild, or
      // seeding Redis) may take longer than the kiosk waits for that scan's answer.
      if (match.eventId !== app.liveEvents.served.id) {
        app.liveEvents.of(match.eventId).catch((err: unknown) => request.log.warn({ err, event: match.eventId }, 'live state of the kiosk’s event did not open'));
      }
      request.log.info({ kioskId: match.id, stationId: match.stationId }, 'kiosk paired');
      app.audit(request, 'kiosk.pair', match.id, { station: match.stationId }, match.eventId);
      return { id: match.id, station: match.stationId, token, servers: app.config.publicUrls };
    },
  );
}

/**
 * A code of a kiosk of another event this server answers for (several live at once): a device
 * showing `/kiosk` pairs at today's path whichever event its kiosk is of.
 */
async function pairAtOther(app: FastifyInstance, current: string, hash: string, token: string, now: number): Promise<{ id: string; stationId: string; eventId: string } | null> {
  for (const e of await app.store.events.list()) {
    if (e.id === current || !app.liveEvents.mayServe(e.id) || app.eventCourse.isArchived(e.id)) continue;
    const match = await app.store.forEvent(e.id).kiosks.pair(hash, token, now);
    if (match) return { ...match, eventId: e.id };
  }
  return null;
}
