import type { FastifyInstance } from 'fastify';
import { sessionHash, type SessionsEnded } from '../staff/sessions.ts';
import type { Nsp, StaffSocket } from './io-types.ts';

/**
 * Who a `/staff` socket is: the admin token (no account, nothing to revoke but the token), or an
 * organiser's session, named by its token's hash so that it can be checked again later.
 */
export type StaffIdentity = { kind: 'admin-token' } | { kind: 'session'; userId: string; sessionHash: string };

/** The rooms a staff socket joins, so that ending a user's or one session's access reaches it on every process. */
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (hash: string) => `session:${hash}`;

/** The room whose sockets must go when these sessions end. */
export function endedRoom(ended: SessionsEnded): string {
  return 'userId' in ended ? userRoom(ended.userId) : sessionRoom(ended.sessionHash);
}

/**
 * Decides whether a `/staff` socket is an organiser: the admin token in `handshake.auth.token`,
 * or an organiser's session cookie. Returns who it is, or null.
 */
export async function staffIdentity(app: FastifyInstance, token: unknown, cookie: string | undefined): Promise<StaffIdentity | null> {
  if (typeof token === 'string' && token.length >= 8 && token.length <= 200 && app.isAdminToken(token)) return { kind: 'admin-token' };
  const sessionToken = app.sessionToken(cookie);
  const staff = sessionToken ? await app.staffSessions.lookup(sessionToken) : null;
  if (staff?.role !== 'organiser') return null;
  return { kind: 'session', userId: staff.userId, sessionHash: sessionHash(sessionToken!) };
}

/** Whether a socket's identity still holds: its session not ended, its account still an enabled organiser. */
export async function stillStaff(app: FastifyInstance, who: StaffIdentity): Promise<boolean> {
  if (who.kind === 'admin-token') return true;
  const staff = await app.staffSessions.lookupHash(who.sessionHash);
  return staff !== null && staff.role === 'organiser' && staff.userId === who.userId;
}

/**
 * Lets only organisers into the `/staff` namespace (the admin token, or an organiser's session
 * cookie); returns who each socket let in is, to be checked again before each of its actions.
 */
export function admitStaff(app: FastifyInstance, staff: Nsp): WeakMap<StaffSocket, StaffIdentity> {
  const identities = new WeakMap<StaffSocket, StaffIdentity>();
  staff.use((socket, next) => {
    staffIdentity(app, socket.handshake.auth?.token, socket.handshake.headers.cookie).then(
      (who) => {
        if (!who) return next(new Error('unauthorized'));
        identities.set(socket, who);
        socket.data.role = 'organiser';
        next();
      },
      (err: unknown) => {
        app.log.error({ err }, 'staff socket check failed');
        next(new Error('unauthorized'));
      },
    );
  });
  return identities;
}
