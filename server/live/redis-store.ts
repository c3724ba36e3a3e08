import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { eventUtcOffset, type EventDef, type StationDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { isOnSite } from '../../shared/totals.ts';
import { advance, command, scanOwned } from '../flow/rules.ts';
import { newStation, type AttendeeState, type EventRules, type ReadonlyAttendee, type ReadonlyStation, type ScanInput, type StationCommand, type StationState } from '../flow/state.ts';
import { LiveStoreUnavailable, type CommandOutcome, type LiveStore, type ScanOutcome, type ScanRecord } from './live-store.ts';
import type { ArchiverKeys } from './archiver.ts';
import { actionEntry, packScan, type StreamEntry } from './log-entry.ts';
import type { RebuiltState } from './rebuild.ts';
import { closeRedis, type CommitReply, type KezekRedis, type ReadReply } from './redis-client.ts';
import { DELETE_IF_EMPTY } from './redis-scripts.ts';
import { decodeStation, deltasIn, encodeStation, encodeStationDelta, listsOf, MAX_DELTAS, type StationLists } from './station-doc.ts';

/** A pipeline of a client with Kezek's scripts: ioredis adds defined commands to pipelines too. */
interface KezekPipeline extends ChainableCommander {
  kzRead(...args: Parameters<KezekRedis['kzRead']>): KezekPipeline;
  kzSeed(...args: Parameters<KezekRedis['kzSeed']>): KezekPipeline;
  kzPutAnswers(...args: Parameters<KezekRedis['kzPutAnswers']>): KezekPipeline;
}

/** A pipeline with Kezek's scripts, typed: ioredis's typings know only the commands it defines itself. */
function scriptPipeline(redis: KezekRedis): KezekPipeline {
  return redis.pipeline() as KezekPipeline;
}

/** Runs a pipeline and fails with the first of its commands that failed (`exec` resolves with their errors). */
async function execAll(pipeline: ChainableCommander): Promise<void> {
  for (const [err] of (await pipeline.exec()) ?? []) if (err) throw err;
}

/** Answers are kept this long for replays of the same scan id. */
const ANSWER_TTL_S = String(7 * 24 * 3600);
/** Answers written per pipeline when an emptied Redis is seeded from the log (the lock is renewed after each). */
const SEED_BATCH = 10_000;
/**
 * Documents, and answers, written per script call when seeding: one call each cost ioredis ~20 µs
 * of the answering thread (a command, a promise, a reply), most of seeding 20,000 answers.
 */
const SEED_DOCS_PER_CALL = 250;
const SEED_ANSWERS_PER_CALL = 1000;
/**
 * An emptied Redis is seeded with the answers of this many of the latest scans (by id: a scan id
 * starts with its kiosk's time), not every scan's: writing 100,000 took a second of a start. A
 * scan sent again with an older id is looked up in the durable log (`LoggedAnswers`).
 */
export const SEED_ANSWERS = 20_000;

/** Where the answers of the scans left out of seeding are read: the durable log. */
export interface LoggedAnswers {
  /** How many of the latest answers seeding writes. */
  latest: number;
  answerOf(id: string): Promise<ScanAnswer | null>;
}
/** How long the seeding lock lasts unless renewed: it must outlast rebuilding the snapshot (~6 s for 250,000 scans on a slow machine). */
const SEED_LOCK_S = 60;
const MAX_ATTEMPTS = 100;
/** Most scans committed in one round trip. */
const MAX_GROUP = 256;
/**
 * Group commits of a process on their way at once under load, by default one: the scans that
 * arrive while it travels form the next group. With two, the next group is decided and sent while
 * the last one travels; the groups are smaller, and under a rush each scan then costs the
 * answering thread more (measured: BENCHMARKS.md), since every group writes each station it
 * touches. Under a light load two go at once (SMALL_LOAD).
 */
const GROUPS_ON_THEIR_WAY = 1;
/**
 * While the scans on their way and those waiting are at most this many (a steady trickle, not a
 * rush), a second group goes while one is on its way: a scan then does not wait for another
 * group's round trip before its own (measured: BENCHMARKS.md). Under a rush the groups grow past
 * it and go one at a time again.
 */
const SMALL_LOAD = 4;

/** An attempt of a read → decide → commit round says: try again at once (it learnt something first). */
const AGAIN: unique symbol = Symbol('again');
/** An attempt says: another process committed first; try again after a short pause. */
const CONFLICT: unique symbol = Symbol('conflict');
type Attempt<T> = T | typeof AGAIN | typeof CONFLICT;

/**
 * The one read → decide → commit loop of the store: runs `attempt` until it gives its result, again
 * at once after AGAIN and after a short random pause after CONFLICT, at most MAX_ATTEMPTS times.
 */
async function untilCommitted<T>(attempt: () => Promise<Attempt<T>>, contention: () => string): Promise<T> {
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    const r = await attempt();
    if (r === AGAIN) continue;
    if (r !== CONFLICT) return r;
    await backoff(n);
  }
  throw new Error(`${contention()}: too much contention`);
}

/** A short random pause before retrying a commit another process won. */
function backoff(attempt: number): Promise<void> {
  if (attempt === 0) return Promise.resolve();
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt * 2)));
}

/** A document a commit checks (the version read) and writes (`next`, JSON; null = unchanged). */
interface Doc {
  /** Its field in the documents' hashes (see redis-scripts.ts). */
  field: string;
  read: string;
  next: string | null;
  /** The version `next` is written with (`RedisStore.newVersion`). */
  version?: string;
  /** An attendee's: the station they are placed at. */
  stationId?: string | null;
}

/**
 * The answers of the `most` latest scans (the last in the order their ids sort) and the least of
 * their ids; null when there are fewer (every answer is then seeded). Exactly `most` may be all
 * there are, or the latest of more (`readAfter` with `{ latest }`): the log is asked below them alike.
 */
function latestAnswers(answers: RebuiltState['answers'], most: number): { answers: RebuiltState['answers']; from: string } | null {
  if (answers.length < most) return null;
  const latest = answers.length === most ? answers : [...answers].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, most);
  let from = latest[0][0];
  for (const [id] of latest) if (id < from) from = id;
  return { answers: latest, from };
}

/** While Redis is counted as away on an open connection, it is asked (PING) this often whether it is back. */
const PROBE_MS = 250;

/** A scan waiting for its group's commit. */
interface Waiting {
  input: ScanInput;
  record: ScanRecord;
  /** Its promise's resolve and reject: called through `answerScan` and `failScan`, which also forget its id. */
  done: (outcome: ScanOutcome) => void;
  fail: (err: unknown) => void;
}

/** One write of a commit: an answer (or a marker) under its key, and its log entry. */
interface Write {
  key: string;
  answer: string;
  entry: StreamEntry | null;
}

/** A group decided: its answers and what its commit checks and writes. */
interface Decided {
  answers: ScanAnswer[];
  writes: Write[];
  docs: Doc[];
  /** The stations as the group leaves them. */
  stations: Map<string, StationState>;
  /** Badge numbers of the group's scans: their attendee documents are checked. */
  badgeNos: Set<number>;
  changed: string[];
}

/** The versioned document a process last read or wrote. */
interface Held<T> {
  version: string;
  doc: T;
}

/** A station held, and how many deltas its document in Redis carries (station-doc.ts). */
interface HeldStation extends Held<StationState> {
  deltas: number;
}

/**
 * Live state in Redis, shared by every server process of the event. A change reads the documents
 * it needs, applies the flow rules here, and commits with a version check (optimistic
 * concurrency); the commit also appends the log entry to a stream that the archiver drains into
 * SQLite, so a scan is durable once the commit returns.
 *
 * Scans are committed in groups, under load one group at a time per process (group commit): the
 * scans that arrive while a group is committed are decided one after another on the documents
 * this process holds and committed together, each document written once for the whole group.
 * So a process's commits conflict only with other processes'; documents held are read again only
 * when another process changed them. Station actions and settling take per-station turns and
 * commit alone.
 */
/**
 * The start of every key of an event: `<prefix>:{<event id>}:`. The braces are a hash tag: a Redis
 * Cluster puts all of one event's keys in one slot (its scripts touch several at once), and each
 * event may sit on a shard of its own.
 */
export function eventKeyPrefix(keyPrefix: string, eventId: string): string {
  return `${keyPrefix}:{${eventId}}:`;
}

export class RedisStore implements LiveStore {
  readonly kind = 'redis';
  readonly prefix: string;
  /** Where the event's keys were before they carried a hash tag (adopted at start, see `adoptOldKeys`). */
  private readonly oldPrefix: string;
  private readonly rules: EventRules;
  private readonly listeners: Array<(ids: string[]) => void> = [];
  private readonly commitListeners: Array<(seconds: number) => void> = [];
  private readonly defs: Map<string, StationDef>;
  /** The event's clock (its tours' departures are on it). */
  private readonly utcOffsetMinutes: number | null;
  private readonly held = new Map<string, HeldStation>();
  /** Attendees as this process last saw them; null: not registered when last read. */
  private readonly heldAttendees = new Map<number, Held<AttendeeState | null>>();
  private readonly turns = new Map<string, Promise<void>>();
  /** Scans waiting for the next group: first those of refused groups (`refused` of them), in the order they came. */
  private waiting: Waiting[] = [];
  private refused = 0;
  private pumpScheduled = false;
  private pumping = false;
  /** Group commits sent and not yet answered by Redis, and how many scans they carry. */
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightScans = 0;
  /** Makes the versions this process writes unlike any other process's: see `newVersion`. */
  private readonly tag = randomUUID().slice(0, 8);
  private written = 0;
  /** Scans of this process not yet answered, by id: the same id again waits for the first. */
  private readonly unanswered = new Map<string, Promise<ScanOutcome>>();
  /**
   * False from a failed command or a lost connection until Redis answers again (a new connection,
   * or a PING while the connection stayed open): meanwhile every call fails at once.
   */
  private up = true;
  private probe: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly redis: KezekRedis,
    event: EventDef,
    keyPrefix: string,
    private readonly groupsOnTheirWay = GROUPS_ON_THEIR_WAY,
  ) {
    this.prefix = eventKeyPrefix(keyPrefix, event.id);
    this.oldPrefix = `${keyPrefix}:${event.id}:`;
    this.rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
    this.defs = new Map(event.stations.map((s) => [s.id, s]));
    this.utcOffsetMinutes = eventUtcOffset(event);
    redis.on('ready', () => (this.up = true));
    redis.on('close', () => this.markDown());
  }

  /** Whether Redis can be asked now; when not, calls fail at once with LiveStoreUnavailable. */
  get available(): boolean {
    return this.up && this.redis.status === 'ready';
  }

  /** Waits for the first connection (a Redis loading its append-only file answers when it is loaded); fails when it cannot be made. */
  async connected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const ready = () => {
        this.redis.off('end', gone).off('close', gone);
        resolve();
      };
      const gone = () => {
        this.redis.off('ready', ready).off('end', gone).off('close', gone);
        reject(new LiveStoreUnavailable());
      };
      this.redis.once('ready', ready).once('end', gone).once('close', gone);
    });
  }

  /** Counts Redis as away and asks it again and again until it answers. */
  private markDown(): void {
    this.up = false;
    if (this.probe || this.closed) return;
    this.probe = setTimeout(() => {
      this.probe = null;
      this.redis.ping().then(
        () => (this.up = true),
        () => this.markDown(),
      );
    }, PROBE_MS);
    this.probe.unref();
  }

  /** The typed failure of a Redis call; Redis counts as away until it answers again. */
  private failed(err: unknown): LiveStoreUnavailable {
    this.markDown();
    return err instanceof LiveStoreUnavailable ? err : new LiveStoreUnavailable(err);
  }

  /** A Redis call whose failure is LiveStoreUnavailable; fails at once while Redis is away. */
  private async ask<T>(call: () => Promise<T>): Promise<T> {
    if (!this.available) throw new LiveStoreUnavailable();
    try {
      return await call();
    } catch (err) {
      throw this.failed(err);
    }
  }

  get streamKey(): string {
    return `${this.prefix}log`;
  }

  /** Where the archiver finds the log stream and its lock. */
  get archiverKeys(): ArchiverKeys {
    return { stream: this.streamKey, lock: `${this.prefix}archiver` };
  }

  /** The hashes of documents' versions, JSON, and attendees' stations (redis-scripts.ts). */
  private get docKeys(): [versions: string, docs: string, where: string] {
    return [`${this.prefix}v`, `${this.prefix}d`, `${this.prefix}w`];
  }

  private stationField(id: string): string {
    return `s:${id}`;
  }

  private attendeeField(no: number): string {
    return `a:${no}`;
  }

  /**
   * A version no document ever had: this process's tag and a count. A group is decided on the
   * documents the groups before it will write, before Redis has answered for them; were a group
   * before it to fail, a version that someone else could also have written would let the later
   * group commit on a document it never saw.
   */
  private newVersion(): string {
    return `${this.tag}.${(this.written++).toString(36)}`;
  }

  private stationDoc(id: string, json: string): StationState {
    return decodeStation(this.defs.get(id)!, json, this.utcOffsetMinutes);
  }

  private heldStation(id: string, version: string, json: string): HeldStation {
    return { version, doc: this.stationDoc(id, json), deltas: deltasIn(json) };
  }

  /** Runs `fn` when the station's earlier actions and settling in this process are done. */
  private async inTurn<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.turns.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chain = before.then(() => mine);
    this.turns.set(id, chain);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.turns.get(id) === chain) this.turns.delete(id);
    }
  }

  /**
   * Renames keys of the event written before its keys carried a hash tag (`<prefix>:<event>:…`) to
   * their names now, so an upgraded installation keeps its live state and the log not yet archived.
   * A key another server renamed meanwhile, or that exists under its new name, is left.
   */
  private async adoptOldKeys(): Promise<void> {
    for await (const keys of this.keysUnder(this.oldPrefix)) {
      for (const key of keys) await this.redis.renamenx(key, this.prefix + key.slice(this.oldPrefix.length)).catch(() => 0);
    }
  }

  /** The keys whose names start with `prefix`, a few hundred at a time (SCAN: Redis is not held up). */
  private async *keysUnder(prefix: string): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }

  /**
   * Removes the event's keys from Redis once it is closed and its log stream archived: a closed
   * event keeps nothing live (its reports read the durable store), and opening it again seeds Redis
   * afresh from the log. A stream still holding entries not archived is kept (and so is nothing
   * else lost): it is deleted only when empty, in one step with the check.
   */
  async removeKeys(): Promise<void> {
    for await (const keys of this.keysUnder(this.prefix)) {
      const others = keys.filter((k) => k !== this.streamKey);
      if (others.length > 0) await this.redis.unlink(...others);
    }
    await this.redis.eval(DELETE_IF_EMPTY, 1, this.streamKey);
  }

  /** Takes the live state from the durable log: to seed Redis, at start and when it was emptied. */
  private snapshot: (() => RebuiltState | Promise<RebuiltState>) | null = null;
  private logged: LoggedAnswers | null = null;
  /** The least scan id whose answer seeding wrote when it left older ones out: an id below it is looked up in `logged`. */
  private seededFrom = '';

  /**
   * Writes the snapshot's documents and answers where Redis has none yet: every answer, or with
   * `logged` the latest `logged.latest` (a scan sent again with an older id is then answered from
   * `logged`). The process that takes the seeding lock seeds, keeping the lock as it goes; the
   * others wait while it is held and take it over if it lapses (the seeder died). Seeding again
   * is harmless: nothing is overwritten.
   */
  async seed(snapshot: () => RebuiltState | Promise<RebuiltState>, logged: LoggedAnswers | null = null): Promise<void> {
    this.snapshot = snapshot;
    this.logged = logged;
    await this.connected();
    await this.adoptOldKeys();
    const ready = `${this.prefix}seeded`;
    const lock = `${this.prefix}seeding`;
    while (!(await this.redis.exists(ready))) {
      if (await this.redis.set(lock, this.tag, 'EX', SEED_LOCK_S, 'NX')) {
        await this.write(await snapshot(), lock);
        await this.redis.set(ready, '1');
        await this.redis.del(lock);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.seedNewStations();
    this.seededFrom = logged ? ((await this.redis.get(`${this.prefix}seeded-from`)) ?? '') : '';
  }

  /**
   * Writes a new station's document for each station of the event file Redis has none of: one the
   * file gained after Redis was seeded (Redis keeps its data over a restart, and seeding writes
   * nothing once it is seeded). Without a document it has no history in Redis, so it is new, as the
   * rebuild makes it. One round trip when none is missing; another server writing the same is harmless.
   */
  private async seedNewStations(): Promise<void> {
    const defs = [...this.defs.values()];
    const fields = defs.map((d) => this.stationField(d.id));
    const versions = await this.redis.hmget(this.docKeys[0], ...fields);
    const docs: string[] = [];
    for (const [i, def] of defs.entries()) {
      if (versions[i] !== null) continue;
      const st = newStation(def, this.utcOffsetMinutes);
      docs.push(fields[i], String(st.version), encodeStation(st, Date.now()), '');
    }
    if (docs.length > 0) await this.redis.kzSeed(...this.docKeys, ...docs);
  }

  /** Seeds from a snapshot, many documents and answers a script call, renewing the seeding lock after each pipeline. */
  private async write(s: RebuiltState, lock: string): Promise<void> {
    const batch = scriptPipeline(this.redis);
    let docs: string[] = [];
    const addDoc = (field: string, version: number, json: string, stationId: string): void => {
      docs.push(field, String(version), json, stationId);
      if (docs.length < 4 * SEED_DOCS_PER_CALL) return;
      batch.kzSeed(...this.docKeys, ...docs);
      docs = [];
    };
    for (const st of s.stations) addDoc(this.stationField(st.def.id), st.version, encodeStation(st, Date.now()), '');
    for (const a of s.attendees) addDoc(this.attendeeField(a.no), a.version, JSON.stringify(a), a.stationId ?? '');
    if (docs.length > 0) batch.kzSeed(...this.docKeys, ...docs);
    await execAll(batch);
    const latest = this.logged ? latestAnswers(s.answers, this.logged.latest) : null;
    // Written before `seeded`, so that every process finds it: the answers below it are the log's to give.
    if (latest) await this.redis.set(`${this.prefix}seeded-from`, latest.from);
    else await this.redis.del(`${this.prefix}seeded-from`);
    await this.putAnswers(latest?.answers ?? s.answers, ([id]) => `${this.prefix}scan:${id}`, ([, answer]) => {
      if (answer === null) throw new Error('seeding Redis needs the scans’ answers');
      return answer;
    }, lock);
    // The station actions applied, as a command marks them: one sent again after seeding is a replay.
    await this.putAnswers(s.actionIds, (id) => `${this.prefix}act:${id}`, () => '1', lock);
  }

  /** Writes an answer per item where none is yet, in pipelines of SEED_BATCH (one of them all held them in memory twice), renewing the lock after each. */
  private async putAnswers<T>(all: T[], key: (item: T) => string, answer: (item: T) => string, lock: string): Promise<void> {
    for (let from = 0; from < all.length; from += SEED_BATCH) {
      const answers = scriptPipeline(this.redis);
      for (let at = from; at < Math.min(from + SEED_BATCH, all.length); at += SEED_ANSWERS_PER_CALL) {
        const part = all.slice(at, Math.min(at + SEED_ANSWERS_PER_CALL, from + SEED_BATCH, all.length));
        answers.kzPutAnswers(part.length, ...part.map(key), ANSWER_TTL_S, ...part.map(answer));
      }
      await execAll(answers.expire(lock, SEED_LOCK_S));
    }
  }

  scan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    const same = this.unanswered.get(input.id);
    if (same) return same.then((o) => ({ answer: o.answer, replayed: true }));
    if (!this.available) return Promise.reject(new LiveStoreUnavailable());
    const outcome = input.id < this.seededFrom ? this.olderScan(input, record) : this.queue(input, record);
    this.unanswered.set(input.id, outcome);
    return outcome;
  }

  private queue(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    return new Promise<ScanOutcome>((done, fail) => {
      this.waiting.push({ input, record, done, fail });
      this.schedulePump();
    });
  }

  /** A scan whose id is older than the answers seeded: answered as the log says when it is there, else as any scan. */
  private async olderScan(input: ScanInput, record: ScanRecord): Promise<ScanOutcome> {
    let answer: ScanAnswer | null;
    try {
      answer = await this.logged!.answerOf(input.id);
    } catch (err) {
      this.unanswered.delete(input.id);
      throw err;
    }
    if (!answer) return this.queue(input, record);
    this.unanswered.delete(input.id);
    return { answer, replayed: true };
  }

  /**
   * Answers a waiting scan. (Its promise is settled here rather than through closures made per
   * scan: the TypeScript loader names every such closure, ~0.7 µs each.)
   */
  private answerScan(w: Waiting, outcome: ScanOutcome): void {
    this.unanswered.delete(w.input.id);
    w.done(outcome);
  }

  /** Fails a waiting scan (the kiosk retries it with the same id). */
  private failScan(w: Waiting, err: unknown): void {
    this.unanswered.delete(w.input.id);
    w.fail(err);
  }

  /** The scans that arrive in this turn of the event loop join the next group. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  /**
   * Sends the waiting scans in groups, up to `groupsOnTheirWay` groups on their way at once. A group
   * whose documents are all held is decided on them (and on what the groups before it will
   * write) and sent at once; one that needs documents read waits until every group sent has been
   * answered, so that what it reads includes them.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      await this.pumpNow();
    } finally {
      this.pumping = false;
    }
  }

  private async pumpNow(): Promise<void> {
    while (this.waiting.length > 0) {
      if (!this.available) {
        this.refused = 0;
        for (const w of this.waiting.splice(0)) this.failScan(w, new LiveStoreUnavailable());
        return;
      }
      if (this.inFlight.size >= this.groupsAllowed()) {
        await Promise.race(this.inFlight);
        continue;
      }
      const size = Math.min(this.waiting.length, MAX_GROUP);
      const held = this.holdsForFirst(size);
      if (!held && this.inFlight.size > 0) {
        // Groups refused meanwhile come back to the front of the line: look again after.
        await Promise.all(this.inFlight);
        continue;
      }
      const group = this.waiting.splice(0, size);
      this.refused = Math.max(0, this.refused - size);
      if (held) {
        const sent: Promise<void> = this.send(group).finally(() => {
          this.inFlight.delete(sent);
          this.inFlightScans -= group.length;
        });
        this.inFlight.add(sent);
        this.inFlightScans += group.length;
        continue;
      }
      try {
        await this.commitGroup(group);
      } catch (err) {
        for (const w of group) this.failScan(w, err);
      }
    }
  }

  /**
   * Commits a group decided on the documents held. When Redis refuses it (another process changed
   * a document or answered one of its scans), the documents it was decided on are forgotten and
   * the group waits again at the front of the line (behind groups refused before it, which came
   * before it), to be decided on documents read afresh.
   */
  private async send(group: Waiting[]): Promise<void> {
    let decided: Decided | null = null;
    let c: CommitReply;
    try {
      decided = this.decide(group);
      c = await this.commit(decided.writes, decided.docs);
    } catch (err) {
      if (decided) this.forget(decided);
      for (const w of group) this.failScan(w, err);
      return;
    }
    if (c[0] === 'ok') {
      this.answer(group, decided);
      return;
    }
    this.forget(decided);
    this.waiting.splice(this.refused, 0, ...group);
    this.refused += group.length;
    this.schedulePump();
  }

  /**
   * Decides the group's scans in order on the documents held (reading those missing first) and
   * commits them in one round trip, nothing else of this process being on its way. Scans answered
   * before (a kiosk's retry) get their first answer; when another process changed a document
   * meanwhile, the group is decided again on fresh documents, and after repeated conflicts in
   * halves, whose smaller sets of documents another busy process is less likely to touch in
   * between.
   */
  private async commitGroup(group: Waiting[]): Promise<void> {
    let open = group;
    let conflicts = 0;
    /** Answers the scans answered before (by position in `open`), keeps the others open; AGAIN while some are left. */
    const answered = (earlier: (w: Waiting, i: number) => ScanAnswer | undefined): Attempt<void> => {
      open = open.filter((w, i) => {
        const answer = earlier(w, i);
        if (answer) this.answerScan(w, { answer, replayed: true });
        return !answer;
      });
      return open.length > 0 ? AGAIN : undefined;
    };
    await untilCommitted<void>(async () => {
      const missing = open.filter((w) => !this.holdsFor(w.input));
      if (missing.length > 0) {
        const earlier = await this.readFor(missing);
        return answered((w) => earlier.get(w.input.id));
      }
      if (conflicts >= 2 && open.length > 1) {
        const half = Math.ceil(open.length / 2);
        await this.commitGroup(open.slice(0, half));
        open = open.slice(half);
        conflicts = 0;
        return AGAIN;
      }
      const decided = this.decide(open);
      let c: CommitReply;
      try {
        c = await this.commit(decided.writes, decided.docs);
      } catch (err) {
        this.forget(decided);
        throw err;
      }
      if (c[0] === 'ok') {
        this.answer(open, decided);
        return;
      }
      this.forget(decided);
      if (c[0] === 'replayed') {
        const earlier = new Map<number, ScanAnswer>();
        for (let i = 1; i < c.length; i += 2) earlier.set(Number(c[i]) - 1, JSON.parse(String(c[i + 1])) as ScanAnswer);
        return answered((_w, i) => earlier.get(i));
      }
      conflicts += 1;
      return CONFLICT;
    }, () => `${open.length} scans`);
  }

  private answer(group: Waiting[], decided: Decided): void {
    group.forEach((w, i) => this.answerScan(w, { answer: decided.answers[i], replayed: false }));
    if (decided.changed.length > 0) this.emit(decided.changed);
  }

  /** Drops the documents a refused group was decided on (and what it would have written); they are read again. */
  private forget(decided: Decided): void {
    for (const id of decided.stations.keys()) this.held.delete(id);
    for (const no of decided.badgeNos) this.heldAttendees.delete(no);
  }

  /** How many groups may be on their way now: two under a light load (SMALL_LOAD), else `groupsOnTheirWay`. */
  private groupsAllowed(): number {
    return this.inFlightScans + this.waiting.length <= SMALL_LOAD ? Math.max(2, this.groupsOnTheirWay) : this.groupsOnTheirWay;
  }

  /** Whether this process holds every document the first `n` waiting scans are decided on. */
  private holdsForFirst(n: number): boolean {
    for (let i = 0; i < n; i++) if (!this.holdsFor(this.waiting[i].input)) return false;
    return true;
  }

  /** Whether this process holds every document the scan is decided on. */
  private holdsFor(input: ScanInput): boolean {
    if (!this.held.has(input.stationId)) return false;
    if (!('no' in input.badge)) return true;
    const attendee = this.heldAttendees.get(input.badge.no);
    if (!attendee) return false;
    const pid = this.placedAt(attendee.doc);
    return !pid || this.held.has(pid);
  }

  /** The station the attendee is placed at; one the event file no longer has is none, as in-process (its document stays in Redis, unread). */
  private placedAt(attendee: AttendeeState | null): string | null {
    const id = attendee?.stationId;
    return id && this.defs.has(id) ? id : null;
  }

  /**
   * Reads what these scans need in one round trip (documents held and unchanged are not sent)
   * and holds it; returns the answers of scans answered before. An attendee Redis does not know
   * is remembered as unknown (null) until registration puts them.
   */
  private async readFor(scans: Waiting[]): Promise<Map<string, ScanAnswer>> {
    const batch = scriptPipeline(this.redis);
    for (const { input } of scans) {
      const no = 'no' in input.badge ? input.badge.no : 0;
      const hint = this.heldAttendees.get(no)?.doc?.stationId ?? '';
      batch.kzRead(
        `${this.prefix}scan:${input.id}`,
        ...this.docKeys,
        this.stationField(input.stationId),
        this.attendeeField(no),
        this.held.get(input.stationId)?.version ?? '',
        hint,
        this.held.get(hint)?.version ?? '',
      );
    }
    const replies = await this.ask(() => batch.exec());
    const earlier = new Map<string, ScanAnswer>();
    for (const [i, [err, reply]] of (replies ?? []).entries()) {
      if (err) throw this.failed(err);
      const { input } = scans[i];
      const r = reply as ReadReply;
      if (r[0] === 1) {
        earlier.set(input.id, JSON.parse(r[1]) as ScanAnswer);
        continue;
      }
      const [, sv, sd, av, ad, pid, pv, pd] = r;
      if (!sv) {
        // Redis lost its data, or has none of this station yet (`seedNewStations`): seed it again.
        await this.reseed();
        return earlier;
      }
      if (sd) this.held.set(input.stationId, this.heldStation(input.stationId, sv, sd));
      if ('no' in input.badge) this.heldAttendees.set(input.badge.no, { version: av ?? '', doc: ad ? (JSON.parse(ad) as AttendeeState) : null });
      if (pid && pv && pd && this.defs.has(pid)) this.held.set(pid, this.heldStation(pid, pv, pd));
    }
    return earlier;
  }

  /**
   * Seeds an emptied Redis again from the durable log; what it held and had not yet archived is lost
   * with it. A Redis still seeded gets the documents of the stations it has none of (`seedNewStations`).
   */
  private async reseed(): Promise<void> {
    if (!this.snapshot) throw new Error('the Redis live store was never seeded');
    this.held.clear();
    this.heldAttendees.clear();
    await this.seed(this.snapshot, this.logged);
  }

  private hold(s: StationState, version: string, deltas = 0): void {
    this.held.set(s.def.id, { version, doc: s, deltas });
  }

  /**
   * Decides scans one after another on the documents held: returns the answers, the documents
   * the decisions read (each checked and, when changed, written once), and the stations and
   * attendees as they are after the whole group. The held stations are changed in place, and
   * from now on the group's stations and attendees are held under the versions it writes
   * (`forget` drops them if Redis refuses the group).
   */
  private decide(scans: Waiting[]): Decided {
    const stations = new Map<string, StationState>();
    const attendees = new Map<number, AttendeeState>();
    /** Badge numbers of the group's scans: their attendee documents are checked. */
    const badgeNos = new Set<number>();
    const answers: ScanAnswer[] = [];
    const writes: Write[] = [];
    /** The version each station had in the held document when the group first touched it. */
    const versionsRead = new Map<string, number>();
    /** Its lists then: what the group's delta of it is taken against. */
    const listsRead = new Map<string, StationLists>();
    /** The held station, which the group changes in place (`forget` drops it if Redis refuses the group). */
    const own = (id: string): StationState => {
      let st = stations.get(id);
      if (!st) {
        st = this.held.get(id)!.doc;
        stations.set(id, st);
        versionsRead.set(id, st.version);
        listsRead.set(id, listsOf(st));
      }
      return st;
    };
    try {
      for (const { input, record } of scans) {
        const no = 'no' in input.badge ? input.badge.no : null;
        if (no !== null) badgeNos.add(no);
        const attendee = no === null ? null : (attendees.get(no) ?? this.heldAttendees.get(no)!.doc);
        const pid = this.placedAt(attendee);
        const r = scanOwned({ station: own(input.stationId), attendee, previous: pid && pid !== input.stationId ? own(pid) : null }, input, this.rules);
        if (r.attendee && no !== null) attendees.set(no, r.attendee);
        answers.push(r.answer);
        writes.push({ key: `${this.prefix}scan:${input.id}`, answer: JSON.stringify(r.answer), entry: packScan(input, record.clientAt, r.effects) });
      }
    } catch (err) {
      // Stations half changed are read again.
      for (const id of stations.keys()) this.held.delete(id);
      throw err;
    }
    const docs: Doc[] = [];
    const changed: string[] = [];
    const now = Date.now();
    for (const [id, st] of stations) {
      const before = this.held.get(id)!;
      if (st.version === versionsRead.get(id)) {
        docs.push({ field: this.stationField(id), read: before.version, next: null });
        continue;
      }
      changed.push(id);
      const version = this.newVersion();
      const whole = before.deltas >= MAX_DELTAS;
      const next = whole ? encodeStation(st, now) : encodeStationDelta(listsRead.get(id)!, st, now);
      docs.push({ field: this.stationField(id), read: before.version, next, version });
      this.hold(st, version, whole ? 0 : before.deltas + 1);
    }
    for (const no of badgeNos) {
      const before = this.heldAttendees.get(no)!;
      const after = attendees.get(no);
      if (after === undefined || after.version === before.doc?.version) {
        docs.push({ field: this.attendeeField(no), read: before.version, next: null });
        continue;
      }
      const version = this.newVersion();
      docs.push({ field: this.attendeeField(no), read: before.version, next: JSON.stringify(after), version, stationId: after.stationId });
      this.heldAttendees.set(no, { version, doc: after });
    }
    return { answers, writes, docs, stations, badgeNos, changed };
  }

  /** Commits writes and documents in one round trip, if no document changed since it was read. */
  private async commit(writes: Write[], docs: Doc[]): Promise<CommitReply> {
    const args: string[] = [String(4 + writes.length), this.streamKey, ...this.docKeys];
    for (const w of writes) args.push(w.key);
    args.push(ANSWER_TTL_S, String(writes.length), writes.some((w) => w.entry) ? JSON.stringify(writes.map((w) => w.entry)) : '');
    for (const w of writes) args.push(w.answer);
    for (const d of docs) args.push(d.field, d.read, d.next === null ? '' : d.version!, d.next ?? '', d.stationId ?? '');
    const started = performance.now();
    const reply = await this.ask(() => this.redis.kzCommit(args));
    const seconds = (performance.now() - started) / 1000;
    for (const l of this.commitListeners) l(seconds);
    return reply;
  }

  /** A document's version and JSON, read together; with `answerKey`, whether that answer exists, read with them. */
  private async readDoc(field: string, answerKey?: string): Promise<{ version: string; json: string; answered: boolean } | null> {
    const [versions, docs] = this.docKeys;
    const replies = await this.ask(() => {
      const read = this.redis.multi().hget(versions, field).hget(docs, field);
      return (answerKey ? read.exists(answerKey) : read).exec();
    });
    const failed = replies?.find(([err]) => err);
    if (failed?.[0]) throw this.failed(failed[0]);
    const [v, d, answered] = (replies ?? []).map(([, r]) => r);
    return d ? { version: (v as string | null) ?? '', json: d as string, answered: answered === 1 } : null;
  }

  private async readStation(id: string, answerKey?: string): Promise<(Held<StationState> & { answered: boolean }) | null> {
    const read = await this.readDoc(this.stationField(id), answerKey);
    return read ? { version: read.version, doc: this.stationDoc(id, read.json), answered: read.answered } : null;
  }

  /**
   * A station of the event read as `readStation` does; without a document, Redis lost its data or
   * has none of the station yet (as a scan finds in `readFor`): seeded again (`reseed`) and read once
   * more. Null when Redis has none even then.
   */
  private async readSeeded(id: string, answerKey?: string): Promise<(Held<StationState> & { answered: boolean }) | null> {
    const read = await this.readStation(id, answerKey);
    if (read) return read;
    await this.reseed();
    return this.readStation(id, answerKey);
  }

  command(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    if (!this.defs.has(stationId)) return Promise.resolve({ station: null, error: 'station_not_found' });
    return this.inTurn(stationId, () => this.commandNow(stationId, cmd, id, now));
  }

  private commandNow(stationId: string, cmd: StationCommand, id: string, now: number): Promise<CommandOutcome> {
    const field = this.stationField(stationId);
    const answerKey = `${this.prefix}act:${id}`;
    return untilCommitted<CommandOutcome>(async () => {
      // The id before the rules, read with the station: a command sent again is a replay, whatever the rules would say now.
      const read = await this.readSeeded(stationId, answerKey);
      if (!read) return { station: null, error: 'station_not_found' };
      if (read.answered) return { station: read.doc, replayed: true };
      const r = command(read.doc, cmd, now, this.rules);
      if (r.error) return { station: null, error: r.error };
      const entry = actionEntry(id, stationId, cmd, now, r.effects, r.value);
      const version = this.newVersion();
      const c = await this.commit(
        [{ key: answerKey, answer: '1', entry }],
        [{ field, read: read.version, next: encodeStation(r.station, Date.now()), version }],
      );
      if (c[0] === 'conflict') return CONFLICT;
      // Another process applied this id since the read (the commit wrote nothing): read again, and replay.
      if (c[0] === 'replayed') return AGAIN;
      this.hold(r.station, version);
      this.emit([stationId]);
      return { station: r.station };
    }, () => `command on ${stationId}`);
  }

  putAttendee(a: Pick<AttendeeState, 'no' | 'firstName' | 'serial'>): Promise<void> {
    const field = this.attendeeField(a.no);
    return untilCommitted<void>(async () => {
      const read = await this.readDoc(field);
      const old = read ? (JSON.parse(read.json) as AttendeeState) : null;
      const next: AttendeeState = old
        ? { ...old, firstName: a.firstName, serial: a.serial, version: old.version + 1 }
        : { ...a, stationId: null, onSiteSince: null, version: 1 };
      const version = this.newVersion();
      const c = await this.commit(
        [{ key: `${this.prefix}put:${randomUUID()}`, answer: '1', entry: null }],
        [{ field, read: read?.version ?? '', next: JSON.stringify(next), version, stationId: next.stationId }],
      );
      if (c[0] === 'conflict') return CONFLICT;
      this.heldAttendees.set(a.no, { version, doc: next });
    }, () => `attendee ${a.no}`);
  }

  async attendee(no: number): Promise<ReadonlyAttendee | null> {
    const read = await this.readDoc(this.attendeeField(no));
    return read ? (JSON.parse(read.json) as AttendeeState) : null;
  }

  async station(id: string): Promise<ReadonlyStation | null> {
    if (!this.defs.has(id)) return null;
    return (await this.readSeeded(id))?.doc ?? null;
  }

  /**
   * Every station as Redis has it. The board asks several times a second: a station this process
   * holds at the version Redis has is the held one (the stations a group is on its way with are
   * held at a version Redis does not have yet), so only the others' documents are read and decoded.
   * A held station is handed out as it is, not copied; a group of scans decided later changes it in place.
   */
  async stations(): Promise<ReadonlyStation[]> {
    const ids = [...this.defs.keys()];
    const [versionsKey, docsKey] = this.docKeys;
    const versionsRead = () => this.ask(() => this.redis.hmget(versionsKey, ...ids.map((id) => this.stationField(id))));
    let versions = await versionsRead();
    // A station without a document: Redis lost its data, or has none of the station yet (`readSeeded`).
    // Seeded, every station has one: the board, asking several times a second, seeds once.
    if (versions.some((v) => v === null)) {
      await this.reseed();
      versions = await versionsRead();
    }
    const current = ids.map((id, i) => {
      const h = this.held.get(id);
      return h && h.version === versions[i] ? h.doc : null;
    });
    const toRead = ids.filter((_, i) => versions[i] !== null && !current[i]);
    const docs = toRead.length > 0 ? await this.ask(() => this.redis.hmget(docsKey, ...toRead.map((id) => this.stationField(id)))) : [];
    const read = new Map(toRead.map((id, j) => [id, docs[j]]));
    return ids.flatMap((id, i) => {
      const json = read.get(id);
      return current[i] ? [current[i]] : json ? [this.stationDoc(id, json)] : [];
    });
  }

  /** Reads every attendee's document: for the totals, a few times a minute, not per scan. */
  async onSite(): Promise<number> {
    const [, docsKey] = this.docKeys;
    let n = 0;
    let cursor = '0';
    do {
      const [next, pairs] = await this.redis.hscan(docsKey, cursor, 'MATCH', 'a:*', 'COUNT', 1000);
      for (let i = 1; i < pairs.length; i += 2) if (isOnSite(JSON.parse(pairs[i]) as AttendeeState)) n++;
      cursor = next;
    } while (cursor !== '0');
    return n;
  }

  async settle(now: number): Promise<void> {
    // While Redis is away there is nothing to settle; the first settle after catches up.
    if (!this.available) return;
    const changed: string[] = [];
    for (const id of this.defs.keys()) {
      if (await this.inTurn(id, () => this.settleStation(id, now))) changed.push(id);
    }
    if (changed.length > 0) this.emit(changed);
  }

  private async settleStation(id: string, now: number): Promise<boolean> {
    const read = await this.readStation(id);
    if (!read) return false;
    const r = advance(read.doc, now, this.rules);
    if (r.station.version === read.doc.version) return false;
    // Another process settling or scanning at the same moment wins; the next settle catches up.
    const entry: StreamEntry = { kind: 'settle', at: now, effects: r.effects };
    const version = this.newVersion();
    const c = await this.commit(
      [{ key: `${this.prefix}settle:${id}:${read.version}`, answer: '1', entry }],
      [{ field: this.stationField(id), read: read.version, next: encodeStation(r.station, Date.now()), version }],
    );
    if (c[0] === 'ok') this.hold(r.station, version);
    return c[0] === 'ok';
  }

  onChange(listener: (ids: string[]) => void): void {
    this.listeners.push(listener);
  }

  onCommit(listener: (seconds: number) => void): void {
    this.commitListeners.push(listener);
  }

  private emit(ids: string[]): void {
    for (const l of this.listeners) l(ids);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probe) clearTimeout(this.probe);
    await closeRedis(this.redis);
  }
}
