import { LANGUAGES, LANGUAGE_NAMES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import { KEY } from './storage.ts';
import { STRINGS, type KioskText } from './strings.ts';

/** The kiosk's language: the volunteer's last choice, else the browser's. */
export let lang: Lang = pickLanguage(localStorage.getItem(KEY.lang), navigator.languages);
/** The kiosk's words in that language. */
export let t: KioskText = STRINGS[lang];
const rerenders: Array<() => void> = [];

/** Calls `redraw` whenever the language changes. */
export function onLanguage(redraw: () => void): void {
  rerenders.push(redraw);
}

/** Puts every `data-t` text in the chosen language and redraws what depends on it. */
export function renderLanguage(): void {
  document.documentElement.lang = lang;
  document.title = t.title;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) {
    const text = t[el.dataset.t as keyof KioskText];
    if (typeof text === 'string') el.textContent = text;
  }
  for (const nav of document.querySelectorAll('.langs')) nav.replaceChildren(...LANGUAGES.map(languageButton));
  for (const r of rerenders) r();
}

function languageButton(l: Lang): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = l.toUpperCase();
  b.title = LANGUAGE_NAMES[l];
  // The name a screen reader says starts with the visible label (speech control finds it by that).
  b.setAttribute('aria-label', `${l.toUpperCase()} — ${LANGUAGE_NAMES[l]}`);
  b.setAttribute('aria-pressed', String(l === lang));
  b.onclick = () => {
    lang = l;
    t = STRINGS[l];
    localStorage.setItem(KEY.lang, l);
    renderLanguage();
  };
  return b;
}
