// The event-wide counts every page and the API show, defined once. "On site" in particular: the
// board, the attendee screen, the admin pages, `/api/totals`, `/summary` and the reports all
// count it with these functions and explain it with ON_SITE_MEANING.
import { Type, type Static } from '@sinclair/typebox';
import type { StationMode } from './event.ts';
import type { Strings } from './i18n.ts';

/** Event-wide counts. */
export const Totals = Type.Object({
  /** Attendees registered (pre-registered and walk-ins). */
  registered: Type.Integer(),
  /** People on site now (isOnSite). */
  onSite: Type.Integer(),
  /** Visits to stations (entrance arrivals not counted). */
  visits: Type.Integer(),
  /** People waiting in station queues now. */
  queued: Type.Integer(),
});
export type Totals = Static<typeof Totals>;

/** Where the live state places an attendee: since when through the gate, and at which station. */
export interface Whereabouts {
  /** Set by a gate scan on arrival, cleared by the gate scan on leaving. */
  onSiteSince: number | null;
  /** The station the attendee is inside, queued or called at. */
  stationId: string | null;
}

/**
 * On site: arrived through a gate and not left through it, or at a station now (inside, queued or
 * called) — someone who walked in past the entrance desk is still on site.
 */
export function isOnSite(a: Whereabouts): boolean {
  return a.onSiteSince !== null || a.stationId !== null;
}

/** What a station adds to the totals. */
export interface StationCount {
  mode: StationMode;
  visits: number;
  queue: number;
}

/** The totals from the stations, the number registered and the number on site (isOnSite). */
export function totalsOf(stations: readonly StationCount[], registered: number, onSite: number): Totals {
  const t: Totals = { registered, onSite, visits: 0, queued: 0 };
  for (const s of stations) {
    if (s.mode !== 'gate') t.visits += s.visits;
    t.queued += s.queue;
  }
  return t;
}

/** The definition of "on site", for tooltips and the reports. */
export const ON_SITE_MEANING: Strings<string> = {
  kk: 'Кіреберістен өтіп, әлі шықпағандар, сондай-ақ қазір кез келген алаңда (ішінде, кезекте немесе шақырылған) тұрғандар',
  ru: 'Прошедшие через вход и ещё не вышедшие, а также все, кто сейчас на любой площадке (внутри, в очереди или вызван)',
  en: 'Came in through the entrance and have not left, or are at any station now (inside, queued or called)',
};

/** "Arrived" in the reports: everyone who was on site at some moment of the event. */
export const ARRIVED_MEANING: Strings<string> = {
  kk: 'Іс-шара кезінде кіреберістен өткендер немесе кез келген алаңда көрінгендер',
  ru: 'Прошедшие через вход или отмеченные на любой площадке за время мероприятия',
  en: 'Came in through the entrance or were seen at any station during the event',
};
