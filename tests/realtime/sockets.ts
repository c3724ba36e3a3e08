import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveSnapshot, ServerToClientEvents, StationsUpdate, Totals } from '../../shared/realtime.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Every event a socket got, in order, with the time it arrived. */
export interface Received {
  event: string;
  payload: unknown;
  at: number;
}

/** A real socket.io-client connection that records every event it receives; `cookie` is sent as a browser would its session cookie. */
export function connect(base: string, nsp: string, auth: Record<string, string> = {}, cookie?: string): { socket: LiveSocket; received: Received[] } {
  const socket: LiveSocket = io(`${base}${nsp}`, { transports: ['websocket'], auth, reconnection: false, forceNew: true, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  const received: Received[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload, at: Date.now() }));
  return { socket, received };
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every totals a socket got, in order: alone, or riding with a stations update. */
export function totalsSeen(received: Received[]): Totals[] {
  const out: Totals[] = [];
  for (const r of received) {
    if (r.event === 'totals:update') out.push(r.payload as Totals);
    else if (r.event === 'stations:update' && (r.payload as StationsUpdate).totals) out.push((r.payload as StationsUpdate).totals!);
  }
  return out;
}

/** The occupancy of a station as a board last saw it. */
export function seen(received: Received[], id: string): number | undefined {
  let at: { version: number; occupancy: number } | undefined;
  for (const r of received) {
    const list = r.event === 'stations:snapshot' ? (r.payload as LiveSnapshot).stations : r.event === 'stations:update' ? (r.payload as StationsUpdate).stations : [];
    const s = list.find((x) => x.id === id);
    if (s && (!at || s.version >= at.version)) at = s;
  }
  return at?.occupancy;
}
