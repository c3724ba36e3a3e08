import type { EventDef } from '../../shared/event.ts';
import type { DurableLog } from '../db/durable-store.ts';
import { advance, command, scanInPlace, type ScanInPlace } from '../flow/rules.ts';
import type { AttendeeState, EventRules, ReadonlyAttendee, ReadonlyStation, ScanInput, StationCommand, StationState } from '../flow/state.ts';
import type { CommandOutcome, LiveStore, ScanOutcome, ScanRecord } from './live-store.ts';
import type { RebuiltState } from './rebuild.ts';
import { actionEntry, scanEntry, type LogEntry } from './log-entry.ts';
import { ScanIds } from './scan-ids.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { isOnSite } from '../../shared/totals.ts';

/**
 * Live state in this process. Each change is applied synchronously (so concurrent scans are
 * serialised by the event loop) and answered once the journal has committed it. Stations handed
 * out (`station`, `stations`) are the live ones: read them at once, do not keep them.
 *
 * A scan changes its stations in place (`scanInPlace`: nothing is copied, so a scan costs the
 * same at 20 or 20,000 people inside) and replaces the attendee object; a command or the periodic
 * settling replaces the stations they change with copies and keeps the ones replaced until the
 * commit. When a commit fails, the journal undoes its group's changes, the last first: a scan
 * takes its edits back, a command or a settling puts its objects back, so the live state is
 * again what the log holds. Putting back beats applying after the commit: the scans of one
 * group are decided one after another on what the ones before them did, so deciding them apart
 * from the live state would need a second copy of every station a group touches. A station put
 * back gets a version newer than the one it replaces, and listeners hear of it: a screen that
 * read the failed change in the moment between it and its commit is set right.
 *
 * Of the scans answered, only their ids are kept here; the answer of a scan id seen before is
 * read from the journal. Keeping every answer grew the heap by ~350 B per scan (150 MB after
 * 400,000 scans); an id costs 20–40 B (`ScanIds`). Asking the journal about every scan instead cost a sixth
 * of the answering thread (a read transaction per scan).
 */
export class MemoryStore implements LiveStore {
  readonly kind = 'memory';
  private readonly stationMap: Map<string, StationState>;
  private readonly attendeeMap: Map<number, AttendeeState>;
  /** Ids of the scans answered (their answers are in the journal). */
  private readonly answered: ScanIds;
  /** Answers of scans not yet durable, by scan id. */
  private readonly pending = new Map<string, Promise<ScanAnswer>>();
  /** Ids of the commands applied: the log's, read at start, and those since (an organiser's actions: a few hundred a day). */
  private readonly acted: Set<string>;
  /** Commits of commands not yet durable, by command id. */
  private readonly acting = new Map<string, Promise<void>>();
  private readonly listeners: Array<(ids: string[]) => void> = [];
  private readonly commitListeners: Array<(seconds: number) => void> = [];
  private readonly rules: EventRules;

  constructor(event: EventDef, snapshot: RebuiltState, private readonly journal: DurableLog) {
    this.rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
    this.stationMap = new Map(snapshot.stations.map((s) => [s.def.id, s]));
    this.attendeeMap = new Map(snapshot.attendees.map((a) => [a.no, a]));
    this.answered = new ScanIds();
    for (const [id] of snapshot.answers) this.answered.add(id);
    this.acted = new Set(snapshot.actionIds);
  }

  async scan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    const waiting = this.pending.get(input.id);
    if (waiting) return { answer: await waiting, replayed: true };
    const earlier = this.answered.has(input.id) ? await this.journal.answerOf(input.id) : null;
    if (earlier) return { answer: earlier, replayed: true };
    const station = this.stationMap.get(input.stationId);
    if (!station) throw new Error(`unknown station ${input.stationId}`);
    const attendee = 'no' in input.badge ? (this.attendeeMap.get(input.badge.no) ?? null) : null;
    const previous = attendee?.stationId ? (this.stationMap.get(attendee.stationId) ?? null) : null;
    const r = scanInPlace({ station, attendee, previous }, input, this.rules);
    const attendeeChanged = r.attendee !== attendee;
    if (attendeeChanged) this.attendeeMap.set(r.attendee!.no, r.attendee!);
    const undo = () => {
      this.takeBack(r, r.previous ? [station, r.previous] : [station]);
      if (attendeeChanged) this.putBackAttendee(attendee!, r.attendee!);
    };
    const durable = this.append(scanEntry(input, record.clientAt, r.answer, r.effects), undo).then(() => r.answer);
    this.pending.set(input.id, durable);
    try {
      await durable;
      this.answered.add(input.id);
    } finally {
      this.pending.delete(input.id);
    }
    this.emit(r.previous ? [input.stationId, r.previous.def.id] : [input.stationId]);
    return { answer: r.answer, replayed: false };
  }

  async command(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    // The id before the rules: a command sent again while its first is being committed waits for it.
    const first = this.acting.get(id);
    if (first) await first;
    const station = this.stationMap.get(stationId);
    if (!station) return { station: null, error: 'station_not_found' };
    if (this.acted.has(id)) return { station, replayed: true };
    const r = command(station, cmd, now, this.rules);
    if (r.error) return { station: null, error: r.error };
    this.stationMap.set(stationId, r.station);
    const durable = this.append(actionEntry(id, stationId, cmd, now, r.effects, r.value), () => this.putBack([station]));
    this.acting.set(id, durable);
    try {
      await durable;
      this.acted.add(id);
    } finally {
      this.acting.delete(id);
    }
    this.emit([stationId]);
    return { station: r.station };
  }

  async putAttendee(a: Pick<AttendeeState, 'no' | 'firstName' | 'serial'>): Promise<void> {
    const old = this.attendeeMap.get(a.no);
    this.attendeeMap.set(
      a.no,
      old
        ? { ...old, firstName: a.firstName, serial: a.serial, version: old.version + 1 }
        : { ...a, stationId: null, onSiteSince: null, version: 1 },
    );
  }

  async attendee(no: number): Promise<ReadonlyAttendee | null> {
    return this.attendeeMap.get(no) ?? null;
  }

  async station(id: string): Promise<ReadonlyStation | null> {
    return this.stationMap.get(id) ?? null;
  }

  async stations(): Promise<ReadonlyStation[]> {
    return [...this.stationMap.values()];
  }

  async onSite(): Promise<number> {
    let n = 0;
    for (const a of this.attendeeMap.values()) if (isOnSite(a)) n++;
    return n;
  }

  async settle(now: number): Promise<void> {
    const replaced: StationState[] = [];
    const effects = [];
    for (const [id, station] of this.stationMap) {
      const r = advance(station, now, this.rules);
      if (r.station.version === station.version) continue;
      this.stationMap.set(id, r.station);
      replaced.push(station);
      effects.push(...r.effects);
    }
    if (effects.length > 0) await this.append({ kind: 'settle', at: now, effects }, () => this.putBack(replaced));
    if (replaced.length > 0) this.emit(replaced.map((s) => s.def.id));
  }

  /**
   * Takes back a scan applied in place whose commit failed: its stations as they were before it,
   * at a version newer than any they had (a later change of the group, undone first, or the
   * periodic settling may have put other objects for them in the map meanwhile).
   */
  private takeBack(r: ScanInPlace, stations: StationState[]): void {
    const failed = stations.map((s) => this.stationMap.get(s.def.id)!.version);
    r.undo();
    stations.forEach((s, i) => {
      s.version = failed[i] + 1;
      this.stationMap.set(s.def.id, s);
    });
    this.emit(stations.map((s) => s.def.id));
  }

  /** Puts stations as they were before a change whose commit failed back in place, at a newer version. */
  private putBack(stations: StationState[]): void {
    for (const before of stations) {
      const failed = this.stationMap.get(before.def.id)!;
      this.stationMap.set(before.def.id, { ...before, version: failed.version + 1 });
    }
    this.emit(stations.map((s) => s.def.id));
  }

  /**
   * Puts an attendee's place back as it was before a change whose commit failed. A new badge
   * given meanwhile (`putAttendee`, which is not in the log) is kept.
   */
  private putBackAttendee(before: AttendeeState, failed: AttendeeState): void {
    const now = this.attendeeMap.get(before.no)!;
    this.attendeeMap.set(before.no, now === failed ? before : { ...now, stationId: before.stationId, onSiteSince: before.onSiteSince });
  }

  onChange(listener: (ids: string[]) => void): void {
    this.listeners.push(listener);
  }

  onCommit(listener: (seconds: number) => void): void {
    this.commitListeners.push(listener);
  }

  /** Appends to the journal, timing the wait for the group commit that makes the entry durable. */
  private async append(entry: LogEntry, undo: () => void): Promise<void> {
    const started = performance.now();
    await this.journal.append(entry, undo);
    const seconds = (performance.now() - started) / 1000;
    for (const l of this.commitListeners) l(seconds);
  }

  private emit(ids: string[]): void {
    for (const l of this.listeners) l(ids);
  }

  async close(): Promise<void> {}
}
