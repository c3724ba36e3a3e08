import type { EventSummary } from '../../shared/events.ts';
import type { Lang } from '../../shared/i18n.ts';
import { api } from './api.ts';
import { h } from './dom.ts';
import { EVENTS_STRINGS } from './events-strings.ts';

// Which event the organiser reads in /admin: the current one unless the switcher picked another.
// Stations are always the current event's; the desk (registering, finding and correcting attendees,
// the import and badge printing), reports, staff roles, the audit log, the programme and the kiosks
// follow the switcher. A desk volunteer has no switcher: their desk is the current event's.

const KEY = 'kezek.viewedEvent';
let events: EventSummary[] = [];
let viewed: string | null = sessionStorage.getItem(KEY);

/** The events of the installation, as last loaded. */
export function knownEvents(): EventSummary[] {
  return events;
}

/** Loads the events (organisers only); a picked event that is gone falls back to the current one. */
export async function loadEvents(): Promise<EventSummary[]> {
  events = await api<EventSummary[]>('GET', '/api/events');
  if (viewed !== null && !events.some((e) => e.id === viewed && !e.current)) setViewedEvent(null);
  return events;
}

/** The event read in /admin: null for the current one. */
export function viewedEvent(): EventSummary | null {
  return viewed === null ? null : (events.find((e) => e.id === viewed) ?? null);
}

export function setViewedEvent(id: string | null): void {
  const current = events.find((e) => e.current);
  viewed = id === null || id === current?.id ? null : id;
  if (viewed === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, viewed);
}

/** Where an API of the event read is: `/api/events/<id>/<sub>` for another event, today's path for the current one. */
export function viewedEventPath(today: string, sub: string): string {
  const e = viewedEvent();
  return e ? `/api/events/${encodeURIComponent(e.id)}/${sub}` : today;
}

/** Today's desk path (`/api/attendees…`, `/api/badges…`) at the event read: `/api/events/<id>/…` for another event. */
export function deskPath(today: string): string {
  return viewedEventPath(today, today.replace(/^\/api\//, ''));
}

/** The note at the top of a page that follows the switcher, naming the event it works at; null at the current event. */
export function viewedEventNote(id: string, lang: Lang, text: (event: string) => string): HTMLElement | null {
  const e = viewedEvent();
  return e && h('p', { class: 'pill warn', id }, text(e.name[lang]));
}

/** Where the reports of the event read are: today's paths for the current event. */
export function reportsBase(): string {
  return viewedEventPath('/api/reports', 'reports');
}

/** An event's name and days as the switcher lists it. */
export function eventLabel(e: EventSummary, lang: Lang): string {
  const days = e.endsOn === e.startsOn ? e.startsOn : `${e.startsOn} – ${e.endsOn}`;
  return `${e.name[lang]} · ${days}${e.current ? ` (${EVENTS_STRINGS[lang].currentMark})` : ''}`;
}

/** The event switcher of the header: every event, the current one marked; `changed` runs on a pick. */
export function eventSwitcher(lang: Lang, changed: () => void): HTMLElement {
  const t = EVENTS_STRINGS[lang];
  const chosen = viewedEvent()?.id ?? events.find((e) => e.current)?.id ?? '';
  const select = h(
    'select',
    {
      id: 'event-switcher',
      onchange: () => {
        setViewedEvent(select.value);
        changed();
      },
    },
    ...events.map((e) => h('option', { value: e.id, selected: e.id === chosen }, eventLabel(e, lang))),
  );
  return h('label', { class: 'event-switcher' }, h('span', {}, t.switcher), select);
}
