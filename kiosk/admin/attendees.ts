import type { AttendeeCategory, AttendeeFields } from '../../shared/attendee.ts';
import { api, apiPage } from './api.ts';
import { attendeeForm, toInput } from './attendee-form.ts';
import { openPdf, type AdminContext } from './context.ts';
import { h, replace } from './dom.ts';

type Attendee = AttendeeFields & { id: string; badgeNo: number; badgeActive: boolean; category: AttendeeCategory };

const PAGE = 100;

/** Attendee search (name, badge number, phone), editing, reprint and revoke, A4 printing of a selection. */
export function attendeesView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const selected = new Set<string>();
  const q = h('input', { type: 'search', id: 'attendee-search', placeholder: t.attendees.searchHint, 'aria-label': t.attendees.search, autocomplete: 'off' });
  const results = h('tbody');
  const editor = h('div', { class: 'editor' });
  const printSelected = h('button', { type: 'button', disabled: true }, t.attendees.printSelected(0));
  let timer: number | undefined;
  let found: Attendee[] = [];

  const updateSelection = (): void => {
    printSelected.textContent = t.attendees.printSelected(selected.size);
    printSelected.disabled = selected.size === 0;
  };
  printSelected.addEventListener('click', () => void openPdf(ctx, `/api/badges/sheet.pdf?ids=${[...selected].join(',')}`));
  const paging = h('div', { class: 'paging', 'aria-live': 'polite' });
  let offset = 0;

  const pager = (total: number): void => {
    if (total === 0) return replace(paging);
    const go = (to: number) => () => {
      offset = to;
      void search();
    };
    replace(
      paging,
      h('span', { id: 'attendee-count' }, t.attendees.showing(offset + 1, offset + found.length, total)),
      offset > 0 && h('button', { type: 'button', onclick: go(Math.max(0, offset - PAGE)) }, t.attendees.previous),
      offset + found.length < total && h('button', { type: 'button', id: 'attendee-next', onclick: go(offset + PAGE) }, t.attendees.next),
    );
  };

  const search = async (): Promise<void> => {
    let total: number;
    try {
      ({ items: found, total } = await apiPage<Attendee>(`/api/attendees?q=${encodeURIComponent(q.value.trim())}&limit=${PAGE}&offset=${offset}`));
    } catch (err) {
      ctx.fail(err);
      return;
    }
    pager(total);
    if (found.length === 0) {
      replace(results, h('tr', {}, h('td', { colSpan: 8, class: 'empty' }, t.attendees.none)));
      return;
    }
    replace(
      results,
      ...found.map((a) => {
        const box = h('input', {
          type: 'checkbox',
          checked: selected.has(a.id),
          'aria-label': `${a.badgeNo}`,
          onchange: (e: Event) => {
            if ((e.target as HTMLInputElement).checked) selected.add(a.id);
            else selected.delete(a.id);
            updateSelection();
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
      }),
    );
  };

  const edit = (a: Attendee): void => {
    const form = attendeeForm(t, 'edit');
    form.fill(a);
    const el = h(
      'form',
      {
        // The fields are checked by parseAttendeeInput, with a message under each in the page's language.
        noValidate: true,
        class: 'card',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const fields = form.read();
          if (!fields) return;
          try {
            await api('PATCH', `/api/attendees/${a.id}`, toInput(fields));
            ctx.notify(t.attendees.saved);
            replace(editor);
            await search();
          } catch (err) {
            ctx.fail(err);
          }
        },
      },
      h('h2', {}, `№ ${a.badgeNo} · ${a.lastName} ${a.firstName}`),
      form.fields,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t.attendees.save),
        h('button', { type: 'button', onclick: () => replace(editor) }, t.attendees.cancel),
        h('span', { class: 'spacer' }),
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              if (!confirm(t.attendees.reprintConfirm)) return;
              const tab = window.open('', '_blank');
              try {
                await api('POST', `/api/badges/${a.badgeNo}/reissue`);
                await openPdf(ctx, `/api/badges/${a.badgeNo}/label.pdf`, tab);
                await search();
              } catch (err) {
                tab?.close();
                ctx.fail(err);
              }
            },
          },
          t.attendees.reprint,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            disabled: !a.badgeActive,
            onclick: async () => {
              if (!confirm(t.attendees.revokeConfirm)) return;
              try {
                await api('POST', `/api/badges/${a.badgeNo}/revoke`);
                replace(editor);
                await search();
              } catch (err) {
                ctx.fail(err);
              }
            },
          },
          t.attendees.revoke,
        ),
      ),
    );
    replace(editor, el);
    form.inputs.firstName.focus();
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
    h('div', { class: 'toolbar' }, h('h1', {}, t.nav.attendees), q, printSelected),
    editor,
    h(
      'table',
      { class: 'list' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}), h('th', { class: 'num' }, t.attendees.badge), h('th', {}, t.attendees.name), h('th', {}, t.field.category), h('th', {}, t.field.institution), h('th', {}, t.field.grade), h('th', { class: 'num' }, t.field.phone), h('th', {}, t.attendees.status)),
      ),
      results,
    ),
    paging,
  );
}
