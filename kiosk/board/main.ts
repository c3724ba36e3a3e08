import { io, type Socket } from 'socket.io-client';
import { LANGUAGE_NAMES, LANGUAGES, NUMBER_LOCALES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import { fill, LiveView } from '../../shared/live-view.ts';
import { type ActionAck, type Alert, type ClientToServerEvents, type ServerToClientEvents, type TourManifest } from '../../shared/realtime.ts';
import { CURRENT_EVENT, liveSource, type LiveSource } from '../../shared/event-path.ts';
import type { StationGroup } from '../../shared/event.ts';
import { tourOffer, type StationView } from '../../shared/station.ts';
import { TapIds } from '../../shared/tap-ids.ts';
import { sparkline } from './sparkline.ts';
import { fitName } from '../../shared/fit-name.ts';
import { waitText } from '../../shared/wait.ts';
import { strings, type BoardText } from './strings.ts';
import { ServerRotation } from '../../shared/server-rotation.ts';
import type { ServerList, ServerStatus } from '../../shared/servers.ts';
import { fetchProgramme, ProgrammeStrip, stationPlace } from '../programme/strip.ts';
import { clockTimeAt, PageClock } from '../../shared/event-clock.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const KEY = { lang: 'kezek.lang', token: 'kezek.adminToken' };
/**
 * The board's sections: a station's group, but the tours and the programme's sessions stations
 * (the challenge, the career session) each a section of their own.
 */
type Section = StationGroup | 'tours' | 'sessions';
/**
 * Each section's column, in order down the column: the tours (two lines a card) under the
 * colleges, the programme's sessions under the master classes, and the fourth column keeping
 * room for the alerts.
 */
const SECTIONS: Array<[Section, string]> = [
  ['entrance', 'col-1'], ['college', 'col-1'], ['tours', 'col-1'], ['master-class', 'col-2'], ['sessions', 'col-2'],
  ['employer', 'col-3'], ['grant', 'col-4'], ['programme', 'col-4'],
];
const sectionOf = (s: StationView): Section => (s.mode === 'tour' ? 'tours' : s.group === 'programme' && s.mode === 'sessions' ? 'sessions' : s.group);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = pickLanguage(localStorage.getItem(KEY.lang), navigator.languages);
let t: BoardText = strings[lang];
const view = new LiveView();
// One line each for now and next: the board's room goes to the 24 cards.
const programme = new ProgrammeStrip($('programme'), 1);
/** The server's clock: the strip and the clock show the event's day by it, not by this device's. */
const clock = new PageClock();
let alerts: Alert[] = [];
let socket: LiveSocket | null = null;
let staff = false;
let connected = false;
let openStation: string | null = null;
const cards = new Map<string, HTMLElement>();
/** The event's servers: the board turns to the next when its own stops answering. */
const servers = new ServerRotation(location.origin);
let serverList: ServerStatus[] = [];
/** Not connected for this long: the board connects to the next server of the event. */
const FAILOVER_MS = 4_000;
const SERVERS_EVERY_MS = 5_000;
let failover: number | null = null;

// ---- connection ---------------------------------------------------------------------------

/** The event this board shows: the current one, or another live on the server (`/e/<event>/board`). */
let source: LiveSource = CURRENT_EVENT;

/** Tries the event's staff namespace (token or session cookie: an organiser there); falls back to its public one when refused. */
function connect(token: string | null, fromSignIn = false): void {
  socket?.disconnect();
  // The session cookie belongs to the page's own server: another is asked with the token only.
  const s: LiveSocket = io(`${servers.current}${source.staffNs}`, { auth: token ? { token } : {}, withCredentials: servers.current === '' });
  socket = s;
  s.once('connect_error', (err) => {
    if (err.message !== 'unauthorized' || socket !== s) return;
    s.disconnect();
    if (fromSignIn) {
      $('sign-result').textContent = t.tokenRefused;
      localStorage.removeItem(KEY.token);
    }
    staff = false;
    listen(io(`${servers.current}${source.ns}`));
  });
  s.on('connect', () => {
    staff = true;
    if (fromSignIn) ($('sign-dialog') as HTMLDialogElement).close();
  });
  // The server closes a staff connection whose session ended (signed out, disabled): carry on as the public board.
  s.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || socket !== s) return;
    staff = false;
    listen(io(`${servers.current}${source.ns}`));
    renderAll();
  });
  listen(s);
}

/** While `s` stays unconnected for FAILOVER_MS, the board connects to the next server (as staff again with a saved token). */
function watchFailover(s: LiveSocket): void {
  if (failover !== null || servers.all.length < 2) return;
  failover = window.setTimeout(() => {
    failover = null;
    if (socket !== s || s.connected) return;
    servers.next();
    connect(localStorage.getItem(KEY.token));
    void lookAtServers();
  }, FAILOVER_MS);
}

/** Asks the server it is connected to which servers of the event answer. */
async function lookAtServers(): Promise<void> {
  try {
    const r = await fetch(`${servers.current}/api/servers`, { cache: 'no-store', signal: AbortSignal.timeout(3_000) });
    if (!r.ok) return;
    serverList = ((await r.json()) as ServerList).servers;
    servers.update(serverList.map((x) => x.url));
  } catch {
    // Not answering: the socket's failover turns to another.
  }
  renderServers();
}

function renderServers(): void {
  const el = $('servers');
  el.hidden = serverList.length === 0;
  const here = servers.origin;
  el.replaceChildren(
    document.createTextNode(`${t.servers}: `),
    ...serverList.map((x) => {
      const item = document.createElement('span');
      item.className = x.alive ? 'server up' : 'server down';
      item.dataset.url = x.url;
      item.dataset.alive = String(x.alive);
      item.textContent = `${x.alive ? '●' : '✕'} ${new URL(x.url).host}${x.url === here ? ` (${t.thisServer})` : ''}`;
      item.title = x.alive ? t.serverUp : t.serverDown;
      return item;
    }),
  );
}

function listen(s: LiveSocket): void {
  socket = s;
  s.on('connect', () => {
    connected = true;
    if (failover !== null) window.clearTimeout(failover);
    failover = null;
    renderChrome();
    void loadProgramme();
  });
  s.on('disconnect', () => {
    connected = false;
    renderChrome();
    watchFailover(s);
  });
  s.on('connect_error', () => watchFailover(s));
  s.on('stations:snapshot', (snap) => {
    clock.see(snap.at);
    view.applySnapshot(snap);
    renderAll();
  });
  s.on('stations:update', (u) => {
    clock.see(u.at);
    for (const id of view.applyUpdate(u)) renderCard(id);
    drawProgramme();
    if (u.totals) renderTotals();
    if (openStation) renderDialog();
    renderAlerts();
  });
  s.on('totals:update', (totals) => {
    view.applyTotals(totals);
    renderTotals();
  });
  s.on('trend:sample', (sample) => {
    clock.see(sample.at);
    view.applyTrend(sample);
    for (const id of view.order) renderCard(id);
  });
  s.on('alerts:update', (list) => {
    alerts = list;
    renderAlerts();
  });
  s.on('programme:update', (changed) => {
    programme.set(changed);
    drawProgramme();
  });
}

/** The clock and the programme strip (items at a hall with its seats left), by the server's clock on the event's. */
function drawProgramme(): void {
  $('clock').textContent = clockTimeAt(clock.now(), programme.utcOffsetMinutes);
  programme.render(lang, clock.now(), (place) => stationPlace(view.stations.get(place), lang));
}

/** Reads the programme again (at start and on every connection: a shift may have been missed meanwhile). */
async function loadProgramme(): Promise<void> {
  const fetched = await fetchProgramme(servers.current, source.programme);
  if (fetched) programme.set(fetched);
  drawProgramme();
}

// ---- drawing ------------------------------------------------------------------------------

function renderChrome(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) {
    const text = t[el.dataset.t as keyof BoardText];
    if (typeof text === 'string') el.textContent = text;
  }
  const conn = $('conn');
  conn.textContent = connected ? `● ${t.live}${staff ? ` · ${t.organiser}` : ''}` : `⚠ ${t.offline}`;
  conn.classList.toggle('down', !connected);
  $('sign').textContent = staff ? t.signOut : t.signIn;
  // Another event's board names it: two campuses' boards may hang side by side.
  const eventName = $('event-name');
  eventName.hidden = source.name === null;
  eventName.textContent = source.name ? source.name[lang] : '';
  const nav = document.querySelector('.langs')!;
  nav.replaceChildren(
    ...LANGUAGES.map((l) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = LANGUAGE_NAMES[l];
      b.setAttribute('aria-pressed', String(l === lang));
      b.addEventListener('click', () => setLang(l));
      return b;
    }),
  );
  document.body.classList.toggle('staff', staff);
  renderServers();
  drawProgramme();
}

function setLang(l: Lang): void {
  lang = l;
  t = strings[l];
  localStorage.setItem(KEY.lang, l);
  renderAll();
}

function renderAll(): void {
  renderChrome();
  // Group headings and cards, made once per snapshot in event order within each group.
  for (const col of ['col-1', 'col-2', 'col-3', 'col-4']) for (const el of $(col).querySelectorAll('.group')) el.remove();
  cards.clear();
  const stations = view.list();
  for (const [key, col] of SECTIONS) {
    const members = stations.filter((s) => sectionOf(s) === key);
    if (members.length === 0) continue;
    const section = document.createElement('section');
    section.className = `group group-${key}`;
    section.style.setProperty('--n', String(members.length));
    const heading = key === 'tours' ? t.tours : key === 'sessions' ? t.programmeSessions : t.groups[key];
    section.append(Object.assign(document.createElement('h2'), { textContent: heading }));
    for (const s of members) {
      const card = makeCard(s.id);
      section.append(card);
      cards.set(s.id, card);
    }
    $(col).insertBefore(section, $(col).querySelector('.alerts'));
  }
  for (const s of stations) renderCard(s.id);
  renderTotals();
  renderAlerts();
}

function makeCard(id: string): HTMLElement {
  const card = document.createElement('article');
  card.className = 'card';
  card.dataset.station = id;
  card.tabIndex = 0;
  card.innerHTML = `
    <h3 class="name"></h3>
    <div class="meter"><div class="bar"><span></span></div><svg class="spark" aria-hidden="true"><polyline /></svg><span class="chip"></span><b class="count"></b></div>
    <div class="foot"><span class="queue"></span><span class="wait"></span></div>`;
  const open = () => {
    if (staff) openDialog(id);
  };
  card.addEventListener('click', open);
  card.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') open();
  });
  return card;
}

function renderCard(id: string): void {
  const card = cards.get(id);
  const s = view.stations.get(id);
  if (!card || !s) return;
  const f = fill(s);
  const level = f >= 1 ? 'red' : f >= 0.8 ? 'amber' : 'green';
  card.dataset.level = level;
  card.dataset.status = s.status;
  const name = card.querySelector<HTMLElement>('.name')!;
  fitName(name, s, lang);
  name.title = `${s.name[lang]} — ${s.host}`;
  // One word of state beside the count, the most important first; the trend makes room for it.
  const chip = card.querySelector<HTMLElement>('.chip')!;
  const [text, kind] =
    s.status !== 'open'
      ? [s.status === 'paused' ? `‖ ${t.paused}` : `× ${t.closed}`, 'chip-status']
      : s.calling.length > 0
        ? [`${t.calling}: ${s.calling.length}`, 'chip-calling']
        : s.sessionStartedAt
          ? [`▶ ${t.session}`, 'chip-session']
          : f >= 1
            ? [`● ${t.full}`, 'chip-full']
            : ['', ''];
  chip.textContent = text;
  chip.className = `chip ${kind}`;
  // The board has room for how many are called; the numbers themselves are on the attendee screens.
  chip.title = s.calling.map((n) => `№${n}`).join(' ');
  card.classList.toggle('has-chip', text !== '');
  card.querySelector<HTMLElement>('.bar span')!.style.width = `${Math.min(100, Math.round(f * 100))}%`;
  card.querySelector('.count')!.textContent = `${s.occupancy} / ${s.capacity}`;
  if (s.mode === 'gate') {
    figure(card.querySelector('.queue')!, t.onSite, fmt(view.totals.onSite), t.onSiteMeaning);
    figure(card.querySelector('.wait')!, '', '');
  } else if (s.tour) {
    // A tour books departures and never queues: its next departure with room and the places left on it.
    const offer = tourOffer(s.tour);
    figure(card.querySelector('.queue')!, offer === 'open' ? t.nextTour : '', offer === 'open' ? s.tour.next! : offer === 'full' ? t.toursFull : t.toursOver);
    figure(card.querySelector('.wait')!, s.tour.next === null ? '' : t.placesLeft, s.tour.next === null ? '' : fmt(s.tour.placesLeft));
  } else if (s.mode === 'exhibition') {
    // A zone count: its figure is the count above; nobody queues for it.
    figure(card.querySelector('.queue')!, '', '');
    figure(card.querySelector('.wait')!, '', '');
  } else {
    figure(card.querySelector('.queue')!, t.queue, String(s.queue));
    const waiting = s.queue > 0 || s.occupancy + s.calling.length >= s.capacity;
    if (s.mode === 'hall' && !waiting) figure(card.querySelector('.wait')!, t.seatsLeft, fmt(s.capacity - s.occupancy - s.calling.length));
    else figure(card.querySelector('.wait')!, waiting ? t.wait : '', waiting && s.status === 'open' ? waitText(s.waitMinutes, lang) : '');
  }
  const spark = card.querySelector<SVGSVGElement>('.spark')!;
  spark.setAttribute('aria-label', t.lastHour);
  sparkline(spark, view.series(id), s.capacity);
}

/** A figure in a card's foot: a small label and a big value (both empty: nothing shown). */
function figure(el: Element, label: string, value: string, title = ''): void {
  el.replaceChildren(...(value ? [small(label), ' ', bold(value)] : []));
  (el as HTMLElement).title = title;
}

const small = (text: string) => Object.assign(document.createElement('small'), { textContent: text });
const bold = (text: string) => Object.assign(document.createElement('b'), { textContent: text });
const fmt = (n: number) => n.toLocaleString(NUMBER_LOCALES[lang]);

function renderTotals(): void {
  for (const k of ['registered', 'onSite', 'visits', 'queued'] as const) $(`t-${k}`).textContent = fmt(view.totals[k]);
  $('t-onSite').parentElement!.title = t.onSiteMeaning;
  const gate = view.list().find((s) => s.mode === 'gate');
  if (gate) renderCard(gate.id);
}

function renderAlerts(): void {
  const list = $('alerts');
  const panel = list.closest('.alerts') as HTMLElement;
  panel.hidden = !staff;
  const name = (id: string) => view.stations.get(id)?.name[lang] ?? id;
  const items = alerts.map((a) => {
    const li = document.createElement('li');
    li.className = `alert alert-${a.kind}`;
    const kiosk = a.kioskLabel || a.kioskId || '';
    const text: Record<Alert['kind'], () => string> = {
      over_capacity: () => t.overCapacity(name(a.stationId), a.value, view.stations.get(a.stationId)?.capacity ?? 0),
      long_queue: () => t.longQueue(name(a.stationId), a.value),
      kiosk_silent: () => t.kioskSilent(kiosk, name(a.stationId), a.value),
      kiosk_pending: () => t.kioskPending(kiosk, name(a.stationId), a.value),
      kiosk_battery_low: () => t.kioskBatteryLow(kiosk, name(a.stationId), a.value),
      storage_low: () => t.storageLow(a.value),
      storage_full: () => t.storageFull,
      storage_unavailable: () => t.storageUnavailable,
      archive_failing: () => t.archiveFailing,
    };
    li.textContent = `⚠ ${text[a.kind]()}`;
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = `✓ ${t.noAlerts}`;
    items.push(li);
  }
  list.replaceChildren(...items);
}

// ---- organiser actions --------------------------------------------------------------------

function openDialog(id: string): void {
  openStation = id;
  const s = view.stations.get(id)!;
  $<HTMLInputElement>('sd-capacity').value = String(s.capacity);
  $('sd-result').textContent = '';
  renderDialog();
  void loadManifest();
  $<HTMLDialogElement>('station-dialog').showModal();
}

/** A tour's manifest in the dialog (staff only: the server sends names to staff sockets alone). */
async function loadManifest(): Promise<void> {
  const box = $('sd-manifest');
  const s = openStation ? view.stations.get(openStation) : undefined;
  box.hidden = s?.mode !== 'tour';
  if (!s || s.mode !== 'tour' || !socket || !connected) return;
  try {
    const ack = await socket.timeout(5_000).emitWithAck('tour:manifest', { stationId: s.id });
    if (ack.data && openStation === s.id) drawManifest(box, ack.data);
  } catch {
    box.textContent = t.errors.offline;
  }
}

function drawManifest(box: HTMLElement, m: TourManifest): void {
  const list = (title: string, people: Array<{ badgeNo: number; firstName: string; here?: boolean }>) => {
    const h = Object.assign(document.createElement('h3'), { textContent: title });
    const ol = document.createElement('ol');
    ol.append(...people.map((p) => Object.assign(document.createElement('li'), { textContent: `№${p.badgeNo} ${p.firstName}${p.here ? ` · ✓ ${t.here}` : ''}` })));
    return [h, ol];
  };
  const parts = [...(m.onTour.length > 0 ? list(t.onTour, m.onTour) : []), ...m.departures.flatMap((d) => list(t.booked(d.time), d.people))];
  box.replaceChildren(...(parts.length > 0 ? parts : [Object.assign(document.createElement('p'), { textContent: t.nobodyBooked })]));
}

/** A tour's departures in the station dialog: the next with its places left, or that they are full or over for today. */
function tourWaiting(tour: NonNullable<StationView['tour']>): string {
  const offer = tourOffer(tour);
  return offer === 'open' ? `${t.nextTour} ${tour.next} · ${t.placesLeft} ${tour.placesLeft}` : offer === 'full' ? t.toursFull : t.toursOver;
}

function renderDialog(): void {
  const s = openStation ? view.stations.get(openStation) : undefined;
  if (!s) return;
  $('sd-name').textContent = s.name[lang];
  // A tour never queues: its next departure and the places left on it say what its queue would.
  const waiting = s.tour ? tourWaiting(s.tour) : s.mode === 'exhibition' ? '' : `${t.queue} ${s.queue}`;
  $('sd-counts').textContent = [s.host, `${s.occupancy} / ${s.capacity}`, waiting].filter((x) => x !== '').join(' · ');
  $('sd-pause').textContent = s.status === 'paused' ? t.resume : t.pause;
  const session = $<HTMLButtonElement>('sd-session');
  session.hidden = s.mode !== 'sessions' && s.mode !== 'tour';
  // A tour's next departure may leave while one is under way (the guide's start ends it).
  session.textContent = s.mode === 'tour' ? t.startDeparture : s.sessionStartedAt ? t.endSession : t.startSession;
  $<HTMLButtonElement>('sd-call').hidden = s.mode === 'gate' || s.mode === 'tour';
}

/** The organiser's actions on a station from its dialog, each acknowledged. */
type StationAction = 'station:capacity' | 'station:pause' | 'session:start' | 'session:end' | 'queue:call-next';
type ActionRequest<E extends StationAction> = Parameters<ClientToServerEvents[E]>[0];

/** The same action clicked again after its acknowledgement never came is sent with the id it went with. */
const taps = new TapIds();

/** Sends an action on the open station (`body`: the request but the station and the tap's id) and shows its answer. */
async function act<E extends StationAction>(event: E, body: Omit<ActionRequest<E>, 'stationId' | 'id'>): Promise<void> {
  const result = $('sd-result');
  if (!socket || !connected || !openStation) {
    result.textContent = t.errors.offline;
    return;
  }
  const action = `${event} ${openStation} ${JSON.stringify(body)}`;
  const id = taps.idFor(action);
  let ack: ActionAck<StationView>;
  try {
    ack = await socket.timeout(5_000).emitWithAck<StationAction>(event, { ...body, stationId: openStation, id } as ActionRequest<E> as never);
  } catch {
    taps.sent(action, id, false);
    result.textContent = t.errors.offline;
    result.classList.add('bad');
    return;
  }
  taps.sent(action, id, true);
  result.textContent = ack.error ? t.errors[ack.error.code] : `✓ ${t.done}`;
  result.classList.toggle('bad', Boolean(ack.error));
  if (ack.data) view.applyUpdate({ stations: [ack.data], at: clock.now() });
  if (ack.data) renderCard(ack.data.id);
  renderDialog();
  void loadManifest();
}

$('sd-save').addEventListener('click', () => void act('station:capacity', { capacity: Number($<HTMLInputElement>('sd-capacity').value) }));
$('sd-pause').addEventListener('click', () => void act('station:pause', { paused: view.stations.get(openStation!)?.status !== 'paused' }));
$('sd-session').addEventListener('click', () => {
  const station = view.stations.get(openStation!);
  const running = station?.mode !== 'tour' && Boolean(station?.sessionStartedAt);
  void act(running ? 'session:end' : 'session:start', {});
});
$('sd-call').addEventListener('click', () => void act('queue:call-next', {}));
$('station-dialog').addEventListener('close', () => (openStation = null));

$('sign').addEventListener('click', () => {
  if (staff) {
    localStorage.removeItem(KEY.token);
    staff = false;
    socket?.disconnect();
    listen(io(`${servers.current}${source.ns}`));
    renderAll();
    return;
  }
  $('sign-result').textContent = '';
  $<HTMLDialogElement>('sign-dialog').showModal();
});
$('sign-cancel').addEventListener('click', () => $<HTMLDialogElement>('sign-dialog').close());
$('sign-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = $<HTMLInputElement>('sign-token').value.trim();
  localStorage.setItem(KEY.token, token);
  connect(token, true);
});

setInterval(drawProgramme, 10_000);
// Names are fitted to the room their cards have: again when the window changes size.
window.addEventListener('resize', () => {
  for (const id of view.order) renderCard(id);
});
renderChrome();
void liveSource(location.origin, location.pathname).then((found) => {
  source = found;
  renderChrome();
  connect(localStorage.getItem(KEY.token));
});
void lookAtServers();
setInterval(() => void lookAtServers(), SERVERS_EVERY_MS);
