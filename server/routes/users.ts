import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, FieldErrors } from '../../shared/errors.ts';
import { users } from '../db/schema.ts';
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
  { password: Type.Optional(Password), role: Type.Optional(StaffRole), displayName: Type.Optional(DisplayName), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
});
type User = Static<typeof User>;
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });

function view(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as User['role'],
    createdAt: new Date(row.createdAt).toISOString(),
    disabled: row.disabledAt !== null,
  };
}

/** Staff accounts, made and managed by organisers. */
export default async function userRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof NewUser> }>(
    '/api/users',
    {
      config: { access: ['organiser'] },
      schema: { tags: ['staff'], summary: 'Create a staff account (organiser or registration desk)', security: [{ bearer: [] }], body: NewUser, response: { 201: User, 400: FieldErrors, '4xx': ApiError } },
    },
    async (request, reply) => {
      const username = request.body.username.normalize('NFC').toLowerCase();
      const { displayName } = cleanFields('invalid_user', [{ field: 'displayName', label: 'display name', value: request.body.displayName, name: true }]);
      if (await app.store.users.byUsername(username)) throw new ApiFailure(409, 'username_taken', `The username "${username}" is taken`);
      const row = {
        id: randomUUID(),
        username,
        displayName: displayName ?? '',
        role: request.body.role,
        passwordHash: await hashPassword(request.body.password),
        createdAt: Date.now(),
        disabledAt: null,
      };
      if (!(await app.store.users.create(row))) throw new ApiFailure(409, 'username_taken', `The username "${username}" is taken`);
      request.log.info({ userId: row.id, role: row.role, by: request.principal }, 'staff account created');
      app.audit(request, 'user.create', username, { role: row.role });
      return reply.code(201).send(view(row));
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: ['organiser'] },
      schema: { tags: ['staff'], summary: 'Every staff account', security: [{ bearer: [] }], response: { 200: Type.Array(User) } },
    },
    async () => (await app.store.users.list()).map(view),
  );

  app.patch<{ Params: Static<typeof Params>; Body: Static<typeof UserPatch> }>(
    '/api/users/:id',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff account: password, role, name, or disable it (its sessions end)',
        security: [{ bearer: [] }],
        params: Params,
        body: UserPatch,
        response: { 200: User, 400: FieldErrors, '4xx': ApiError },
      },
    },
    async (request) => {
      const current = await app.store.users.byId(request.params.id);
      if (!current) throw new ApiFailure(404, 'user_not_found', 'No staff account has this id');
      const { password, role, disabled } = request.body;
      const { displayName } = cleanFields('invalid_user', [{ field: 'displayName', label: 'display name', value: request.body.displayName, name: true }]);
      const self = request.principal.role === 'organiser' && request.principal.userId === current.id;
      // An organiser locking themselves out could leave nobody able to manage the event.
      if (self && (disabled === true || role === 'desk')) throw new ApiFailure(409, 'own_account', 'You cannot disable or demote your own account');
      const changes: Parameters<typeof app.store.users.update>[1] = {};
      if (password !== undefined) changes.passwordHash = await hashPassword(password);
      if (role !== undefined) changes.role = role;
      if (displayName !== undefined) changes.displayName = displayName;
      if (disabled !== undefined) changes.disabledAt = disabled ? (current.disabledAt ?? Date.now()) : null;
      await app.store.users.update(current.id, changes);
      // A new password, a new role or disabling ends every session: old cookies must not keep old rights.
      if (password !== undefined || (role !== undefined && role !== current.role) || disabled === true) await app.staffSessions.endAllOf(current.id);
      request.log.info({ userId: current.id, fields: Object.keys(request.body), by: request.principal }, 'staff account changed');
      // The new values, except the password: only that it changed.
      app.audit(request, 'user.edit', current.username, { role, displayName, disabled, ...(password !== undefined ? { password: 'changed' } : {}) });
      return view((await app.store.users.byId(current.id))!);
    },
  );
}
