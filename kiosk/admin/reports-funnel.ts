import type { Lang } from '../../shared/i18n.ts';
import type { Funnel } from '../../shared/reports.ts';
import { h } from './dom.ts';
import { count, percent } from './reports-format.ts';
import type { ReportText } from './reports-strings.ts';

const STEPS = ['registered', 'arrived', 'visitedStation', 'visitedEmployer'] as const;

/** Registered → arrived → visited a station → visited an employer, as bars against the registered. */
export function funnelBars(funnel: Funnel, lang: Lang, r: ReportText): HTMLElement {
  const whole = funnel.registered;
  return h(
    'ol',
    { class: 'funnel' },
    ...STEPS.map((step) => {
      const n = funnel[step];
      const width = whole > 0 ? Math.max(n > 0 ? 0.5 : 0, (100 * n) / whole) : 0;
      return h(
        'li',
        { 'data-step': step },
        h('span', { class: 'step' }, r.funnel[step]),
        h('span', { class: 'track' }, h('span', { class: 'fill', style: `width:${width}%` })),
        h('b', { class: 'n' }, count(n, lang)),
        h('span', { class: 'share', title: r.funnel.share }, step === 'registered' ? '' : percent(n, whole, lang)),
      );
    }),
  );
}
