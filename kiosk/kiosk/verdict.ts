import type { ScanAnswer } from '../../shared/scan.ts';
import type { KioskReason, KioskText } from './strings.ts';

/** What the full-screen feedback shows: never colour alone, always an icon and words too. */
export interface Verdict {
  tone: 'welcome' | 'goodbye' | 'wait' | 'refused';
  title: string;
  /** The attendee's first name, or the badge number when the name is not known (offline). */
  who: string;
  detail: string[];
  badgeNo: number | null;
}

/** The verdict for an answer of the server. `stationName` turns a station id into words. */
export function verdictOf(answer: ScanAnswer, t: KioskText, stationName: (id: string) => string): Verdict {
  const no = answer.attendee?.badgeNo ?? null;
  const who = answer.attendee?.firstName ?? (no !== null ? t.badgeNo(no) : '');
  const detail: string[] = [];
  let tone: Verdict['tone'];
  let title: string;
  switch (answer.outcome) {
    case 'entered':
      tone = 'welcome';
      title = t.welcome;
      if (answer.leftStation) detail.push(t.movedFrom(stationName(answer.leftStation)));
      break;
    case 'exited':
      tone = answer.leftQueue ? 'wait' : 'goodbye';
      title = answer.leftQueue ? t.leftQueue : t.goodbye;
      break;
    case 'queued':
      tone = 'wait';
      // At a tour point a scan books a departure, or says the booked attendee is here for it.
      if (answer.departure) title = answer.here ? t.bookedHere(answer.departure) : t.booked(answer.departure, answer.queuePosition ?? 1);
      else title = t.queued(answer.queuePosition ?? answer.station.queue);
      if (answer.leftStation) detail.push(t.movedFrom(stationName(answer.leftStation)));
      break;
    default:
      tone = 'refused';
      title = answer.reason ? t.reasons[answer.reason] : t.refused;
  }
  if (answer.reread) detail.push(t.reread);
  if (no !== null && answer.attendee) detail.push(t.badgeNo(no));
  return { tone, title, who, detail, badgeNo: no };
}

/** A refusal the kiosk decides itself (a forged badge offline, a revoked kiosk). */
export function refusal(reason: KioskReason, t: KioskText, badgeNo: number | null = null): Verdict {
  return { tone: 'refused', title: t.reasons[reason], who: badgeNo !== null ? t.badgeNo(badgeNo) : '', detail: [], badgeNo };
}

/**
 * The verdict given offline: signature checked here (`true`), only its shape (`false`), or a
 * number typed by hand (`'typed'`); state as far as this kiosk knows it.
 */
export function offlineVerdict(no: number, inside: boolean, verified: boolean | 'typed', name: string | null, t: KioskText): Verdict {
  const tone = inside ? 'goodbye' : 'welcome';
  const detail = [t.pendingNote];
  if (verified === 'typed') detail.push(t.typedNote);
  else if (!verified) detail.push(t.uncheckedNote);
  if (name) detail.push(t.badgeNo(no));
  return { tone, title: inside ? t.goodbye : t.welcome, who: name ?? t.badgeNo(no), detail, badgeNo: no };
}
