import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { advance, command, scan } from '../flow/rules.ts';
import type { AttendeeState, EventRules, ScanInput, StationCommand, StationState } from '../flow/state.ts';
import type { CommandOutcome, LiveStore, ScanOutcome, ScanRecord } from './live-store.ts';
import type { LogEntry } from './log-entry.ts';
import type { LiveSnapshot } from './rebuild.ts';
import { COMMIT, HOLD_LOCK, READ_SCAN, SEED } from './redis-scripts.ts';

type ReadReply = [1, string] | [0, string | null, string | null, string | null, string | null, string | null, string | null];
type CommitReply = ['ok'] | ['conflict'] | ['replayed', string];

interface KezekRedis extends Redis {
  kzRead(answerKey: string, stationKey: string, attendeeKey: string, stationPrefix: string): Promise<ReadReply>;
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

interface Doc<T> {
  key: string;
  read: string;
  next: T | null;
  stationId?: string | null;
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

/**
 * Live state in Redis, shared by every server process of the event. A change reads the documents
 * it needs, applies the flow rules here, and commits with a version check (optimistic
 * concurrency); the commit also appends the log entry to a stream that the archiver drains into
 * SQLite, so a scan is durable once the commit returns.
 */
export class RedisStore implements LiveStore {
  readonly kind = 'redis';
  readonly prefix: string;
  private readonly rules: EventRules;
  private readonly listeners: Array<(ids: string[]) => void> = [];
  private readonly stationIds: string[];

  constructor(
    readonly redis: KezekRedis,
    event: EventDef,
    keyPrefix: string,
  ) {
    this.prefix = `${keyPrefix}:${event.id}:`;
    this.rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
    this.stationIds = event.stations.map((s) => s.id);
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

  /** Writes the snapshot's documents where Redis has none yet (first process to start seeds). */
  async seed(snapshot: () => LiveSnapshot): Promise<void> {
    const ready = `${this.prefix}ready`;
    if (await this.redis.exists(ready)) return;
    const lock = `${this.prefix}seeding`;
    if (await this.redis.set(lock, '1', 'EX', 60, 'NX')) {
      const s = snapshot();
      const batch = this.redis.pipeline() as unknown as KezekRedis;
      for (const st of s.stations) void batch.kzSeed(this.stationKey(st.def.id), String(st.version), JSON.stringify(st), '');
      for (const a of s.attendees) void batch.kzSeed(this.attendeeKey(a.no), String(a.version), JSON.stringify(a), a.stationId ?? '');
      for (const [id, answer] of s.answers) void batch.set(`${this.prefix}scan:${id}`, JSON.stringify(answer), 'EX', Number(ANSWER_TTL_S), 'NX');
      await (batch as unknown as ReturnType<Redis['pipeline']>).exec();
      await this.redis.set(ready, '1');
      return;
    }
    for (let i = 0; i < 600 && !(await this.redis.exists(ready)); i++) await new Promise((r) => setTimeout(r, 100));
  }

  private readonly chains = new Map<string, Promise<unknown>>();

  /**
   * Runs changes to one station one after another within this process, so optimistic commits
   * conflict only with other processes (without it, a burst at one station retries quadratically).
   */
  private inTurn<T>(stationId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.chains.get(stationId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(stationId, tail);
    void tail.then(() => {
      if (this.chains.get(stationId) === tail) this.chains.delete(stationId);
    });
    return run;
  }

  scan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    return this.inTurn(input.stationId, () => this.scanNow(input, record));
  }

  private async scanNow(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    const answerKey = `${this.prefix}scan:${input.id}`;
    const stationKey = this.stationKey(input.stationId);
    const no = 'no' in input.badge ? input.badge.no : 0;
    const attendeeKey = this.attendeeKey(no);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const r = await this.redis.kzRead(answerKey, stationKey, attendeeKey, `${this.prefix}st:`);
      if (r[0] === 1) return { answer: JSON.parse(r[1]) as ScanAnswer, replayed: true };
      const [, sv, sd, av, ad, pv, pd] = r;
      if (!sd) throw new Error(`unknown station ${input.stationId}`);
      const station = JSON.parse(sd) as StationState;
      const attendee = ad ? (JSON.parse(ad) as AttendeeState) : null;
      const previous = pd ? (JSON.parse(pd) as StationState) : null;
      const res = scan({ station, attendee, previous }, input, this.rules);
      const docs: Array<Doc<StationState | AttendeeState>> = [
        { key: stationKey, read: sv ?? '', next: res.station.version === station.version ? null : res.station },
      ];
      if (ad) {
        const changed = res.attendee !== attendee;
        docs.push({ key: attendeeKey, read: av ?? '', next: changed ? res.attendee : null, stationId: res.attendee?.stationId });
      }
      if (res.previous && previous) {
        const changed = res.previous.version !== previous.version;
        docs.push({ key: this.stationKey(res.previous.def.id), read: pv ?? '', next: changed ? res.previous : null });
      }
      const entry: LogEntry = {
        kind: 'scan',
        id: input.id,
        kioskId: input.kioskId,
        stationId: input.stationId,
        badgeNo: 'no' in input.badge ? input.badge.no : null,
        badgeSerial: 'serial' in input.badge ? input.badge.serial : null,
        at: input.at,
        clientAt: record.clientAt,
        answer: res.answer,
        effects: res.effects,
      };
      const c = await this.commit(answerKey, JSON.stringify(res.answer), entry, docs);
      if (c[0] === 'conflict') {
        await backoff(attempt);
        continue;
      }
      if (c[0] === 'replayed') return { answer: JSON.parse(c[1]) as ScanAnswer, replayed: true };
      this.emit(res.previous ? [input.stationId, res.previous.def.id] : [input.stationId]);
      return { answer: res.answer, replayed: false };
    }
    throw new Error(`scan ${input.id}: too much contention`);
  }

  private commit(
    answerKey: string,
    answer: string,
    entry: LogEntry | null,
    docs: Array<Doc<StationState | AttendeeState>>,
  ): Promise<CommitReply> {
    const args: string[] = [answerKey, this.streamKey, ...docs.map((d) => d.key), answer, entry ? JSON.stringify(entry) : '', ANSWER_TTL_S];
    for (const d of docs) {
      args.push(d.read, d.next ? String(d.next.version) : '', d.next ? JSON.stringify(d.next) : '', d.stationId ?? '');
    }
    return this.redis.kzCommit(docs.length + 2, ...args);
  }

  private async readDoc<T>(key: string): Promise<{ version: string; doc: T } | null> {
    const [v, d] = await this.redis.hmget(key, 'v', 'd');
    return d ? { version: v ?? '', doc: JSON.parse(d) as T } : null;
  }

  command(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    return this.inTurn(stationId, () => this.commandNow(stationId, cmd, id, now));
  }

  private async commandNow(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    const key = this.stationKey(stationId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.readDoc<StationState>(key);
      if (!read) return { station: null, error: 'station_not_found' };
      const r = command(read.doc, cmd, now, this.rules);
      if (r.error) return { station: null, error: r.error };
      const entry: LogEntry = {
        kind: 'action',
        id,
        stationId,
        at: now,
        action: cmd.action,
        value: 'value' in cmd ? String(cmd.value) : null,
        effects: r.effects,
      };
      const c = await this.commit(`${this.prefix}act:${id}`, '1', entry, [{ key, read: read.version, next: r.station }]);
      if (c[0] === 'conflict') {
        await backoff(attempt);
        continue;
      }
      if (c[0] === 'ok') this.emit([stationId]);
      return { station: c[0] === 'ok' ? r.station : ((await this.station(stationId)) as StationState) };
    }
    throw new Error(`command on ${stationId}: too much contention`);
  }

  async putAttendee(a: Pick<AttendeeState, 'no' | 'firstName' | 'serial'>): Promise<void> {
    const key = this.attendeeKey(a.no);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.readDoc<AttendeeState>(key);
      const next: AttendeeState = read
        ? { ...read.doc, firstName: a.firstName, serial: a.serial, version: read.doc.version + 1 }
        : { ...a, stationId: null, onSiteSince: null, version: 1 };
      const c = await this.commit(`${this.prefix}put:${randomUUID()}`, '1', null, [
        { key, read: read?.version ?? '', next, stationId: next.stationId },
      ]);
      if (c[0] !== 'conflict') return;
    }
    throw new Error(`attendee ${a.no}: too much contention`);
  }

  async attendee(no: number): Promise<AttendeeState | null> {
    return (await this.readDoc<AttendeeState>(this.attendeeKey(no)))?.doc ?? null;
  }

  async station(id: string): Promise<StationState | null> {
    return (await this.readDoc<StationState>(this.stationKey(id)))?.doc ?? null;
  }

  async stations(): Promise<StationState[]> {
    const docs = await this.redis.pipeline(this.stationIds.map((id) => ['hget', this.stationKey(id), 'd'])).exec();
    return (docs ?? []).flatMap(([, d]) => (typeof d === 'string' ? [JSON.parse(d) as StationState] : []));
  }

  async settle(now: number): Promise<void> {
    const changed: string[] = [];
    for (const id of this.stationIds) {
      if (await this.inTurn(id, () => this.settleStation(id, now))) changed.push(id);
    }
    if (changed.length > 0) this.emit(changed);
  }

  private async settleStation(id: string, now: number): Promise<boolean> {
    const key = this.stationKey(id);
    const read = await this.readDoc<StationState>(key);
    if (!read) return false;
    const r = advance(read.doc, now, this.rules);
    if (r.station.version === read.doc.version) return false;
    // Another process settling or scanning at the same moment wins; the next settle catches up.
    const entry: LogEntry = { kind: 'settle', at: now, effects: r.effects };
    const c = await this.commit(`${this.prefix}settle:${id}:${read.version}`, '1', entry, [{ key, read: read.version, next: r.station }]);
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
    await this.redis.quit().catch(() => undefined);
  }
}
