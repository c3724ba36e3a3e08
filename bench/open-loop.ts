/**
 * An open-loop HTTP load generator: requests leave on a fixed schedule whatever the server does,
 * and each one's latency is measured from when it was planned to leave (no coordinated
 * omission: a request that waits for a free connection counts that wait).
 *
 * It speaks HTTP/1.1 over plain keep-alive sockets, one request at a time per socket, as a kiosk
 * does. Node's `http` client cost about 145 µs of CPU per request at 1,000 requests/s here, more
 * than the server's answer to the bare route, on the same two cores as the server; this one
 * writes each request as one string and reads only the status line and `content-length`, and
 * costs about 85 µs.
 *
 * Several targets take turns in windows (a window of the first, then of the second, ...), so a
 * change in the machine's speed during the run falls on all of them alike.
 */
import net from 'node:net';

/** One request: its JSON body and, if any, the Authorization header. */
export type MakeRequest = () => { body: string; authorization?: string };

export interface Target {
  path: string;
  make: MakeRequest;
}

/** What one target got: every latency (ms, from the planned send time) and the status codes. */
export interface OpenLoopResult {
  times: number[];
  status: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Seconds this target was sent to (its windows summed). */
  seconds: number;
}

export interface OpenLoopOptions {
  port: number;
  /** Requests per second while a target's window is open. */
  rate: number;
  /** Seconds of load for each target. */
  seconds: number;
  /** Seconds per window (default 1, at most `seconds`). */
  window?: number;
  /** Most sockets open at once (default 50). */
  connections?: number;
  /** Milliseconds before a request counts as timed out (default 10,000). */
  timeout?: number;
}

interface Conn {
  socket: net.Socket;
  /** The request on its way: its target and planned time; null when idle. */
  busy: { target: number; planned: number; timer: NodeJS.Timeout } | null;
  buf: string;
}

interface Due {
  target: number;
  planned: number;
}

function requestText(path: string, r: { body: string; authorization?: string }): string {
  const auth = r.authorization ? `Authorization: ${r.authorization}\r\n` : '';
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n${auth}\r\n${r.body}`;
}

/** The length of the first complete response in `buf` and its status, or null while it is incomplete. */
function completeResponse(buf: string): { length: number; status: string } | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.slice(0, end).toLowerCase();
  const m = /\r\ncontent-length: *(\d+)/.exec(head);
  if (!m) throw new Error(`open loop: a response without content-length: ${head.slice(0, 200)}`);
  const length = end + 4 + Number(m[1]);
  return buf.length >= length ? { length, status: buf.slice(9, 12) } : null;
}

export async function openLoop(targets: Target[], opts: OpenLoopOptions): Promise<OpenLoopResult[]> {
  const windowMs = Math.min(opts.window ?? 1, opts.seconds) * 1000;
  const maxConnections = opts.connections ?? 50;
  const timeoutMs = opts.timeout ?? 10_000;
  const gap = 1000 / opts.rate;
  const perWindow = Math.round(windowMs / gap);
  const windows = Math.ceil((opts.seconds * 1000) / windowMs) * targets.length;
  const total = perWindow * windows;
  const results: OpenLoopResult[] = targets.map(() => ({ times: [], status: {}, errors: 0, timeouts: 0, seconds: (windows / targets.length) * (windowMs / 1000) }));
  const idle: Conn[] = [];
  const waiting: Due[] = [];
  let open = 0;
  let sent = 0;
  let finished = 0;
  let start = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));

  const finish = () => {
    if (++finished === total) resolveAll();
  };
  const send = (c: Conn, due: Due) => {
    const timer = setTimeout(() => {
      results[due.target].timeouts++;
      c.busy = null;
      finish();
      c.socket.destroy();
    }, timeoutMs);
    c.busy = { ...due, timer };
    c.socket.write(requestText(targets[due.target].path, targets[due.target].make()));
  };
  const release = (c: Conn) => {
    const next = waiting.shift();
    if (next) send(c, next);
    else idle.push(c);
  };
  const connect = (first: Due) => {
    open++;
    const c: Conn = { socket: net.connect({ host: '127.0.0.1', port: opts.port, noDelay: true }), busy: null, buf: '' };
    c.socket.setEncoding('latin1');
    c.socket.on('data', (chunk: string) => {
      c.buf += chunk;
      for (let r = completeResponse(c.buf); r && c.busy; r = completeResponse(c.buf)) {
        const { target, planned, timer } = c.busy;
        clearTimeout(timer);
        c.busy = null;
        c.buf = c.buf.slice(r.length);
        const res = results[target];
        res.times.push(performance.now() - planned);
        res.status[r.status] = (res.status[r.status] ?? 0) + 1;
        finish();
        release(c);
      }
    });
    c.socket.on('close', () => {
      open--;
      const i = idle.indexOf(c);
      if (i >= 0) idle.splice(i, 1);
      if (c.busy) {
        clearTimeout(c.busy.timer);
        results[c.busy.target].errors++;
        c.busy = null;
        finish();
      }
      // Whoever waits gets a new socket.
      if (waiting.length > 0 && finished < total) connect(waiting.shift()!);
    });
    c.socket.on('error', () => undefined);
    send(c, first);
  };
  const dispatch = (due: Due) => {
    const c = idle.pop();
    if (c) send(c, due);
    else if (open < maxConnections) connect(due);
    else waiting.push(due);
  };
  const tick = () => {
    const upTo = Math.min(total, Math.floor((performance.now() - start) / gap) + 1);
    while (sent < upTo) {
      const n = sent++;
      dispatch({ target: Math.floor(n / perWindow) % targets.length, planned: start + n * gap });
    }
    if (sent < total) setTimeout(tick, 1);
  };
  start = performance.now();
  tick();
  await all;
  for (const c of idle) c.socket.destroy();
  return results;
}
