import { EVENT_STATUSES, type EventStatus } from '../../shared/event.ts';
import type { EventSummary } from '../../shared/events.ts';
import { comparisonCard, compareButtonText } from './events-compare.ts';
import { api, ApiRequestError } from './api.ts';
import type { AdminContext } from './context.ts';
import { knownEvents, loadEvents, setViewedEvent } from './event-choice.ts';
import { field, h, replace } from './dom.ts';
import { EVENTS_STRINGS, type EventsText } from './events-strings.ts';

/** What the events view needs besides the context: its texts, how to show a failure, and how to reload (the whole page: the switcher lists the events too; a notice goes after it). */
interface EventsPage {
  ctx: AdminContext;
  t: EventsText;
  fail(err: unknown): void;
  reload(): Promise<void>;
  /** Shows a card under the list (two events compared). */
  show(el: HTMLElement): void;
}

/** A failed request in the organiser's language: the events' own refusals first, then the page's. */
function failure(ctx: AdminContext, t: EventsText): (err: unknown) => void {
  return (err) => {
    const known = err instanceof ApiRequestError ? t.errors[err.code] : undefined;
    if (known) ctx.notify(known, 'error');
    else ctx.fail(err);
  };
}

/** One event: its days and course to change, reading its reports, making it current. */
function eventRow(page: EventsPage, e: EventSummary): HTMLTableRowElement {
  const { ctx, t } = page;
  const startsOn = h('input', { type: 'date', value: e.startsOn, required: true, 'aria-label': t.startsOn });
  const endsOn = h('input', { type: 'date', value: e.endsOn, required: true, 'aria-label': t.endsOn });
  const status = h('select', { 'aria-label': t.status }, ...EVENT_STATUSES.map((s) => h('option', { value: s, selected: s === e.status }, t.statuses[s])));
  const save = async (ev: Event): Promise<void> => {
    ev.preventDefault();
    try {
      await api('PATCH', `/api/events/${encodeURIComponent(e.id)}`, { startsOn: startsOn.value, endsOn: endsOn.value, status: status.value as EventStatus });
      await page.reload();
      ctx.notify(t.saved);
    } catch (err) {
      page.fail(err);
    }
  };
  const makeCurrent = async (): Promise<void> => {
    try {
      await api('POST', `/api/events/${encodeURIComponent(e.id)}/current`);
      await page.reload();
      ctx.notify(t.madeCurrent(e.name[ctx.lang]));
    } catch (err) {
      page.fail(err);
    }
  };
  const readReports = (): void => {
    setViewedEvent(e.id);
    location.hash = '#reports';
  };
  const current = knownEvents().find((x) => x.current);
  const compare = async (): Promise<void> => {
    try {
      page.show(await comparisonCard(ctx.lang, current!.id, e.id));
    } catch (err) {
      page.fail(err);
    }
  };
  return h(
    'tr',
    { class: e.status === 'archived' ? 'muted' : '', 'data-event': e.id },
    h('td', {}, h('b', {}, e.name[ctx.lang]), e.current && h('span', { class: 'pill ok' }, t.currentMark), h('div', { class: 'hint' }, e.id)),
    h('td', {}, String(e.stations)),
    h('td', { colSpan: 2 }, h('form', { class: 'inline event-days', onsubmit: save }, startsOn, endsOn, status, h('button', { type: 'submit' }, t.save))),
    h(
      'td',
      { class: 'actions' },
      h('button', { type: 'button', onclick: readReports }, t.reports),
      !e.current && e.status !== 'archived' && h('button', { type: 'button', class: 'make-current', onclick: () => void makeCurrent() }, t.makeCurrent),
      !e.current && current && h('button', { type: 'button', class: 'compare', onclick: () => void compare() }, compareButtonText(ctx.lang)),
    ),
  );
}

/** Reads an event file chosen on the device as JSON; null (and a notice) when it is not. */
async function readEventFile(page: EventsPage, input: HTMLInputElement): Promise<unknown> {
  const file = input.files?.[0];
  if (!file) return null;
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    page.ctx.notify(page.t.errors.file_unreadable, 'error');
    return null;
  }
}

/** The form that makes an event: from scratch, as a copy of another's stations, or from an event file. */
function newEventForm(page: EventsPage): HTMLFormElement {
  const { ctx, t } = page;
  const input = (id: string, props: Record<string, unknown> = {}) => h('input', { id, autocomplete: 'off', required: true, ...props });
  const id = input('event-id', { pattern: '[a-z0-9][a-z0-9\\-]{0,63}', maxLength: 64, placeholder: 'autumn-open-day', title: t.idHint });
  const names = { kk: input('event-name-kk', { maxLength: 200 }), ru: input('event-name-ru', { maxLength: 200 }), en: input('event-name-en', { maxLength: 200 }) };
  const startsOn = input('event-starts', { type: 'date' });
  const endsOn = h('input', { id: 'event-ends', type: 'date' });
  const from = h(
    'select',
    { id: 'event-from' },
    h('option', { value: 'scratch' }, t.fromScratch),
    ...knownEvents().map((e) => h('option', { value: `copy:${e.id}` }, t.fromCopy(e.name[ctx.lang]))),
    h('option', { value: 'file' }, t.fromFile),
  );
  const file = h('input', { id: 'event-file', type: 'file', accept: 'application/json,.json' });
  const fileField = field(t.file, file);
  const own = [id, names.kk, names.ru, names.en, startsOn];
  const showFile = (): void => {
    const byFile = from.value === 'file';
    fileField.hidden = !byFile;
    // An event file carries its own id, names and first day.
    for (const el of own) (el.closest('label') as HTMLElement).hidden = byFile;
    for (const el of own) el.required = !byFile;
    file.required = byFile;
  };
  from.addEventListener('change', showFile);
  const create = async (ev: Event): Promise<void> => {
    ev.preventDefault();
    const days = { ...(startsOn.value ? { startsOn: startsOn.value } : {}), ...(endsOn.value ? { endsOn: endsOn.value } : {}) };
    const fields = { id: id.value.trim(), name: { kk: names.kk.value.trim(), ru: names.ru.value.trim(), en: names.en.value.trim() }, ...days };
    let body: Record<string, unknown>;
    if (from.value === 'file') {
      const parsed = await readEventFile(page, file);
      if (parsed === null) return;
      body = { from: 'file', file: parsed, ...days };
    } else if (from.value.startsWith('copy:')) body = { from: 'copy', source: from.value.slice(5), ...fields };
    else body = { from: 'scratch', ...fields };
    try {
      const made = await api<EventSummary>('POST', '/api/events', body);
      await page.reload();
      ctx.notify(t.created(made.name[ctx.lang]));
    } catch (err) {
      page.fail(err);
    }
  };
  const form = h(
    'form',
    { class: 'card inline-form new-event', onsubmit: create },
    h('h2', {}, t.newHeading),
    field(t.from, from),
    fileField,
    field(t.id, id),
    field(t.nameKk, names.kk),
    field(t.nameRu, names.ru),
    field(t.nameEn, names.en),
    field(t.startsOn, startsOn),
    field(t.endsOn, endsOn),
    h('button', { type: 'submit', class: 'primary' }, t.create),
  );
  // Once every control sits in its label: the labels are what is hidden.
  showFile();
  return form;
}

/** The events of the installation (organisers): list, days and course, the current one, new events. */
export function eventsView(ctx: AdminContext, rerender: () => Promise<void>): HTMLElement {
  const t = EVENTS_STRINGS[ctx.lang];
  const body = h('tbody');
  const formSlot = h('div');
  const compareSlot = h('div', { 'aria-live': 'polite' });
  const page: EventsPage = {
    ctx,
    t,
    fail: failure(ctx, t),
    show: (el) => replace(compareSlot, el),
    reload: async () => {
      await loadEvents();
      await rerender();
    },
  };
  const fill = async (): Promise<void> => {
    try {
      await loadEvents();
    } catch (err) {
      page.fail(err);
      return;
    }
    replace(body, ...knownEvents().map((e) => eventRow(page, e)));
    replace(formSlot, newEventForm(page));
  };
  void fill();
  return h(
    'section',
    { class: 'events' },
    h('h1', {}, t.heading),
    h('p', { class: 'hint' }, t.hint),
    h(
      'table',
      { class: 'list events-list' },
      h('thead', {}, h('tr', {}, h('th', {}, t.name), h('th', {}, t.stations), h('th', { colSpan: 2 }, `${t.days} · ${t.status}`), h('th', {}))),
      body,
    ),
    compareSlot,
    formSlot,
  );
}
