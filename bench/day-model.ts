// How people behave during a simulated day, and that day run through the station-flow rules on a
// simulated clock. `npm run simulate` plays the same behaviour against a running server in real
// time; `simulateDay` plays it in milliseconds, without a server, and knows every true wait.
import type { EventDef, Programme, StationDef } from '../shared/event.ts';
import { minuteOf } from '../shared/programme-rules.ts';
import { advance, command, occupancy, scan, stationView } from '../server/flow/rules.ts';
import { newStation, type AttendeeState, type EventRules, type FlowEffect } from '../server/flow/state.ts';

const MINUTE = 60_000;

/** The behaviour both simulators follow (simulated minutes). */
export const BEHAVIOUR = {
  dayMinutes: 300,
  /** How strongly a station draws people: the big employers and IT queue up. */
  popular: { kazzinc: 5, 'mc-it': 4, umz: 3, 'college-1': 2, 'mc-power': 2, tmk: 2 } as Record<string, number>,
  /** Usual stay at a popular station and at another one; each stay is 0.5–1.5 times it. */
  stayPopular: 10,
  stayOther: 6,
  /** Share of people who scan out when they leave a station (the rest just walk on). */
  scanOutShare: 0.3,
  /** Share of people who leave the venue without scanning anywhere after their last station. */
  vanishShare: 0.05,
  /** A queued person gives up (scans again to leave the queue) after this long. */
  giveUpMinutes: 30,
  /** A called person arrives 0.5–2.5 minutes after the call. */
  callDelay: [0.5, 2.5] as const,
  /** Organisers run a session for 15–20 minutes, starting one once the room is half full. */
  sessionLength: [15, 20] as const,
  /** Share of the people on site who go to a hall when its programme starts (or arrive while it runs). */
  hallShare: 0.7,
  /** Share of people leaving a hall or an exhibition who scan out at its doors (places counted in and out). */
  doorsScanOutShare: 0.8,
  /** Chance, at each move, that someone who has not been on a tour books one whose next departure is near. */
  tourShare: 0.15,
  /** How far ahead of a departure people book it (at most), in minutes. */
  tourBookAhead: 40,
  /** Share of those booked who never come back for their departure (no-shows). */
  noShowShare: 0.2,
  /** Those who come back scan in as here 1–8 minutes before their departure. */
  tourHereBefore: [1, 8] as const,
  /** A programme held at a session station draws this many times its capacity, in the 10 minutes before it starts. */
  sessionDraw: 1.2,
};

/** A stretch of the day a hall (or a session station) holds its programme, in simulated minutes from the doors opening. */
export interface HallWindow {
  stationId: string;
  from: number;
  to: number;
}

/** When each of `halls` (halls, or session stations) holds something: back-to-back items at one place (a ceremony, then performances) make one window. */
export function hallWindows(programme: Pick<Programme, 'opens' | 'items'> | undefined, halls: readonly string[]): HallWindow[] {
  if (!programme) return [];
  const opens = minuteOf(programme.opens);
  const items = programme.items.filter((i) => halls.includes(i.place)).sort((a, b) => minuteOf(a.start) - minuteOf(b.start));
  const windows: HallWindow[] = [];
  for (const item of items) {
    const from = minuteOf(item.start) - opens;
    const to = minuteOf(item.end) - opens;
    const last = windows.filter((w) => w.stationId === item.place).at(-1);
    if (last && last.to >= from) last.to = Math.max(last.to, to);
    else windows.push({ stationId: item.place, from, to });
  }
  return windows;
}

/** The hall window running at simulated minute `minute`, if any. */
export function windowAt(windows: readonly HallWindow[], minute: number): HallWindow | undefined {
  return windows.find((w) => w.from <= minute && minute < w.to);
}

/** The simulated minute of clock time `time` (`HH:MM`) on a day that opens at `opens`. */
export function dayMinute(time: string, opens: string): number {
  return minuteOf(time) - minuteOf(opens);
}

/** The simulated day's length: the programme's day when the event has one, else the usual five hours. */
export function dayLength(programme: Pick<Programme, 'opens' | 'closes'> | undefined): number {
  return programme ? minuteOf(programme.closes) - minuteOf(programme.opens) : BEHAVIOUR.dayMinutes;
}

/** Badge numbers start here (the registration desk's first number). */
const FIRST_BADGE = 1001;

/** How a station's pull weakens with its queue (people avoid long lines). */
export function stationWeight(id: string, queue: number): number {
  return (BEHAVIOUR.popular[id] ?? 1) / (1 + queue / 8);
}

/** Minutes someone stays at a station, given a random number in [0, 1). */
export function stayMinutes(id: string, r: number): number {
  return (id in BEHAVIOUR.popular ? BEHAVIOUR.stayPopular : BEHAVIOUR.stayOther) * (0.5 + r);
}

/** Minute of arrival at the gate: most in the first two hours, a trickle after (until an hour before the end). */
export function arrivalMinute(r1: number, r2: number, dayMinutes = BEHAVIOUR.dayMinutes): number {
  return r1 < 0.8 ? r2 * 120 : 120 + r2 * (dayMinutes - 180);
}

/** A small seeded random generator (mulberry32), so a simulated day can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One person joining a queue: the wait the station showed then, and the wait they had. */
export interface WaitSample {
  stationId: string;
  /** Minutes the station showed a newcomer just before they joined. */
  shown: number;
  /** Minutes from joining to being called; null when they gave up first. */
  waited: number | null;
  /** Minutes they waited before giving up (when `waited` is null). */
  gaveUpAfter: number | null;
}

export interface DayResult {
  samples: WaitSample[];
  scans: number;
  /** Most people inside each station at once, and the simulated minute it was first reached. */
  peaks: Map<string, { inside: number; minute: number }>;
  /** Entries into each station. */
  visits: Map<string, number>;
}

interface Person {
  no: number;
  state: 'away' | 'inside' | 'queued';
  at: string | null;
  onSite: boolean;
  visitsLeft: number;
  /** The hall windows this person has already been drawn to (each draws once). */
  hallsSeen: Set<HallWindow>;
  /** Bumped on every move, so timers set for an earlier move do nothing. */
  step: number;
}

/** A day of `attendees` people at `event`, run through the pure rules; deterministic for a seed. */
export function simulateDay(event: EventDef, attendees: number, seed = 1): DayResult {
  const random = seededRandom(seed);
  const rules: EventRules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
  const stations = new Map(event.stations.map((d) => [d.id, newStation(d)]));
  const defs = new Map(event.stations.map((d) => [d.id, d]));
  const gate = event.stations.find((d) => d.mode === 'gate')!;
  // People go to a hall for its programme, not as one more station of their round; tours are
  // booked for a departure at a set time, not dropped in on: this day leaves them out.
  const others = event.stations.filter((d) => d.mode !== 'gate' && d.mode !== 'hall' && d.mode !== 'tour');
  const windows = hallWindows(event.programme, event.stations.filter((d) => d.mode === 'hall').map((d) => d.id));
  const dayMinutes = dayLength(event.programme);
  const peaks: DayResult['peaks'] = new Map();
  const visits: DayResult['visits'] = new Map();
  const states = new Map<number, AttendeeState>();
  const people: Person[] = [];
  const samples: WaitSample[] = [];
  const joined = new Map<string, { at: number; sample: WaitSample }>();
  const sessionEnds = new Map<string, number>();
  const timeline = new Timeline();
  const start = Date.UTC(2026, 11, 5, 9, 0);
  let scans = 0;
  const later = (minutes: number, run: (now: number) => void) => timeline.add(timeline.now + minutes * MINUTE, run);
  const between = ([lo, hi]: readonly [number, number]) => lo + random() * (hi - lo);
  const minuteNow = () => (timeline.now - start) / MINUTE;

  const onEffects = (effects: FlowEffect[]) => {
    for (const e of effects) {
      if (e.type !== 'called') continue;
      const key = `${e.no}@${e.stationId}`;
      const j = joined.get(key);
      if (j) {
        j.sample.waited = (e.at - j.at) / MINUTE;
        joined.delete(key);
      }
      const p = people[e.no - FIRST_BADGE];
      if (p.state === 'queued' && p.at === e.stationId) {
        p.state = 'away';
        const step = ++p.step;
        later(between(BEHAVIOUR.callDelay), () => p.step === step && visit(p, e.stationId));
      }
    }
  };

  const doScan = (p: Person, stationId: string, now: number) => {
    scans += 1;
    const a = states.get(p.no)!;
    const previous = a.stationId && a.stationId !== stationId ? stations.get(a.stationId)! : null;
    const r = scan({ station: stations.get(stationId)!, attendee: a, previous }, { id: `s${scans}`, kioskId: `k-${stationId}`, stationId, at: now, badge: { no: p.no, serial: 's' } }, rules);
    stations.set(stationId, r.station);
    if (r.previous) stations.set(r.previous.def.id, r.previous);
    if (r.attendee) states.set(p.no, r.attendee);
    onEffects(r.effects);
    if (stationId === gate.id) p.onSite = r.answer.outcome === 'entered' || (p.onSite && r.answer.outcome !== 'exited');
    if (r.answer.outcome === 'entered') {
      visits.set(stationId, (visits.get(stationId) ?? 0) + 1);
      const inside = occupancy(r.station);
      if (inside > (peaks.get(stationId)?.inside ?? 0)) peaks.set(stationId, { inside, minute: minuteNow() });
    }
    return r.answer;
  };

  /** Whether `p` is drawn to the hall window `w` (each window draws a person once). */
  const drawnTo = (p: Person, w: HallWindow): boolean => {
    if (p.hallsSeen.has(w)) return false;
    p.hallsSeen.add(w);
    return random() < BEHAVIOUR.hallShare;
  };

  const next = (p: Person) => {
    const step = ++p.step;
    const w = windowAt(windows, minuteNow());
    if (w && drawnTo(p, w)) {
      later(1 + random() * 2, () => p.step === step && visit(p, w.stationId));
      return;
    }
    if (p.visitsLeft <= 0) {
      if (random() < BEHAVIOUR.vanishShare) return;
      later(1 + random() * 2, (now) => p.step === step && void doScan(p, gate.id, now));
      return;
    }
    later(1 + random() * 4, () => p.step === step && visit(p, choose(p)));
  };

  const choose = (p: Person): string => {
    const candidates = others.filter((d) => d.id !== p.at);
    const weight = (d: StationDef) => stationWeight(d.id, stations.get(d.id)!.queue.length);
    let r = random() * candidates.reduce((n, d) => n + weight(d), 0);
    for (const d of candidates) if ((r -= weight(d)) <= 0) return d.id;
    return candidates[0].id;
  };

  const visit = (p: Person, stationId: string) => {
    const now = timeline.now;
    const before = advance(stations.get(stationId)!, now, rules);
    stations.set(stationId, before.station);
    onEffects(before.effects);
    const shown = stationView(before.station, now).waitMinutes;
    const answer = doScan(p, stationId, now);
    p.at = stationId;
    const step = ++p.step;
    if (answer.outcome === 'entered') {
      p.state = 'inside';
      const mode = defs.get(stationId)!.mode;
      if (mode !== 'hall') p.visitsLeft -= 1;
      if (mode === 'sessions') return;
      // In a hall, people stay until its programme ends.
      const hallStay = mode === 'hall' ? (windowAt(windows, minuteNow())?.to ?? minuteNow()) - minuteNow() : null;
      later(hallStay ?? stayMinutes(stationId, random()), (t) => {
        if (p.step !== step) return;
        if (random() < BEHAVIOUR.scanOutShare) doScan(p, stationId, t);
        p.state = 'away';
        next(p);
      });
    } else if (answer.outcome === 'queued') {
      p.state = 'queued';
      const sample: WaitSample = { stationId, shown, waited: null, gaveUpAfter: null };
      samples.push(sample);
      joined.set(`${p.no}@${stationId}`, { at: now, sample });
      later(BEHAVIOUR.giveUpMinutes, (t) => {
        if (p.step !== step || p.state !== 'queued') return;
        joined.delete(`${p.no}@${stationId}`);
        sample.gaveUpAfter = BEHAVIOUR.giveUpMinutes;
        doScan(p, stationId, t);
        p.state = 'away';
        next(p);
      });
    } else {
      p.state = 'away';
      next(p);
    }
  };

  // Every simulated minute: deadlines fall due, organisers start and end sessions.
  const tick = (now: number) => {
    for (const [id, s] of stations) {
      const r = advance(s, now, rules);
      stations.set(id, r.station);
      onEffects(r.effects);
      if (s.def.mode !== 'sessions') continue;
      const st = r.station;
      const ends = sessionEnds.get(id);
      if (ends !== undefined && now >= ends) {
        sessionEnds.delete(id);
        const ended = command(st, { action: 'session_end' }, now, rules);
        stations.set(id, ended.station);
        for (const p of people) if (p.state === 'inside' && p.at === id) { p.state = 'away'; next(p); }
        onEffects(ended.effects);
      } else if (ends === undefined && st.occupants.size >= Math.ceil(st.capacity / 2)) {
        stations.set(id, command(st, { action: 'session_start' }, now, rules).station);
        sessionEnds.set(id, now + between(BEHAVIOUR.sessionLength) * MINUTE);
      }
    }
    if (now < start + dayMinutes * MINUTE) timeline.add(now + MINUTE, tick);
  };

  for (let i = 0; i < attendees; i++) {
    const p: Person = { no: FIRST_BADGE + i, state: 'away', at: null, onSite: false, visitsLeft: 3 + Math.floor(random() * 4), hallsSeen: new Set(), step: 0 };
    people.push(p);
    states.set(p.no, { no: p.no, firstName: 'P', serial: 's', stationId: null, onSiteSince: null, version: 0 });
    timeline.add(start + arrivalMinute(random(), random(), dayMinutes) * MINUTE, (now) => {
      if (doScan(p, gate.id, now).outcome === 'entered') next(p);
    });
  }
  // When a hall's programme starts, most of those on site go (except from a session under way).
  for (const w of windows) {
    timeline.add(start + w.from * MINUTE, () => {
      for (const p of people) {
        if (!p.onSite || (p.state === 'inside' && defs.get(p.at!)!.mode === 'sessions') || !drawnTo(p, w)) continue;
        const step = ++p.step;
        later(random() * 3, () => p.step === step && visit(p, w.stationId));
      }
    });
  }
  timeline.add(start, tick);
  timeline.run(start + dayMinutes * MINUTE);
  return { samples, scans, peaks, visits };
}

/** Things to do at simulated times, run in time order (first added first at equal times). */
class Timeline {
  now = 0;
  private items: Array<{ at: number; seq: number; run: (now: number) => void }> = [];
  private seq = 0;

  add(at: number, run: (now: number) => void): void {
    const item = { at, seq: this.seq++, run };
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  run(until: number): void {
    while (this.items.length > 0 && this.items[0].at <= until) {
      const item = this.items.shift()!;
      this.now = item.at;
      item.run(item.at);
    }
  }
}
