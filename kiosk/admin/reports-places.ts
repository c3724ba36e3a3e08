import type { Lang } from '../../shared/i18n.ts';
import type { PlaceFigures } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { clockTime, count, percent } from './reports-format.ts';
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
          h('td', {}, place.name[lang]),
          h('td', { class: 'num' }, count(place.visits, lang)),
          h('td', { class: 'num' }, count(place.uniqueVisitors, lang)),
          h('td', { class: 'num' }, fullest(place, utcOffsetMinutes, lang, r)),
        ),
      ),
    ),
  );
}

/** The tours' departures: how many ran, who was booked on them, went and did not come, and how full they went; none when the event has no tour. */
export function toursTable(places: readonly PlaceFigures[], lang: Lang, r: ReportText): HTMLElement | null {
  const tours = places.filter((p) => p.tours !== undefined);
  if (tours.length === 0) return null;
  const t = r.tours;
  const num = (text: string, title?: string) => h('th', { class: 'num', title }, text);
  return h(
    'table',
    { class: 'list', 'data-table': 'tours' },
    h('thead', {}, h('tr', {}, h('th', {}, t.tour), num(t.departures), num(t.booked), num(t.went), num(t.noShows), num(t.full, t.fullHint))),
    h(
      'tbody',
      {},
      ...tours.map((place) => {
        const f = place.tours!;
        return h(
          'tr',
          { 'data-station': place.stationId },
          h('td', {}, place.name[lang]),
          ...[f.departures, f.booked, f.went, f.noShows].map((n) => h('td', { class: 'num' }, count(n, lang))),
          h('td', { class: 'num', 'data-field': 'full' }, percent(f.went, f.places, lang)),
        );
      }),
    ),
  );
}

/** "fullest 587 of 600 at 10:35"; a dash while nobody came. */
export function fullest(place: PlaceFigures, utcOffsetMinutes: number, lang: Lang, r: ReportText): string {
  if (place.peakOccupancyAt === null) return '—';
  return r.places.fullest(count(place.peakOccupancy, lang), count(place.capacity, lang), clockTime(place.peakOccupancyAt, utcOffsetMinutes));
}
