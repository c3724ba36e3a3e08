import type { Lang } from '../../shared/i18n.ts';
import type { RefusedByReason, StationDetail, StationSummary, StationsReport, VisitEndings } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { hourChart } from './reports-chart.ts';
import { fileLinks } from './reports-files.ts';
import { clockTime, count, stay } from './reports-format.ts';
import type { ReportText } from './reports-strings.ts';
import { reportsBase } from './event-choice.ts';

/** "12 at 10:40": a figure and when it was first reached. */
function figureAt(n: number, at: number | null, offset: number, lang: Lang, r: ReportText): HTMLElement {
  return h('span', {}, h('b', { class: 'figure' }, count(n, lang)), at !== null && n > 0 ? h('span', { class: 'when' }, ` ${r.at(clockTime(at, offset))}`) : null);
}

/** "Employers · KazZinc LLP", the host left out where it is the station's own name. */
function hostLine(st: StationSummary, lang: Lang, r: ReportText): string {
  return st.host === st.name[lang] ? r.groups[st.group] : `${r.groups[st.group]} · ${st.host}`;
}

/** Every station's figures in one table; a station's name opens its detail. */
export function stationsTable(report: StationsReport, lang: Lang, r: ReportText, open: (stationId: string) => void): HTMLElement {
  const offset = report.utcOffsetMinutes;
  const s = r.stations;
  return h(
    'table',
    { class: 'list report-stations' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, s.station),
        h('th', { class: 'num' }, s.visits),
        h('th', { class: 'num' }, s.unique),
        h('th', { class: 'num' }, s.medianStay),
        h('th', { class: 'num' }, s.p90Stay),
        h('th', { class: 'num' }, s.peak),
        h('th', { class: 'num' }, s.longestQueue),
        h('th', { class: 'num' }, s.refused),
      ),
    ),
    h(
      'tbody',
      {},
      ...report.stations.map((st) =>
        h(
          'tr',
          { 'data-station': st.stationId, class: st.group === 'entrance' ? 'gate' : '' },
          h(
            'td',
            {},
            h('button', { type: 'button', class: 'link station-name', onclick: () => open(st.stationId) }, st.name[lang]),
            h('div', { class: 'hint' }, hostLine(st, lang, r)),
          ),
          h('td', { class: 'num', 'data-field': 'visits' }, count(st.visits, lang)),
          h('td', { class: 'num', 'data-field': 'uniqueVisitors' }, count(st.uniqueVisitors, lang)),
          h('td', { class: 'num', 'data-field': 'medianStay' }, stay(st.medianStayMs, lang, r)),
          h('td', { class: 'num', 'data-field': 'p90Stay' }, stay(st.p90StayMs, lang, r)),
          h('td', { class: 'num', 'data-field': 'peakOccupancy' }, figureAt(st.peakOccupancy, st.peakOccupancyAt, offset, lang, r)),
          h('td', { class: 'num', 'data-field': 'longestQueue' }, figureAt(st.longestQueue, st.longestQueueAt, offset, lang, r)),
          h('td', { class: st.refusedScans > 0 ? 'num refused' : 'num', 'data-field': 'refusedScans' }, count(st.refusedScans, lang)),
        ),
      ),
    ),
  );
}

/** Rows of `label · count · bar`, largest first, zeros left out. */
function countTable<K extends string>(counts: Record<K, number>, titles: Record<K, string>, head: [string, string], lang: Lang, r: ReportText, name: string): HTMLElement {
  const rows = (Object.keys(counts) as K[]).filter((k) => counts[k] > 0).sort((a, b) => counts[b] - counts[a]);
  const max = Math.max(1, ...rows.map((k) => counts[k]));
  return h(
    'table',
    { class: 'list counts', 'data-table': name },
    h('thead', {}, h('tr', {}, h('th', {}, head[0]), h('th', { class: 'num' }, head[1]))),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { class: 'empty', colspan: 2 }, r.empty))]
        : rows.map((k) =>
            h(
              'tr',
              { 'data-key': k },
              h('td', {}, titles[k], h('div', { class: 'bar' }, h('span', { style: `width:${(100 * counts[k]) / max}%` }))),
              h('td', { class: 'num' }, count(counts[k], lang)),
            ),
          )),
    ),
  );
}

/** One station: its figures, visits by hour as a chart, refused scans by reason, how visits ended. */
export function stationDetail(detail: StationDetail, lang: Lang, r: ReportText): HTMLElement {
  const st: StationSummary = detail.station;
  const offset = detail.utcOffsetMinutes;
  const tile = (label: string, value: HTMLElement | string, field: string): HTMLElement =>
    h('div', { class: 'tile', 'data-field': field }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value));
  return h(
    'section',
    { class: 'station-detail', 'data-station': st.stationId },
    h('div', { class: 'toolbar' }, h('h2', {}, st.name[lang]), h('span', { class: 'hint' }, hostLine(st, lang, r)), h('span', { class: 'spacer' }), fileLinks(`${reportsBase()}/stations/${encodeURIComponent(st.stationId)}`, lang, r, st.name[lang])),
    h(
      'div',
      { class: 'tiles' },
      tile(r.stations.visits, count(st.visits, lang), 'visits'),
      tile(r.stations.unique, count(st.uniqueVisitors, lang), 'uniqueVisitors'),
      tile(r.stations.medianStay, stay(st.medianStayMs, lang, r), 'medianStay'),
      tile(r.stations.p90Stay, stay(st.p90StayMs, lang, r), 'p90Stay'),
      tile(r.stations.peak, figureAt(st.peakOccupancy, st.peakOccupancyAt, offset, lang, r), 'peakOccupancy'),
      tile(r.detail.capacity, count(st.capacity, lang), 'capacity'),
      tile(r.stations.longestQueue, figureAt(st.longestQueue, st.longestQueueAt, offset, lang, r), 'longestQueue'),
      tile(r.detail.queued, count(st.queuedScans, lang), 'queuedScans'),
      tile(r.detail.rereads, count(st.rereads, lang), 'rereads'),
    ),
    h('div', { class: 'card' }, h('h3', {}, r.detail.byHour), detail.visitsByHour.length ? hourChart(detail.visitsByHour, r.detail.byHour) : h('p', { class: 'hint' }, r.empty)),
    h(
      'div',
      { class: 'columns' },
      h('div', {}, h('h3', {}, r.detail.refusals), countTable<keyof RefusedByReason>(st.refusedByReason, r.reasons, [r.detail.reason, r.detail.count], lang, r, 'refusals')),
      h('div', {}, h('h3', {}, r.detail.endings), countTable<keyof VisitEndings>(st.endedBy, r.endings, [r.detail.endings, r.detail.count], lang, r, 'endings')),
    ),
  );
}
