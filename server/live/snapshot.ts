import type { EventDef } from '../../shared/event.ts';
import type { DurableLog, LogContents } from '../db/durable-store.ts';
import { rebuild, type RebuiltState } from './rebuild.ts';
import { decodeSnapshot, SNAPSHOT_FORMAT, type Snapshot } from './snapshot-body.ts';

type Warn = (details: Record<string, unknown>, message: string) => void;

/** Why the log after a snapshot cannot be replayed on top of it; null when it can. */
function misfit(s: Snapshot, tail: LogContents): string | null {
  const { place } = s;
  if (tail.misplaced) return 'rows were written into the log before the snapshot’s place since it was taken';
  // A whole replay applies an action before every scan at or after its time.
  if (place.scans > 0 && tail.actions.some((a) => a.at <= place.scan.at)) return 'an action after it is timed before its last scan';
  if (place.actions > 0 && tail.scans.some((r) => r.at < place.action.at)) return 'a scan after it is timed before its last action';
  return null;
}

/**
 * Snapshots of the live state in the durable store, one per event: the state replaying the log
 * up to a place in it gives, so that a start replays only the log after it (and Redis, emptied,
 * is seeded from the same). A snapshot is exactly a replay's state: one taken under another
 * event file, of another format, unreadable, or that the log after it does not fit (rows written
 * into its past) is set aside with a warning and the whole log replayed.
 *
 * A snapshot is taken from the log, not from the live state: the log is what the live state is
 * rebuilt from, and in Redis mode the live state runs ahead of it (the archiver drains it in).
 * Taking one replays the log written since the last onto it, a few milliseconds per thousand scans.
 */
export class LiveSnapshots {
  /** The body of the last snapshot taken or read (decoded afresh each time: a replay changes the stations it starts from). */
  private last: string | null = null;
  private taking: Promise<void> | null = null;

  constructor(
    private readonly log: DurableLog,
    private readonly event: EventDef,
    private readonly warn: Warn,
  ) {}

  /**
   * The live state now: the stored snapshot and the log after it (or the whole log), replayed; the
   * snapshot is renewed when the log has grown. With `ids`, the scans' answers may be left out
   * (the in-process store keeps only the ids; Redis is seeded with the answers).
   */
  async restore(now: number, answers: 'answers' | 'ids'): Promise<RebuiltState> {
    const from = await this.stored();
    if (from) {
      const tail = await this.log.readAfter(from.place, answers);
      const why = misfit(from, tail);
      if (!why) return this.keep(rebuild(tail, this.event, now, from), from);
      this.warn({ reason: why }, 'the snapshot of the live state does not fit the log: the whole log is replayed');
    }
    return this.keep(rebuild(await this.log.read(), this.event, now), null);
  }

  /** Takes a snapshot: the last one and the log written since, replayed (the whole log when there is none). */
  take(now: number): Promise<void> {
    this.taking ??= this.takeNow(now).finally(() => (this.taking = null));
    return this.taking;
  }

  private async takeNow(now: number): Promise<void> {
    const last = this.last === null ? null : decodeSnapshot(this.event, { format: SNAPSHOT_FORMAT, body: this.last });
    const from = last && typeof last !== 'string' ? last : await this.stored();
    if (from) {
      const tail = await this.log.readAfter(from.place, 'none');
      if (tail.scans.length === 0 && tail.actions.length === 0 && !misfit(from, tail)) return;
      if (!misfit(from, tail)) {
        await this.keep(rebuild(tail, this.event, now, from), from);
        return;
      }
    }
    await this.keep(rebuild(await this.log.read(), this.event, now), null);
  }

  /** The stored snapshot, or null (with a warning when one is stored but cannot be used). */
  private async stored(): Promise<Snapshot | null> {
    let stored: { format: number; body: string } | null;
    try {
      stored = await this.log.readSnapshot();
    } catch (err) {
      this.warn({ err }, 'the snapshot of the live state cannot be read: the whole log is replayed');
      return null;
    }
    if (!stored) return null;
    const s = decodeSnapshot(this.event, stored);
    if (typeof s === 'string') {
      this.warn({ reason: s }, 'the snapshot of the live state is set aside: the whole log is replayed');
      return null;
    }
    this.last = stored.body;
    return s;
  }

  /** Writes the replay's snapshot when it covers more than `from` did, and remembers it. */
  private async keep(state: RebuiltState, from: Snapshot | null): Promise<RebuiltState> {
    const p = state.place;
    if (!from || p.scans !== from.place.scans || p.actions !== from.place.actions) {
      await this.log.writeSnapshot(SNAPSHOT_FORMAT, state.snapshot, Date.now());
      this.last = state.snapshot;
    }
    return state;
  }
}
