import { io, type Socket } from 'socket.io-client';
import { ServerRotation } from '../../shared/server-rotation.ts';
import type { ServerList } from '../../shared/servers.ts';
import { LANGUAGE_NAMES, LANGUAGES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import { fitName } from '../../shared/fit-name.ts';
import { waitText } from '../../shared/wait.ts';
import { goNow, LiveView } from '../../shared/live-view.ts';
import { type ClientToServerEvents, type ServerToClientEvents } from '../../shared/realtime.ts';
import { CURRENT_EVENT, eventOfPath, liveSource, type LiveSource } from '../../shared/event-path.ts';
import { tourOffer, type StationView } from '../../shared/station.ts';
import { strings } from './strings.ts';
import { fetchProgramme, nextTourText, ProgrammeStrip, stationPlace } from '../programme/strip.ts';
import { clockTimeAt, PageClock } from '../../shared/event-clock.ts';

/** A big screen changes language this often, Kazakh → Russian → English. */
const ROTATE_MS = 10_000;
const PIN_KEY = 'kezek.screen.lang';
/** Narrower than this (a phone, a tablet held upright), the screen is one person's: no rotation. */
const HANDHELD = '(max-width: 900px)';

const $ = (id: string) => document.getElementById(id)!;
const view = new LiveView();
const programme = new ProgrammeStrip($('programme'));
/** The server's clock: the strip and the clock show the event's day by it, not by this device's. */
const clock = new PageClock();
let connected = false;
let rotation = 0;
// A language chosen on this device holds; a phone speaks its owner's language; a wall screen rotates.
let pinned: Lang | null = (LANGUAGES as readonly string[]).includes(localStorage.getItem(PIN_KEY) ?? '') ? (localStorage.getItem(PIN_KEY) as Lang) : null;
const handheld = window.matchMedia(HANDHELD);
const lang = (): Lang => pinned ?? (handheld.matches ? pickLanguage(null, navigator.languages) : LANGUAGES[rotation % LANGUAGES.length]);

const el = (tag: string, cls: string, text = ''): HTMLElement => {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
};

function stationRow(s: StationView, l: Lang): HTMLElement {
  const t = strings[l];
  const li = el('li', 'row');
  const free = s.capacity - s.occupancy;
  li.dataset.station = s.id;
  // A tour never queues: it books departures, full only once every departure left is, and done for the day after its last.
  const offer = s.tour ? tourOffer(s.tour) : null;
  const queueing = s.mode === 'tour' ? offer === 'full' : s.mode !== 'exhibition' && (s.queue > 0 || free <= 0);
  li.dataset.state = s.status !== 'open' ? s.status : offer === 'over' ? 'closed' : queueing ? 'queue' : 'free';
  const name = el('span', 'name');
  li.append(name);
  const q = el('span', 'queue');
  if (s.status !== 'open') q.append(el('b', 'status', s.status === 'paused' ? t.paused : t.closed));
  else if (s.mode === 'exhibition') q.append(el('b', 'ok', t.inside(s.occupancy)));
  else if (s.tour) q.append(el('b', offer === 'open' ? 'ok' : 'status', nextTourText(s.tour, l)));
  else if (s.mode === 'hall' && s.queue === 0 && free > 0) q.append(el('b', 'ok', t.seatsLeft(free)));
  else if (s.queue === 0 && free > 0) q.append(el('b', 'ok', `✓ ${t.noWait}`));
  else {
    q.append(el('small', 'label', t.queue), el('b', 'n', String(s.queue)));
  }
  li.append(q);
  li.append(el('span', 'wait', s.status === 'open' && s.mode !== 'tour' && queueing ? waitText(s.waitMinutes, l) : ''));
  return li;
}

function render(): void {
  const l = lang();
  const t = strings[l];
  document.documentElement.lang = l;
  $('title').textContent = t.title;
  $('go-now-title').textContent = t.goNow;
  $('calling-title').textContent = t.calling;
  $('calling-hint').textContent = t.callingHint;
  $('me-qr-text').textContent = t.meQr;
  const off = $('offline');
  off.hidden = connected;
  off.textContent = `⚠ ${t.offline}`;

  // A phone keeps within two screens: its tours are on the programme strip, not in the list.
  const stations = view.list().filter((s) => s.mode !== 'gate' && !(handheld.matches && s.mode === 'tour'));
  const list = $('stations');
  list.style.setProperty('--rows', String(Math.ceil(stations.length / 2)));
  list.replaceChildren(...stations.map((s) => stationRow(s, l)));
  fitNames(list, l);

  const suggestions = goNow(stations, 5);
  $('go-now').replaceChildren(
    ...(suggestions.length > 0
      ? suggestions.map((s) => {
          const li = el('li', 'go');
          li.dataset.station = s.id;
          li.append(el('span', 'name'), el('span', 'free', t.free(s.capacity - s.occupancy)));
          return li;
        })
      : [el('li', 'none', t.goNowNone)]),
  );
  fitNames($('go-now'), l);

  const called = stations.filter((s) => s.calling.length > 0);
  // Many numbers at once still fit the panel: they get smaller as the list grows.
  const numbers = called.reduce((n, s) => n + s.calling.length, 0);
  $('calling').dataset.size = numbers > 12 ? 'small' : numbers > 5 ? 'medium' : 'large';
  $('calling').replaceChildren(
    ...(called.length > 0
      ? called.map((s) => {
          const li = el('li', 'called');
          li.dataset.station = s.id;
          li.append(el('span', 'numbers', s.calling.map((n) => `№${n}`).join('  ')), el('span', 'name'));
          return li;
        })
      : [el('li', 'none', t.callingNone)]),
  );
  fitNames($('calling'), l);
  programme.render(l, clock.now(), (place) => stationPlace(view.stations.get(place), l));

  $('clock').textContent = clockTimeAt(clock.now(), programme.utcOffsetMinutes);
  const nav = document.querySelector('.langs')!;
  const button = (label: string, pressed: boolean, onClick: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.setAttribute('aria-pressed', String(pressed));
    b.addEventListener('click', onClick);
    return b;
  };
  nav.replaceChildren(
    ...LANGUAGES.map((x) =>
      button(LANGUAGE_NAMES[x], x === l, () => {
        pinned = x;
        localStorage.setItem(PIN_KEY, x);
        render();
      }),
    ),
    button(t.auto, pinned === null, () => {
      pinned = null;
      localStorage.removeItem(PIN_KEY);
      render();
    }),
  );
}

/** Fits the name of every station shown in `list` (items carry `data-station`). */
function fitNames(list: HTMLElement, l: Lang): void {
  for (const item of list.querySelectorAll<HTMLElement>('[data-station]')) {
    const s = view.stations.get(item.dataset.station!);
    const name = item.querySelector<HTMLElement>('.name');
    if (s && name) fitName(name, s, l, handheld.matches);
  }
}

/** The event's servers: the screen turns to the next when its own stops answering. */
const servers = new ServerRotation(location.origin);
/** Not connected for this long: the screen connects to the next server of the event. */
const FAILOVER_MS = 4_000;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
let failover: number | null = null;

/** Learns the event's servers from the one it talks to. */
async function lookAtServers(): Promise<void> {
  try {
    const r = await fetch(`${servers.current}/api/servers`, { cache: 'no-store', signal: AbortSignal.timeout(3_000) });
    if (r.ok) servers.update(((await r.json()) as ServerList).servers.map((x) => x.url));
  } catch {
    // Not answering: the failover turns to another.
  }
}

function watchFailover(s: typeof socket): void {
  if (failover !== null || servers.all.length < 2) return;
  failover = window.setTimeout(() => {
    failover = null;
    if (socket !== s || s.connected) return;
    s.disconnect();
    servers.next();
    listen();
  }, FAILOVER_MS);
}

/** The event this screen shows: the current one, or another live on the server (`/e/<event>/screen`). */
let source: LiveSource = CURRENT_EVENT;

function listen(): void {
  const s: typeof socket = io(`${servers.current}${source.ns}`);
  socket = s;
  s.on('connect', () => {
    connected = true;
    if (failover !== null) window.clearTimeout(failover);
    failover = null;
    render();
    void loadProgramme();
  });
  s.on('disconnect', () => {
    connected = false;
    render();
    watchFailover(s);
  });
  s.on('connect_error', () => watchFailover(s));
  s.on('stations:snapshot', (snap) => {
    clock.see(snap.at);
    view.applySnapshot(snap);
    render();
  });
  s.on('stations:update', (u) => {
    clock.see(u.at);
    view.applyUpdate(u);
    render();
  });
  s.on('totals:update', (totals) => view.applyTotals(totals));
  // Once a minute: the server's clock even when nothing moves.
  s.on('trend:sample', (sample) => clock.see(sample.at));
  s.on('programme:update', (changed) => {
    programme.set(changed);
    render();
  });
}

/** Reads the programme again (at start and on every connection: a shift may have been missed meanwhile). */
async function loadProgramme(): Promise<void> {
  const fetched = await fetchProgramme(servers.current, source.programme);
  if (fetched) programme.set(fetched);
  render();
}
void liveSource(location.origin, location.pathname).then((found) => {
  source = found;
  // Another event's screen points its attendees to that event's phone page.
  const eventId = eventOfPath(location.pathname);
  if (found.other && eventId) ($('me-qr') as HTMLImageElement).src = `/api/events/${encodeURIComponent(eventId)}/me/qr.svg`;
  listen();
});
void lookAtServers();
setInterval(() => void lookAtServers(), 15_000);

setInterval(() => {
  if (!pinned && !handheld.matches) rotation += 1;
  render();
}, ROTATE_MS);
window.addEventListener('resize', render);
render();
