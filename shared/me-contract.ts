// The attendee's phone (`/me`): names and the Socket.IO contract, without schemas, so that the
// phone's page loads no schema library (its schemas are in shared/me.ts, which re-exports these).
import type { ProgrammeView } from './event.ts';
import type { MyPlace } from './me.ts';

/** Digits of a badge's PIN (printed on the badge beside the `/me` address, shown to the desk). */
export const PIN_DIGITS = 6;

/** The cookie that carries an attendee's phone session. */
export const ATTENDEE_COOKIE = 'kezek_me';

/** The Socket.IO namespace of the attendee's phone: only the signed-in attendee's own data. */
export const ME_NAMESPACE = '/me';

/** A PIN as printed and shown: two groups of three digits. */
export function pinText(pin: string): string {
  return `${pin.slice(0, 3)} ${pin.slice(3)}`;
}

/** What the phone is told of its place, on every (re)connect and whenever it changes; `at` is the server's clock (ms). */
export interface MyPlaceMessage {
  place: MyPlace | null;
  at: number;
}

/** The stations whose queue may be joined from the phone now: sent to every phone when an organiser changes it. */
export interface RemoteStationsMessage {
  stationIds: string[];
  at: number;
}

/** Events the server sends on `/me`. */
export interface MeServerToClientEvents {
  'me:place': (message: MyPlaceMessage) => void;
  'me:stations': (message: RemoteStationsMessage) => void;
  /** An organiser shifted a programme item's time: the phone reads its day again. */
  'programme:update': (programme: ProgrammeView) => void;
}
