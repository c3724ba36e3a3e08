import type { AttendeeRecords } from '../db/durable-store.ts';
import { totalsOf, type Totals } from '../../shared/totals.ts';
import { stationCount } from '../flow/rules.ts';
import type { ReadonlyStation } from '../flow/state.ts';
import type { LiveStore } from '../live/live-store.ts';

/**
 * The counts the totals take from outside the stations: attendees registered (the durable store) and people
 * on site (the live store). Both are read when asked to, not on every send: counting who is on
 * site reads every attendee.
 */
export class TotalsSource {
  private constructor(
    private readonly attendees: AttendeeRecords,
    private readonly live: LiveStore,
    private registered: number,
    private onSite: number,
  ) {}

  /** Reads both counts now. */
  static async read(attendees: AttendeeRecords, live: LiveStore): Promise<TotalsSource> {
    return new TotalsSource(attendees, live, await attendees.count(), await live.onSite());
  }

  /** The totals of these stations with the counts last read. */
  totalsOf(states: readonly ReadonlyStation[]): Totals {
    return totalsOf(states.map(stationCount), this.registered, this.onSite);
  }

  /** The totals before any station is counted. */
  get empty(): Totals {
    return { registered: this.registered, onSite: this.onSite, visits: 0, queued: 0 };
  }

  /** Counts the attendees registered again; whether the number changed. */
  async refreshRegistered(): Promise<boolean> {
    const n = await this.attendees.count();
    if (n === this.registered) return false;
    this.registered = n;
    return true;
  }

  /** Counts who is on site again; whether the number changed. */
  async refreshOnSite(): Promise<boolean> {
    const n = await this.live.onSite();
    if (n === this.onSite) return false;
    this.onSite = n;
    return true;
  }
}
