import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, FieldErrors } from '../../../shared/errors.ts';
import { AttendeeInput, parseAttendeeInput, type AttendeeFields } from '../../../shared/attendee.ts';
import { attendeeSearchKey } from '../../../shared/name-search.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { registerAttendee } from '../../registration/badge-issue.ts';
import { Attendee, IdParams, attendeeView, refuseFields } from './schemas.ts';

/** A registered attendee: their badge's QR text, and its PIN for the attendee's phone (`/me`), to tell them. */
const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String() });

/** Registering a walk-in, and reading and correcting one attendee's record. */
export default async function attendeeRecordRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: AttendeeInput }>(
    '/api/attendees',
    {
      config: { access: ['organiser', 'desk'], limit: 'attendees' },
      schema: {
        tags: ['attendees'],
        summary: 'Register an attendee (walk-in) and issue a signed badge',
        security: [{ bearer: [] }],
        body: AttendeeInput,
        response: { 201: Registered, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const parsed = parseAttendeeInput(request.body);
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const registered = await registerAttendee(app, parsed.value);
      app.attendeesRegistered();
      request.log.info({ attendeeId: registered.id, badgeNo: registered.badgeNo }, 'attendee registered');
      app.audit(request, 'attendee.create', registered.badgeNo, { id: registered.id });
      return reply.code(201).send(registered);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/attendees/:id',
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['attendees'], summary: 'One attendee', security: [{ bearer: [] }], params: IdParams, response: { 200: Attendee, '4xx': ApiError } },
    },
    async (request) => {
      const a = await app.store.attendees.byId(request.params.id);
      if (!a) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      return attendeeView(a, (await app.store.attendees.badgeInForce(a.id)) !== null);
    },
  );

  correctRoute(app);
}

/** PATCH /api/attendees/:id: the desk corrects an attendee's details. */
function correctRoute(app: FastifyInstance): void {
  const Patch = Type.Partial(AttendeeInput, { additionalProperties: false, minProperties: 1 });
  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof Patch> }>(
    '/api/attendees/:id',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Correct an attendee’s details (the badge stays valid; reprint it to show a new name)',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Patch,
        response: { 200: Attendee, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request) => {
      const current = await app.store.attendees.byId(request.params.id);
      if (!current) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      const parsed = parseAttendeeInput({ ...current, ...request.body });
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const fields: AttendeeFields = parsed.value;
      await app.store.attendees.update(current.id, fields, attendeeSearchKey(fields));
      const serial = await app.store.attendees.badgeInForce(current.id);
      // Kiosks greet by first name: keep the live copy in step with the record.
      if (fields.firstName !== current.firstName) {
        await app.live.putAttendee({ no: current.badgeNo, firstName: fields.firstName, serial });
      }
      request.log.info({ attendeeId: current.id, fields: Object.keys(request.body) }, 'attendee edited');
      const changed = (Object.keys(fields) as Array<keyof AttendeeFields>).filter((k) => fields[k] !== current[k]);
      app.audit(request, 'attendee.edit', current.badgeNo, { id: current.id, fields: changed });
      return attendeeView((await app.store.attendees.byId(current.id))!, serial !== null);
    },
  );
}
