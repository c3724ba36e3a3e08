import type Database from 'better-sqlite3';
import { totalsOf, type Totals } from '../../shared/totals.ts';
import { stationCount } from '../flow/rules.ts';
import type { StationState } from '../flow/state.ts';
import type { LiveStore } from '../live/live-store.ts';

/**
 * The counts the totals take from outside the stations: attendees registered (SQLite) and people
 * on site (the live store). Both are read when asked to, not on every send: counting who is on
 * site reads every attendee.
 */
export class TotalsSource {
  private constructor(
    private readonly countRegistered: Database.Statement,
    private readonly live: LiveStore,
    private registered: number,
    private onSite: number,
  ) {}

  /** Reads both counts now. */
  static async read(sqlite: Database.Database, live: LiveStore): Promise<TotalsSource> {
    const countRegistered = sqlite.prepare('SELECT count(*) AS n FROM attendees');
    const registered = (countRegistered.get() as { n: number }).n;
    return new TotalsSource(countRegistered, live, registered, await live.onSite());
  }

  /** The totals of these stations with the counts last read. */
  totalsOf(states: readonly StationState[]): Totals {
    return totalsOf(states.map(stationCount), this.registered, this.onSite);
  }

  /** The totals before any station is counted. */
  get empty(): Totals {
    return { registered: this.registered, onSite: this.onSite, visits: 0, queued: 0 };
  }

  /** Counts the attendees registered again; whether the number changed. */
  refreshRegistered(): boolean {
    const n = (this.countRegistered.get() as { n: number }).n;
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
