import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { issueBadge, registerAttendee, revokeBadges } from '../registration/badge-issue.ts';
import { attendees } from '../db/schema.ts';
import { eq } from 'drizzle-orm';

const NewAttendee = Type.Object(
  {
    firstName: Type.String({ minLength: 1, maxLength: 80 }),
    lastName: Type.Optional(Type.String({ maxLength: 80 })),
    category: Type.Optional(Type.Union(['school', 'college', 'university', 'other'].map((c) => Type.Literal(c)))),
    institution: Type.Optional(Type.String({ maxLength: 200 })),
    grade: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    language: Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')])),
    consent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String() });
const BadgeParams = Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) });

/** Registering attendees and managing their badges. */
export default async function attendeeRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof NewAttendee> }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Register an attendee and issue a signed badge',
        security: [{ bearer: [] }],
        body: NewAttendee,
        response: { 201: Registered, '4xx': ApiError },
      },
    },
    async (request, reply) => reply.code(201).send(await registerAttendee(app, request.body)),
  );

  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/revoke',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Revoke a badge: kiosks refuse it from now on', security: [{ bearer: [] }], params: BadgeParams, response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request, reply) => {
      if (!(await revokeBadges(app, Number(request.params.badgeNo)))) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof BadgeParams> }>(
    '/api/badges/:badgeNo/reissue',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['badges'], summary: 'Issue a new badge with the same number; the old one stops working', security: [{ bearer: [] }], params: BadgeParams, response: { 200: Type.Object({ badgeNo: Type.Integer(), badge: Type.String() }), '4xx': ApiError } },
    },
    async (request) => {
      const person = app.db.select({ id: attendees.id }).from(attendees).where(eq(attendees.badgeNo, Number(request.params.badgeNo))).get();
      if (!person) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this badge number');
      return issueBadge(app, person.id);
    },
  );

  app.get(
    '/api/badge-key',
    {
      config: { access: ['public'] },
      schema: { tags: ['badges'], summary: 'The Ed25519 public key badges are signed with (raw, base64url), for offline checks', response: { 200: Type.Object({ eventId: Type.String(), alg: Type.Literal('Ed25519'), key: Type.String() }) } },
    },
    async () => ({ eventId: app.config.event.id, alg: 'Ed25519' as const, key: app.badges.publicKeyRaw() }),
  );
}
