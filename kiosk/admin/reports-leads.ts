import type { AttendeeCategory } from '../../shared/attendee.ts';
import type { Lang } from '../../shared/i18n.ts';
import type { LeadList } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { fileLinks } from './reports-files.ts';
import { clockTime, count, stay } from './reports-format.ts';
import type { ReportText } from './reports-strings.ts';
import { reportsBase } from './event-choice.ts';

/** Each employer's consenting visitors, with that employer's files. */
export function leadsView(lists: readonly LeadList[], utcOffsetMinutes: number, lang: Lang, r: ReportText, categories: Record<AttendeeCategory, string>): HTMLElement {
  const l = r.leads;
  return h(
    'section',
    { class: 'leads' },
    h('div', { class: 'toolbar' }, h('p', { class: 'hint' }, l.hint), h('span', { class: 'spacer' }), fileLinks(`${reportsBase()}/leads`, lang, r, r.files.leads)),
    ...lists.map((list) =>
      h(
        'div',
        { class: 'card lead-list', 'data-station': list.stationId },
        h(
          'div',
          { class: 'toolbar' },
          h('h2', {}, list.name[lang]),
          h('span', { class: 'hint' }, l.count(list.leads.length, list.visitors)),
          h('span', { class: 'spacer' }),
          fileLinks(`${reportsBase()}/leads/${encodeURIComponent(list.stationId)}`, lang, r, list.name[lang]),
        ),
        list.leads.length === 0
          ? h('p', { class: 'hint none' }, l.none)
          : h(
              'table',
              { class: 'list' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, l.name),
                  h('th', {}, l.category),
                  h('th', {}, l.institution),
                  h('th', {}, l.grade),
                  h('th', {}, l.contact),
                  h('th', { class: 'num' }, l.firstVisit),
                  h('th', { class: 'num' }, l.visits),
                  h('th', { class: 'num' }, l.stay),
                ),
              ),
              h(
                'tbody',
                {},
                ...list.leads.map((p) =>
                  h(
                    'tr',
                    { class: 'lead' },
                    h('td', { class: 'lead-name' }, `${p.firstName} ${p.lastName}`.trim()),
                    h('td', {}, categories[p.category as AttendeeCategory] ?? p.category),
                    h('td', {}, p.institution),
                    h('td', {}, p.grade),
                    h('td', {}, ...[p.phone, p.email].filter((c): c is string => !!c).flatMap((c, i) => [i ? h('br') : null, c])),
                    h('td', { class: 'num' }, clockTime(p.firstVisitAt, utcOffsetMinutes)),
                    h('td', { class: 'num' }, count(p.visits, lang)),
                    h('td', { class: 'num' }, stay(p.totalStayMs, lang, r)),
                  ),
                ),
              ),
            ),
      ),
    ),
  );
}
