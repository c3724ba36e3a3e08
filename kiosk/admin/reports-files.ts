import type { Lang } from '../../shared/i18n.ts';
import type { StationSummary } from '../../shared/reports.ts';
import { h } from './dom.ts';
import type { ReportText } from './reports-strings.ts';
import { reportsBase } from './event-choice.ts';

/** The address of a report as a file, titled in the page's language. */
export function fileUrl(path: string, format: 'csv' | 'xlsx', lang: Lang): string {
  return `${path}?${new URLSearchParams({ format, lang })}`;
}

/** A CSV and an .xlsx download link for one report. */
export function fileLinks(path: string, lang: Lang, r: ReportText, label = ''): HTMLElement {
  const link = (format: 'csv' | 'xlsx'): HTMLElement =>
    h(
      'a',
      { class: `button file ${format}`, href: fileUrl(path, format, lang), download: '', 'data-format': format, 'aria-label': label ? `${label}: ${r[format]}` : undefined },
      `⬇ ${r[format]}`,
    );
  return h('span', { class: 'files' }, link('csv'), link('xlsx'));
}

/** Every file in one place: the reports, each station, each employer's list, the scan log. */
export function filesView(stations: readonly StationSummary[], lang: Lang, r: ReportText): HTMLElement {
  const row = (title: string, path: string, hint?: string): HTMLElement =>
    h('tr', { 'data-file': path }, h('td', {}, h('b', {}, title), hint ? h('div', { class: 'hint' }, hint) : null), h('td', { class: 'num' }, fileLinks(path, lang, r, title)));
  const station = (s: StationSummary): HTMLElement =>
    row(s.name[lang], `${reportsBase()}/stations/${encodeURIComponent(s.stationId)}`, `${r.files.station} · ${r.groups[s.group]}`);
  const employers = stations.filter((s) => s.group === 'employer');
  return h(
    'section',
    { class: 'report-files' },
    h('p', { class: 'hint' }, r.files.hint),
    h(
      'table',
      { class: 'list' },
      h(
        'tbody',
        {},
        row(r.files.stations, `${reportsBase()}/stations`),
        row(r.files.event, `${reportsBase()}/event`),
        row(r.files.leads, `${reportsBase()}/leads`),
        row(r.files.scans, `${reportsBase()}/scans`),
        ...employers.map((s) => row(s.name[lang], `${reportsBase()}/leads/${encodeURIComponent(s.stationId)}`, r.files.lead)),
        ...stations.map(station),
        h('tr', {}, h('td', {}, h('b', {}, r.files.summary)), h('td', { class: 'num' }, h('a', { class: 'button', href: '/summary', target: '_blank', rel: 'noopener' }, '/summary'))),
      ),
    ),
  );
}
