import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, FieldErrors } from '../../shared/errors.ts';
import type { UserRecord, UserRecords } from '../db/durable-store.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { hashPassword } from '../staff/passwords.ts';
import { cleanFields } from './text-fields.ts';

const StaffRole = Type.Union([Type.Literal('organiser'), Type.Literal('desk')]);
const Username = Type.String({ minLength: 2, maxLength: 60, pattern: '^[\\p{L}\\p{N}._-]+$' });
// Long enough that guessing through the sign-in form (one scrypt per try) is hopeless.
const Password = Type.String({ minLength: 10, maxLength: 200 });
const DisplayName = Type.String({ maxLength: 80 });

const NewUser = Type.Object(
  { username: Username, password: Password, role: StaffRole, displayName: Type.Optional(DisplayName) },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  // role: at this event; null takes the account's role here away (its other events keep theirs).
  { password: Type.Optional(Password), role: Type.Optional(Type.Union([StaffRole, Type.Null()])), displayName: Type.Optional(DisplayName), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** The role at this event; null: none here (staff of another event of the installation). */
  role: Type.Union([StaffRole, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
});
type User = Static<typeof User>;
const Params = Type.Object({ id: Type.String({ maxLength: 64 }), event: Type.Optional(Type.String({ maxLength: 64 })) });

/** The event a role was given at, when the path names one: the entry goes to that event's audit log. */
const atEvent = (request: FastifyRequest): string | undefined => (request.params as { event?: string }).event;

/** Where the routes are and whose roles they read and give: this event's (`/api/users`), or any event's. */
export interface StaffOf {
  base: string;
  /** The accounts with their roles at the request's event. */
  of(request: FastifyRequest): Promise<UserRecords>;
}

function view(row: UserRecord): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role === 'organiser' || row.role === 'desk' ? row.role : null,
    createdAt: new Date(row.createdAt).toISOString(),
    disabled: row.disabledAt !== null,
  };
}

/**
 * Staff accounts, made and managed by organisers: the installation's, each with a role per event.
 * `/api/users` gives and reads roles at this event, `/api/events/:event/users` at any event where
 * the caller is an organiser (its `of` finds it).
 */
export default async function userRoutes(app: FastifyInstance, given: Partial<StaffOf> = {}): Promise<void> {
  const base = given.base ?? '/api/users';
  const of = given.of ?? (async () => app.store.users);
  app.post<{ Body: Static<typeof NewUser> }>(
    base,
    {
      config: { access: ['organiser'] },
      schema: { tags: ['staff'], summary: 'Create a staff account of the installation, with its role at this event (organiser or registration desk)', security: [{ bearer: [] }], params: Type.Omit(Params, ['id']), body: NewUser, response: { 201: User, 400: FieldErrors, '4xx': ApiError } },
    },
    async (request, reply) => {
      const username = request.body.username.normalize('NFC').toLowerCase();
      const { displayName } = cleanFields('invalid_user', [{ field: 'displayName', label: 'display name', value: request.body.displayName, name: true }]);
      const users = await of(request);
      if (await users.byUsername(username)) throw new ApiFailure(409, 'username_taken', `The username "${username}" is taken`);
      const row = {
        id: randomUUID(),
        username,
        displayName: displayName ?? '',
        role: request.body.role,
        passwordHash: await hashPassword(request.body.password),
        createdAt: Date.now(),
        disabledAt: null,
      };
      if (!(await users.create(row))) throw new ApiFailure(409, 'username_taken', `The username "${username}" is taken`);
      request.log.info({ userId: row.id, role: row.role, by: request.principal }, 'staff account created');
      app.audit(request, 'user.create', username, { role: row.role }, atEvent(request));
      return reply.code(201).send(view(row));
    },
  );

  app.get(
    base,
    {
      config: { access: ['organiser'] },
      schema: { tags: ['staff'], params: Type.Omit(Params, ['id']), summary: 'Every staff account of the installation, with its role at this event (null: none here)', security: [{ bearer: [] }], response: { 200: Type.Array(User) } },
    },
    async (request) => (await (await of(request)).list()).map(view),
  );

  app.patch<{ Params: Static<typeof Params>; Body: Static<typeof UserPatch> }>(
    `${base}/:id`,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff account: password, role at this event (null: none here), name, or disable it (its sessions end)',
        security: [{ bearer: [] }],
        params: Params,
        body: UserPatch,
        response: { 200: User, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request) => {
      const users = await of(request);
      const current = await users.byId(request.params.id);
      if (!current) throw new ApiFailure(404, 'user_not_found', 'No staff account has this id');
      const { password, role, disabled } = request.body;
      const { displayName } = cleanFields('invalid_user', [{ field: 'displayName', label: 'display name', value: request.body.displayName, name: true }]);
      const self = request.principal.role === 'organiser' && request.principal.userId === current.id;
      // An organiser locking themselves out could leave nobody able to manage the event.
      if (self && (disabled === true || (role !== undefined && role !== 'organiser'))) throw new ApiFailure(409, 'own_account', 'You cannot disable or demote your own account');
      const changes: Parameters<UserRecords['update']>[1] = {};
      if (password !== undefined) changes.passwordHash = await hashPassword(password);
      if (role !== undefined) changes.role = role ?? '';
      if (displayName !== undefined) changes.displayName = displayName;
      if (disabled !== undefined) changes.disabledAt = disabled ? (current.disabledAt ?? Date.now()) : null;
      await users.update(current.id, changes);
      // A new password, a new role or disabling ends every session: old cookies must not keep old rights.
      if (password !== undefined || (role !== undefined && (role ?? '') !== current.role) || disabled === true) await app.staffSessions.endAllOf(current.id);
      request.log.info({ userId: current.id, fields: Object.keys(request.body), by: request.principal }, 'staff account changed');
      // The new values, except the password: only that it changed.
      app.audit(request, 'user.edit', current.username, { role, displayName, disabled, ...(password !== undefined ? { password: 'changed' } : {}) }, atEvent(request));
      return view((await users.byId(current.id))!);
    },
  );
}
