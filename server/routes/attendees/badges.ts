import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { BadgeKey } from '../../../shared/badge-key.ts';
import { ApiError } from '../../../shared/errors.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { issueBadge, revokeBadges } from '../../registration/badge-issue.ts';
import { BadgeParams } from './schemas.ts';

/** Revoking and reissuing an attendee's badge, and the key badges are checked with. */
export default async function badgeRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/revoke',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Revoke a badge: kiosks refuse it from now on', security: [{ bearer: [] }], params: BadgeParams, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      if (!(await revokeBadges(app, Number(request.params.badgeNo)))) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      app.audit(request, 'badge.revoke', Number(request.params.badgeNo));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/reissue',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Issue a new badge with the same number and a new PIN; the old one stops working (and signs no phone in)', security: [{ bearer: [] }], params: BadgeParams, response: { 200: Type.Object({ badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String() }), '4xx': ApiError } },
    },
    async (request) => {
      const person = await app.store.attendees.byBadgeNo(Number(request.params.badgeNo));
      if (!person) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      const issued = await issueBadge(app, person.id);
      app.audit(request, 'badge.reissue', issued.badgeNo);
      return issued;
    },
  );

  app.get(
    '/api/badge-key',
    {
      config: { access: ['public'] },
      schema: { tags: ['badges'], summary: 'The Ed25519 public key badges are signed with (raw, base64url), for offline checks', response: { 200: BadgeKey } },
    },
    async (request) => {
      // A kiosk checks the badges of its own event (another live here too, or the served one).
      const p = request.principal;
      const eventId = p.role === 'kiosk' ? p.eventId : app.config.event.id;
      const otherEvents = [app.config.event.id, ...app.eventCourse.otherEvents].filter((id) => id !== eventId);
      return { eventId, otherEvents, alg: 'Ed25519' as const, key: app.badges.publicKeyRaw() };
    },
  );
}
