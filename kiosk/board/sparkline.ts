/**
 * Draws occupancy over the last hour into an inline `<svg><polyline/></svg>` (made by the HTML
 * parser, so no namespace URL is needed), scaled to `top` (the capacity, or more).
 */
export function sparkline(svg: SVGSVGElement, series: number[], top: number): void {
  const w = 120;
  const h = 32;
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const line = svg.querySelector('polyline')!;
  const max = Math.max(top, ...series, 1);
  const pts = series.length === 1 ? [series[0], series[0]] : series;
  const step = w / Math.max(pts.length - 1, 1);
  line.setAttribute('points', pts.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' '));
}
