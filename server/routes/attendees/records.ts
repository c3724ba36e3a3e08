import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, FieldErrors } from '../../../shared/errors.ts';
import { AttendeeInput, parseAttendeeInput, type AttendeeFields } from '../../../shared/attendee.ts';
import { attendeeSearchKey } from '../../../shared/name-search.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { registerAttendee } from '../../registration/badge-issue.ts';
import { Attendee, IdParams, attendeeView, refuseFields } from './schemas.ts';
import { servedDeskOf, type DeskOf } from './desk-event.ts';

const EventParam = Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) });
const EventIdParams = Type.Composite([IdParams, EventParam]);

/** A registered attendee: their badge's QR text, and its PIN for the attendee's phone (`/me`), to tell them. */
const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String() });

/** Registering a walk-in, and reading and correcting one attendee's record. */
export default async function attendeeRecordRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  app.post<{ Body: AttendeeInput }>(
    `${desk.base}/attendees`,
    {
      config: { access: ['organiser', 'desk'], limit: 'attendees' },
      schema: {
        tags: ['attendees'],
        summary: 'Register an attendee (walk-in) and issue a signed badge',
        security: [{ bearer: [] }],
        params: EventParam,
        body: AttendeeInput,
        response: { 201: Registered, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const parsed = parseAttendeeInput(request.body);
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const at = await desk.of(request, true);
      const registered = await registerAttendee(app, parsed.value, at);
      app.attendeesRegistered();
      request.log.info({ attendeeId: registered.id, badgeNo: registered.badgeNo, event: at.eventId }, 'attendee registered');
      app.audit(request, 'attendee.create', registered.badgeNo, { id: registered.id }, at.eventId);
      return reply.code(201).send(registered);
    },
  );

  app.get<{ Params: Static<typeof EventIdParams> }>(
    `${desk.base}/attendees/:id`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: { tags: ['attendees'], summary: 'One attendee', security: [{ bearer: [] }], params: EventIdParams, response: { 200: Attendee, '4xx': ApiError } },
    },
    async (request) => {
      const { attendees } = (await desk.of(request, false)).records;
      const a = await attendees.byId(request.params.id);
      if (!a) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      return attendeeView(a, (await attendees.badgeInForce(a.id)) !== null);
    },
  );

  correctRoute(app, desk);
}

/** PATCH /api/attendees/:id: the desk corrects an attendee's details. */
function correctRoute(app: FastifyInstance, desk: DeskOf): void {
  const Patch = Type.Partial(AttendeeInput, { additionalProperties: false, minProperties: 1 });
  app.patch<{ Params: Static<typeof EventIdParams>; Body: Static<typeof Patch> }>(
    `${desk.base}/attendees/:id`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Correct an attendee’s details (the badge stays valid; reprint it to show a new name)',
        security: [{ bearer: [] }],
        params: EventIdParams,
        body: Patch,
        response: { 200: Attendee, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request) => {
      const at = await desk.of(request, true);
      const { attendees } = at.records;
      const current = await attendees.byId(request.params.id);
      if (!current) throw new ApiFailure(404, 'attendee_not_found', 'No attendee has this id');
      const parsed = parseAttendeeInput({ ...current, ...request.body });
      if (!parsed.ok) throw refuseFields(parsed.errors);
      const fields: AttendeeFields = parsed.value;
      await attendees.update(current.id, fields, attendeeSearchKey(fields));
      const serial = await attendees.badgeInForce(current.id);
      // Kiosks greet by first name: keep the live copy in step with the record.
      if (fields.firstName !== current.firstName) {
        await at.live?.putAttendee({ no: current.badgeNo, firstName: fields.firstName, serial });
      }
      request.log.info({ attendeeId: current.id, fields: Object.keys(request.body) }, 'attendee edited');
      const changed = (Object.keys(fields) as Array<keyof AttendeeFields>).filter((k) => fields[k] !== current[k]);
      app.audit(request, 'attendee.edit', current.badgeNo, { id: current.id, fields: changed }, at.eventId);
      return attendeeView((await attendees.byId(current.id))!, serial !== null);
    },
  );
}
