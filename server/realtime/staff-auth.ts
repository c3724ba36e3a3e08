import type { FastifyInstance } from 'fastify';
import { SESSION_TOKEN, sessionHash, type SessionsEnded } from '../staff/sessions.ts';
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

/** The user of a session and whether they are an organiser at the event (their role there), or null when the session is not in force. */
async function organiserAt(app: FastifyInstance, hash: string, eventId: string): Promise<{ userId: string; organiser: boolean } | null> {
  const staff = await app.staffSessions.lookupHash(hash, eventId);
  return staff && { userId: staff.userId, organiser: staff.role === 'organiser' };
}

/**
 * Decides whether a staff socket is an organiser of the event (the current one's `/staff`, another
 * one's `/e/<event>/staff`): the admin token in `handshake.auth.token` (every event's), or the
 * session cookie of an account that is an organiser there. Returns who it is, or null.
 */
export async function staffIdentity(app: FastifyInstance, token: unknown, cookie: string | undefined, eventId = app.store.eventId): Promise<StaffIdentity | null> {
  if (typeof token === 'string' && token.length >= 8 && token.length <= 200 && app.isAdminToken(token)) return { kind: 'admin-token' };
  const sessionToken = app.sessionToken(cookie);
  if (!sessionToken || !SESSION_TOKEN.test(sessionToken)) return null;
  const hash = sessionHash(sessionToken);
  const staff = await organiserAt(app, hash, eventId);
  return staff?.organiser ? { kind: 'session', userId: staff.userId, sessionHash: hash } : null;
}

/** Whether a socket's identity still holds: its session not ended, its account still an enabled organiser at the event. */
export async function stillStaff(app: FastifyInstance, who: StaffIdentity, eventId = app.store.eventId): Promise<boolean> {
  if (who.kind === 'admin-token') return true;
  const staff = await organiserAt(app, who.sessionHash, eventId);
  return staff !== null && staff.organiser && staff.userId === who.userId;
}

/**
 * Lets only organisers of the event into a staff namespace (the admin token, or an organiser's
 * session cookie); `eventOf` names the event of a socket's namespace (the current one's by
 * default). Returns who each socket let in is, to be checked again before each of its actions.
 */
export function admitStaff(app: FastifyInstance, staff: Nsp, eventOf: (nsp: Nsp) => string = () => app.store.eventId): WeakMap<StaffSocket, StaffIdentity> {
  const identities = new WeakMap<StaffSocket, StaffIdentity>();
  staff.use((socket, next) => {
    staffIdentity(app, socket.handshake.auth?.token, socket.handshake.headers.cookie, eventOf(socket.nsp)).then(
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
