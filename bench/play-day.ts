// A whole day played against a running server through its real API and kiosks (`npm run simulate`
// and tests/bench/whole-day.test.ts): arrivals at the entrance, visits to stations with popular
// employers and master classes drawing queues, organisers running master-class sessions, called
// attendees coming in; the programme's ceremonies filling the assembly hall at their times; the
// exhibition entered and left at its doors; tours booked at their points (some booked never come
// back: no-shows), the guides' kiosks starting each departure at its time; session stations that
// hold a programme item (the challenge, the career session) running their session at its times;
// everyone leaving through the entrance. The behaviour's numbers are in day-model.ts.
import { io, type Socket } from 'socket.io-client';
import { newScanId } from '../shared/scan-id.ts';
import type { ClientToServerEvents, LiveSnapshot, ServerToClientEvents, StationsUpdate } from '../shared/realtime.ts';
import type { StationCounts, StationView } from '../shared/station.ts';
import type { ScanAnswer } from '../shared/scan.ts';
import type { ProgrammeView } from '../shared/event.ts';
import { clockTime, minuteOf } from '../shared/programme-rules.ts';
import { arrivalMinute, BEHAVIOUR, dayLength, dayMinute, hallWindows, stationWeight, stayMinutes, windowAt, type HallWindow } from './day-model.ts';

/** What playing a day needs. */
export interface DayOptions {
  /** The server's address, e.g. http://localhost:3000. */
  base: string;
  /** An organiser's token (pairs the kiosks, registers the attendees, runs sessions). */
  token: string;
  attendees: number;
  /** Simulated minutes per real minute. */
  speed: number;
  /** How fast the server's clock runs: `speed` in a rehearsal (bench/fast-clock.ts), else 1. */
  serverClockSpeed?: number;
  /** Called as the doors open, after registration and pairing, with the programme's opening (`HH:MM`): a rehearsal starts the server's day clock here. */
  onDoorsOpen?: (opens: string) => void;
  /** Where a line of progress goes every few seconds; nowhere when absent. */
  log?: (line: string) => void;
}

/** A tour departure as its guide's kiosk started it. */
export interface DepartureRun {
  stationId: string;
  /** The departure's time of day (`HH:MM`). */
  time: string;
  /** When the server started it (ISO, the server's clock). */
  startedAt: string;
  /** Booked on it, and of them here, just before the start. */
  booked: number;
  here: number;
  /** How many went on the tour. */
  group: number;
  capacity: number;
}

/** A session a programme item held at a session station, as its kiosk started it. */
export interface SessionRun {
  stationId: string;
  /** The programme's start (`HH:MM`). */
  time: string;
  startedAt: string;
  /** Inside as it started. */
  group: number;
}

/** What a played day did. */
export interface DayPlayed {
  stats: typeof EMPTY_STATS;
  departures: DepartureRun[];
  sessions: SessionRun[];
}

const EMPTY_STATS = { scans: 0, entered: 0, exited: 0, queued: 0, rejected: 0, failed: 0, sessions: 0, booked: 0, noShows: 0 };

const FIRST = ['Aigerim', 'Dana', 'Nurlan', 'Yerlan', 'Aruzhan', 'Madina', 'Timur', 'Alikhan', 'Zhansaya', 'Daniyar', 'Sofia', 'Artyom', 'Ilya', 'Anna', 'Dmitry', 'Kamila'];
const LAST = ['Serikbayev', 'Akhmetova', 'Ivanov', 'Nurpeisova', 'Tokhtarov', 'Petrova', 'Zhakupov', 'Kim', 'Omarova', 'Smirnov'];
const CATEGORIES = ['school', 'school', 'school', 'college', 'university', 'other'] as const;
/** The server ignores the same badge at the same kiosk within 5 s of its clock (a camera re-read). */
const REREAD_GAP_MS = 5_500;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const between = ([lo, hi]: readonly [number, number]) => lo + Math.random() * (hi - lo);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Person {
  badge: string;
  badgeNo: number;
  at: string | null;
  /** booked: on a tour's list, away; here: scanned in as here for the departure. */
  state: 'away' | 'inside' | 'queued' | 'booked' | 'here';
  onSite: boolean;
  visitsLeft: number;
  hallsSeen: Set<HallWindow>;
  /** Real time (performance.now) of the last scan at each station. */
  lastScan: Map<string, number>;
  /** The session or tour they are in (its start, as the server gave it) and the station version that said so. */
  group: { startedAt: string; version: number } | null;
  toured: boolean;
  /** Their departure (`HH:MM`) and place in its group, while booked. */
  booking: { time: string; position: number } | null;
  /** Bumped on every move, so that timers set for an earlier move do nothing. */
  step: number;
}

/** Everything one played day shares. */
interface Day {
  o: DayOptions;
  stations: StationView[];
  gate: StationView;
  /** Stations people drop in on in their round. */
  round: StationView[];
  kiosks: Map<string, string>;
  people: Person[];
  live: Map<string, StationCounts>;
  halls: HallWindow[];
  /** Programme items held at session stations. */
  held: HallWindow[];
  opens: string;
  dayMinutes: number;
  began: number;
  over: boolean;
  stats: typeof EMPTY_STATS;
  departures: DepartureRun[];
  sessions: SessionRun[];
}

/** Real milliseconds for simulated minutes. */
const real = (day: Day, minutes: number) => (Math.max(0, minutes) * 60_000) / day.o.speed;
/** Simulated minutes since the doors opened. */
const minuteNow = (day: Day) => ((performance.now() - day.began) * day.o.speed) / 60_000;
/** Resolves once the day's clock reads `minute` (a timer may fire a millisecond early). */
async function until(day: Day, minute: number): Promise<void> {
  while (minuteNow(day) < minute) await sleep(real(day, minute - minuteNow(day)) + 1);
}
const modeOf = (day: Day, stationId: string) => day.stations.find((s) => s.id === stationId)!.mode;

async function api<T>(day: Pick<Day, 'o'>, method: string, path: string, body?: unknown, auth = day.o.token): Promise<{ status: number; body: T }> {
  const r = await fetch(`${day.o.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status === 429) {
    // A rate limit of the server (README "Security"): wait as told and send it again.
    await sleep(1000 * Number(r.headers.get('retry-after') ?? 1));
    return api(day, method, path, body, auth);
  }
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

/** Pairs a kiosk per station and registers the attendees, as the desk and the organisers would. */
async function prepare(o: DayOptions): Promise<Day> {
  const day0 = { o };
  const stations = (await api<StationView[]>(day0, 'GET', '/api/stations')).body;
  const fetched = (await api<ProgrammeView>(day0, 'GET', '/api/programme')).body;
  const programme = fetched.items.length > 0 ? fetched : undefined;
  const ids = (mode: StationView['mode']) => stations.filter((s) => s.mode === mode).map((s) => s.id);
  const held = hallWindows(programme, ids('sessions'));
  const kiosks = new Map<string, string>();
  for (const s of stations) {
    const r = await api<{ token: string }>(day0, 'POST', '/api/kiosks', { station: s.id, label: `sim ${s.id}` });
    if (r.status !== 201) throw new Error(`kiosk for ${s.id}: ${r.status} ${JSON.stringify(r.body)}`);
    kiosks.set(s.id, r.body.token);
  }
  const people: Person[] = await inBatches(o.attendees, 16, async (i) => {
    const r = await api<{ badge: string; badgeNo: number }>(day0, 'POST', '/api/attendees', { firstName: pick(FIRST), lastName: pick(LAST), category: pick(CATEGORIES), institution: `School ${1 + (i % 40)}` });
    if (r.status !== 201) throw new Error(`attendee: ${r.status} ${JSON.stringify(r.body)}`);
    const visitsLeft = 3 + Math.floor(Math.random() * 4);
    return { badge: r.body.badge, badgeNo: r.body.badgeNo, at: null, state: 'away', onSite: false, visitsLeft, hallsSeen: new Set(), lastScan: new Map(), group: null, toured: false, booking: null, step: 0 };
  });
  // People go to a hall or a programme session for the programme and to a tour for a departure, not as one more station of their round.
  const round = stations.filter((s) => !['gate', 'hall', 'tour'].includes(s.mode) && !held.some((w) => w.stationId === s.id));
  return {
    o, stations, gate: stations.find((s) => s.mode === 'gate')!, round, kiosks, people, live: new Map(), halls: hallWindows(programme, ids('hall')), held,
    opens: programme?.opens ?? '09:00', dayMinutes: dayLength(programme), began: performance.now(), over: false, stats: { ...EMPTY_STATS }, departures: [], sessions: [],
  };
}

/** One scan at a station's kiosk, spaced from the badge's last scan there so that the server does not take it for a re-read. */
async function scan(day: Day, p: Person, stationId: string): Promise<ScanAnswer | null> {
  const gap = REREAD_GAP_MS / (day.o.serverClockSpeed ?? 1);
  const wait = (p.lastScan.get(stationId) ?? -Infinity) + gap - performance.now();
  if (wait > 0) await sleep(wait);
  p.lastScan.set(stationId, performance.now());
  day.stats.scans += 1;
  try {
    const r = await api<ScanAnswer>(day, 'POST', '/api/scans', { id: newScanId(), badge: p.badge }, day.kiosks.get(stationId));
    if (r.status >= 500) throw new Error(String(r.status));
    day.stats[r.body.outcome] += 1;
    if (stationId === day.gate.id && r.body.outcome !== 'rejected') p.onSite = r.body.outcome === 'entered';
    return r.body;
  } catch {
    day.stats.failed += 1;
    return null;
  }
}

/** Runs `run` after `minutes` simulated minutes unless `p` has moved on since. */
function later(day: Day, p: Person, minutes: number, run: () => unknown): void {
  const step = ++p.step;
  setTimeout(() => {
    if (p.step === step && !day.over) void run();
  }, real(day, minutes));
}

function moveOn(day: Day, p: Person): void {
  p.state = 'away';
  p.group = null;
  p.booking = null;
  next(day, p);
}

/** Whether `p` is drawn to the hall window `w` (each window draws a person once). */
function drawnTo(p: Person, w: HallWindow): boolean {
  if (p.hallsSeen.has(w)) return false;
  p.hallsSeen.add(w);
  return Math.random() < BEHAVIOUR.hallShare;
}

/** A tour point whose next departure with room leaves soon, if any. */
function tourToBook(day: Day): string | undefined {
  const now = minuteNow(day);
  const soon = day.stations.filter((s) => {
    const tour = day.live.get(s.id)?.tour;
    if (!tour?.next || tour.placesLeft <= 0) return false;
    const ahead = dayMinute(tour.next, day.opens) - now;
    return ahead >= 3 && ahead <= BEHAVIOUR.tourBookAhead;
  });
  return soon.length > 0 ? pick(soon).id : undefined;
}

/** What `p` does next: the hall while its programme runs, a tour about to leave, another station, or home. */
function next(day: Day, p: Person): void {
  const w = windowAt(day.halls, minuteNow(day) + 5);
  if (w && w.from <= minuteNow(day) && drawnTo(p, w)) return later(day, p, 1 + Math.random() * 2, () => visit(day, p, w.stationId));
  const tour = p.toured ? undefined : tourToBook(day);
  if (tour && Math.random() < BEHAVIOUR.tourShare) return later(day, p, 1 + Math.random() * 3, () => book(day, p, tour));
  if (p.visitsLeft <= 0) {
    // A few leave without scanning out at the gate: their last station keeps them until the maximum stay.
    if (Math.random() < BEHAVIOUR.vanishShare) return;
    return later(day, p, 1 + Math.random() * 3, async () => {
      await scan(day, p, day.gate.id);
      p.state = 'away';
      p.at = null;
    });
  }
  later(day, p, 1 + Math.random() * 4, () => visit(day, p, chooseStation(day, p)));
}

function chooseStation(day: Day, p: Person): string {
  const weightOf = (s: StationView) => stationWeight(s.id, day.live.get(s.id)?.queue ?? 0);
  const candidates = day.round.filter((s) => s.id !== p.at);
  let r = Math.random() * candidates.reduce((n, s) => n + weightOf(s), 0);
  for (const s of candidates) if ((r -= weightOf(s)) <= 0) return s.id;
  return candidates[0].id;
}

/** The group under way at a session station as `p` walks in (null before a session starts). */
function groupAt(day: Day, stationId: string): Person['group'] {
  const now = day.live.get(stationId);
  return now?.sessionStartedAt ? { startedAt: now.sessionStartedAt, version: now.version } : null;
}

async function visit(day: Day, p: Person, stationId: string): Promise<void> {
  const answer = await scan(day, p, stationId);
  p.at = stationId;
  const mode = modeOf(day, stationId);
  if (answer?.outcome === 'entered') {
    p.state = 'inside';
    if (mode !== 'hall') p.visitsLeft -= 1;
    if (mode === 'sessions') {
      p.group = groupAt(day, stationId);
      return awaitSession(day, p, stationId);
    }
    // In a hall, people stay until its programme ends.
    const stay = mode === 'hall' ? (windowAt(day.halls, minuteNow(day))?.to ?? minuteNow(day)) - minuteNow(day) : stayMinutes(stationId, Math.random());
    const share = mode === 'exhibition' || mode === 'hall' ? BEHAVIOUR.doorsScanOutShare : BEHAVIOUR.scanOutShare;
    later(day, p, stay, () => scanOut(day, p, stationId, share));
  } else if (answer?.outcome === 'queued') {
    p.state = 'queued';
    // Give up after a while: scanning again leaves the queue.
    later(day, p, BEHAVIOUR.giveUpMinutes, () => scanOut(day, p, stationId, 1));
  } else moveOn(day, p);
}

/** In a session room: the session's end sends everyone on (watchLive); before one starts, p waits for it, though not for ever. */
function awaitSession(day: Day, p: Person, stationId: string): void {
  later(day, p, 30, () => (p.group ? awaitSession(day, p, stationId) : scanOut(day, p, stationId, 1)));
}

/** Leaves a station (scanning out with chance `share`, else just walking on) and goes on. */
async function scanOut(day: Day, p: Person, stationId: string, share: number): Promise<void> {
  if (Math.random() < share) await scan(day, p, stationId);
  moveOn(day, p);
}

/**
 * Books `p` on a tour point's next departure with room; they come back for it (scanning in as
 * here) a few minutes before it leaves, or, some of them, never (no-shows).
 */
async function book(day: Day, p: Person, stationId: string): Promise<void> {
  const answer = await scan(day, p, stationId);
  if (answer?.outcome !== 'queued' || !answer.departure) return moveOn(day, p);
  day.stats.booked += 1;
  Object.assign(p, { at: stationId, state: 'booked', toured: true, booking: { time: answer.departure, position: answer.queuePosition ?? 0 } });
  const leaves = dayMinute(answer.departure, day.opens);
  if (Math.random() < BEHAVIOUR.noShowShare) {
    day.stats.noShows += 1;
    return later(day, p, leaves + 1 - minuteNow(day), () => moveOn(day, p));
  }
  later(day, p, leaves - between(BEHAVIOUR.tourHereBefore) - minuteNow(day), async () => {
    const here = await scan(day, p, stationId);
    if (!here?.here) return moveOn(day, p);
    p.state = 'here';
    // Left behind (the departure started without them): they go on.
    later(day, p, leaves + 3 - minuteNow(day), () => moveOn(day, p));
  });
}

/** The stations as they are now, read as the guide's kiosk shows them. */
async function fresh(day: Day, stationId: string): Promise<StationView> {
  return (await api<StationView[]>(day, 'GET', '/api/stations')).body.find((s) => s.id === stationId)!;
}

/**
 * A tour's guide: starts each departure at its time with the kiosk's *Start departure* (the same
 * API call), those here going in; the tour ends by time on the server's clock (or with the next
 * departure's start).
 */
async function guide(day: Day, stationId: string): Promise<void> {
  let starting = (await fresh(day, stationId)).tour?.starting ?? null;
  while (starting !== null && !day.over) {
    await until(day, dayMinute(starting, day.opens));
    if (day.over) return;
    // "Next departure 11:30: 12 booked, 9 here", as the guide's kiosk shows it from the live feed.
    const before = day.live.get(stationId)?.tour;
    const r = await api<StationView>(day, 'POST', `/api/stations/${stationId}/session`, { action: 'start' }, day.kiosks.get(stationId));
    if (r.status !== 200) return;
    const started = r.body;
    day.departures.push({ stationId, time: starting, startedAt: started.sessionStartedAt!, booked: before?.booked ?? 0, here: before?.here ?? 0, group: started.occupancy, capacity: started.capacity });
    // Those here go in: first those of this departure, then, into the no-shows' places, those of the next.
    const here = day.people.filter((p) => p.at === stationId && p.state === 'here' && p.booking);
    here.sort((a, b) => a.booking!.time.localeCompare(b.booking!.time) || a.booking!.position - b.booking!.position);
    for (const p of here.slice(0, started.occupancy)) {
      Object.assign(p, { state: 'inside', booking: null, group: { startedAt: started.sessionStartedAt!, version: started.version } });
      p.step += 1;
    }
    starting = started.tour?.starting ?? null;
  }
}

/** A session station's programme item: people drawn there before it, its kiosk starting the session at the start and ending it at the end. */
function holdSession(day: Day, w: HallWindow): void {
  const capacity = day.stations.find((s) => s.id === w.stationId)!.capacity;
  setTimeout(() => {
    const free = day.people.filter((p) => p.onSite && (p.state === 'away' || (p.state === 'inside' && !p.group && !['hall', 'sessions'].includes(modeOf(day, p.at!)))));
    for (let i = 0; i < Math.ceil(capacity * BEHAVIOUR.sessionDraw) && free.length > 0; i++) {
      const p = free.splice(Math.floor(Math.random() * free.length), 1)[0];
      later(day, p, Math.random() * 8, () => visit(day, p, w.stationId));
    }
  }, real(day, w.from - 10 - minuteNow(day)));
  setTimeout(async () => {
    await until(day, w.from);
    const token = day.kiosks.get(w.stationId);
    const r = await api<StationView>(day, 'POST', `/api/stations/${w.stationId}/session`, { action: 'start' }, token);
    if (r.status !== 200) return;
    const startedAt = r.body.sessionStartedAt!;
    day.sessions.push({ stationId: w.stationId, time: clockOf(day, w.from), startedAt, group: r.body.occupancy });
    for (const p of day.people) if (p.at === w.stationId && p.state === 'inside') p.group = { startedAt, version: r.body.version };
    setTimeout(async () => {
      // Ended by time already when the item is as long as a session; else its kiosk ends it.
      if ((await fresh(day, w.stationId)).sessionStartedAt === startedAt) await api(day, 'POST', `/api/stations/${w.stationId}/session`, { action: 'end' }, token);
    }, real(day, w.to - minuteNow(day)));
  }, real(day, w.from - minuteNow(day)));
}

/** The clock time (`HH:MM`) of simulated minute `minute`. */
function clockOf(day: Day, minute: number): string {
  return clockTime(minuteOf(day.opens) + Math.floor(minute));
}

/** Organisers run master-class sessions: start when half full, end after the session length. */
function runMasterClasses(day: Day): ReturnType<typeof setInterval> {
  return setInterval(async () => {
    for (const s of day.round.filter((x) => x.mode === 'sessions')) {
      const now = day.live.get(s.id);
      if (!now || now.sessionStartedAt || now.occupancy < Math.ceil(now.capacity / 2)) continue;
      const started = await api<StationView>(day, 'POST', `/api/stations/${s.id}/session`, { action: 'start' });
      if (started.status !== 200) continue;
      day.stats.sessions += 1;
      const group = { startedAt: started.body.sessionStartedAt!, version: started.body.version };
      for (const p of day.people) if (p.at === s.id && p.state === 'inside') p.group = group;
      setTimeout(() => void api(day, 'POST', `/api/stations/${s.id}/session`, { action: 'end' }), real(day, between(BEHAVIOUR.sessionLength)));
    }
  }, Math.max(500, real(day, 1)));
}

/**
 * Follows the public feed as a screen does: the called come in; a session or tour that ended (by
 * time, by its kiosk, or by the next departure) sends its group on.
 */
function watchLive(day: Day): Socket<ServerToClientEvents, ClientToServerEvents> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${day.o.base}/public`, { transports: ['websocket'] });
  const byNo = new Map(day.people.map((p) => [p.badgeNo, p]));
  const onStations = (list: StationCounts[]) => {
    for (const s of list) {
      if ((day.live.get(s.id)?.version ?? -1) > s.version) continue;
      day.live.set(s.id, s);
      for (const no of s.calling) {
        const p = byNo.get(no);
        if (!p || p.state !== 'queued' || p.at !== s.id) continue;
        p.state = 'away';
        // Called after its programme item is over, a session room has nothing left to come for.
        const held = day.held.filter((w) => w.stationId === s.id);
        if (held.length > 0 && !windowAt(held, minuteNow(day)) && !windowAt(held, minuteNow(day) + 10)) moveOn(day, p);
        else later(day, p, between(BEHAVIOUR.callDelay), () => visit(day, p, s.id));
      }
      if (s.tour === undefined && modeOf(day, s.id) !== 'sessions') continue;
      for (const p of day.people) {
        if (p.at === s.id && p.state === 'inside' && p.group && p.group.version <= s.version && p.group.startedAt !== s.sessionStartedAt) moveOn(day, p);
      }
    }
  };
  socket.on('stations:snapshot', (snap: LiveSnapshot) => onStations(snap.stations));
  socket.on('stations:update', (u: StationsUpdate) => onStations(u.stations));
  return socket;
}

/** Plays a whole day against the server at `o.base`; resolves when the day is over. */
export async function playDay(o: DayOptions): Promise<DayPlayed> {
  const day = await prepare(o);
  o.log?.(`${o.attendees} attendees registered and ${day.stations.length} kiosks paired at ${o.base}`);
  const socket = watchLive(day);
  await new Promise<void>((resolve) => socket.once('stations:snapshot', () => resolve()));
  // The server's clock starts the day first, so that it never reads earlier than the day's clock here.
  o.onDoorsOpen?.(day.opens);
  day.began = performance.now();
  const masterClasses = runMasterClasses(day);
  // When a hall's programme starts, most of those on site go (except from a session or a tour under way, or a tour booked).
  for (const w of day.halls) {
    setTimeout(() => {
      for (const p of day.people) {
        const busy = p.state === 'booked' || p.state === 'here' || (p.state === 'inside' && p.group !== null);
        if (p.onSite && !busy && drawnTo(p, w)) later(day, p, Math.random() * 3, () => visit(day, p, w.stationId));
      }
    }, real(day, w.from));
  }
  for (const w of day.held) holdSession(day, w);
  const guides = day.stations.filter((s) => s.mode === 'tour').map((s) => guide(day, s.id));
  // Arrivals: most in the first two hours, a trickle after.
  for (const p of day.people) {
    setTimeout(async () => {
      const a = await scan(day, p, day.gate.id);
      if (a?.outcome === 'entered') next(day, p);
    }, real(day, arrivalMinute(Math.random(), Math.random(), day.dayMinutes)));
  }
  const report = setInterval(() => o.log?.(progress(day)), 5_000);
  await sleep(real(day, day.dayMinutes));
  day.over = true;
  clearInterval(masterClasses);
  clearInterval(report);
  await Promise.all(guides);
  socket.disconnect();
  return { stats: day.stats, departures: day.departures, sessions: day.sessions };
}

/** A line of progress: the clock, who is on site, queues, scans, the halls and the tours. */
function progress(day: Day): string {
  const minute = minuteNow(day);
  const s = day.stats;
  const halls = [...new Set(day.halls.map((w) => w.stationId))].map((id) => `${id} ${day.live.get(id)?.occupancy ?? 0}`);
  const tours = day.stations.filter((x) => x.mode === 'tour').map((x) => `${x.id} ${day.live.get(x.id)?.occupancy ?? 0}`);
  const queued = [...day.live.values()].reduce((n, x) => n + x.queue, 0);
  return [
    `${clockOf(day, minute)}  on site ${day.live.get(day.gate.id)?.occupancy ?? 0}  queued ${queued}`,
    `scans ${s.scans} (in ${s.entered}, out ${s.exited}, queued ${s.queued}, refused ${s.rejected}, failed ${s.failed})`,
    `sessions ${s.sessions + day.sessions.length}  booked ${s.booked} (no-shows ${s.noShows}), departures ${day.departures.length}`,
    [...halls, ...tours].join(', '),
  ].join('  ');
}
