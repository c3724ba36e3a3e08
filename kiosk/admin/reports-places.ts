import type { Lang } from '../../shared/i18n.ts';
import type { PlaceFigures } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { clockTime, count } from './reports-format.ts';
import type { ReportText } from './reports-strings.ts';

/** The programme's places (halls, exhibitions): entries, visitors, and how full each got and when. */
export function placesTable(places: readonly PlaceFigures[], utcOffsetMinutes: number, lang: Lang, r: ReportText): HTMLElement {
  const p = r.places;
  return h(
    'table',
    { class: 'list', 'data-table': 'places' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, p.place), h('th', { class: 'num' }, r.event.visits), h('th', { class: 'num' }, r.stations.unique), h('th', { class: 'num' }, r.stations.peak)),
    ),
    h(
      'tbody',
      {},
      ...places.map((place) =>
        h(
          'tr',
          { 'data-station': place.stationId },
          h('td', {}, place.toursRun === undefined ? place.name[lang] : `${place.name[lang]} · ${r.places.toursRun(count(place.toursRun, lang))}`),
          h('td', { class: 'num' }, count(place.visits, lang)),
          h('td', { class: 'num' }, count(place.uniqueVisitors, lang)),
          h('td', { class: 'num' }, fullest(place, utcOffsetMinutes, lang, r)),
        ),
      ),
    ),
  );
}

/** "fullest 587 of 600 at 10:35"; a dash while nobody came. */
export function fullest(place: PlaceFigures, utcOffsetMinutes: number, lang: Lang, r: ReportText): string {
  if (place.peakOccupancyAt === null) return '—';
  return r.places.fullest(count(place.peakOccupancy, lang), count(place.capacity, lang), clockTime(place.peakOccupancyAt, utcOffsetMinutes));
}
