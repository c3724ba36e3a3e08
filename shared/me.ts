// The attendee's own phone (`/me`): what its HTTP API takes and answers. Everything here is about
// the one attendee signed in; nothing of anyone else.
import { Type, type Static } from '@sinclair/typebox';

/** Digits of a badge's PIN (printed on the badge beside the `/me` address, shown to the desk). */
export const PIN_DIGITS = 6;

/** The cookie that carries an attendee's phone session. */
export const ATTENDEE_COOKIE = 'kezek_me';

/** Sign-in on the phone: the badge number and the PIN printed on the badge. */
export const AttendeeSignIn = Type.Object(
  {
    badgeNo: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
    pin: Type.String({ minLength: PIN_DIGITS, maxLength: PIN_DIGITS + 2, pattern: '^[0-9 ]+$' }),
  },
  { additionalProperties: false },
);
export type AttendeeSignIn = Static<typeof AttendeeSignIn>;

/** Who is signed in on this phone. */
export const AttendeeMe = Type.Object({
  badgeNo: Type.Integer(),
  firstName: Type.String(),
  /** The language the attendee gave at registration (kk, ru or en). */
  language: Type.String(),
});
export type AttendeeMe = Static<typeof AttendeeMe>;

/** The codes the `/me` API refuses with; the page says each in the attendee's language. */
export type AttendeeErrorCode = 'pin_wrong' | 'rate_limited' | 'unauthorized' | 'csrf';

/** A PIN as printed and shown: two groups of three digits. */
export function pinText(pin: string): string {
  return `${pin.slice(0, 3)} ${pin.slice(3)}`;
}
