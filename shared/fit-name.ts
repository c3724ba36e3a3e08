// Station names on live pages: the full name where it fits, the short one where it does not.
import type { Lang } from './i18n.ts';
import type { StationView } from './station.ts';

/** Whether an element's text is cut: wider or taller than its box. */
export function overflows(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

/**
 * Puts the station's full name in `el`, or its short name (event file `shortName`) when the full
 * one does not fit the element's box (or always, `preferShort`: a phone). Where even the name put
 * does not fit on its line, `data-wrap` says so: a page's style may let it wrap rather than cut a
 * word. Needs `el` in the page, laid out.
 */
export function fitName(el: HTMLElement, s: Pick<StationView, 'name' | 'shortName'>, lang: Lang, preferShort = false): void {
  delete el.dataset.wrap;
  el.textContent = s.name[lang];
  let over = overflows(el);
  if (s.shortName && (preferShort || over)) {
    el.textContent = s.shortName[lang];
    over = overflows(el);
  }
  el.dataset.short = String(el.textContent !== s.name[lang]);
  if (over) el.dataset.wrap = 'true';
}
