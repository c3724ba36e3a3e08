import { Type, type Static } from '@sinclair/typebox';

/** Why a scan was refused; the kiosk shows each one in the attendee's language. */
export const REJECT_REASONS = [
  'badge_invalid',
  'badge_revoked',
  'badge_unknown',
  'badge_other_event',
  'station_paused',
  'station_closed',
  'queue_full',
  /** A tour point with every departure left today full or gone. */
  'tours_full',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Why the whole event refuses a scan before it is decided (nothing is logged): it is closed or
 * archived. Answered 409 with the answer's shape, so a kiosk shows it as it shows a refusal.
 */
export const EVENT_REFUSALS = ['event_closed'] as const;
export type EventRefusal = (typeof EVENT_REFUSALS)[number];

export const ScanOutcome = Type.Union([
  Type.Literal('entered'),
  Type.Literal('exited'),
  Type.Literal('queued'),
  Type.Literal('rejected'),
]);
export type ScanOutcome = Static<typeof ScanOutcome>;

/** Kiosk modes that ask before doing the opposite (README "Modes"). */
export const ScanMode = Type.Union([Type.Literal('entry'), Type.Literal('exit')]);
export type ScanMode = Static<typeof ScanMode>;

/** A scan: exactly one of `badge` (the QR text read) and `badgeNo` (a number typed by hand). */
export const ScanRequest = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    badge: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    /** A badge number typed by hand (a damaged QR): the server looks up the badge in force. */
    badgeNo: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999 })),
    /**
     * Entry-only or exit-only kiosk: when the scan would do the opposite (check out someone
     * inside, check in someone outside), nothing is done and it is answered 409 `confirm_needed`;
     * the kiosk asks the volunteer and sends the scan again without `mode`.
     */
    mode: Type.Optional(ScanMode),
    at: Type.Optional(Type.String({ format: 'date-time' })),
    /** The station the kiosk believes it serves; refused when the token belongs to another. */
    station: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ScanRequest = Static<typeof ScanRequest>;

/** Whether a scan is a badge number typed by hand (rate-limited per kiosk: badge numbers are sequential). */
export function isTypedScan(body: Pick<ScanRequest, 'badgeNo'>): boolean {
  return body.badgeNo !== undefined;
}

/** The answer to a scan sent with `mode` that would do the opposite: no name, only where the badge stands here. */
export const ConfirmNeeded = Type.Object({
  code: Type.Literal('confirm_needed'),
  message: Type.String(),
  badgeNo: Type.Integer(),
  /** Inside this station (or queued or called there; for the entrance: on site). */
  inside: Type.Boolean(),
});
export type ConfirmNeeded = Static<typeof ConfirmNeeded>;

export const StationCounts = Type.Object({
  id: Type.String(),
  occupancy: Type.Integer(),
  capacity: Type.Integer(),
  queue: Type.Integer(),
});
export type StationCounts = Static<typeof StationCounts>;

export const ScanAnswer = Type.Object({
  outcome: ScanOutcome,
  reason: Type.Optional(Type.Union([...REJECT_REASONS, ...EVENT_REFUSALS].map((r) => Type.Literal(r)))),
  attendee: Type.Optional(Type.Object({ firstName: Type.String(), badgeNo: Type.Integer() })),
  station: StationCounts,
  /** The station the attendee was checked out of by this scan. */
  leftStation: Type.Optional(Type.String()),
  /** The attendee left the queue rather than the station. */
  leftQueue: Type.Optional(Type.Boolean()),
  queuePosition: Type.Optional(Type.Integer({ minimum: 1 })),
  /** At a tour point: the departure (`HH:MM`) the attendee is booked on; `queuePosition` is their place in its group. */
  departure: Type.Optional(Type.String()),
  /** At a tour point: the booked attendee scanned in again, here for their departure. */
  here: Type.Optional(Type.Boolean()),
  /** The same badge again at the same kiosk within seconds: a camera re-read, nothing changed. */
  reread: Type.Optional(Type.Boolean()),
  /** This scan id was seen before; this is the answer it got then. */
  replayed: Type.Optional(Type.Boolean()),
});
export type ScanAnswer = Static<typeof ScanAnswer>;

/** Refusals about the badge itself: answered with a 4xx status (the scan is still logged). */
export const BADGE_REASONS: ReadonlySet<RejectReason | EventRefusal> = new Set(['badge_invalid', 'badge_revoked', 'badge_unknown', 'badge_other_event']);

/**
 * The kiosk ids of an attendee's own phone joining or leaving a station's queue from afar
 * (`/me`). A phone's request is logged as a scan of one of these "kiosks", so replaying the log
 * decides it again the same way.
 */
export const REMOTE_JOIN = 'phone:join';
export const REMOTE_LEAVE = 'phone:leave';

/** What the scan log calls those "kiosks", in the organiser's language (they have no kiosk label). */
export const PHONE_KIOSK_LABELS: Readonly<Record<string, { kk: string; ru: string; en: string }>> = {
  [REMOTE_JOIN]: { kk: 'Қатысушының телефоны: кезекке тұру', ru: 'Телефон участника: встал в очередь', en: 'Attendee’s phone: joined the queue' },
  [REMOTE_LEAVE]: { kk: 'Қатысушының телефоны: кезектен шығу', ru: 'Телефон участника: вышел из очереди', en: 'Attendee’s phone: left the queue' },
};
