import type { EventRole, EventSummary } from '../../shared/events.ts';
import type { Lang } from '../../shared/i18n.ts';
import { api } from './api.ts';
import type { StaffRole } from './context.ts';
import { h } from './dom.ts';
import { EVENTS_STRINGS } from './events-strings.ts';

// Which event a staff member works at in /admin: one where they have a role (the session's
// `events`), the served one unless the switcher picked another, and for staff with no role there
// the latest event where they have one. Stations and the events' list are the served event's; the
// desk (registering, finding and correcting attendees, the import and badge printing), reports,
// staff roles, the audit log, the programme and the kiosks follow the switcher, and the pages shown
// are those of the staff member's role at the event picked.

const KEY = 'kezek.viewedEvent';
let events: EventSummary[] = [];
let roles: EventRole[] = [];
let viewed: string | null = sessionStorage.getItem(KEY);

/** The events of the installation where the organiser is one, as last loaded (the events' list). */
export function knownEvents(): EventSummary[] {
  return events;
}

/** Loads the events' list (organisers of the served event only). */
export async function loadEvents(): Promise<EventSummary[]> {
  events = await api<EventSummary[]>('GET', '/api/events');
  return events;
}

/**
 * Takes the events where the signed-in staff member has a role: a picked event where they have
 * none falls back to the served one, or where they have no role there either, to the latest one
 * where they have.
 */
export function setRoles(list: EventRole[]): void {
  roles = list;
  if (viewed !== null && !list.some((e) => e.id === viewed)) viewed = null;
  if (viewed === null && !list.some((e) => e.served) && list.length > 0) viewed = list[0].id;
  setViewedEvent(viewed);
}

/** The event read in /admin: null for the served one. */
export function viewedEvent(): EventRole | null {
  return viewed === null ? null : (roles.find((e) => e.id === viewed) ?? null);
}

/** The event the pages work at: the one picked, else the served one; null where the staff member has no role. */
export function shownEvent(): EventRole | null {
  return viewedEvent() ?? roles.find((e) => e.served) ?? null;
}

/** The staff member's role at the event shown, and at the served one (stations and the events' list are its). */
export function rolesHere(): { shown: StaffRole | null; served: StaffRole | null } {
  return { shown: shownEvent()?.role ?? null, served: roles.find((e) => e.served)?.role ?? null };
}

export function setViewedEvent(id: string | null): void {
  viewed = id === null || roles.find((e) => e.id === id)?.served ? null : id;
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

/** An event's name and days as the switcher lists it; `current`: marked as today's. */
export function eventLabel(e: Pick<EventSummary, 'name' | 'startsOn' | 'endsOn'>, lang: Lang, current: boolean): string {
  const days = e.endsOn === e.startsOn ? e.startsOn : `${e.startsOn} – ${e.endsOn}`;
  return `${e.name[lang]} · ${days}${current ? ` (${EVENTS_STRINGS[lang].currentMark})` : ''}`;
}

/**
 * The event switcher of the header: the events where the staff member has a role, with the role,
 * the served one marked; `changed` runs on a pick. None for staff of the served event only.
 */
export function eventSwitcher(lang: Lang, roleNames: Record<StaffRole, string>, changed: () => void): HTMLElement | null {
  if (roles.every((e) => e.served)) return null;
  const t = EVENTS_STRINGS[lang];
  const chosen = shownEvent()?.id ?? '';
  const select = h(
    'select',
    {
      id: 'event-switcher',
      onchange: () => {
        setViewedEvent(select.value);
        changed();
      },
    },
    ...roles.map((e) => h('option', { value: e.id, selected: e.id === chosen }, `${eventLabel(e, lang, e.served)} — ${roleNames[e.role]}`)),
  );
  return h('label', { class: 'event-switcher' }, h('span', {}, t.switcher), select);
}
