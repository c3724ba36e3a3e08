/**
 * The attendee's own phone (`/me`): signs in with the badge number and PIN, then shows where they
 * are (inside, in line with their place and wait, called: ringing and vibrating), where to go now,
 * the day's passport and the programme. Live over Socket.IO `/me`; the last day seen is kept on
 * the phone, so a reload or a dropped Wi-Fi shows it at once, marked with its time.
 */
import { io, type Socket } from 'socket.io-client';
import { LANGUAGE_NAMES, LANGUAGES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import { waitText } from '../../shared/wait.ts';
import { ME_NAMESPACE, type MeServerToClientEvents, type MyPlaceMessage, type RemoteStationsMessage } from '../../shared/me-contract.ts';
import type { MyDay, MyPlace } from '../../shared/me.ts';
import type { LocalText } from '../../shared/event.ts';
import { fitName, overflows } from '../../shared/fit-name.ts';
import { clockTimeAt, PageClock } from '../../shared/event-clock.ts';
import { eventOfPath, liveSource } from '../../shared/event-path.ts';
import type { BadgeOtherEvent } from '../../shared/me.ts';
import { strings } from './strings.ts';
import { strings as programmeStrings } from '../programme/strings.ts';
import { callAlert, stopAlert } from './alert.ts';

const LANG_KEY = 'kezek.me.lang';
/** The event this page is at: the current one on today's path (`/me`), any live one at `/e/<event>/me`. */
const EVENT = eventOfPath(location.pathname);
/** Where its phone API is. */
const API = EVENT ? `/api/events/${EVENT}/me` : '/api/me';
const DAY_KEY = EVENT ? `kezek.me.day.${EVENT}` : 'kezek.me.day';
/** At an event's own path no live connection tells the place: the day is read this often instead. */
const EVENT_DAY_MS = 10_000;
/** The day (visits, go-now) is read again this often while the page is open. */
const DAY_MS = 60_000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = pickLanguage(localStorage.getItem(LANG_KEY), navigator.languages);
let day: MyDay | null = null;
/** The server's clock: call countdowns by the server's time. */
const serverClock = new PageClock();
let online = true;
let seenAt = 0;
/** The place the socket told last, with the server's time of it. */
let livePlace: MyPlaceMessage | null = null;
/** The name of the event at its own path (read once, as its board reads it), shown beside the brand. */
let eventName: LocalText | null = null;

const el = (tag: string, cls: string, text = ''): HTMLElement => {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
};
/** `HH:MM` of an instant on the event's clock (a day kept from before it was told: the phone's). */
const clock = (ms: number) => clockTimeAt(ms, day?.utcOffsetMinutes ?? null);
const local = (t: LocalText) => t[lang];
const stationName = (id: string): string => {
  const s = day?.stations.find((x) => x.id === id);
  return s ? local(s.shortName ?? s.name) : id;
};

/** A request to the API with the CSRF header; throws `{ code, seconds?, event? }`. */
async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let r: Response;
  try {
    r = await fetch(url, { method, headers: body ? { 'content-type': 'application/json', 'x-kezek': '1' } : { 'x-kezek': '1' }, body: body ? JSON.stringify(body) : undefined });
  } catch {
    throw { code: 'network' };
  }
  if (r.status === 204) return undefined as T;
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw { code: json.code ?? 'other', seconds: Number(r.headers.get('retry-after')) || 0, event: json.event };
  return json as T;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; seconds?: number };
  const t = strings[lang];
  if (e.code === 'rate_limited') return t.rateLimited(e.seconds || 60);
  return t.errors[(e.code ?? 'other') as keyof typeof t.errors] ?? t.errors.other;
}

/** A refused sign-in: in the attendee's language; a badge of another event names it, with a link to its phone page. */
function showSignInError(err: unknown): void {
  const error = $('sign-in-error');
  const other = (err as { code?: string; event?: BadgeOtherEvent['event'] }).event;
  if ((err as { code?: string }).code === 'badge_other_event' && other) {
    const t = strings[lang];
    const link = el('a', 'go-there', t.goThere) as HTMLAnchorElement;
    link.href = `/e/${encodeURIComponent(other.id)}/me`;
    error.replaceChildren(el('span', '', `${t.otherEvent(local(other.name))}. `), link);
  } else error.textContent = errorText(err);
  error.hidden = false;
}

function renderLangs(): void {
  const nav = document.querySelector('.langs')!;
  nav.replaceChildren(
    ...LANGUAGES.map((l) => {
      const b = el('button', l === lang ? 'on' : '', LANGUAGE_NAMES[l]) as HTMLButtonElement;
      b.type = 'button';
      b.lang = l;
      b.setAttribute('aria-pressed', String(l === lang));
      b.onclick = () => {
        lang = l;
        localStorage.setItem(LANG_KEY, l);
        render();
      };
      return b;
    }),
  );
}

/** The call being rung for (its station and end), so that each call rings once however it is learnt. */
let ringingFor: string | null = null;

/** Rings for a new call; stops when the place is no longer a call. */
function ringFor(place: MyPlace | null): void {
  const call = place?.state === 'called' ? `${place.stationId}@${place.calledUntil}` : null;
  if (call === ringingFor) return;
  ringingFor = call;
  if (call) callAlert();
  else stopAlert();
}

/** The place card: the biggest thing on the page. */
function renderPlace(place: MyPlace | null): void {
  ringFor(place);
  const t = strings[lang];
  const card = $('place');
  card.dataset.state = place?.state ?? 'none';
  if (!place) return void card.replaceChildren(el('p', 'what', t.nowhere));
  const name = stationName(place.stationId);
  if (place.state === 'inside') return void card.replaceChildren(el('p', 'what', t.inside(name, clock(place.since))));
  if (place.state === 'queued') {
    card.replaceChildren(el('p', 'what', t.queued(name, place.position)), el('p', 'big', `№\u00a0${place.position}`), el('p', 'wait', t.wait(waitText(place.waitMinutes, lang))));
    return;
  }
  const left = place.calledUntil - serverClock.now();
  const m = Math.max(0, Math.floor(left / 60_000));
  const s = Math.max(0, Math.floor((left % 60_000) / 1000));
  card.replaceChildren(el('p', 'what', t.called(name)), el('p', 'big', left > 0 ? `${m}:${String(s).padStart(2, '0')}` : '0:00'), el('p', 'wait', left > 0 ? t.calledKept(`${m}:${String(s).padStart(2, '0')}`) : t.calledGone));
}

function renderDay(): void {
  if (!day) return;
  const t = strings[lang];
  $('hello').textContent = t.hello(day.me.firstName, day.me.badgeNo);
  renderPlace(day.place);
  $('go-now-title').textContent = t.goNow;
  $('go-now').replaceChildren(...(day.goNow.length > 0 ? day.goNow.map((id) => el('li', 'go', stationName(id))) : [el('li', 'none', t.goNowNone)]));
  $('passport-title').textContent = t.passport;
  const visits = day.visits.filter((v) => day!.stations.find((s) => s.id === v.stationId)?.group !== 'entrance');
  $('passport').replaceChildren(
    ...(visits.length > 0
      ? visits.map((v) => {
          const li = el('li', 'visit');
          li.append(el('span', 'name', stationName(v.stationId)), el('span', 'time', `${clock(v.inAt)}–${v.outAt === null ? t.still : clock(v.outAt)}`));
          return li;
        })
      : [el('li', 'none', t.passportNone)]),
  );
  renderConsents();
  renderRemote();
  const programme = day.programme ?? [];
  $('programme-card').hidden = programme.length === 0;
  $('programme-title').textContent = t.programme;
  $('programme').replaceChildren(
    ...programme.map((p) => {
      const li = el('li', 'item');
      const time = el('span', 'time', `${p.start}–${p.end}`);
      li.append(time, el('span', 'name', local(p.title)), el('span', 'where', p.place ? local(p.place) : ''));
      if (p.shifted) {
        // Moved on the day: said as the screens' strip says it.
        li.dataset.shifted = 'true';
        time.title = programmeStrings[lang].moved;
        li.append(el('span', 'moved', programmeStrings[lang].moved));
      }
      return li;
    }),
  );
  // The short title where the full one would be cut (laid out first: the card is in the page).
  $('programme')
    .querySelectorAll<HTMLElement>('.item .name')
    .forEach((name, i) => {
      fitName(name, { name: programme[i].title, shortName: programme[i].shortTitle }, lang);
      // Even the short title too long: it wraps rather than being cut.
      name.classList.toggle('wraps', overflows(name));
    });
  $('sign-out').textContent = t.signOut;
}

/** One switch per employer visited: pressing it gives or withdraws consent at once. */
function renderConsents(): void {
  if (!day) return;
  const t = strings[lang];
  $('consent-card').hidden = day.consents.length === 0;
  $('consent-title').textContent = t.consent;
  $('consent-hint').textContent = t.consentHint;
  $('consents').replaceChildren(
    ...day.consents.map((c) => {
      const li = el('li', 'consent');
      const b = el('button', c.given ? 'switch on' : 'switch', c.given ? t.consentGiven : t.consentNot) as HTMLButtonElement;
      b.type = 'button';
      b.dataset.station = c.stationId;
      b.setAttribute('aria-pressed', String(c.given));
      b.onclick = async () => {
        b.disabled = true;
        try {
          const consents = await api<MyDay['consents']>('PUT', `${API}/consents/${encodeURIComponent(c.stationId)}`, { given: !c.given });
          if (!day) return;
          day = { ...day, consents };
          localStorage.setItem(DAY_KEY, JSON.stringify(day));
          render();
        } catch {
          b.disabled = false;
        }
      };
      li.append(el('span', 'name', stationName(c.stationId)), b);
      return li;
    }),
  );
}

/** Joins (or leaves) a station's queue from the phone; a place held elsewhere is given up only after the attendee agrees. */
async function remoteQueue(stationId: string, join: boolean): Promise<void> {
  const t = strings[lang];
  const here = day?.place;
  if (join && here && here.stationId !== stationId && !window.confirm(t.joinWarn(stationName(here.stationId), stationName(stationId)))) return;
  try {
    await api(join ? 'POST' : 'DELETE', `${API}/queue/${encodeURIComponent(stationId)}`);
    await loadDay();
  } catch (err) {
    const note = $('remote-error');
    note.textContent = errorText(err);
    note.hidden = false;
  }
}

/** The stations whose queue may be joined from the phone, with their queue and wait. */
function renderRemote(): void {
  if (!day) return;
  const t = strings[lang];
  const stations = day.stations.filter((s) => s.remoteQueue);
  $('remote-card').hidden = stations.length === 0;
  $('remote-title').textContent = t.remote;
  const error = el('li', 'error', '');
  error.id = 'remote-error';
  error.hidden = true;
  $('remote').replaceChildren(
    ...stations.map((s) => {
      const li = el('li', 'remote');
      const mine = day!.place?.stationId === s.id && day!.place.state !== 'inside';
      const b = el('button', mine ? 'switch' : 'switch on', mine ? t.leave : t.join) as HTMLButtonElement;
      b.type = 'button';
      b.dataset.station = s.id;
      b.onclick = () => void remoteQueue(s.id, !mine);
      const what = el('span', 'name', stationName(s.id));
      what.append(el('small', 'waiting', t.waiting(s.queue, waitText(s.waitMinutes, lang))));
      li.append(what, b);
      return li;
    }),
    error,
  );
}

function render(): void {
  const t = strings[lang];
  document.documentElement.lang = lang;
  renderLangs();
  $('sign-in-title').textContent = t.signIn;
  $('sign-in-hint').textContent = t.signInHint;
  $('badge-label').textContent = t.badgeNo;
  $('pin-label').textContent = t.pin;
  $('sign-in-button').textContent = t.signInButton;
  document.querySelector('.brand')!.textContent = eventName ? `Kezek · ${local(eventName)}` : 'Kezek';
  const off = $('offline');
  off.hidden = online || !day;
  off.textContent = `⚠ ${t.offline(clock(seenAt))}`;
  renderDay();
}

function showSignIn(): void {
  day = null;
  localStorage.removeItem(DAY_KEY);
  $('day').hidden = true;
  $('sign-in').hidden = false;
  render();
}

/** Keeps the day and shows it; the place in it is the live one when the socket told a newer one. */
function keep(next: MyDay): void {
  // A day read that the server answered before the socket's last place, but that came after it, keeps that place.
  day = livePlace && livePlace.at > next.at ? { ...next, place: livePlace.place } : next;
  serverClock.see(next.at);
  seenAt = Math.max(next.at, seenAt);
  localStorage.setItem(DAY_KEY, JSON.stringify(day));
  $('sign-in').hidden = true;
  $('day').hidden = false;
  render();
}

async function loadDay(): Promise<void> {
  try {
    keep(await api<MyDay>('GET', `${API}/day`));
  } catch (err) {
    if ((err as { code?: string }).code === 'unauthorized') showSignIn();
  }
}

let socketStarted = false;
/** Live over Socket.IO on today's path; at an event's own path the day is read every few seconds instead. */
function live(): void {
  if (socketStarted || EVENT) return;
  socketStarted = true;
  const socket = io(ME_NAMESPACE, { transports: ['websocket', 'polling'] }) as Socket<MeServerToClientEvents>;
  socket.on('connect', () => {
    online = true;
    render();
  });
  socket.on('disconnect', () => {
    online = false;
    render();
  });
  // The phone knows at once when its network is gone (the socket notices only at its next ping, up
  // to ~45 s) and when it is back: the socket then tries at once, not at the next of its spaced-out attempts.
  addEventListener('offline', () => {
    online = false;
    render();
  });
  addEventListener('online', () => {
    if (!socket.connected) socket.disconnect().connect();
    online = socket.connected;
    render();
  });
  socket.on('connect_error', (err) => {
    online = false;
    if (err.message === 'unauthorized') {
      socket.disconnect();
      socketStarted = false;
      showSignIn();
    } else render();
  });
  socket.on('me:place', (m: MyPlaceMessage) => {
    const before = day?.place ?? null;
    livePlace = m;
    serverClock.see(m.at);
    if (day) {
      day = { ...day, place: m.place };
      localStorage.setItem(DAY_KEY, JSON.stringify(day));
    }
    seenAt = m.at;
    render();
    // A move between stations changes the passport and where to go: read the day again.
    if (before?.stationId !== m.place?.stationId || before?.state !== m.place?.state) void loadDay();
  });
  // An organiser shifted an item of the day: its times, and where to go now, are read again.
  socket.on('programme:update', () => void loadDay());
  // An organiser allowed or stopped joining a station's queue from the phone.
  socket.on('me:stations', (m: RemoteStationsMessage) => {
    if (!day) return;
    const allowed = new Set(m.stationIds);
    day = { ...day, stations: day.stations.map(({ remoteQueue: _was, ...s }) => (allowed.has(s.id) ? { ...s, remoteQueue: true as const } : s)) };
    localStorage.setItem(DAY_KEY, JSON.stringify(day));
    render();
  });
}

/**
 * On a secure context (HTTPS, or localhost) a service worker keeps this page, so a reload with the
 * Wi-Fi down shows the last day and reconnects when it returns. On plain HTTP browsers allow none:
 * the session survives, but such a reload shows the browser's own error until the Wi-Fi is back.
 */
function keepForOffline(): void {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js?shell=/me', { scope: '/me' }).catch(() => undefined);
}

function main(): void {
  keepForOffline();
  if (EVENT) {
    void liveSource(location.origin, location.pathname).then((found) => {
      eventName = found.name;
      render();
    });
  }
  const saved = localStorage.getItem(DAY_KEY);
  if (saved) {
    try {
      day = JSON.parse(saved) as MyDay;
      seenAt = day.at;
      $('day').hidden = false;
    } catch {
      localStorage.removeItem(DAY_KEY);
    }
  }
  render();
  $<HTMLFormElement>('sign-in').onsubmit = async (e) => {
    e.preventDefault();
    const error = $('sign-in-error');
    error.hidden = true;
    try {
      await api('POST', `${API}/session`, { badgeNo: Number($<HTMLInputElement>('badge-no').value), pin: $<HTMLInputElement>('pin').value.replace(/\D/g, '') });
      $<HTMLInputElement>('pin').value = '';
      await loadDay();
      live();
    } catch (err) {
      showSignInError(err);
    }
  };
  $('sign-out').onclick = async () => {
    await api('DELETE', `${API}/session`).catch(() => undefined);
    location.reload();
  };
  // A countdown of a call runs on the phone's clock between messages.
  setInterval(() => {
    if (day?.place?.state === 'called') renderPlace(day.place);
  }, 1000);
  setInterval(() => {
    if (day && online) void loadDay();
  }, EVENT ? EVENT_DAY_MS : DAY_MS);
  void loadDay().then(() => {
    if (day) live();
    else showSignIn();
  });
}

main();
