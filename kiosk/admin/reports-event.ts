import type { AttendeeCategory } from '../../shared/attendee.ts';
import type { Lang } from '../../shared/i18n.ts';
import type { EventReport, GroupFigures } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { fileLinks } from './reports-files.ts';
import { count } from './reports-format.ts';
import { placesTable, toursTable } from './reports-places.ts';
import { funnelBars } from './reports-funnel.ts';
import { heatmapTable } from './reports-heatmap.ts';
import type { ReportText } from './reports-strings.ts';
import { reportsBase } from './event-choice.ts';

/** Registered, arrived, station visitors and visits of each category or institution. */
function groupTable(rows: readonly GroupFigures[], keyTitle: string, name: (key: string) => string, lang: Lang, r: ReportText, table: string): HTMLElement {
  const e = r.event;
  const max = Math.max(1, ...rows.map((g) => g.visits));
  return h(
    'table',
    { class: 'list', 'data-table': table },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, keyTitle), h('th', { class: 'num' }, e.registered), h('th', { class: 'num' }, e.arrived), h('th', { class: 'num' }, e.visitors), h('th', { class: 'num' }, e.visits)),
    ),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { class: 'empty', colspan: 5 }, r.empty))]
        : rows.map((g) =>
            h(
              'tr',
              { 'data-key': g.key },
              h('td', {}, name(g.key)),
              h('td', { class: 'num' }, count(g.registered, lang)),
              h('td', { class: 'num' }, count(g.arrived, lang)),
              h('td', { class: 'num' }, count(g.visitors, lang)),
              h('td', { class: 'num' }, count(g.visits, lang), h('div', { class: 'bar' }, h('span', { style: `width:${(100 * g.visits) / max}%` }))),
            ),
          )),
    ),
  );
}

/** The whole event: funnel, categories, institutions, favourite stations per category, heat map. */
export function eventView(report: EventReport, lang: Lang, r: ReportText, categories: Record<AttendeeCategory, string>): HTMLElement {
  const e = r.event;
  const category = (key: string): string => categories[key as AttendeeCategory] ?? key;
  const institution = (key: string): string => key || e.none;
  const top = report.topStations.filter((c) => c.stations.length > 0);
  return h(
    'section',
    { class: 'event-report' },
    h('div', { class: 'toolbar' }, h('span', { class: 'spacer' }), fileLinks(`${reportsBase()}/event`, lang, r, r.files.event)),
    h('div', { class: 'card' }, h('h2', {}, r.funnel.heading), funnelBars(report.funnel, lang, r)),
    h(
      'div',
      { class: 'columns wide' },
      h('div', {}, h('h2', {}, e.byCategory), groupTable(report.byCategory, e.category, category, lang, r, 'categories')),
      h('div', {}, h('h2', {}, e.byInstitution), groupTable(report.byInstitution, e.institution, institution, lang, r, 'institutions')),
    ),
    h('h2', {}, e.top),
    top.length === 0
      ? h('p', { class: 'hint' }, r.empty)
      : h(
          'div',
          { class: 'top-stations' },
          ...top.map((c) =>
            h(
              'div',
              { class: 'card', 'data-category': c.category },
              h('h3', {}, category(c.category)),
              h(
                'ol',
                {},
                ...c.stations.map((s) => h('li', { 'data-station': s.stationId }, h('span', {}, s.name[lang]), h('b', { class: 'num' }, count(s.visits, lang)))),
              ),
            ),
          ),
        ),
    h('h2', {}, e.heatmap),
    report.heatmap.hours.length === 0 ? h('p', { class: 'hint' }, r.empty) : h('div', { class: 'heatmap-box' }, heatmapTable(report.heatmap, lang, e.heatmapHint)),
    ...(report.places.length === 0 ? [] : [h('h2', {}, r.places.heading), placesTable(report.places, report.utcOffsetMinutes, lang, r)]),
    ...(report.places.some((p) => p.tours) ? [h('h2', {}, r.tours.heading), toursTable(report.places, lang, r)] : []),
  );
}
