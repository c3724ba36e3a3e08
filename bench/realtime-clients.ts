/**
 * A worker thread of `bench/realtime.ts`: holds its share of the screen sockets, notes when each
 * update arrives, and at the end of a phase turns the scans' answer times into latency
 * histograms. The sockets are spread over several threads so that one client event loop busy
 * parsing updates does not add its own queueing to what is measured.
 *
 * Each screen is a bare WebSocket speaking Socket.IO's wire protocol (engine.io 4: open, ping →
 * pong, `42/public,[event, data]`), not `socket.io-client`: 2,000 of those on the bench's own
 * cores cost more CPU than the server that feeds them, and their queueing, not the server's, would
 * be the tail measured. The screens at a venue are other devices.
 *
 * Times are epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable across
 * threads and with the server's `at` (its `Date.now()` when it sent the update).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { StationsUpdate } from '../shared/realtime.ts';

/** What the main thread sends: start a phase, or measure it against the scans' answers. */
export type ToClients =
  | { type: 'reset' }
  | { type: 'measure'; answered: Array<[number, number][]> }
  | { type: 'close' };

/** What a client thread reports. */
export type FromClients =
  | { type: 'ready'; connected: number }
  | { type: 'result'; total: Uint32Array; wait: Uint32Array; delivery: Uint32Array; pairs: number; missing: number; updates: number; elu: number }
  | { type: 'closed' };

const { url, count, stationIds, first, histMs: HIST_MS } = (workerData as { data: { url: string; count: number; stationIds: string[]; first: boolean; histMs: number } }).data;
const port = parentPort!;
const post = (m: FromClients, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const epoch = () => performance.timeOrigin + performance.now();
const index = new Map(stationIds.map((id, i) => [id, i]));

// Per socket, per station: (occupancy, arrival, server's send time) of every update, flat.
const seen: number[][][] = [];
const sockets: WebSocket[] = [];
/** An event on /public, as Socket.IO frames it. */
const EVENT = '42/public,';

/** A screen on /public: connects the namespace once engine.io is open, answers pings, hands over events. */
function screen(onEvent: (name: string, data: unknown) => void): WebSocket {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  ws.on('message', (raw: Buffer) => {
    const text = raw.toString();
    if (text === '2') ws.send('3');
    else if (text.startsWith('0')) ws.send('40/public,');
    else if (text.startsWith(EVENT)) {
      const [name, data] = JSON.parse(text.slice(EVENT.length)) as [string, unknown];
      onEvent(name, data);
    }
  });
  return ws;
}
let connected = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (let i = 0; i < count; i++) {
  const mine: number[][] = stationIds.map(() => []);
  seen.push(mine);
  const s = screen((name, data) => {
    if (name === 'stations:update') {
      const now = epoch();
      const u = data as StationsUpdate;
      for (const st of u.stations) mine[index.get(st.id)!].push(st.occupancy, now, u.at);
    } else if (name === 'stations:snapshot') {
      connected += 1;
      if (connected === count || connected % 100 === 0) post({ type: 'ready', connected });
    }
  });
  sockets.push(s);
  if (i % 50 === 49) await sleep(50);
}

let eluStart = performance.eventLoopUtilization();

port.on('message', (m: ToClients) => {
  if (m.type === 'reset') {
    for (const perSocket of seen) for (const u of perSocket) u.length = 0;
    eluStart = performance.eventLoopUtilization();
  } else if (m.type === 'measure') {
    const elu = performance.eventLoopUtilization(eluStart).utilization;
    const total = new Uint32Array(HIST_MS + 1);
    const wait = new Uint32Array(HIST_MS + 1);
    const delivery = new Uint32Array(HIST_MS + 1);
    const bucket = (ms: number) => Math.min(HIST_MS, Math.max(0, Math.round(ms)));
    let pairs = 0;
    let missing = 0;
    for (let k = 0; k < stationIds.length; k++) {
      const scans = m.answered[k];
      for (const perSocket of seen) {
        const u = perSocket[k];
        let j = 0;
        for (const [occ, at] of scans) {
          while (j < u.length && u[j] < occ) j += 3;
          if (j >= u.length) {
            missing += 1;
            continue;
          }
          total[bucket(u[j + 1] - at)] += 1;
          wait[bucket(u[j + 2] - at)] += 1;
          delivery[bucket(u[j + 1] - u[j + 2])] += 1;
          pairs += 1;
        }
      }
    }
    // Updates one socket got (the first socket of the first thread).
    const updates = first && seen.length > 0 ? seen[0].reduce((n, u) => n + u.length / 3, 0) : 0;
    post({ type: 'result', total, wait, delivery, pairs, missing, updates, elu }, [total.buffer, wait.buffer, delivery.buffer]);
  } else {
    for (const s of sockets) s.close();
    post({ type: 'closed' });
  }
});
