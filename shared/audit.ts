import { Type, type Static } from '@sinclair/typebox';

/** Every kind of staff action the audit log keeps, in the order the admin page lists them. */
export const AUDIT_ACTIONS = [
  'session.sign_in',
  'session.sign_in_failed',
  'session.sign_out',
  'attendee.create',
  'attendee.edit',
  'attendee.import',
  'badge.revoke',
  'badge.reissue',
  'consent.give',
  'consent.withdraw',
  'station.capacity',
  'station.status',
  'station.remote_queue',
  'station.session_start',
  'station.session_end',
  'station.call_next',
  'programme.time',
  'kiosk.create',
  'kiosk.revoke',
  'kiosk.pairing_code',
  'kiosk.pair',
  'user.create',
  'user.edit',
  'event.create',
  'event.edit',
  'event.current',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit entry as the API gives it. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  role: Type.String(),
  /** The staff account that acted (null: the admin token, a kiosk, or nobody signed in). */
  user: Type.Union([Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }), Type.Null()]),
  kiosk: Type.Union([Type.Object({ id: Type.String(), label: Type.String(), station: Type.String() }), Type.Null()]),
  action: Type.String(),
  /** What was acted on: a station id, badge number, user name, kiosk id… */
  target: Type.Union([Type.String(), Type.Null()]),
  /** A few facts about it (new values, counts); never a password. */
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

/** A page of the audit log, newest first; `next` is the `before` of the following page (null: no more). */
export const AuditPage = Type.Object({ entries: Type.Array(AuditEntry), next: Type.Union([Type.Integer(), Type.Null()]) });
export type AuditPage = Static<typeof AuditPage>;
