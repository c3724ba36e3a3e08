import type { EventReport, LeadList, StationDetail, StationsReport } from '../../shared/reports.ts';
import { api } from './api.ts';
import type { AdminContext } from './context.ts';
import { h, replace } from './dom.ts';
import { eventView } from './reports-event.ts';
import { filesView } from './reports-files.ts';
import { utcLabel } from './reports-format.ts';
import { leadsView } from './reports-leads.ts';
import { stationDetail, stationsTable } from './reports-stations.ts';
import { REPORT_STRINGS, type ReportText } from './reports-strings.ts';
import { reportsBase, viewedEvent } from './event-choice.ts';
import { EVENTS_STRINGS } from './events-strings.ts';

type Tab = 'stations' | 'event' | 'leads' | 'files';
const TABS: Tab[] = ['stations', 'event', 'leads', 'files'];

// Kept across renders, so switching the language keeps the organiser where they were.
let tab: Tab = 'stations';
let openStation: string | null = null;

/** The tab buttons, the one open marked. */
function tabButtons(r: ReportText, pick: (id: Tab) => void): HTMLElement[] {
  return TABS.map((id) =>
    h(
      'button',
      { type: 'button', role: 'tab', id: `report-tab-${id}`, class: id === tab ? 'tab active' : 'tab', 'aria-selected': String(id === tab), onclick: () => pick(id) },
      r.tabs[id],
    ),
  );
}

/** Reads the open tab's report and makes its view; `clock` is told the event's time zone. */
async function openReport(ctx: AdminContext, clock: HTMLElement, open: (station: string | null) => void): Promise<HTMLElement> {
  const { lang } = ctx;
  const r = REPORT_STRINGS[lang];
  const setClock = (utcOffsetMinutes: number): void => {
    clock.textContent = r.clock(utcLabel(utcOffsetMinutes));
  };
  if (tab === 'stations' && openStation !== null) {
    const detail = await api<StationDetail>('GET', `${reportsBase()}/stations/${encodeURIComponent(openStation)}`);
    setClock(detail.utcOffsetMinutes);
    const back = h('button', { type: 'button', class: 'link back', onclick: () => open(null) }, r.stations.back);
    return h('div', {}, back, stationDetail(detail, lang, r));
  }
  if (tab === 'event') {
    const report = await api<EventReport>('GET', `${reportsBase()}/event`);
    setClock(report.utcOffsetMinutes);
    return eventView(report, lang, r, ctx.t.categories);
  }
  const stations = await api<StationsReport>('GET', `${reportsBase()}/stations`);
  setClock(stations.utcOffsetMinutes);
  if (tab === 'leads') {
    const lists = await api<LeadList[]>('GET', `${reportsBase()}/leads`);
    return leadsView(lists, stations.utcOffsetMinutes, lang, r, ctx.t.categories);
  }
  if (tab === 'files') return filesView(stations.stations, lang, r);
  return h('section', {}, h('p', { class: 'hint' }, r.stations.hint), stationsTable(stations, lang, r, open));
}

/** Reports (organisers): per station with a detail view, the whole event, employers' lead lists, every file. */
export function reportsView(ctx: AdminContext): HTMLElement {
  const r = REPORT_STRINGS[ctx.lang];
  const body = h('div', { class: 'report-body', 'aria-busy': 'true' }, h('p', { class: 'hint' }, r.loading));
  const clock = h('span', { class: 'hint clock' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });

  const openStationReport = (id: string | null): void => {
    openStation = id;
    void show();
  };
  const pick = (id: Tab): void => {
    tab = id;
    openStationReport(null);
  };
  const show = async (): Promise<void> => {
    replace(tabs, ...tabButtons(r, pick));
    body.setAttribute('aria-busy', 'true');
    body.dataset.view = tab;
    let content: HTMLElement;
    try {
      content = await openReport(ctx, clock, openStationReport);
    } catch (err) {
      ctx.fail(err);
      content = h('p', { class: 'hint' }, r.empty);
    }
    replace(body, content);
    body.setAttribute('aria-busy', 'false');
  };

  void show();
  const viewed = viewedEvent();
  return h(
    'section',
    { class: 'reports' },
    h(
      'div',
      { class: 'toolbar' },
      h('h1', {}, r.heading),
      viewed && h('span', { class: 'pill warn', id: 'reports-event' }, EVENTS_STRINGS[ctx.lang].viewing(viewed.name[ctx.lang])),
      clock,
      h('span', { class: 'spacer' }),
      h('a', { class: 'button', href: '/summary', target: '_blank', rel: 'noopener', title: r.files.summary }, r.summary.title),
      h('button', { type: 'button', class: 'refresh', onclick: () => void show() }, `⟳ ${r.refresh}`),
    ),
    tabs,
    body,
  );
}
