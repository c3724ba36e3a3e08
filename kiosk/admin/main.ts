import { LANGUAGES, LANGUAGE_NAMES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import { api, ApiRequestError } from './api.ts';
import { describeError, type AdminContext, type Me, type StaffRole } from './context.ts';
import { h, replace } from './dom.ts';
import { STRINGS, type AdminText } from './strings.ts';
import { ON_SITE_MEANING, type Totals } from '../../shared/totals.ts';
import type { EventLiveView, EventRole } from '../../shared/events.ts';
import { walkInView } from './walk-in.ts';
import { attendeesView } from './attendees.ts';
import { importView } from './import.ts';
import { printView } from './print.ts';
import { stationsView } from './stations.ts';
import { programmeView } from './programme.ts';
import { PROGRAMME_STRINGS } from './programme-strings.ts';
import { kiosksView } from './kiosks.ts';
import { usersView } from './users.ts';
import { reportsView } from './reports.ts';
import { auditView } from './audit.ts';
import { AUDIT_STRINGS } from './audit-strings.ts';
import { REPORT_STRINGS } from './reports-strings.ts';
import { eventsView } from './events.ts';
import { EVENTS_STRINGS } from './events-strings.ts';
import { eventSwitcher, loadEvents, rolesHere, setRoles, viewedEvent } from './event-choice.ts';

const LANG_KEY = 'kezek.lang';
type ViewId = 'walkIn' | 'attendees' | 'import' | 'print' | 'stations' | 'programme' | 'kiosks' | 'users' | 'events' | 'reports' | 'audit';
/** Each view: whether it is the organisers' (at the event shown), whether the served event's only (its organisers'), and how it draws. */
const VIEWS: Record<ViewId, { organiserOnly: boolean; servedOnly?: true; render: (ctx: AdminContext) => HTMLElement }> = {
  walkIn: { organiserOnly: false, render: walkInView },
  attendees: { organiserOnly: false, render: attendeesView },
  import: { organiserOnly: false, render: importView },
  print: { organiserOnly: false, render: printView },
  stations: { organiserOnly: true, servedOnly: true, render: stationsView },
  programme: { organiserOnly: true, render: programmeView },
  kiosks: { organiserOnly: true, render: kiosksView },
  users: { organiserOnly: true, render: usersView },
  events: { organiserOnly: true, servedOnly: true, render: (ctx) => eventsView(ctx, reloadSession) },
  reports: { organiserOnly: true, render: reportsView },
  audit: { organiserOnly: true, render: auditView },
};
/** Views that keep their texts in a file of their own, with their name in the side menu. */
const OWN_TEXTS: Partial<Record<ViewId, Record<Lang, { nav: string }>>> = { reports: REPORT_STRINGS, audit: AUDIT_STRINGS, events: EVENTS_STRINGS, programme: PROGRAMME_STRINGS };
/** A view's name in the side menu. */
const navLabel = (id: ViewId): string => OWN_TEXTS[id]?.[lang].nav ?? STRINGS[lang].nav[id as keyof AdminText['nav']];

const root = document.getElementById('app')!;
let lang: Lang = pickLanguage(localStorage.getItem(LANG_KEY), navigator.languages);
/** What GET and POST /api/session answer. */
type SessionAnswer = { role: string; user: Me['user']; events?: EventRole[] };
/** The signed-in staff member (their roles are kept by event-choice.ts); null: the sign-in page. */
let staff: Pick<Me, 'user'> | null = null;
/** Signed in, but with a role at no event of the installation: the sign-in page says so. */
let noRoleAnywhere = false;
let current: ViewId = (location.hash.slice(1) as ViewId) in VIEWS ? (location.hash.slice(1) as ViewId) : 'walkIn';
let totalsTimer: number | undefined;

function languageSwitcher(): HTMLElement {
  return h(
    'div',
    { class: 'langs', role: 'group', 'aria-label': 'Language' },
    ...LANGUAGES.map((l) =>
      h('button', { type: 'button', class: l === lang ? 'lang active' : 'lang', 'aria-pressed': String(l === lang), onclick: () => setLanguage(l) }, LANGUAGE_NAMES[l]),
    ),
  );
}

function setLanguage(l: Lang): void {
  lang = l;
  localStorage.setItem(LANG_KEY, l);
  render();
}

function notice(): HTMLElement {
  return h('div', { id: 'notice', role: 'status', 'aria-live': 'polite' });
}

function notify(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = document.getElementById('notice');
  if (!el) return;
  el.className = `notice ${kind}`;
  el.textContent = message;
  window.clearTimeout(Number(el.dataset.timer));
  el.dataset.timer = String(window.setTimeout(() => ((el.className = ''), (el.textContent = '')), kind === 'ok' ? 4000 : 8000));
}

function signInView(): HTMLElement {
  const t = STRINGS[lang];
  const error = h('p', { class: 'error', role: 'alert' }, noRoleAnywhere ? t.apiErrors.no_role_here : '');
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    {
      class: 'card sign-in',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await takeSession(await api<SessionAnswer>('POST', '/api/session', { username: username.value, password: password.value }));
          render();
        } catch (err) {
          error.textContent = err instanceof ApiRequestError && err.code === 'bad_credentials' ? t.signIn.wrong : describeError(err, t, lang);
          password.select();
        }
      },
    },
    h('h1', {}, t.signIn.heading),
    h('label', {}, t.signIn.username, username),
    h('label', {}, t.signIn.password, password),
    error,
    h('button', { type: 'submit', class: 'primary' }, t.signIn.submit),
    h('p', { class: 'hint' }, t.signIn.firstTime),
  );
  queueMicrotask(() => username.focus());
  return h('div', { class: 'sign-in-page' }, h('header', { class: 'top' }, h('span', { class: 'brand' }, 'Kezek'), languageSwitcher()), h('main', {}, form));
}

/** The header's figures: those of the event the switcher picked (none while it is not live on this server), else the current event's. */
async function refreshTotals(el: HTMLElement): Promise<void> {
  const t = STRINGS[lang];
  const viewed = viewedEvent();
  try {
    const totals = viewed ? (await api<EventLiveView>('GET', `/api/events/${encodeURIComponent(viewed.id)}/live`)).totals : await api<Totals>('GET', '/api/totals');
    const figure = (label: string, n: number, title?: string) => h('span', { class: 'total', title }, h('b', {}, String(n)), ` ${label}`);
    replace(el, figure(t.totals.registered, totals.registered), figure(t.totals.onSite, totals.onSite, ON_SITE_MEANING[lang]), figure(t.totals.visits, totals.visits));
  } catch (err) {
    // An event not live here has no figures now; otherwise totals are a courtesy, and the next refresh tries again.
    if (err instanceof ApiRequestError && err.code === 'event_not_live') replace(el);
  }
}

function shell(signedIn: Me, servedRole: StaffRole | null): HTMLElement {
  const t = STRINGS[lang];
  const ctx: AdminContext = {
    lang,
    t,
    me: signedIn,
    notify,
    fail: (err) => {
      notify(describeError(err, t, lang), 'error');
      if (err instanceof ApiRequestError && err.status === 401) {
        staff = null;
        render();
      }
    },
  };
  const organiser = (role: StaffRole | null, needed: boolean | undefined) => !needed || role === 'organiser';
  const allowed = (Object.keys(VIEWS) as ViewId[]).filter((id) => organiser(signedIn.role, VIEWS[id].organiserOnly) && organiser(servedRole, VIEWS[id].servedOnly));
  if (!allowed.includes(current)) current = 'walkIn';
  const totals = h('div', { class: 'totals', 'aria-live': 'off' });
  void refreshTotals(totals);
  window.clearInterval(totalsTimer);
  totalsTimer = window.setInterval(() => void refreshTotals(totals), 5000);
  const who = signedIn.user ? signedIn.user.displayName || signedIn.user.username : t.roles[signedIn.role];
  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'top' },
      h('span', { class: 'brand' }, 'Kezek'),
      totals,
      eventSwitcher(lang, t.roles, render),
      h('span', { class: 'who' }, `${who} · ${t.roles[signedIn.role]}`),
      languageSwitcher(),
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: async () => {
            await api('DELETE', '/api/session').catch(() => undefined);
            staff = null;
            render();
          },
        },
        t.signOut,
      ),
    ),
    h(
      'nav',
      { class: 'side' },
      ...allowed.map((id) =>
        h('a', { href: `#${id}`, class: id === current ? 'active' : '', 'aria-current': id === current ? 'page' : undefined }, navLabel(id)),
      ),
    ),
    h('main', { class: 'content' }, notice(), VIEWS[current].render(ctx)),
  );
}

function render(): void {
  document.documentElement.lang = lang;
  document.title = STRINGS[lang].title;
  const roles = rolesHere();
  if (!staff || roles.shown === null) {
    window.clearInterval(totalsTimer);
    replace(root, signInView());
  } else replace(root, shell({ role: roles.shown, user: staff.user }, roles.served));
}

/**
 * Takes a session's answer: the staff member and the events where they have a role (the pages
 * open at one of them), and the events' list for an organiser of the served event. Staff with no
 * role anywhere (their roles were taken since they signed in) stay on the sign-in page, told so.
 */
async function takeSession(answer: SessionAnswer): Promise<void> {
  const events = answer.events ?? [];
  setRoles(events);
  noRoleAnywhere = answer.user !== null && events.length === 0;
  staff = events.length > 0 ? { user: answer.user } : null;
  if (staff && answer.role === 'organiser') await loadEvents().catch(() => undefined);
}

/** Reads the session again (an event was made, and its maker is its organiser) and draws the page. */
async function reloadSession(): Promise<void> {
  try {
    await takeSession(await api<SessionAnswer>('GET', '/api/session'));
  } catch {
    // The page stays as it was; the next request says what is wrong.
  }
  render();
}

/** The message of a failed browser form check, from the field's validity, in the page's language. */
function validationMessage(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string {
  const v = STRINGS[lang].validation;
  const { validity } = el;
  if (validity.valueMissing) return v.required;
  if (validity.badInput) return v.number;
  if (validity.typeMismatch) return el.type === 'email' ? v.email : v.pattern;
  if (validity.rangeUnderflow && el instanceof HTMLInputElement) return v.min(el.min);
  if (validity.rangeOverflow && el instanceof HTMLInputElement) return v.max(el.max);
  if (validity.tooShort && !(el instanceof HTMLSelectElement)) return v.tooShort(el.minLength);
  if (validity.tooLong && !(el instanceof HTMLSelectElement)) return v.tooLong(el.maxLength);
  if (validity.stepMismatch) return v.number;
  return v.pattern;
}

// Every form check the browser makes in /admin speaks the page's language, not the browser's: the
// message is set as the check fails and cleared as the field is edited. A view's own message stays.
document.addEventListener(
  'invalid',
  (event) => {
    const el = event.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return;
    if (el.validity.customError && el.dataset.message !== 'page') return;
    el.setCustomValidity('');
    if (el.validity.valid) return;
    el.setCustomValidity(validationMessage(el));
    el.dataset.message = 'page';
  },
  true,
);
for (const type of ['input', 'change'])
  document.addEventListener(
    type,
    (event) => {
      const el = event.target;
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return;
      el.setCustomValidity('');
      delete el.dataset.message;
    },
    true,
  );

window.addEventListener('hashchange', () => {
  const id = location.hash.slice(1) as ViewId;
  if (id in VIEWS && id !== current) {
    current = id;
    render();
  }
});

async function start(): Promise<void> {
  try {
    await takeSession(await api<SessionAnswer>('GET', '/api/session'));
  } catch {
    // The session could not be read: the sign-in page.
  }
  render();
}
void start();
