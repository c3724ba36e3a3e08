import type { EventComparison } from '../../shared/events.ts';
import { NUMBER_LOCALES, type Lang } from '../../shared/i18n.ts';
import { api } from './api.ts';
import { h } from './dom.ts';

/** The texts of two events side by side, in Kazakh, Russian and English. */
const STRINGS: Record<Lang, { button: string; heading: string; registered: string; arrived: string; conversion: string; employer: string; visits: string; visitors: string; both: (registered: string, arrived: string) => string }> = {
  kk: { button: 'Ағымдағымен салыстыру', heading: 'Екі іс-шара қатар', registered: 'Тіркелді', arrived: 'Келді', conversion: 'Келгендер үлесі', employer: 'Жұмыс беруші', visits: 'Келулер', visitors: 'Келушілер', both: (r, a) => `Екеуіне де тіркелгендер: ${r}, екеуіне де келгендер: ${a}` },
  ru: { button: 'Сравнить с текущим', heading: 'Два мероприятия рядом', registered: 'Зарегистрировано', arrived: 'Пришло', conversion: 'Доля пришедших', employer: 'Работодатель', visits: 'Посещения', visitors: 'Посетители', both: (r, a) => `Зарегистрированы на оба: ${r}, пришли на оба: ${a}` },
  en: { button: 'Compare with the current one', heading: 'Two events side by side', registered: 'Registered', arrived: 'Arrived', conversion: 'Share who arrived', employer: 'Employer', visits: 'Visits', visitors: 'Visitors', both: (r, a) => `Registered at both: ${r}, came to both: ${a}` },
};

/** The words of the compare button. */
export function compareButtonText(lang: Lang): string {
  return STRINGS[lang].button;
}

/** Two events side by side (GET /api/events/:event/compare/:other): the funnel, the people who came back, then visits per employer. */
export async function comparisonCard(lang: Lang, first: string, second: string): Promise<HTMLElement> {
  const s = STRINGS[lang];
  const c = await api<EventComparison>('GET', `/api/events/${encodeURIComponent(first)}/compare/${encodeURIComponent(second)}`);
  const n = (x: number) => x.toLocaleString(NUMBER_LOCALES[lang]);
  const share = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
  const names = c.events.map((e) => h('th', { class: 'num' }, `${e.name[lang]} (${e.startsOn})`));
  return h(
    'div',
    { class: 'card event-comparison', 'data-events': `${first} ${second}` },
    h('h2', {}, s.heading),
    h(
      'table',
      { class: 'list', 'data-table': 'funnel' },
      h('thead', {}, h('tr', {}, h('th', {}), ...names)),
      h(
        'tbody',
        {},
        h('tr', {}, h('td', {}, s.registered), ...c.events.map((e) => h('td', { class: 'num' }, n(e.registered)))),
        h('tr', {}, h('td', {}, s.arrived), ...c.events.map((e) => h('td', { class: 'num' }, n(e.arrived)))),
        h('tr', {}, h('td', {}, s.conversion), ...c.events.map((e) => h('td', { class: 'num' }, share(e.conversion)))),
      ),
    ),
    h('p', { class: 'hint', 'data-figure': 'returning' }, s.both(n(c.returning.registered), n(c.returning.arrived))),
    h(
      'table',
      { class: 'list', 'data-table': 'employers' },
      h('thead', {}, h('tr', {}, h('th', {}, s.employer), ...c.events.map((e) => h('th', { class: 'num' }, `${s.visits} · ${e.name[lang]}`)))),
      h('tbody', {}, ...c.employers.map((e) => h('tr', { 'data-host': e.host }, h('td', {}, e.host), ...e.visits.map((v, i) => h('td', { class: 'num', title: `${s.visitors}: ${n(e.visitors[i])}` }, n(v)))))),
    ),
  );
}
