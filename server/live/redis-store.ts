import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { EventDef, StationDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { advance, command, scan } from '../flow/rules.ts';
import type { AttendeeState, EventRules, ScanInput, StationCommand, StationState } from '../flow/state.ts';
import type { CommandOutcome, LiveStore, ScanOutcome, ScanRecord } from './live-store.ts';
import { actionEntry, scanEntry, type LogEntry } from './log-entry.ts';
import type { LiveSnapshot } from './rebuild.ts';
import { COMMIT, HOLD_LOCK, READ_SCAN, SEED } from './redis-scripts.ts';

type ReadReply =
  | [1, string]
  | [0, string | null, string | null, string | null, string | null, string | null, string | null, string | null];
type CommitReply = ['ok'] | ['conflict'] | ['replayed', string];

interface KezekRedis extends Redis {
  kzRead(answerKey: string, stationKey: string, attendeeKey: string, stationPrefix: string, heldVersion: string, hintId: string, hintVersion: string): Promise<ReadReply>;
  kzCommit(keyCount: number, ...args: string[]): Promise<CommitReply>;
  kzSeed(key: string, version: string, json: string, stationId: string): Promise<number>;
  kzHoldLock(key: string, owner: string, ttlMs: string): Promise<number>;
}

/** Answers are kept this long for replays of the same scan id. */
const ANSWER_TTL_S = String(7 * 24 * 3600);
const MAX_ATTEMPTS = 100;

/** A short random pause before retrying a commit another process won. */
function backoff(attempt: number): Promise<void> {
  if (attempt === 0) return Promise.resolve();
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt * 2)));
}

/** A document a commit checks (the version read) and writes (`next`, JSON; null = unchanged). */
interface Doc {
  key: string;
  read: string;
  next: string | null;
  /** The version `next` carries. */
  version?: number;
  stationId?: string | null;
}

/** Closes a client: politely when connected, at once when Redis cannot be reached (QUIT would wait for it). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => undefined);
  else redis.disconnect();
}

/** Makes the ioredis client with Kezek's scripts; every client gets an error listener. */
export function redisClient(url: string, log: FastifyBaseLogger): KezekRedis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 }) as KezekRedis;
  redis.on('error', (err) => log.error({ err }, 'redis error'));
  redis.defineCommand('kzRead', { numberOfKeys: 3, lua: READ_SCAN });
  redis.defineCommand('kzCommit', { lua: COMMIT });
  redis.defineCommand('kzSeed', { numberOfKeys: 1, lua: SEED });
  redis.defineCommand('kzHoldLock', { numberOfKeys: 1, lua: HOLD_LOCK });
  return redis;
}

/** The documents a scan is decided on, with the versions the commit checks. */
interface ScanView {
  sv: string;
  station: StationState;
  av: string;
  attendee: AttendeeState | null;
  pid: string | null;
  pv: string | null;
  previous: StationState | null;
}

/** The versioned document a process last read or wrote. */
interface Held<T> {
  version: string;
  doc: T;
}

/**
 * Live state in Redis, shared by every server process of the event. A change reads the documents
 * it needs, applies the flow rules here, and commits with a version check (optimistic
 * concurrency); the commit also appends the log entry to a stream that the archiver drains into
 * SQLite, so a scan is durable once the commit returns.
 *
 * Within a process, changes to a station take turns (a scan holds the turns of both stations it
 * touches, taken in name order), so commits conflict only with other processes. Station
 * documents this process holds are sent back only when another process changed them.
 */
export class RedisStore implements LiveStore {
  readonly kind = 'redis';
  readonly prefix: string;
  private readonly rules: EventRules;
  private readonly listeners: Array<(ids: string[]) => void> = [];
  private readonly defs: Map<string, StationDef>;
  private readonly held = new Map<string, Held<StationState>>();
  /** Attendees as this process last saw them; their station lets a scan take both stations' turns at once. */
  private readonly heldAttendees = new Map<number, Held<AttendeeState>>();
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    readonly redis: KezekRedis,
    event: EventDef,
    keyPrefix: string,
  ) {
    this.prefix = `${keyPrefix}:${event.id}:`;
    this.rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
    this.defs = new Map(event.stations.map((s) => [s.id, s]));
  }

  get streamKey(): string {
    return `${this.prefix}log`;
  }

  private stationKey(id: string): string {
    return `${this.prefix}st:${id}`;
  }

  private attendeeKey(no: number): string {
    return `${this.prefix}at:${no}`;
  }

  /** A station document as stored: without its definition, which every process has from the event file. */
  private static stationJson(s: StationState): string {
    return JSON.stringify({ ...s, def: undefined });
  }

  private stationDoc(id: string, json: string): StationState {
    const doc = JSON.parse(json) as StationState;
    doc.def = this.defs.get(id)!;
    return doc;
  }

  /** Waits for the turns of these stations (in name order, so two scans never wait on each other). */
  private async takeTurns(ids: string[]): Promise<() => void> {
    const releases: Array<() => void> = [];
    for (const id of [...new Set(ids)].sort()) {
      const before = this.turns.get(id) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const chain = before.then(() => mine);
      this.turns.set(id, chain);
      await before;
      releases.push(() => {
        release();
        if (this.turns.get(id) === chain) this.turns.delete(id);
      });
    }
    return () => releases.forEach((r) => r());
  }

  private async inTurn<T>(ids: string[], fn: () => Promise<T>): Promise<T> {
    const release = await this.takeTurns(ids);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Writes the snapshot's documents where Redis has none yet (first process to start seeds). */
  private snapshot: (() => LiveSnapshot) | null = null;

  async seed(snapshot: () => LiveSnapshot): Promise<void> {
    this.snapshot = snapshot;
    const ready = `${this.prefix}ready`;
    if (await this.redis.exists(ready)) return;
    const lock = `${this.prefix}seeding`;
    if (await this.redis.set(lock, '1', 'EX', 60, 'NX')) {
      const s = snapshot();
      const batch = this.redis.pipeline() as unknown as KezekRedis;
      for (const st of s.stations) void batch.kzSeed(this.stationKey(st.def.id), String(st.version), RedisStore.stationJson(st), '');
      for (const a of s.attendees) void batch.kzSeed(this.attendeeKey(a.no), String(a.version), JSON.stringify(a), a.stationId ?? '');
      for (const [id, answer] of s.answers) void batch.set(`${this.prefix}scan:${id}`, JSON.stringify(answer), 'EX', Number(ANSWER_TTL_S), 'NX');
      await (batch as unknown as ReturnType<Redis['pipeline']>).exec();
      await this.redis.set(ready, '1');
      return;
    }
    for (let i = 0; i < 600 && !(await this.redis.exists(ready)); i++) await new Promise((r) => setTimeout(r, 100));
  }

  async scan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    const no = 'no' in input.badge ? input.badge.no : 0;
    let turns = [input.stationId];
    const hint = this.heldAttendees.get(no)?.doc.stationId;
    if (hint && hint !== input.stationId) turns.push(hint);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const r = await this.inTurn(turns, () => this.tryScan(input, record, turns));
      if ('done' in r) return r.done;
      if (r.retry === 'conflict') await backoff(attempt);
      else turns = [input.stationId, r.previous];
    }
    throw new Error(`scan ${input.id}: too much contention`);
  }

  /** One attempt: read, apply the rules, commit. */
  private async tryScan(
    input: ScanInput,
    record: ScanRecord,
    turns: string[],
  ): Promise<{ done: ScanOutcome } | { retry: 'conflict' } | { retry: 'turns'; previous: string }> {
    const answerKey = `${this.prefix}scan:${input.id}`;
    const stationKey = this.stationKey(input.stationId);
    const no = 'no' in input.badge ? input.badge.no : 0;
    const attendeeKey = this.attendeeKey(no);
    const view = this.heldView(input.stationId, no, turns) ?? (await this.readView(input, answerKey, stationKey, attendeeKey, turns));
    if ('done' in view || 'retry' in view) return view;
    const { sv, station, av, attendee, pid, pv, previous } = view;
    const res = scan({ station, attendee, previous }, input, this.rules);
    const docs: Doc[] = [
      { key: stationKey, read: sv, next: res.station.version === station.version ? null : RedisStore.stationJson(res.station), version: res.station.version },
    ];
    if (attendee && res.attendee) {
      const changed = res.attendee !== attendee;
      docs.push({ key: attendeeKey, read: av ?? '', next: changed ? JSON.stringify(res.attendee) : null, version: res.attendee.version, stationId: res.attendee.stationId });
    }
    if (res.previous && previous) {
      const changed = res.previous.version !== previous.version;
      docs.push({ key: this.stationKey(res.previous.def.id), read: pv ?? '', next: changed ? RedisStore.stationJson(res.previous) : null, version: res.previous.version });
    }
    const entry = scanEntry(input, record.clientAt, res.answer, res.effects);
    const c = await this.commit(answerKey, JSON.stringify(res.answer), entry, docs);
    if (c[0] === 'conflict') {
      // Another process changed something this one held: read it afresh next time.
      this.held.delete(input.stationId);
      if (pid) this.held.delete(pid);
      this.heldAttendees.delete(no);
      return { retry: 'conflict' };
    }
    if (c[0] === 'replayed') return { done: { answer: JSON.parse(c[1]) as ScanAnswer, replayed: true } };
    this.hold(res.station);
    if (res.previous) this.hold(res.previous);
    if (res.attendee) this.heldAttendees.set(no, { version: String(res.attendee.version), doc: res.attendee });
    this.emit(res.previous ? [input.stationId, res.previous.def.id] : [input.stationId]);
    return { done: { answer: res.answer, replayed: false } };
  }

  /**
   * What a scan needs, from the documents this process wrote or read last. When another process
   * has changed one since, the commit's version check fails and the scan reads afresh.
   */
  private heldView(stationId: string, no: number, turns: string[]): ScanView | null {
    const station = this.held.get(stationId);
    const attendee = this.heldAttendees.get(no);
    if (!station || !attendee) return null;
    const pid = attendee.doc.stationId;
    if (!pid || pid === stationId) return { sv: station.version, station: station.doc, av: attendee.version, attendee: attendee.doc, pid, pv: null, previous: null };
    const previous = this.held.get(pid);
    if (!previous || !turns.includes(pid)) return null;
    return { sv: station.version, station: station.doc, av: attendee.version, attendee: attendee.doc, pid, pv: previous.version, previous: previous.doc };
  }

  /** What a scan needs, read from Redis in one round trip (documents held and unchanged are not sent). */
  private async readView(
    input: ScanInput,
    answerKey: string,
    stationKey: string,
    attendeeKey: string,
    turns: string[],
  ): Promise<ScanView | { done: ScanOutcome } | { retry: 'turns'; previous: string }> {
    const no = 'no' in input.badge ? input.badge.no : 0;
    const hint = this.heldAttendees.get(no)?.doc.stationId ?? '';
    const r = await this.redis.kzRead(
      answerKey,
      stationKey,
      attendeeKey,
      `${this.prefix}st:`,
      this.held.get(input.stationId)?.version ?? '',
      hint,
      this.held.get(hint)?.version ?? '',
    );
    if (r[0] === 1) return { done: { answer: JSON.parse(r[1]) as ScanAnswer, replayed: true } };
    const [, sv, sd, av, ad, pid, pv, pd] = r;
    if (!sv) {
      // Redis lost its data (it keeps none on disk): seed it again from the SQLite log.
      await this.reseed();
      return { retry: 'turns', previous: input.stationId };
    }
    const attendee = ad ? (JSON.parse(ad) as AttendeeState) : null;
    if (attendee) this.heldAttendees.set(no, { version: av ?? '', doc: attendee });
    if (pid && pid !== input.stationId && !turns.includes(pid)) return { retry: 'turns', previous: pid };
    const station = sd ? this.stationDoc(input.stationId, sd) : this.held.get(input.stationId)!.doc;
    const previous = pid && pid !== input.stationId && pv ? (pd ? this.stationDoc(pid, pd) : this.held.get(pid)!.doc) : null;
    return { sv, station, av: av ?? '', attendee, pid: pid ?? null, pv: pv ?? null, previous };
  }

  /** Seeds an emptied Redis again from the durable log; what it held and had not yet archived is lost with it. */
  private async reseed(): Promise<void> {
    if (!this.snapshot) throw new Error('the Redis live store was never seeded');
    this.held.clear();
    this.heldAttendees.clear();
    await this.seed(this.snapshot);
  }

  private hold(s: StationState): void {
    this.held.set(s.def.id, { version: String(s.version), doc: s });
  }

  private commit(answerKey: string, answer: string, entry: LogEntry | null, docs: Doc[]): Promise<CommitReply> {
    const args: string[] = [answerKey, this.streamKey, ...docs.map((d) => d.key), answer, entry ? JSON.stringify(entry) : '', ANSWER_TTL_S];
    for (const d of docs) {
      args.push(d.read, d.next === null ? '' : String(d.version), d.next ?? '', d.stationId ?? '');
    }
    return this.redis.kzCommit(docs.length + 2, ...args);
  }

  private async readDoc(key: string): Promise<{ version: string; json: string } | null> {
    const [v, d] = await this.redis.hmget(key, 'v', 'd');
    return d ? { version: v ?? '', json: d } : null;
  }

  private async readStation(id: string): Promise<Held<StationState> | null> {
    const read = await this.readDoc(this.stationKey(id));
    return read ? { version: read.version, doc: this.stationDoc(id, read.json) } : null;
  }

  command(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    if (!this.defs.has(stationId)) return Promise.resolve({ station: null, error: 'station_not_found' });
    return this.inTurn([stationId], () => this.commandNow(stationId, cmd, id, now));
  }

  private async commandNow(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    const key = this.stationKey(stationId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.readStation(stationId);
      if (!read) return { station: null, error: 'station_not_found' };
      const r = command(read.doc, cmd, now, this.rules);
      if (r.error) return { station: null, error: r.error };
      const entry = actionEntry(id, stationId, cmd, now, r.effects);
      const c = await this.commit(`${this.prefix}act:${id}`, '1', entry, [
        { key, read: read.version, next: RedisStore.stationJson(r.station), version: r.station.version },
      ]);
      if (c[0] === 'conflict') {
        await backoff(attempt);
        continue;
      }
      if (c[0] === 'ok') {
        this.hold(r.station);
        this.emit([stationId]);
        return { station: r.station };
      }
      return { station: (await this.station(stationId))! };
    }
    throw new Error(`command on ${stationId}: too much contention`);
  }

  async putAttendee(a: Pick<AttendeeState, 'no' | 'firstName' | 'serial'>): Promise<void> {
    const key = this.attendeeKey(a.no);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.readDoc(key);
      const old = read ? (JSON.parse(read.json) as AttendeeState) : null;
      const next: AttendeeState = old
        ? { ...old, firstName: a.firstName, serial: a.serial, version: old.version + 1 }
        : { ...a, stationId: null, onSiteSince: null, version: 1 };
      const c = await this.commit(`${this.prefix}put:${randomUUID()}`, '1', null, [
        { key, read: read?.version ?? '', next: JSON.stringify(next), version: next.version, stationId: next.stationId },
      ]);
      if (c[0] !== 'conflict') {
        this.heldAttendees.set(a.no, { version: String(next.version), doc: next });
        return;
      }
    }
    throw new Error(`attendee ${a.no}: too much contention`);
  }

  async attendee(no: number): Promise<AttendeeState | null> {
    const read = await this.readDoc(this.attendeeKey(no));
    return read ? (JSON.parse(read.json) as AttendeeState) : null;
  }

  async station(id: string): Promise<StationState | null> {
    if (!this.defs.has(id)) return null;
    return (await this.readStation(id))?.doc ?? null;
  }

  async stations(): Promise<StationState[]> {
    const ids = [...this.defs.keys()];
    const docs = await this.redis.pipeline(ids.map((id) => ['hget', this.stationKey(id), 'd'])).exec();
    const failed = docs?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    return (docs ?? []).flatMap(([, d], i) => (typeof d === 'string' ? [this.stationDoc(ids[i], d)] : []));
  }

  async settle(now: number): Promise<void> {
    const changed: string[] = [];
    for (const id of this.defs.keys()) {
      if (await this.inTurn([id], () => this.settleStation(id, now))) changed.push(id);
    }
    if (changed.length > 0) this.emit(changed);
  }

  private async settleStation(id: string, now: number): Promise<boolean> {
    const read = await this.readStation(id);
    if (!read) return false;
    const r = advance(read.doc, now, this.rules);
    if (r.station.version === read.doc.version) return false;
    // Another process settling or scanning at the same moment wins; the next settle catches up.
    const entry: LogEntry = { kind: 'settle', at: now, effects: r.effects };
    const c = await this.commit(`${this.prefix}settle:${id}:${read.version}`, '1', entry, [
      { key: this.stationKey(id), read: read.version, next: RedisStore.stationJson(r.station), version: r.station.version },
    ]);
    if (c[0] === 'ok') this.hold(r.station);
    return c[0] === 'ok';
  }

  onChange(listener: (ids: string[]) => void): void {
    this.listeners.push(listener);
  }

  private emit(ids: string[]): void {
    for (const l of this.listeners) l(ids);
  }

  async holdLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.kzHoldLock(`${this.prefix}${name}`, owner, String(ttlMs))) === 1;
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
