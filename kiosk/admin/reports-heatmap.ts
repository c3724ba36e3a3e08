import type { Lang } from '../../shared/i18n.ts';
import type { Heatmap } from '../../server/reports/schemas.ts';
import { h } from './dom.ts';

/**
 * Cell shade for a count: white at zero, the brand blue at the busiest cell. The square root
 * keeps quiet hours visible next to one very busy one. Text turns white on dark cells.
 */
export function heatColour(n: number, max: number): { background: string; ink: string } {
  if (n <= 0 || max <= 0) return { background: '#f4f6f9', ink: '#9aa5b1' };
  const k = Math.sqrt(n / max);
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * k);
  return { background: `rgb(${mix(232, 11)}, ${mix(240, 92)}, ${mix(250, 173)})`, ink: k > 0.55 ? '#fff' : '#1b2430' };
}

/** The station × hour heat map as a table: a row per station, a column per local hour. */
export function heatmapTable(map: Heatmap, lang: Lang, caption: string): HTMLElement {
  const max = Math.max(0, ...map.stations.flatMap((s) => s.visits));
  return h(
    'table',
    { class: 'heatmap', style: `--hours:${map.hours.length}` },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }), ...map.hours.map((slot) => h('th', { scope: 'col', class: 'num' }, slot.hour)))),
    h(
      'tbody',
      {},
      ...map.stations.map((s) =>
        h(
          'tr',
          { 'data-station': s.stationId },
          h('th', { scope: 'row', title: s.name[lang] }, s.name[lang]),
          ...s.visits.map((n, i) => {
            const c = heatColour(n, max);
            return h('td', { class: 'num', style: `background:${c.background};color:${c.ink}`, title: `${s.name[lang]} · ${map.hours[i]?.hour ?? ''}: ${n}` }, n || '·');
          }),
        ),
      ),
    ),
  );
}
