import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { BadgeKey } from '../../../shared/badge-key.ts';
import { ApiError } from '../../../shared/errors.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { issueBadge, revokeBadges } from '../../registration/badge-issue.ts';
import { BadgeParams } from './schemas.ts';
import { servedDeskOf, type DeskOf } from './desk-event.ts';

const EventBadgeParams = Type.Composite([BadgeParams, Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) })]);

/** Revoking and reissuing an attendee's badge, and the key badges are checked with. */
export default async function badgeRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  app.post<{ Params: Static<typeof EventBadgeParams> }>(
    `${desk.base}/badges/:badgeNo/revoke`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Revoke a badge: kiosks refuse it from now on', security: [{ bearer: [] }], params: EventBadgeParams, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      const at = await desk.of(request, true);
      if (!(await revokeBadges(at, Number(request.params.badgeNo)))) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      app.audit(request, 'badge.revoke', Number(request.params.badgeNo), undefined, at.eventId);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof EventBadgeParams> }>(
    `${desk.base}/badges/:badgeNo/reissue`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Issue a new badge with the same number and a new PIN; the old one stops working (and signs no phone in)', security: [{ bearer: [] }], params: EventBadgeParams, response: { 200: Type.Object({ badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String() }), '4xx': ApiError } },
    },
    async (request) => {
      const at = await desk.of(request, true);
      const person = await at.records.attendees.byBadgeNo(Number(request.params.badgeNo));
      if (!person) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      const issued = await issueBadge(app, person.id, at);
      app.audit(request, 'badge.reissue', issued.badgeNo, undefined, at.eventId);
      return issued;
    },
  );

  // The key badges are checked with: the served event's (a kiosk's own event's key comes with its stations).
  if (given.base !== undefined) return;
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
