/**
 * `npm run simulate -- [server URL] [admin token] [attendees] [speed]`: a realistic day against a
 * running server, to watch the board move and to load it. Registers the attendees, pairs a kiosk
 * per station, then: arrivals at the entrance (most in the first two hours), visits to stations
 * with popular employers and master classes drawing queues, organisers starting and ending
 * master-class sessions, called attendees coming in, the programme's ceremonies filling the
 * assembly hall at their times, and everyone leaving through the entrance.
 * `speed` is simulated minutes per real minute (60: a five-hour day in five minutes).
 */
import { newScanId } from '../shared/scan-id.ts';
import { io } from 'socket.io-client';
import type { ClientToServerEvents, LiveSnapshot, ServerToClientEvents, StationsUpdate } from '../shared/realtime.ts';
import type { Socket } from 'socket.io-client';
import type { StationCounts, StationView } from '../shared/station.ts';
import type { ScanAnswer } from '../shared/scan.ts';
import type { ProgrammeView } from '../shared/event.ts';
import { arrivalMinute, BEHAVIOUR, dayLength, hallWindows, stationWeight, stayMinutes, windowAt, type HallWindow } from './day-model.ts';

const [base = 'http://localhost:3000', token = process.env.ADMIN_TOKEN ?? '', countArg = '400', speedArg = '60'] = process.argv.slice(2);
const ATTENDEES = Number(countArg);
const SPEED = Number(speedArg);
/** The server ignores the same badge at the same kiosk within 5 s (camera re-read). */
const REREAD_GAP_MS = 5_500;
if (!token || !Number.isFinite(ATTENDEES) || !Number.isFinite(SPEED) || SPEED <= 0) {
  console.error('usage: npm run simulate -- <server URL> <admin token> [attendees=400] [speed=60]');
  process.exit(2);
}

const FIRST = ['Aigerim', 'Dana', 'Nurlan', 'Yerlan', 'Aruzhan', 'Madina', 'Timur', 'Alikhan', 'Zhansaya', 'Daniyar', 'Sofia', 'Artyom', 'Ilya', 'Anna', 'Dmitry', 'Kamila'];
const LAST = ['Serikbayev', 'Akhmetova', 'Ivanov', 'Nurpeisova', 'Tokhtarov', 'Petrova', 'Zhakupov', 'Kim', 'Omarova', 'Smirnov'];
const CATEGORIES = ['school', 'school', 'school', 'college', 'university', 'other'] as const;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Real milliseconds for simulated minutes. */
const real = (simMinutes: number) => (simMinutes * 60_000) / SPEED;

async function api<T>(method: string, path: string, body?: unknown, auth = token): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status === 429) {
    // A rate limit of the server (README "Security"): wait as told and send it again.
    await sleep(1000 * Number(r.headers.get('retry-after') ?? 1));
    return api(method, path, body, auth);
  }
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

interface Person {
  badge: string;
  badgeNo: number;
  at: string | null;
  state: 'away' | 'inside' | 'queued';
  onSite: boolean;
  visitsLeft: number;
  hallsSeen: Set<HallWindow>;
  lastScan: Map<string, number>;
}

const stats = { scans: 0, entered: 0, exited: 0, queued: 0, rejected: 0, failed: 0, sessions: 0 };
const live = new Map<string, StationCounts>();

async function main(): Promise<void> {
  const stations = (await api<StationView[]>('GET', '/api/stations')).body;
  const gate = stations.find((s) => s.mode === 'gate')!;
  // People go to a hall for its programme, not as one more station of their round.
  const others = stations.filter((s) => s.mode !== 'gate' && s.mode !== 'hall');
  const fetched = (await api<ProgrammeView>('GET', '/api/programme')).body;
  const programme = fetched.items.length > 0 ? fetched : undefined;
  const windows = hallWindows(programme, stations.filter((s) => s.mode === 'hall').map((s) => s.id));
  const dayMinutes = dayLength(programme);
  console.log(`registering ${ATTENDEES} attendees and ${stations.length} kiosks at ${base}`);
  const kiosks = new Map<string, string>();
  for (const s of stations) {
    const r = await api<{ token: string }>('POST', '/api/kiosks', { station: s.id, label: `sim ${s.id}` });
    if (r.status !== 201) throw new Error(`kiosk for ${s.id}: ${r.status} ${JSON.stringify(r.body)}`);
    kiosks.set(s.id, r.body.token);
  }
  const people: Person[] = await inBatches(ATTENDEES, 16, async (i) => {
    const r = await api<{ badge: string; badgeNo: number }>('POST', '/api/attendees', {
      firstName: pick(FIRST),
      lastName: pick(LAST),
      category: pick(CATEGORIES),
      institution: `School ${1 + (i % 40)}`,
    });
    if (r.status !== 201) throw new Error(`attendee: ${r.status} ${JSON.stringify(r.body)}`);
    return { badge: r.body.badge, badgeNo: r.body.badgeNo, at: null, state: 'away', onSite: false, visitsLeft: 3 + Math.floor(Math.random() * 4), hallsSeen: new Set(), lastScan: new Map() };
  });

  // Watch the public feed: who is being called, and session stations' occupancy.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${base}/public`, { transports: ['websocket'] });
  const byNo = new Map(people.map((p) => [p.badgeNo, p]));
  const onStations = (list: StationCounts[]) => {
    for (const s of list) {
      if ((live.get(s.id)?.version ?? -1) > s.version) continue;
      live.set(s.id, s);
      for (const no of s.calling) {
        const p = byNo.get(no);
        if (p && p.state === 'queued' && p.at === s.id) {
          p.state = 'away';
          setTimeout(() => void visit(p, s.id), real(0.5 + Math.random() * 2));
        }
      }
    }
  };
  socket.on('stations:snapshot', (snap: LiveSnapshot) => onStations(snap.stations));
  socket.on('stations:update', (u: StationsUpdate) => onStations(u.stations));

  const scan = async (p: Person, stationId: string): Promise<ScanAnswer | null> => {
    const wait = (p.lastScan.get(stationId) ?? 0) + REREAD_GAP_MS - Date.now();
    if (wait > 0) await sleep(wait);
    p.lastScan.set(stationId, Date.now());
    stats.scans += 1;
    try {
      const r = await api<ScanAnswer>('POST', '/api/scans', { id: newScanId(), badge: p.badge }, kiosks.get(stationId));
      if (r.status >= 500) throw new Error(String(r.status));
      stats[r.body.outcome] += 1;
      if (stationId === gate.id && r.body.outcome !== 'rejected') p.onSite = r.body.outcome === 'entered';
      return r.body;
    } catch {
      stats.failed += 1;
      return null;
    }
  };
  const weightOf = (s: StationView) => stationWeight(s.id, live.get(s.id)?.queue ?? 0);
  const chooseStation = (p: Person): string => {
    const candidates = others.filter((s) => s.id !== p.at);
    let r = Math.random() * candidates.reduce((n, s) => n + weightOf(s), 0);
    for (const s of candidates) if ((r -= weightOf(s)) <= 0) return s.id;
    return candidates[0].id;
  };

  // Simulated minutes since the doors opened.
  const began = Date.now();
  const minuteNow = () => ((Date.now() - began) * SPEED) / 60_000;
  /** Whether `p` is drawn to the hall window `w` (each window draws a person once). */
  const drawnTo = (p: Person, w: HallWindow): boolean => {
    if (p.hallsSeen.has(w)) return false;
    p.hallsSeen.add(w);
    return Math.random() < BEHAVIOUR.hallShare;
  };

  const next = (p: Person) => {
    const w = windowAt(windows, minuteNow());
    if (w && drawnTo(p, w)) {
      setTimeout(() => void visit(p, w.stationId), real(1 + Math.random() * 2));
      return;
    }
    if (p.visitsLeft <= 0) {
      // A few leave without scanning out at the gate: their last station keeps them until the maximum stay.
      if (Math.random() < BEHAVIOUR.vanishShare) return;
      setTimeout(() => void leave(p), real(1 + Math.random() * 3));
      return;
    }
    setTimeout(() => void visit(p, chooseStation(p)), real(1 + Math.random() * 4));
  };
  const leave = async (p: Person) => {
    await scan(p, gate.id);
    p.state = 'away';
    p.at = null;
  };
  const visit = async (p: Person, stationId: string) => {
    const answer = await scan(p, stationId);
    p.at = stationId;
    if (answer?.outcome === 'entered') {
      p.state = 'inside';
      const def = stations.find((s) => s.id === stationId)!;
      if (def.mode !== 'hall') p.visitsLeft -= 1;
      // Session stations: the organiser ends the session and sends everyone on (see below).
      if (def.mode === 'sessions') return;
      // In a hall, people stay until its programme ends.
      const stay = def.mode === 'hall' ? (windowAt(windows, minuteNow())?.to ?? minuteNow()) - minuteNow() : stayMinutes(def.id, Math.random());
      setTimeout(async () => {
        if (p.state !== 'inside' || p.at !== stationId) return;
        if (Math.random() < BEHAVIOUR.scanOutShare) await scan(p, stationId);
        p.state = 'away';
        next(p);
      }, real(stay));
    } else if (answer?.outcome === 'queued') {
      p.state = 'queued';
      // Give up after a while: scanning again leaves the queue.
      setTimeout(async () => {
        if (p.state !== 'queued' || p.at !== stationId) return;
        await scan(p, stationId);
        p.state = 'away';
        next(p);
      }, real(BEHAVIOUR.giveUpMinutes));
    } else {
      p.state = 'away';
      next(p);
    }
  };

  // Organisers run master-class sessions: start when half full, end after the session length.
  const sessionTimer = setInterval(async () => {
    for (const s of others.filter((x) => x.mode === 'sessions')) {
      const now = live.get(s.id);
      if (!now || now.sessionStartedAt || now.occupancy < Math.ceil(now.capacity / 2)) continue;
      const started = await api<StationView>('POST', `/api/stations/${s.id}/session`, { action: 'start' });
      if (started.status !== 200) continue;
      stats.sessions += 1;
      setTimeout(async () => {
        await api('POST', `/api/stations/${s.id}/session`, { action: 'end' });
        for (const p of people) {
          if (p.state === 'inside' && p.at === s.id) {
            p.state = 'away';
            next(p);
          }
        }
      }, real(15 + Math.random() * 5));
    }
  }, Math.max(500, real(1)));

  // When a hall's programme starts, most of those on site go (except from a session under way).
  for (const w of windows) {
    setTimeout(() => {
      for (const p of people) {
        const inSession = p.state === 'inside' && others.find((s) => s.id === p.at)?.mode === 'sessions';
        if (p.onSite && !inSession && drawnTo(p, w)) {
          p.state = 'away';
          setTimeout(() => void visit(p, w.stationId), real(Math.random() * 3));
        }
      }
    }, real(w.from));
  }

  // Arrivals: most in the first two hours, a trickle after.
  for (const p of people) {
    const minute = arrivalMinute(Math.random(), Math.random(), dayMinutes);
    setTimeout(async () => {
      const a = await scan(p, gate.id);
      if (a?.outcome === 'entered') next(p);
    }, real(minute));
  }
  const report = setInterval(() => {
    const simMinute = Math.round(((Date.now() - began) * SPEED) / 60_000);
    const gateNow = live.get(gate.id);
    const halls = windows.map((w) => `${w.stationId} ${live.get(w.stationId)?.occupancy ?? 0}`).filter((v, i, all) => all.indexOf(v) === i);
    const queued = [...live.values()].reduce((n, s) => n + s.queue, 0);
    console.log(`t+${String(simMinute).padStart(3)} min  on site ${gateNow?.occupancy ?? 0}  queued ${queued}  scans ${stats.scans} (in ${stats.entered}, out ${stats.exited}, queued ${stats.queued}, refused ${stats.rejected}, failed ${stats.failed})  sessions ${stats.sessions}${halls.length > 0 ? `  ${halls.join(', ')}` : ''}`);
  }, 5_000);

  await sleep(real(dayMinutes));
  clearInterval(sessionTimer);
  clearInterval(report);
  socket.disconnect();
  console.log(`day over: ${JSON.stringify(stats)}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
