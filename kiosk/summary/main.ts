import { LANGUAGES, LANGUAGE_NAMES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import type { EventReport, ReportedEvent, StationsReport, StationSummary } from '../../shared/reports.ts';
import { api, ApiRequestError } from '../admin/api.ts';
import { h, replace } from '../admin/dom.ts';
import { clockTime, count, percent, utcLabel } from '../admin/reports-format.ts';
import { funnelBars } from '../admin/reports-funnel.ts';
import { heatmapTable } from '../admin/reports-heatmap.ts';
import { fullest } from '../admin/reports-places.ts';
import { REPORT_STRINGS } from '../admin/reports-strings.ts';
import { ARRIVED_MEANING } from '../../shared/totals.ts';

// The printable one-page summary for organisers: the figures of the event on one A4 sheet.

/** The admin page's language choice, so both pages speak the same language. */
const LANG_KEY = 'kezek.lang';
const TOP = 8;
const HOUR = 3_600_000;

const root = document.getElementById('app')!;
let lang: Lang = pickLanguage(localStorage.getItem(LANG_KEY), navigator.languages);
let data: { about: ReportedEvent; event: EventReport; stations: StationsReport; at: number } | null = null;
let problem: 'signIn' | 'forbidden' | 'failed' | null = null;

function controls(): HTMLElement {
  const r = REPORT_STRINGS[lang];
  return h(
    'div',
    { class: 'controls' },
    ...LANGUAGES.map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: l === lang ? 'lang active' : 'lang',
          'aria-pressed': String(l === lang),
          onclick: () => {
            lang = l;
            localStorage.setItem(LANG_KEY, l);
            render();
          },
        },
        LANGUAGE_NAMES[l],
      ),
    ),
    data ? h('button', { type: 'button', class: 'print', onclick: () => window.print() }, r.summary.print) : null,
  );
}

/** The event's date (`2026-12-05`) in words: "5 December 2026". */
function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return y && m && d ? REPORT_STRINGS[lang].summary.date(d, m, y) : date;
}

/** When the summary was made, on the event's clock: "5 December 2026, 17:40". */
function madeAt(ms: number, utcOffsetMinutes: number): string {
  const local = new Date(ms + utcOffsetMinutes * 60_000);
  return `${REPORT_STRINGS[lang].summary.date(local.getUTCDate(), local.getUTCMonth() + 1, local.getUTCFullYear())}, ${clockTime(ms, utcOffsetMinutes)}`;
}

function ranked(rows: readonly StationSummary[], figure: (s: StationSummary) => number, unit: string, name: string): HTMLElement {
  const r = REPORT_STRINGS[lang];
  const max = Math.max(1, ...rows.map(figure));
  return h(
    'ol',
    { class: 'ranked', 'data-list': name },
    ...(rows.length === 0
      ? [h('li', { class: 'none' }, r.summary.none)]
      : rows.map((s) =>
          h(
            'li',
            { 'data-station': s.stationId },
            h('span', { class: 'name' }, s.name[lang]),
            h('span', { class: 'track' }, h('span', { style: `width:${(100 * figure(s)) / max}%` })),
            h('b', { class: 'n', title: unit }, count(figure(s), lang)),
          ),
        )),
  );
}


/** The heat map without the tours' rows: their visits are in the event report; one A4 page holds the stations, the hall and the exhibition. */
function withoutTours(event: EventReport): EventReport['heatmap'] {
  const tours = new Set(event.places.filter((p) => p.mode === 'tour').map((p) => p.stationId));
  return { ...event.heatmap, stations: event.heatmap.stations.filter((row) => !tours.has(row.stationId)) };
}

type Tile = (label: string, value: string, field: string, note?: string, title?: string) => HTMLElement;

/** Every tour together: who went, the departures run, the no-shows and how full they went; none when the event has no tour. */
function toursTile(places: EventReport['places'], tile: Tile): HTMLElement | null {
  const tours = places.flatMap((p) => (p.tours ? [p.tours] : []));
  if (tours.length === 0) return null;
  const sum = (key: 'departures' | 'noShows' | 'went' | 'places'): number => tours.reduce((n, t) => n + t[key], 0);
  const r = REPORT_STRINGS[lang];
  const note = r.summary.toursNote(count(sum('departures'), lang), count(sum('noShows'), lang), percent(sum('went'), sum('places'), lang));
  return tile(r.summary.tours, count(sum('went'), lang), 'tours', note, r.tours.fullHint);
}

function summary(d: NonNullable<typeof data>): HTMLElement {
  const r = REPORT_STRINGS[lang];
  const s = r.summary;
  const { event, stations, about } = d;
  const offset = event.utcOffsetMinutes;
  const atStations = stations.stations.filter((x) => x.group !== 'entrance');
  const visits = atStations.reduce((n, x) => n + x.visits, 0);
  const refused = stations.stations.reduce((n, x) => n + x.refusedScans, 0);
  const perHour = event.heatmap.hours.map((_, i) => event.heatmap.stations.reduce((n, row) => n + (row.visits[i] ?? 0), 0));
  const busiest = perHour.reduce((best, n, i) => (n > (perHour[best] ?? 0) ? i : best), 0);
  const busiestSlot = event.heatmap.hours[busiest];
  const top = [...atStations].filter((x) => x.visits > 0).sort((a, b) => b.visits - a.visits || b.uniqueVisitors - a.uniqueVisitors).slice(0, TOP);
  const employers = atStations.filter((x) => x.group === 'employer').sort((a, b) => b.uniqueVisitors - a.uniqueVisitors || b.visits - a.visits);
  const tile: Tile = (label, value, field, note = '', title) =>
    h('div', { class: 'tile', 'data-field': field, title }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label), note ? h('span', { class: 'note' }, note) : null);
  return h(
    'article',
    { class: 'sheet' },
    h(
      'header',
      { class: 'head' },
      h('div', {}, h('p', { class: 'kicker' }, s.title), h('h1', { id: 'event-name' }, about.name[lang]), h('p', { class: 'meta' }, `${longDate(about.date)} · ${about.venue[lang]}`)),
      h('div', { class: 'brand' }, 'Kezek'),
    ),
    h(
      'section',
      { class: 'tiles' },
      tile(r.funnel.registered, count(event.funnel.registered, lang), 'registered'),
      tile(r.funnel.arrived, count(event.funnel.arrived, lang), 'arrived', percent(event.funnel.arrived, event.funnel.registered, lang), ARRIVED_MEANING[lang]),
      tile(s.visits, count(visits, lang), 'visits'),
      tile(s.uniqueVisitors, count(event.funnel.visitedStation, lang), 'visitedStation'),
      tile(
        s.busiestHour,
        busiestSlot && (perHour[busiest] ?? 0) > 0 ? `${busiestSlot.hour}–${clockTime(busiestSlot.start + HOUR, offset)}` : s.none,
        'busiestHour',
        busiestSlot && (perHour[busiest] ?? 0) > 0 ? `${count(perHour[busiest] ?? 0, lang)} ${r.event.visits.toLowerCase()}` : '',
      ),
      tile(s.refused, count(refused, lang), 'refused'),
      // The programme's places: entries, and how full each got; the tours together in one tile (each tour is in the event report).
      ...event.places.filter((p) => p.mode !== 'tour').map((p) => tile(`${p.name[lang]} · ${r.event.visits.toLowerCase()}`, count(p.visits, lang), `place-${p.stationId}`, fullest(p, offset, lang, r))),
      toursTile(event.places, tile),
    ),
    h('section', { class: 'block' }, h('h2', {}, r.funnel.heading), funnelBars(event.funnel, lang, r)),
    h(
      'section',
      { class: 'two' },
      h('div', { class: 'block' }, h('h2', {}, `${s.topStations} (${r.event.visits.toLowerCase()})`), ranked(top, (x) => x.visits, r.event.visits, 'top-stations')),
      h('div', { class: 'block' }, h('h2', {}, s.topEmployers), ranked(employers, (x) => x.uniqueVisitors, s.visitors, 'top-employers')),
    ),
    h(
      'section',
      { class: 'block' },
      h('h2', {}, s.heatmap),
      event.heatmap.hours.length === 0 ? h('p', { class: 'none' }, r.empty) : heatmapTable(withoutTours(event), lang, r.event.heatmapHint),
    ),
    h('footer', {}, `${s.generated(madeAt(d.at, offset))} · ${r.clock(utcLabel(offset))}`),
  );
}

function render(): void {
  const r = REPORT_STRINGS[lang];
  document.documentElement.lang = lang;
  document.title = data ? `${r.summary.title} — ${data.about.name[lang]}` : `Kezek — ${r.summary.title}`;
  let content: HTMLElement;
  if (data) content = summary(data);
  else if (problem === null) content = h('p', { class: 'message' }, r.loading);
  else {
    const text = problem === 'forbidden' ? r.summary.forbidden : problem === 'signIn' ? r.summary.signIn : r.empty;
    content = h('div', { class: 'message', id: 'sign-in-hint', role: 'alert' }, h('p', {}, text), problem === 'failed' ? null : h('a', { class: 'button', href: '/admin#reports' }, r.summary.signInLink));
  }
  replace(root, controls(), content);
}

async function start(): Promise<void> {
  render();
  try {
    const me = await api<{ role: string }>('GET', '/api/session');
    if (me.role !== 'organiser') {
      problem = me.role === 'public' ? 'signIn' : 'forbidden';
      return render();
    }
    const [about, event, stations] = await Promise.all([
      api<ReportedEvent>('GET', '/api/reports/about'),
      api<EventReport>('GET', '/api/reports/event'),
      api<StationsReport>('GET', '/api/reports/stations'),
    ]);
    data = { about, event, stations, at: Date.now() };
  } catch (err) {
    problem = err instanceof ApiRequestError && err.status === 401 ? 'signIn' : err instanceof ApiRequestError && err.status === 403 ? 'forbidden' : 'failed';
  }
  render();
  document.body.dataset.ready = 'true';
}
void start();
