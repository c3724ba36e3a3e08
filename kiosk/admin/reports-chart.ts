import uPlot from 'uplot';
import type { HourCount } from '../../shared/reports.ts';
import { h } from './dom.ts';

/**
 * Visits by hour as a uPlot bar chart. The x axis is the hour's index (labels come from the
 * report, already on the event's clock), so the browser's time zone cannot shift the bars.
 */
export function hourChart(hours: readonly HourCount[], label: string): HTMLElement {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': `${label}: ${hours.map((x) => `${x.hour} ${x.visits}`).join(', ')}` });
  const xs = hours.map((_, i) => i);
  const ys = hours.map((x) => x.visits);
  const hourAt = (i: number): string => hours[Math.round(i)]?.hour ?? '';
  const draw = (): void => {
    const width = Math.max(320, box.clientWidth || 720);
    const plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: () => [-0.5, Math.max(0.5, hours.length - 0.5)] },
          y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
        },
        axes: [
          { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? hourAt(s) : '')), incrs: [1], grid: { show: false } },
          { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')), grid: { stroke: '#e6eaef' } },
        ],
        series: [
          {},
          {
            label,
            stroke: '#0b5cad',
            fill: 'rgba(11, 92, 173, 0.55)',
            width: 1,
            points: { show: false },
            paths: uPlot.paths.bars!({ size: [0.7, 64], align: 0 }),
          },
        ],
      },
      [xs, ys],
      box,
    );
    const resize = new ResizeObserver(() => {
      if (!box.isConnected) return resize.disconnect();
      const w = Math.max(320, box.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: 240 });
    });
    resize.observe(box);
  };
  // uPlot measures its box: draw once the box is on the page.
  requestAnimationFrame(() => (box.isConnected ? draw() : requestAnimationFrame(draw)));
  return box;
}
