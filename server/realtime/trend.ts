import type Database from 'better-sqlite3';
import type { TrendSample } from '../../shared/realtime.ts';

export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Occupancy per station once a minute over the last hour. */
export class Trend {
  private samples: TrendSample[] = [];

  constructor(initial: TrendSample[] = []) {
    this.samples = initial.slice();
  }

  add(sample: TrendSample): void {
    this.samples.push(sample);
    while (this.samples.length > 0 && this.samples[0].at <= sample.at - HOUR) this.samples.shift();
  }

  list(): TrendSample[] {
    return this.samples.slice();
  }
}

/**
 * The last hour's minute samples rebuilt from the durable visit log, so a restarted server (or a
 * second process) draws the same trend without having watched it.
 */
export function trendFromLog(sqlite: Database.Database, stationIds: string[], now: number): TrendSample[] {
  const last = Math.floor(now / MINUTE) * MINUTE;
  const first = last - HOUR + MINUTE;
  const rows = sqlite
    .prepare('SELECT station_id AS stationId, in_at AS inAt, out_at AS outAt FROM visits WHERE in_at <= ? AND (out_at IS NULL OR out_at > ?)')
    .all(last, first) as Array<{ stationId: string; inAt: number; outAt: number | null }>;
  if (rows.length === 0) return [];
  const samples: TrendSample[] = [];
  for (let at = first; at <= last; at += MINUTE) {
    const occupancy: Record<string, number> = Object.fromEntries(stationIds.map((id) => [id, 0]));
    for (const r of rows) {
      if (r.inAt <= at && (r.outAt === null || r.outAt > at) && r.stationId in occupancy) occupancy[r.stationId] += 1;
    }
    samples.push({ at, occupancy });
  }
  return samples;
}
