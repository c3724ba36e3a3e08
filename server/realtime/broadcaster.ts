/** Options of a coalescing broadcaster. */
export interface BroadcasterOptions {
  /** Least time between two sends of one station; 250 ms = at most 4 updates per second per station per client. */
  intervalMs: number;
  /** Sends what the given stations look like now. */
  send: (stationIds: string[]) => Promise<void>;
  onError: (err: unknown) => void;
}

/**
 * Coalesces station changes, each station on its own clock: however many scans arrive at a
 * station, it goes out at most once per interval, read at send time, so its last state always
 * arrives. A change to a station not sent within the interval goes out at once (leading edge),
 * whatever the other stations do; stations due at the same moment travel in one send.
 */
export class Broadcaster {
  /** Changed stations waiting, and when each may go. */
  private readonly due = new Map<string, number>();
  /** When each station last went out. */
  private readonly sentAt = new Map<string, number>();
  /** Stations of a send that failed: they go with the next send, whenever it is. */
  private readonly failed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private sending = false;
  private closed = false;

  constructor(private readonly opts: BroadcasterOptions) {}

  /** Notes that these stations changed. */
  mark(stationIds: Iterable<string>): void {
    if (this.closed) return;
    const now = Date.now();
    for (const id of stationIds) {
      if (this.due.has(id)) continue;
      this.due.set(id, Math.max(now, (this.sentAt.get(id) ?? -Infinity) + this.opts.intervalMs));
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.sending || this.closed || this.due.size === 0) return;
    let next = Infinity;
    for (const at of this.due.values()) next = Math.min(next, at);
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
    for (const [id, at] of this.due) {
      if (at > now && !this.failed.has(id)) continue;
      ids.push(id);
      this.sentAt.set(id, now);
    }
    for (const id of ids) this.due.delete(id);
    this.failed.clear();
    if (ids.length === 0) return this.schedule();
    this.sending = true;
    try {
      await this.opts.send(ids);
    } catch (err) {
      // Sent again with the next changes (after an interval at the latest): a screen must not keep a state that changed while Redis was away.
      for (const id of ids) {
        this.failed.add(id);
        if (!this.due.has(id)) this.due.set(id, Date.now() + this.opts.intervalMs);
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
