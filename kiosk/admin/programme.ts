import type { ProgrammeView } from '../../shared/event.ts';
import { api, ApiRequestError } from './api.ts';
import type { AdminContext } from './context.ts';
import { h, replace } from './dom.ts';
import { viewedEventNote, viewedEventPath } from './event-choice.ts';
import { PROGRAMME_STRINGS } from './programme-strings.ts';

/** The day's programme of the event the switcher shows: organisers shift an item's time (a late speaker); that event's screens follow at once. */
export function programmeView(ctx: AdminContext): HTMLElement {
  const { lang } = ctx;
  const t = PROGRAMME_STRINGS[lang];
  const path = viewedEventPath('/api/programme', 'programme');
  const hint = h('p', { class: 'hint' });
  const body = h('tbody');
  const fail = (err: unknown) => {
    const known = err instanceof ApiRequestError ? t.errors[err.code] : undefined;
    if (known) ctx.notify(known, 'error');
    else ctx.fail(err);
  };
  const show = (programme: ProgrammeView) => {
    hint.textContent = programme.items.length > 0 ? t.hint(programme.opens, programme.closes) : '';
    const places = new Map(programme.places.map((p) => [p.id, p.name[lang]]));
    if (programme.items.length === 0) {
      replace(body, h('tr', {}, h('td', { class: 'empty', colSpan: 4 }, t.none)));
      return;
    }
    replace(
      body,
      ...[...programme.items]
        .sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end))
        .map((item) => {
          const title = item.title[lang];
          const start = h('input', { type: 'time', value: item.start, required: true, 'aria-label': `${t.start}: ${title}` });
          const end = h('input', { type: 'time', value: item.end, required: true, 'aria-label': `${t.end}: ${title}` });
          const save = async () => {
            try {
              show(await api<ProgrammeView>('PUT', `${path}/items/${encodeURIComponent(item.id)}`, { start: start.value, end: end.value }));
              ctx.notify(t.saved(title, start.value, end.value));
            } catch (err) {
              fail(err);
            }
          };
          return h(
            'tr',
            { 'data-item': item.id },
            h('td', { class: 'num' }, `${item.start}–${item.end}`, item.shifted && h('div', { class: 'pill warn' }, t.shifted)),
            h('td', {}, h('b', {}, title), item.description && h('div', { class: 'hint' }, item.description[lang])),
            h('td', {}, places.get(item.place) ?? item.place),
            h(
              'td',
              {},
              h(
                'form',
                {
                  class: 'inline',
                  onsubmit: (e: Event) => {
                    e.preventDefault();
                    void save();
                  },
                },
                start,
                end,
                h('button', { type: 'submit' }, t.save),
              ),
            ),
          );
        }),
    );
  };
  void api<ProgrammeView>('GET', path).then(show, fail);
  return h(
    'section',
    {},
    h('h1', {}, t.heading),
    viewedEventNote('programme-event', lang, t.viewing),
    hint,
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t.time), h('th', {}, t.item), h('th', {}, t.place), h('th', {}, `${t.start} · ${t.end}`))),
      body,
    ),
  );
}
