import type { Lang } from '../../shared/i18n.ts';
import type { Heatmap } from '../../shared/reports.ts';
import { h } from './dom.ts';

/** Relative luminance of an sRGB colour (WCAG 2). */
function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Cell shade for a count: near white at zero, the brand blue at the busiest cell. The square root
 * keeps quiet hours visible next to one very busy one. The text is black or white, whichever
 * stands out more: at least 4.58:1 on any shade (WCAG AA asks 4.5:1).
 */
export function heatColour(n: number, max: number): { background: string; ink: string } {
  if (n <= 0 || max <= 0) return { background: '#f4f6f9', ink: '#5f6b7a' };
  const k = Math.sqrt(n / max);
  const rgb = [232, 240, 250].map((from, i) => Math.round(from + ([11, 92, 173][i] - from) * k));
  // Against black (luminance 0) and white (1): the contrast ratios are (L + 0.05) / 0.05 and 1.05 / (L + 0.05).
  const l = luminance(rgb);
  const ink = (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
  return { background: `rgb(${rgb.join(', ')})`, ink };
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
