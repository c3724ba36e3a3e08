/** Options of a coalescing broadcaster. */
export interface BroadcasterOptions {
  /** Least time between two sends; 250 ms = at most 4 updates per second per client. */
  intervalMs: number;
  /** Sends what the given stations look like now; called at most once per interval. */
  send: (stationIds: string[]) => Promise<void>;
  onError: (err: unknown) => void;
}

/**
 * Coalesces station changes: however many scans arrive, a send goes out at most once per
 * interval and carries every station changed since the last one, read at send time, so the last
 * state always arrives. A change after a quiet spell goes out at once (leading edge).
 */
export class Broadcaster {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private lastSendAt = -Infinity;
  private closed = false;

  constructor(private readonly opts: BroadcasterOptions) {}

  /** Notes that these stations changed. */
  mark(stationIds: Iterable<string>): void {
    if (this.closed) return;
    for (const id of stationIds) this.dirty.add(id);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.sending || this.dirty.size === 0) return;
    const wait = Math.max(0, this.lastSendAt + this.opts.intervalMs - Date.now());
    // Even with no wait, a timer lets the changes of one event-loop turn travel together.
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    this.sending = true;
    this.lastSendAt = Date.now();
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      await this.opts.send(ids);
    } catch (err) {
      // Sent again with the next changes (at the next interval at the latest): a screen must not keep a state that changed while Redis was away.
      for (const id of ids) this.dirty.add(id);
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
