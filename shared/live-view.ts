// What a live page knows of the event, kept from the Socket.IO events of `realtime.ts`. Pure and
// without I/O so that the board, the screen and the tests share it.
import type { LiveSnapshot, StationsUpdate, Totals, TrendSample } from './realtime.ts';
import type { StationView } from './station.ts';

const HOUR = 60 * 60_000;

/** Stations, totals and trend as a page sees them. */
export class LiveView {
  readonly stations = new Map<string, StationView>();
  /** Station ids in the order the event lists them. */
  order: string[] = [];
  totals: Totals = { registered: 0, onSite: 0, visits: 0, queued: 0 };
  trend: TrendSample[] = [];
  /** Server time of the last event applied. */
  at = 0;

  /** Replaces everything: a snapshot is the whole truth. */
  applySnapshot(s: LiveSnapshot): void {
    this.stations.clear();
    for (const st of s.stations) this.stations.set(st.id, st);
    this.order = s.stations.map((st) => st.id);
    this.totals = s.totals;
    this.trend = s.trend.slice();
    this.at = s.at;
  }

  /**
   * Applies changed stations' counts and the totals they carry; an update older than what the
   * page holds (lower `version`, from a slower server process) is dropped, and so is a station
   * the page has no snapshot of (its name comes with the next snapshot). Returns the ids that changed.
   */
  applyUpdate(u: StationsUpdate): string[] {
    const changed: string[] = [];
    for (const st of u.stations) {
      const known = this.stations.get(st.id);
      if (!known || known.version > st.version) continue;
      const next: StationView = { ...known, ...st };
      if (!st.stale) delete next.stale;
      this.stations.set(st.id, next);
      changed.push(st.id);
    }
    if (u.totals) this.totals = u.totals;
    this.at = Math.max(this.at, u.at);
    return changed;
  }

  applyTotals(t: Totals): void {
    this.totals = t;
  }

  applyTrend(sample: TrendSample): void {
    if (this.trend.length > 0 && this.trend[this.trend.length - 1].at >= sample.at) return;
    this.trend.push(sample);
    while (this.trend.length > 0 && this.trend[0].at < sample.at - HOUR) this.trend.shift();
  }

  /** Stations in event order. */
  list(): StationView[] {
    return this.order.map((id) => this.stations.get(id)!).filter(Boolean);
  }

  /** One station's occupancy over the last hour, oldest first, ending with now. */
  series(id: string): number[] {
    const out = this.trend.map((t) => t.occupancy[id] ?? 0);
    const now = this.stations.get(id);
    if (now) out.push(now.occupancy);
    return out;
  }
}

/** Share of capacity taken (0..∞); the board colours at 0.8 and 1. */
export function fill(s: StationView): number {
  return s.capacity > 0 ? s.occupancy / s.capacity : 0;
}

/**
 * Where "go now" points: not the gates, nor halls and exhibition zones (free nearly all day; the
 * programme strip says when they hold something), nor the programme's stations (the challenge,
 * the career session: they are on at their programme times, which the strip shows).
 */
const NOT_SUGGESTED = new Set(['gate', 'hall', 'exhibition', 'tour']);

/** Stations an attendee can walk into right now: open, free places, nobody waiting. Freest first. */
export function goNow(stations: StationView[], limit = 4): StationView[] {
  return stations
    .filter((s) => !NOT_SUGGESTED.has(s.mode) && s.group !== 'programme' && s.status === 'open' && s.queue === 0 && s.calling.length === 0 && s.occupancy < s.capacity)
    .sort((a, b) => fill(a) - fill(b) || b.capacity - b.occupancy - (a.capacity - a.occupancy))
    .slice(0, limit);
}
