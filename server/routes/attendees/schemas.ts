import { Type, type Static } from '@sinclair/typebox';
import { ATTENDEE_CATEGORIES, ATTENDEE_LANGUAGES } from '../../../shared/attendee.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { attendees } from '../../db/schema.ts';

export const BadgeParams = Type.Object({ badgeNo: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** An attendee as the desk sees and edits it. */
export const Attendee = Type.Object({
  id: Type.String(),
  badgeNo: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  category: Type.Union(ATTENDEE_CATEGORIES.map((c) => Type.Literal(c))),
  institution: Type.String(),
  grade: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union(ATTENDEE_LANGUAGES.map((l) => Type.Literal(l))),
  consent: Type.Boolean(),
  /** False when the badge was revoked and no new one issued: kiosks refuse it. */
  badgeActive: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Attendee = Static<typeof Attendee>;

type Row = Omit<typeof attendees.$inferSelect, 'eventId' | 'personId'>;

/** An attendee's row as the desk sees it; `active`: whether their badge is in force. */
export function attendeeView(a: Row, active: boolean): Attendee {
  return {
    id: a.id,
    badgeNo: a.badgeNo,
    firstName: a.firstName,
    lastName: a.lastName,
    category: a.category as Attendee['category'],
    institution: a.institution,
    grade: a.grade,
    phone: a.phone,
    email: a.email,
    language: a.language as Attendee['language'],
    consent: a.consent,
    badgeActive: active,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

/** The 400 of an attendee's fields that do not pass. */
export function refuseFields(errors: { field: string; code: string; message: string }[]): ApiFailure {
  return new ApiFailure(400, 'invalid_attendee', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
