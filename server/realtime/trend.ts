import type { DurableLog } from '../db/durable-store.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { TrendSample } from '../../shared/realtime.ts';
import { stationView } from '../flow/rules.ts';
import type { LiveStore } from '../live/live-store.ts';

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
export async function trendFromLog(log: DurableLog, stationIds: string[], now: number): Promise<TrendSample[]> {
  const last = Math.floor(now / MINUTE) * MINUTE;
  const first = last - HOUR + MINUTE;
  const rows = await log.visitsDuring(first, last);
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

/**
 * Samples every station's occupancy just after each minute starts, adds it to `trend` and hands it
 * to `send`; returns what stops it.
 */
export function sampleEveryMinute(live: LiveStore, trend: Trend, send: (sample: TrendSample) => void, log: FastifyBaseLogger): () => void {
  let sampler: NodeJS.Timeout | null = null;
  const sample = async () => {
    const at = Math.floor(Date.now() / MINUTE) * MINUTE;
    const states = await live.stations();
    const s = { at, occupancy: Object.fromEntries(states.map((st) => [st.def.id, stationView(st, at).occupancy])) };
    trend.add(s);
    send(s);
  };
  const nextMinute = () => {
    sampler = setTimeout(() => {
      sample().catch((err: unknown) => log.error({ err }, 'sampling the trend failed'));
      nextMinute();
    }, MINUTE - (Date.now() % MINUTE) + 50);
    sampler.unref();
  };
  nextMinute();
  return () => {
    if (sampler) clearTimeout(sampler);
  };
}
