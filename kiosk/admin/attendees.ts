import type { AttendeeCategory, AttendeeFields } from '../../shared/attendee.ts';
import { api, apiPage } from './api.ts';
import { attendeeForm, toInput } from './attendee-form.ts';
import { openPdf, type AdminContext } from './context.ts';
import { h, replace } from './dom.ts';
import { deskPath, viewedEventNote } from './event-choice.ts';

type Attendee = AttendeeFields & { id: string; badgeNo: number; badgeActive: boolean; category: AttendeeCategory };

const PAGE = 100;

/** What a row and the editor need of the list they belong to. */
interface ListHooks {
  /** Searches again (after a change). */
  refresh(): Promise<void>;
  /** Closes the editor. */
  close(): void;
}

/** Attendee search (name, badge number, phone), editing, reprint and revoke, A4 printing of a selection. */
export function attendeesView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const q = h('input', { type: 'search', id: 'attendee-search', placeholder: t.attendees.searchHint, 'aria-label': t.attendees.search, autocomplete: 'off' });
  const results = h('tbody');
  const editor = h('div', { class: 'editor' });
  const selection = badgeSelection(ctx);
  const paging = h('div', { class: 'paging', 'aria-live': 'polite' });
  let timer: number | undefined;
  let found: Attendee[] = [];
  let offset = 0;

  const hooks: ListHooks = { refresh: () => search(), close: () => replace(editor) };
  const edit = (a: Attendee): void => {
    const form = attendeeEditor(ctx, a, hooks);
    replace(editor, form.el);
    form.focus();
  };
  const go = (to: number) => () => {
    offset = to;
    void search();
  };
  const search = async (): Promise<void> => {
    let total: number;
    try {
      ({ items: found, total } = await apiPage<Attendee>(deskPath(`/api/attendees?q=${encodeURIComponent(q.value.trim())}&limit=${PAGE}&offset=${offset}`)));
    } catch (err) {
      ctx.fail(err);
      return;
    }
    pager(ctx, paging, { offset, shown: found.length, total }, go);
    if (found.length === 0) replace(results, h('tr', {}, h('td', { colSpan: 8, class: 'empty' }, t.attendees.none)));
    else replace(results, ...found.map((a) => attendeeRow(ctx, a, selection, edit)));
  };

  q.addEventListener('input', () => {
    offset = 0;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(), 200);
  });
  q.addEventListener('keydown', (e) => {
    // Enter on a single hit opens it: badge number + Enter goes straight to the record.
    if (e.key === 'Enter' && found.length === 1) edit(found[0]);
  });
  void search();
  queueMicrotask(() => q.focus());
  return h(
    'section',
    { class: 'attendees' },
    h('div', { class: 'toolbar' }, h('h1', {}, t.nav.attendees), q, selection.print),
    viewedEventNote('desk-event', ctx.lang, t.desk.viewing),
    editor,
    h('table', { class: 'list' }, attendeesHead(ctx), results),
    paging,
  );
}

/** The attendees ticked for printing, and the button that prints their badges on A4 sheets. */
interface BadgeSelection {
  ids: Set<string>;
  print: HTMLButtonElement;
  changed(): void;
}

function badgeSelection(ctx: AdminContext): BadgeSelection {
  const { t } = ctx;
  const ids = new Set<string>();
  const print = h('button', { type: 'button', disabled: true }, t.attendees.printSelected(0));
  print.addEventListener('click', () => void openPdf(ctx, deskPath(`/api/badges/sheet.pdf?ids=${[...ids].join(',')}`)));
  const changed = (): void => {
    print.textContent = t.attendees.printSelected(ids.size);
    print.disabled = ids.size === 0;
  };
  return { ids, print, changed };
}

/** Which page of hits is shown, with buttons to the previous and next ones. */
function pager(ctx: AdminContext, paging: HTMLElement, page: { offset: number; shown: number; total: number }, go: (to: number) => () => void): void {
  const { t } = ctx;
  const { offset, shown, total } = page;
  if (total === 0) return replace(paging);
  replace(
    paging,
    h('span', { id: 'attendee-count' }, t.attendees.showing(offset + 1, offset + shown, total)),
    offset > 0 && h('button', { type: 'button', onclick: go(Math.max(0, offset - PAGE)) }, t.attendees.previous),
    offset + shown < total && h('button', { type: 'button', id: 'attendee-next', onclick: go(offset + PAGE) }, t.attendees.next),
  );
}

function attendeesHead(ctx: AdminContext): HTMLTableSectionElement {
  const { t } = ctx;
  return h(
    'thead',
    {},
    h('tr', {}, h('th', {}), h('th', { class: 'num' }, t.attendees.badge), h('th', {}, t.attendees.name), h('th', {}, t.field.category), h('th', {}, t.field.institution), h('th', {}, t.field.grade), h('th', { class: 'num' }, t.field.phone), h('th', {}, t.attendees.status)),
  );
}

/** One hit: a box to tick for printing, the name that opens the editor, the badge's state. */
function attendeeRow(ctx: AdminContext, a: Attendee, selection: BadgeSelection, edit: (a: Attendee) => void): HTMLTableRowElement {
  const { t } = ctx;
  const box = h('input', {
    type: 'checkbox',
    checked: selection.ids.has(a.id),
    'aria-label': `${a.badgeNo}`,
    onchange: (e: Event) => {
      if ((e.target as HTMLInputElement).checked) selection.ids.add(a.id);
      else selection.ids.delete(a.id);
      selection.changed();
    },
  });
  return h(
    'tr',
    {},
    h('td', {}, box),
    h('td', { class: 'num' }, a.badgeNo),
    h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => edit(a) }, `${a.lastName} ${a.firstName}`)),
    h('td', {}, t.categories[a.category]),
    h('td', {}, a.institution),
    h('td', {}, a.grade),
    h('td', { class: 'num' }, a.phone ?? ''),
    h('td', {}, h('span', { class: a.badgeActive ? 'pill ok' : 'pill bad' }, a.badgeActive ? t.attendees.active : t.attendees.revoked)),
  );
}

/** The form that corrects an attendee's details, with their badge's reprint and revoke. */
function attendeeEditor(ctx: AdminContext, a: Attendee, list: ListHooks): { el: HTMLFormElement; focus(): void } {
  const { t } = ctx;
  const form = attendeeForm(t, 'edit');
  form.fill(a);
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const fields = form.read();
    if (!fields) return;
    try {
      await api('PATCH', deskPath(`/api/attendees/${a.id}`), toInput(fields));
      ctx.notify(t.attendees.saved);
      list.close();
      await list.refresh();
    } catch (err) {
      ctx.fail(err);
    }
  };
  const el = h(
    'form',
    // The fields are checked by parseAttendeeInput, with a message under each in the page's language.
    { noValidate: true, class: 'card', onsubmit: save },
    h('h2', {}, `№\u00a0${a.badgeNo} · ${a.lastName} ${a.firstName}`),
    form.fields,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t.attendees.save),
      h('button', { type: 'button', onclick: () => list.close() }, t.attendees.cancel),
      h('span', { class: 'spacer' }),
      reprintButton(ctx, a, list),
      revokeButton(ctx, a, list),
    ),
  );
  return { el, focus: () => form.inputs.firstName.focus() };
}

/** Issues a new badge serial and opens its label to print (the old badge stops working). */
function reprintButton(ctx: AdminContext, a: Attendee, list: ListHooks): HTMLButtonElement {
  const { t } = ctx;
  const reprint = async (): Promise<void> => {
    if (!confirm(t.attendees.reprintConfirm)) return;
    const tab = window.open('', '_blank');
    try {
      await api('POST', deskPath(`/api/badges/${a.badgeNo}/reissue`));
      await openPdf(ctx, deskPath(`/api/badges/${a.badgeNo}/label.pdf`), tab);
      await list.refresh();
    } catch (err) {
      tab?.close();
      ctx.fail(err);
    }
  };
  return h('button', { type: 'button', onclick: reprint }, t.attendees.reprint);
}

function revokeButton(ctx: AdminContext, a: Attendee, list: ListHooks): HTMLButtonElement {
  const { t } = ctx;
  const revoke = async (): Promise<void> => {
    if (!confirm(t.attendees.revokeConfirm)) return;
    try {
      await api('POST', deskPath(`/api/badges/${a.badgeNo}/revoke`));
      list.close();
      await list.refresh();
    } catch (err) {
      ctx.fail(err);
    }
  };
  return h('button', { type: 'button', class: 'danger', disabled: !a.badgeActive, onclick: revoke }, t.attendees.revoke);
}
