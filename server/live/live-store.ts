import type { ScanAnswer } from '../../shared/scan.ts';
import type { AttendeeState, ReadonlyAttendee, ReadonlyStation, ScanInput, StationCommand } from '../flow/state.ts';

export interface ScanOutcome {
  answer: ScanAnswer;
  replayed: boolean;
}

/** A command's answer: the station after it, or why the rules refused it. `replayed`: its id was applied before (the station is as it is now). */
export type CommandOutcome =
  | { station: ReadonlyStation; error?: undefined; replayed?: boolean }
  | { station: null; error: 'not_session_station' | 'queue_empty' | 'no_departure' | 'station_not_found'; replayed?: undefined };

/**
 * The live store cannot be reached (Redis away, not answering in time, or refusing a commit):
 * nothing was changed, and the caller answers `503 live_store_unavailable` (a kiosk keeps the
 * scan in its outbox and sends it again). The one way the server tells that Redis is down.
 */
export class LiveStoreUnavailable extends Error {
  readonly code = 'live_store_unavailable';

  constructor(cause?: unknown) {
    super('The live store (Redis) cannot be reached; try again shortly', { cause });
    this.name = 'LiveStoreUnavailable';
  }
}

/** What a scan adds to the log beside the flow input. */
export interface ScanRecord {
  clientAt: number | null;
}

/**
 * Live occupancy and queues. Two implementations: in-process (memory-store) and Redis
 * (redis-store); both apply the rules of `flow/rules.ts` and pass one contract suite.
 * A method resolves only once its change is durable. Stations and attendees are handed out as
 * read-only views of the live state, not copies (the board reads every station several times a
 * second): the types keep a caller from changing them.
 */
export interface LiveStore {
  readonly kind: 'memory' | 'redis';
  /** Applies a scan once per scan id; the same id again gets the first answer back. */
  scan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome>;
  /**
   * Applies a command once per command id. The same id again is answered `replayed` with the
   * station as it is now, before the rules are asked: a resent call must not call a second person,
   * nor be told the queue it emptied is empty. A refused command changed nothing, so its id is not kept.
   */
  command(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome>;
  /** Creates or updates an attendee (new badge serial, revocation with `serial: null`). */
  putAttendee(a: Pick<AttendeeState, 'no' | 'firstName' | 'serial'>): Promise<void>;
  attendee(no: number): Promise<ReadonlyAttendee | null>;
  station(id: string): Promise<ReadonlyStation | null>;
  stations(): Promise<ReadonlyStation[]>;
  /** How many attendees are on site now (`isOnSite` of shared/totals.ts). */
  onSite(): Promise<number>;
  /** Brings every station up to `now`: maximum stays, unanswered calls, session ends. */
  settle(now: number): Promise<void>;
  /** Called with the ids of stations that changed, whichever process changed them here. */
  onChange(listener: (stationIds: string[]) => void): void;
  /** Called with the seconds of each commit: in-process, a change's wait for its group commit to the log; Redis, a group commit's round trip. */
  onCommit(listener: (seconds: number) => void): void;
  close(): Promise<void>;
}
