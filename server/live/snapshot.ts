import type { EventDef } from '../../shared/event.ts';
import type { AnswersRead, DurableLog, LogContents } from '../db/durable-store.ts';
import { LOG_START, rebuild, replayOnto, type RebuiltState } from './rebuild.ts';
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
 * Taking a snapshot reads the log this many scans at a time (with the actions among them), and
 * replays at most `TURN_SCANS` in one turn: the thread that takes them holds one page of the log
 * at a time whatever the rush (a minute of a saturated server is ~450,000 scans, ~250 MB read at
 * once), and takes at most ~1 s of CPU per turn; the rest waits for the next.
 */
export const PAGE_SCANS = 20_000;
export const TURN_SCANS = 200_000;

/**
 * Snapshots of the live state in the durable store, one per event: the state replaying the log
 * up to a place in it gives, so that a start replays only the log after it (and Redis, emptied,
 * is seeded from the same). A snapshot is exactly a replay's state: one taken under another
 * event file, of another format, unreadable, or that the log after it does not fit (rows written
 * into its past) is set aside with a warning and the whole log replayed.
 *
 * A snapshot is taken from the log, not from the live state: the log is what the live state is
 * rebuilt from, and in Redis mode the live state runs ahead of it (the archiver drains it in).
 * Taking one replays the log written since the last onto it, a few milliseconds per thousand
 * scans, a page at a time (`PAGE_SCANS`), and keeps the state it reached for the next turn here
 * (the snapshot thread takes one and ends: the next reads the stored one).
 */
export class LiveSnapshots {
  /** The last snapshot taken here, as it was written (the next turn replays onto it, so it is let go of meanwhile). */
  private last: Snapshot | null = null;
  private taking: Promise<void> | null = null;

  constructor(
    private readonly log: DurableLog,
    private readonly event: EventDef,
    private readonly warn: Warn,
  ) {}

  /**
   * The live state now: the stored snapshot and the log after it (or the whole log), replayed; the
   * snapshot is renewed when the log has grown. With `ids`, the scans' answers may be left out
   * (the in-process store keeps only the ids); with `{ latest }`, only the latest may come (Redis
   * is seeded with those: `RedisStore.seed`).
   */
  async restore(now: number, answers: Exclude<AnswersRead, 'none'>): Promise<RebuiltState> {
    const from = await this.stored();
    if (from) {
      const tail = await this.log.readAfter(from.place, answers);
      const why = misfit(from, tail);
      if (!why) return this.keep(rebuild(tail, this.event, now, from), from);
      this.warn({ reason: why }, 'the snapshot of the live state does not fit the log: the whole log is replayed');
    }
    return this.keep(rebuild(await this.log.read(), this.event, now), null);
  }

  /**
   * Takes a snapshot: the last one and the log written since (the whole log when there is none, or
   * it does not fit the log), replayed a page at a time, at most `most` scans (the rest next time).
   */
  take(most = TURN_SCANS): Promise<void> {
    this.taking ??= this.takeNow(most).finally(() => (this.taking = null));
    return this.taking;
  }

  private async takeNow(most: number): Promise<void> {
    let from = this.last ?? (await this.stored());
    // A page replays in place onto the lists of the snapshot before it: one that fails leaves none behind.
    this.last = null;
    let replayed = 0;
    let renewed = false;
    for (let first = true; ; first = false) {
      const page = await this.log.readAfter(from?.place ?? LOG_START, 'none', Math.min(PAGE_SCANS, most - replayed));
      // Rows written into the past of a page read since are found by the next turn, and by a start.
      if (first && from && misfit(from, page)) {
        from = null;
        continue;
      }
      if (page.scans.length === 0 && page.actions.length === 0) break;
      from = replayOnto(page, this.event, from ?? undefined);
      renewed = true;
      replayed += page.scans.length;
      if (page.scans.length < PAGE_SCANS || replayed >= most) break;
    }
    if (from && renewed) await this.log.writeSnapshot(SNAPSHOT_FORMAT, JSON.stringify(from), Date.now());
    this.last = from;
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
    return s;
  }

  /** Writes the replay's snapshot when it covers more than `from` did, and remembers it. */
  private async keep(state: RebuiltState, from: Snapshot | null): Promise<RebuiltState> {
    const p = state.place;
    if (!from || p.scans !== from.place.scans || p.actions !== from.place.actions) await this.log.writeSnapshot(SNAPSHOT_FORMAT, state.snapshot, Date.now());
    return state;
  }
}
