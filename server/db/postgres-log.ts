import type pg from 'pg';
import type { ScanAnswer } from '../../shared/scan.ts';
import { visitSource, type LogEntry, type ScanEntry } from '../live/log-entry.ts';
import type { AnswersRead, DurableLog, LogContents, LoggedScan, LogPlace, LogPoint, VisitSpan } from './durable-store.ts';
import { inTransaction } from './postgres-connection.ts';
import { StorageFailure } from './storage-failure.ts';

interface Waiting {
  entry: LogEntry;
  undo: (() => void) | undefined;
  done: () => void;
  fail: (e: unknown) => void;
}

/** The scans of a group in one statement: one array per column, unnested into rows in order. */
const INSERT_SCANS = `INSERT INTO scans (event_id, id, kiosk_id, station_id, badge_no, badge_serial, at, client_at, outcome, reason, left_station, answer)
  SELECT $12::text, * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[])
  ON CONFLICT (id) DO NOTHING`;
const INSERT_ACTIONS = `INSERT INTO station_actions (event_id, id, station_id, at, action, value)
  SELECT $6::text, * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[]) ON CONFLICT (id) DO NOTHING`;
const OPEN_VISITS = `INSERT INTO visits (event_id, badge_no, station_id, in_at, scan_id)
  SELECT $5::text, * FROM unnest($1::integer[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT (scan_id, station_id) DO NOTHING`;
/** As SQLite's CLOSE_VISIT (server/db/log-writer.ts): an entry written again closes no later visit. */
const CLOSE_VISITS = `UPDATE visits v SET out_at = c.at, out_reason = c.reason
  FROM unnest($1::integer[], $2::text[], $3::bigint[], $4::text[]) AS c(no, station_id, at, reason)
  WHERE v.badge_no = c.no AND v.station_id = c.station_id AND v.out_at IS NULL AND v.in_at <= c.at AND v.event_id = $5`;

/** Rows as columns, for the unnest statements above. */
function columns(rows: unknown[][], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let i = 0; i < width; i++) out[i].push(row[i]);
  return out;
}

/** The columns of a group's scans, for INSERT_SCANS. */
function scanColumns(scans: ScanEntry[]): unknown[][] {
  return columns(
    scans.map((e) => {
      const a = e.answer;
      return [e.id, e.kioskId, e.stationId, e.badgeNo, e.badgeSerial, e.at, e.clientAt, a.outcome, a.reason ?? null, a.leftStation ?? null, JSON.stringify(a)];
    }),
    11,
  );
}

/** The visits a group opens and closes, in waves: within one, no two touch the same attendee at the same station. */
interface VisitWave {
  open: unknown[][];
  close: unknown[][];
  keys: Set<string>;
}

/**
 * The visit changes of a group of entries, in waves that keep their order where it matters: a
 * visit is opened before it is closed, and of two closes of one visit the first wins. A rush of
 * scans by different attendees is one wave, two statements.
 */
function visitWaves(entries: LogEntry[]): VisitWave[] {
  const waves: VisitWave[] = [];
  let wave: VisitWave | null = null;
  for (const e of entries) {
    for (const f of e.effects) {
      if (f.type !== 'visit_started' && f.type !== 'visit_ended') continue;
      const key = `${f.no} ${f.stationId}`;
      if (!wave || wave.keys.has(key)) waves.push((wave = { open: [], close: [], keys: new Set() }));
      wave.keys.add(key);
      if (f.type === 'visit_started') wave.open.push([f.no, f.stationId, f.at, visitSource(e, f.no)]);
      else wave.close.push([f.no, f.stationId, f.at, f.reason]);
    }
  }
  return waves;
}

/** Writes log entries in the transaction of `client`: the PostgreSQL twin of server/db/log-writer.ts, a few statements for a whole group. */
async function writeEntries(client: pg.PoolClient, entries: LogEntry[], eventId: string): Promise<void> {
  const scans = entries.filter((e): e is ScanEntry => e.kind === 'scan');
  if (scans.length > 0) await client.query({ name: 'kz_insert_scans', text: INSERT_SCANS, values: [...scanColumns(scans), eventId] });
  const actions = entries.flatMap((e) => (e.kind === 'action' ? [[e.id, e.stationId, e.at, e.action, e.value]] : []));
  if (actions.length > 0) await client.query({ name: 'kz_insert_actions', text: INSERT_ACTIONS, values: [...columns(actions, 5), eventId] });
  for (const wave of visitWaves(entries)) {
    if (wave.open.length > 0) await client.query({ name: 'kz_open_visits', text: OPEN_VISITS, values: [...columns(wave.open, 4), eventId] });
    if (wave.close.length > 0) await client.query({ name: 'kz_close_visits', text: CLOSE_VISITS, values: [...columns(wave.close, 4), eventId] });
  }
}

/**
 * The durable log in PostgreSQL. As SQLite's journal, the entries appended in one turn of the
 * event loop are committed together; here a commit is a round trip or more, so the groups are
 * committed one after another, and what is appended while one is on its way forms the next.
 * When a group's commit fails, the entries appended after it fail with it (they were decided on
 * top of it): every one's `undo` runs, the last appended first, before any hears of it.
 */
export class PostgresLog implements DurableLog {
  private pending: Waiting[] = [];
  private scheduled = false;
  /** Commits and writes, one after another, in the order asked. */
  private turn: Promise<void> = Promise.resolve();
  private lastFailure: StorageFailure | null = null;
  private readonly listeners: Array<(failure: StorageFailure | null) => void> = [];

  /** `eventId`: the event rows are written for (server/db/events.ts). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly eventId = '',
  ) {}

  append(entry: LogEntry, undo?: () => void): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, undo, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.inTurn(() => this.flush()));
      }
    });
  }

  write(entries: LogEntry[]): Promise<void> {
    return this.inTurn(() => inTransaction(this.pool, (c) => writeEntries(c, entries, this.eventId)));
  }

  async answerOf(id: string): Promise<ScanAnswer | null> {
    const r = await this.pool.query<{ answer: string }>({
      name: 'kz_answer_of',
      text: 'SELECT answer FROM scans WHERE id = $1 AND event_id = $2',
      values: [id, this.eventId],
    });
    return r.rows.length === 0 ? null : (JSON.parse(r.rows[0].answer) as ScanAnswer);
  }

  async visitsDuring(from: number, to: number): Promise<VisitSpan[]> {
    const r = await this.pool.query<VisitSpan>(
      'SELECT station_id AS "stationId", in_at AS "inAt", out_at AS "outAt" FROM visits WHERE in_at <= $1 AND (out_at IS NULL OR out_at > $2) AND event_id = $3',
      [to, from, this.eventId],
    );
    return r.rows;
  }

  read(): Promise<LogContents> {
    return this.readLog();
  }

  readAfter(after: LogPlace, answers: AnswersRead, most?: number): Promise<LogContents> {
    return this.readLog(after, answers, most);
  }

  /** The log as SQLite's journal reads it (server/db/journal.ts), `seq` in place of rowid. */
  private async readLog(after?: LogPlace, withAnswers: AnswersRead = 'answers', most = Infinity): Promise<LogContents> {
    const e = this.eventId;
    const scanColumns = 'id, seq, kiosk_id AS "kioskId", station_id AS "stationId", badge_no AS "badgeNo", badge_serial AS "badgeSerial", at, answer';
    const actionColumns = 'id, seq, station_id AS "stationId", at, action, value';
    const count = async (table: string, p: LogPoint) =>
      Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE event_id = $1 AND (at, seq) <= ($2, $3)`, [e, p.at, p.seq])).rows[0].n);
    const limit = Number.isFinite(most) ? ` LIMIT ${Math.floor(most)}` : '';
    const [people, scans, answers, coveredScans, coveredActions] = await Promise.all([
      this.pool.query<LogContents['people'][number]>(
        `SELECT a.badge_no AS no, a.first_name AS "firstName",
           (SELECT serial FROM badges b WHERE b.attendee_id = a.id AND b.revoked_at IS NULL
            ORDER BY b.issued_at DESC LIMIT 1) AS serial
         FROM attendees a WHERE a.event_id = $1`,
        [e],
      ),
      this.pool.query<Omit<LoggedScan, 'answer'> & { answer: string | ScanAnswer }>(
        after
          ? { text: `SELECT ${scanColumns} FROM scans WHERE event_id = $1 AND (at, seq) > ($2, $3) ORDER BY at, seq${limit}`, values: [e, after.scan.at, after.scan.seq] }
          : { text: `SELECT ${scanColumns} FROM scans WHERE event_id = $1 ORDER BY at, seq`, values: [e] },
      ),
      after && withAnswers !== 'none'
        ? this.pool.query<[string, string | null]>(
            typeof withAnswers === 'object'
              ? // Ids in the order of their characters, as SQLite and JavaScript compare them (not the database's collation).
                { text: 'SELECT id, answer FROM scans WHERE event_id = $1 ORDER BY id COLLATE "C" DESC LIMIT $2', values: [e, withAnswers.latest], rowMode: 'array' }
              : { text: `SELECT id, ${withAnswers === 'answers' ? 'answer' : 'NULL'} FROM scans WHERE event_id = $1`, values: [e], rowMode: 'array' },
          )
        : null,
      after ? count('scans', after.scan) : 0,
      after ? count('station_actions', after.action) : 0,
    ]);
    const all: LogContents['answers'] = answers ? answers.rows : [];
    for (const row of scans.rows) {
      if (!after) all.push([row.id, row.answer as string]);
      row.answer = JSON.parse(row.answer as string) as ScanAnswer;
    }
    // Cut short, the scans are followed by the actions up to the last one's time: those after it come with the scans after it.
    const until = scans.rows.length === most ? scans.rows[scans.rows.length - 1].at : Number.MAX_SAFE_INTEGER;
    const actions = await this.pool.query<LogContents['actions'][number]>(
      after
        ? { text: `SELECT ${actionColumns} FROM station_actions WHERE event_id = $1 AND (at, seq) > ($2, $3) AND at <= $4 ORDER BY at, seq`, values: [e, after.action.at, after.action.seq, until] }
        : { text: `SELECT ${actionColumns} FROM station_actions WHERE event_id = $1 ORDER BY at, seq`, values: [e] },
    );
    const contents: LogContents = { people: people.rows, scans: scans.rows as LoggedScan[], actions: actions.rows, answers: all };
    // Transactions of several servers may commit out of seq's order: the rows at or before the place are counted.
    if (after) contents.misplaced = coveredScans !== after.scans || coveredActions !== after.actions;
    return contents;
  }

  async readSnapshot(): Promise<{ format: number; body: string } | null> {
    const r = await this.pool.query<{ format: number; body: string }>('SELECT format, body FROM live_snapshots WHERE event_id = $1', [this.eventId]);
    return r.rows[0] ?? null;
  }

  async writeSnapshot(format: number, body: string, now: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO live_snapshots (event_id, format, taken_at, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO UPDATE SET format = excluded.format, taken_at = excluded.taken_at, body = excluded.body`,
      [this.eventId, format, now, body],
    );
  }

  get failure(): StorageFailure | null {
    return this.lastFailure;
  }

  onChange(listener: (failure: StorageFailure | null) => void): void {
    this.listeners.push(listener);
  }

  /** Waits for what was asked before, commits what waits. */
  async close(): Promise<void> {
    await this.turn;
    if (this.pending.length > 0) await this.inTurn(() => this.flush());
  }

  private inTurn(fn: () => Promise<void>): Promise<void> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await inTransaction(this.pool, (c) => writeEntries(c, batch.map((p) => p.entry), this.eventId));
    } catch (err) {
      const behind = this.pending;
      this.pending = [];
      this.failed(batch.concat(behind), err);
      return;
    }
    if (this.lastFailure) {
      this.lastFailure = null;
      for (const l of this.listeners) l(null);
    }
    for (const p of batch) p.done();
  }

  private failed(entries: Waiting[], err: unknown): void {
    const first = this.lastFailure === null;
    const failure = (this.lastFailure = new StorageFailure(err));
    for (let i = entries.length - 1; i >= 0; i--) entries[i].undo?.();
    if (first) for (const l of this.listeners) l(failure);
    for (const p of entries) p.fail(failure);
  }
}
