import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { BADGE_REASONS, ScanAnswer, ScanRequest } from '../../shared/scan.ts';
import { ApiFailure } from '../plugins/errors.ts';

const BadgeRefusal = Type.Composite([ApiError, Type.Partial(ScanAnswer)]);

const MESSAGES: Record<string, string> = {
  badge_invalid: 'This badge is not a valid badge of this event',
  badge_revoked: 'This badge was replaced or revoked',
  badge_unknown: 'No attendee has this badge',
};

/** POST /api/scans: a kiosk reports a scanned badge; answered once the scan is durable. */
export default async function scanRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: ScanRequest }>(
    '/api/scans',
    {
      bodyLimit: 4096,
      config: { access: ['kiosk'] },
      schema: {
        tags: ['scans'],
        summary: 'Record a scan at the kiosk’s station',
        security: [{ bearer: [] }],
        body: ScanRequest,
        response: { 200: ScanAnswer, 403: BadgeRefusal, 422: BadgeRefusal, '4xx': ApiError, 503: ApiError, 507: ApiError },
      },
    },
    async (request, reply) => {
      const kiosk = request.principal;
      if (kiosk.role !== 'kiosk') throw new ApiFailure(403, 'forbidden', 'Only kiosks scan');
      const body = request.body;
      if (body.station !== undefined && body.station !== kiosk.stationId) {
        throw new ApiFailure(403, 'kiosk_wrong_station', `This kiosk scans at ${kiosk.stationId}, not ${body.station}`);
      }
      const { answer, replayed } = await app.live.scan(
        { id: body.id, kioskId: kiosk.kioskId, stationId: kiosk.stationId, at: Date.now(), badge: app.badges.check(body.badge) },
        { clientAt: body.at ? Date.parse(body.at) : null },
      );
      app.metrics.count('kezek_scans_total', 'Scans answered, by outcome', { outcome: answer.outcome, reason: answer.reason ?? '' });
      const sent = replayed ? { ...answer, replayed: true } : answer;
      if (answer.reason && BADGE_REASONS.has(answer.reason)) {
        return reply
          .code(answer.reason === 'badge_revoked' ? 403 : 422)
          .send({ code: answer.reason, message: MESSAGES[answer.reason], ...sent });
      }
      return sent;
    },
  );
}
