/** Options of a coalescing broadcaster. */
export interface BroadcasterOptions {
  /** Least time between two sends of one station; 250 ms = at most 4 updates per second per station per client. */
  intervalMs: number;
  /** Sends what the given stations look like now. */
  send: (stationIds: string[]) => Promise<void>;
  onError: (err: unknown) => void;
}

/** A changed station waiting to go out. */
interface Waiting {
  /** Its interval since the last send ends here: it may not go before. */
  earliest: number;
  /** One interval after its first unsent change: it goes by then. */
  latest: number;
  /** When it is planned to go, between the two. */
  at: number;
  /** Planned on the common beat (see `beat`). */
  onBeat: boolean;
}

/**
 * Coalesces station changes, each station on its own clock: however many scans arrive at a
 * station, it goes out at most once per interval, read at send time, so its last state always
 * arrives, and no change waits longer than one interval. A change to a station not sent within
 * the interval goes out at once (leading edge), whatever the other stations do.
 *
 * Every send reaches every screen, so its cost is per send, not per station: busy stations are
 * gathered onto a common beat, one send per interval for all of them. A station held back by
 * its interval goes on the first beat inside its window (earliest to latest); when no beat falls
 * there it goes at the end of its window, which moves it later each time until a beat falls in
 * its window. In a rush every busy station is on the beat within a few intervals, so the screens
 * get one update per interval instead of one per station per interval.
 */
export class Broadcaster {
  private readonly waiting = new Map<string, Waiting>();
  /** When each station last went out. */
  private readonly sentAt = new Map<string, number>();
  /** Waiting stations whose send does not count against their interval (a periodic refresh, not a change). */
  private readonly free = new Set<string>();
  /** Stations of a send that failed: they go with the next send, whenever it is. */
  private readonly failed = new Set<string>();
  /** The last send on the beat; the beat recurs one interval after each such send. */
  private beat = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private sending = false;
  private closed = false;

  constructor(private readonly opts: BroadcasterOptions) {}

  /**
   * Notes that these stations changed. A refresh (`{ refresh: true }`: nothing changed, the
   * screens are only brought up to date) goes like a change but leaves the station's interval
   * alone, so a real change just after it is not held back by it.
   */
  mark(stationIds: Iterable<string>, { refresh = false } = {}): void {
    if (this.closed) return;
    const now = Date.now();
    for (const id of stationIds) {
      if (!refresh) this.free.delete(id);
      if (this.waiting.has(id)) continue;
      if (refresh) this.free.add(id);
      const earliest = Math.max(now, (this.sentAt.get(id) ?? -Infinity) + this.opts.intervalMs);
      this.waiting.set(id, this.plan(earliest, now + this.opts.intervalMs, now));
    }
    this.schedule();
  }

  /** When a station whose window is `earliest`..`latest` goes. */
  private plan(earliest: number, latest: number, now: number): Waiting {
    if (earliest <= now) return { earliest, latest, at: earliest, onBeat: false };
    const interval = this.opts.intervalMs;
    if (!this.beating(now)) return { earliest, latest, at: earliest, onBeat: false };
    const next = this.beat + Math.max(1, Math.ceil((earliest - this.beat) / interval)) * interval;
    if (next <= latest) return { earliest, latest, at: next, onBeat: true };
    return { earliest, latest, at: latest, onBeat: false };
  }

  /** The beat lives while stations ride it: a send on it within the last interval, or a station planned on it. */
  private beating(now: number): boolean {
    if (now <= this.beat + this.opts.intervalMs) return true;
    for (const w of this.waiting.values()) if (w.onBeat) return true;
    return false;
  }

  private schedule(): void {
    if (this.sending || this.closed || this.waiting.size === 0) return;
    let next = Infinity;
    for (const w of this.waiting.values()) next = Math.min(next, w.at);
    if (this.timer && this.timerAt <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    // Even with no wait, a timer lets the changes of one event-loop turn travel together.
    this.timer = setTimeout(() => void this.flush(), Math.max(0, next - Date.now()));
  }

  private async flush(): Promise<void> {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.closed) return;
    const now = Date.now();
    const ids: string[] = [];
    let onBeat = false;
    let heldBack = false;
    for (const [id, w] of this.waiting) {
      if (w.at > now && !this.failed.has(id)) continue;
      ids.push(id);
      onBeat ||= w.onBeat;
      heldBack ||= w.latest - w.earliest < this.opts.intervalMs;
      if (!this.free.delete(id)) this.sentAt.set(id, now);
    }
    for (const id of ids) this.waiting.delete(id);
    this.failed.clear();
    if (ids.length === 0) return this.schedule();
    // A send on the beat moves it here; with no beat, the first send of a held-back station starts one.
    if (onBeat || (heldBack && now > this.beat + this.opts.intervalMs)) {
      this.beat = now;
      for (const [id, w] of this.waiting) this.waiting.set(id, this.plan(w.earliest, w.latest, now));
    }
    this.sending = true;
    try {
      await this.opts.send(ids);
    } catch (err) {
      // Sent again with the next changes (after an interval at the latest): a screen must not keep a state that changed while Redis was away.
      const at = Date.now();
      for (const id of ids) {
        this.failed.add(id);
        if (!this.waiting.has(id)) this.waiting.set(id, this.plan(at + this.opts.intervalMs, at + this.opts.intervalMs, at));
      }
      this.opts.onError(err);
    } finally {
      this.sending = false;
      this.schedule();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
