import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { openDatabase, type Db } from '../../server/db/client.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { Journal } from '../../server/db/journal.ts';
import { openPostgresStore } from '../../server/db/postgres-store.ts';
import { sqliteStore, type SqliteStore } from '../../server/db/sqlite-store.ts';
import type { DurableKind } from '../db/durable-stores.ts';
import { log } from '../live/stores.ts';
import { testDatabase } from '../support/postgres.ts';
import { attendees, scans, stationActions, stations, visits } from '../../server/db/schema.ts';
import type { DepartureRecord } from '../../server/flow/tour.ts';
import type { EventDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';

// A small day at the fair, written out by hand so every report figure can be worked out on paper
// (the answers are in known-day.test.ts). Local time is UTC+5; `t(9, 30)` is 09:30 local.

export const OFFSET = 300;
export const MIN = 60_000;
/** 2026-12-05 hh:mm:ss local (UTC+5) as ms UTC. */
export const t = (h: number, m: number, s = 0): number => Date.UTC(2026, 11, 5, h - 5, m, s);

const event = JSON.parse(
  readFileSync(new URL('../../server/event/my-profession-my-pride.json', import.meta.url), 'utf8'),
) as EventDef;

export interface Person {
  no: number;
  firstName: string;
  lastName: string;
  category: string;
  institution: string;
  grade: string;
  phone: string | null;
  email: string | null;
  language: string;
  consent: boolean;
}

export const PEOPLE: Person[] = [
  { no: 1, firstName: 'Айгерім', lastName: 'Серікова', category: 'school', institution: 'Школа-лицей №1', grade: '11', phone: '+77011112233', email: 'aigerim@example.kz', language: 'kk', consent: true },
  { no: 2, firstName: 'Иван', lastName: 'Петров', category: 'college', institution: 'ВКТК', grade: '2', phone: '+77012223344', email: 'ivan@example.kz', language: 'ru', consent: false },
  { no: 3, firstName: 'Dana', lastName: 'O"Neil, Jr', category: 'university', institution: 'ВКТУ', grade: '2', phone: null, email: 'dana@example.com', language: 'en', consent: true },
  { no: 4, firstName: 'Ерлан', lastName: 'Ахметов', category: 'university', institution: 'ВКТУ', grade: '3', phone: '+77013334455', email: null, language: 'kk', consent: false },
  { no: 5, firstName: 'Мария', lastName: 'Ким', category: 'school', institution: 'Школа-лицей №1', grade: '11', phone: null, email: 'maria@example.kz', language: 'ru', consent: true },
  { no: 6, firstName: 'Гость', lastName: '', category: 'other', institution: '', grade: '', phone: '+77014445566', email: null, language: 'ru', consent: false },
  { no: 7, firstName: 'Асель', lastName: 'Нурланова', category: 'college', institution: 'ВКТК', grade: '1', phone: '+77015556677', email: null, language: 'kk', consent: true },
  { no: 8, firstName: 'Нұрлан', lastName: 'Беков', category: 'school', institution: 'Гимназия №2', grade: '11', phone: '+77075556677', email: null, language: 'kk', consent: true },
  { no: 9, firstName: 'Ольга', lastName: 'Смирнова', category: 'university', institution: 'ВКТУ', grade: '4', phone: '+77016667788', email: 'olga@example.kz', language: 'ru', consent: true },
];

type Outcome = ScanAnswer['outcome'];
interface ScanExtra {
  reason?: NonNullable<ScanAnswer['reason']>;
  queuePosition?: number;
  reread?: boolean;
  leftQueue?: boolean;
  leftStation?: string;
}

/** Writes a day into a database: stations, people, scans with their answers, visits. */
export class DayWriter {
  private n = 0;
  constructor(readonly db: Db) {}

  stations(overrides: Record<string, { capacity?: number }> = {}): this {
    for (const s of event.stations) {
      this.db
        .insert(stations)
        .values({
          id: s.id,
          nameKk: s.name.kk,
          nameRu: s.name.ru,
          nameEn: s.name.en,
          group: s.group,
          host: s.host,
          capacity: overrides[s.id]?.capacity ?? s.capacity,
          mode: s.mode,
          sessionMinutes: s.sessionMinutes,
          maxStayMinutes: s.maxStayMinutes,
        })
        .run();
    }
    return this;
  }

  people(list: readonly Person[]): this {
    for (const p of list) {
      this.db
        .insert(attendees)
        .values({
          id: `a${p.no}`,
          badgeNo: p.no,
          firstName: p.firstName,
          lastName: p.lastName,
          category: p.category,
          institution: p.institution,
          grade: p.grade,
          phone: p.phone,
          email: p.email,
          language: p.language,
          consent: p.consent,
          createdAt: t(8, 0),
        })
        .run();
    }
    return this;
  }

  /** One scan as the journal stores it; returns its id. */
  scan(stationId: string, badgeNo: number | null, at: number, outcome: Outcome, extra: ScanExtra = {}): string {
    const id = `s-${String(++this.n).padStart(4, '0')}`;
    const answer: ScanAnswer = {
      outcome,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(badgeNo !== null && extra.reason !== 'badge_unknown' && extra.reason !== 'badge_invalid'
        ? { attendee: { firstName: 'x', badgeNo } }
        : {}),
      station: { id: stationId, occupancy: 0, capacity: 10, queue: extra.queuePosition ?? 0 },
      ...(extra.leftStation ? { leftStation: extra.leftStation } : {}),
      ...(extra.leftQueue ? { leftQueue: true } : {}),
      ...(extra.queuePosition ? { queuePosition: extra.queuePosition } : {}),
      ...(extra.reread ? { reread: true } : {}),
    };
    this.db
      .insert(scans)
      .values({
        id,
        kioskId: `k-${stationId}`,
        stationId,
        badgeNo,
        badgeSerial: badgeNo === null ? null : `serial-${badgeNo}`,
        at,
        clientAt: at - 1_000,
        outcome,
        reason: extra.reason ?? null,
        leftStation: extra.leftStation ?? null,
        answer: JSON.stringify(answer),
      })
      .run();
    return id;
  }

  /**
   * A stay with its entering scan, and its leaving scan when it ended by one. Moves, automatic
   * check-outs, session ends and gate exits are written by the scan (or timer) elsewhere.
   */
  visit(
    no: number,
    stationId: string,
    inAt: number,
    outAt: number | null,
    outReason: 'scan' | 'moved' | 'max_stay' | 'session_end' | 'left_site' | null,
    entry: ScanExtra = {},
  ): this {
    const scanId = this.scan(stationId, no, inAt, 'entered', entry);
    this.db.insert(visits).values({ badgeNo: no, stationId, inAt, outAt, outReason, scanId }).run();
    if (outReason === 'scan' && outAt !== null) this.scan(stationId, no, outAt, 'exited');
    return this;
  }

  /**
   * A tour's departure as the guide's start logs it: its action row with the departure's record,
   * and the visits of those who went, begun by the start and ended with the tour after `minutes`.
   */
  departure(stationId: string, at: number, record: DepartureRecord, minutes: number): this {
    this.db.insert(stationActions).values({ id: `a-${String(++this.n).padStart(4, '0')}`, stationId, at, action: 'session_start', value: JSON.stringify(record) }).run();
    for (const no of record.went) {
      this.db.insert(visits).values({ badgeNo: no, stationId, inAt: at, outAt: at + minutes * MIN, outReason: 'session_end', scanId: `action:${at}:${no}` }).run();
    }
    return this;
  }
}

/** The known day in SQLite's durable store, over a fresh migrated in-memory database. */
export function knownDay(): SqliteStore {
  const { sqlite } = knownDayDatabase();
  // Secrets are never asked for here: the folder they would be kept in is only named.
  return sqliteStore(sqlite, new Journal(sqlite), tmpdir());
}

/** What the known day is copied into PostgreSQL from: its tables, rows in the order written. */
const COPIED = ['stations', 'attendees', 'kiosks', 'scans', 'visits', 'station_actions'];

/**
 * The known day (or another day written into `opened`) in a durable store of either kind; `close` drops PostgreSQL's database. The
 * PostgreSQL one is a copy of SQLite's, row by row in the order written (visits get ids of their
 * own, in the same order).
 */
export async function knownDayIn(kind: DurableKind, opened: ReturnType<typeof openDatabase> = knownDayDatabase()): Promise<{ store: DurableStore; close(): Promise<void> }> {
  const { sqlite } = opened;
  if (kind === 'sqlite') {
    const store = sqliteStore(sqlite, new Journal(sqlite), tmpdir());
    return { store, close: async () => void sqlite.close() };
  }
  const database = await testDatabase();
  const store = await openPostgresStore(database.url, log);
  for (const table of COPIED) await copyTable(sqlite, store.pool, table);
  sqlite.close();
  return {
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

async function copyTable(sqlite: Database.Database, pool: pg.Pool, table: string): Promise<void> {
  const columns = (sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id' || table !== 'visits');
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  const rows = sqlite.prepare(`SELECT ${quoted} FROM ${table} ORDER BY rowid`).raw().all() as unknown[][];
  for (const row of rows) {
    // SQLite's 0 and 1 are PostgreSQL's booleans' '0' and '1'.
    await pool.query(`INSERT INTO ${table} (${quoted}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, row);
  }
}

/** The known day, with the better-sqlite3 handle too (for the journal). */
export function knownDayDatabase(): ReturnType<typeof openDatabase> {
  const opened = openDatabase(':memory:');
  const { db } = opened;
  // umz holds two at a time here, so that it queues.
  const day = new DayWriter(db).stations({ umz: { capacity: 2 } }).people(PEOPLE);

  // The gate: arrivals and departures. 6 never came; 8 walked in past the gate.
  day.visit(1, 'entrance', t(9, 0), t(13, 0), 'scan');
  day.visit(2, 'entrance', t(9, 5), t(10, 45), 'scan');
  day.visit(3, 'entrance', t(9, 10), null, null);
  day.visit(9, 'entrance', t(9, 15), null, null);
  day.visit(4, 'entrance', t(9, 20), t(11, 0), 'scan');
  day.visit(5, 'entrance', t(10, 0), null, null);
  day.visit(7, 'entrance', t(10, 30), t(10, 50), 'scan');
  day.scan('entrance', 6, t(18, 0), 'rejected', { reason: 'station_closed' });

  // college-1: 2 before anything else; 8 still inside when the report runs.
  day.visit(2, 'college-1', t(9, 10), t(9, 25), 'scan');
  day.visit(8, 'college-1', t(12, 0), null, null);

  // grant-1: 9 forgot to scan out and was checked out after 30 minutes.
  day.visit(9, 'grant-1', t(9, 20), t(9, 50), 'max_stay');

  // kazzinc: an employer; a re-read, three refused badges, a move to umz, a return visit.
  day.visit(1, 'kazzinc', t(9, 30), t(9, 40), 'scan');
  day.scan('kazzinc', 1, t(9, 30, 2), 'entered', { reread: true });
  day.visit(2, 'kazzinc', t(9, 32), t(10, 2), 'max_stay');
  day.scan('kazzinc', null, t(9, 33), 'rejected', { reason: 'badge_invalid' });
  day.scan('kazzinc', 999, t(9, 34), 'rejected', { reason: 'badge_unknown' });
  day.visit(3, 'kazzinc', t(9, 35), t(9, 50), 'moved');
  day.scan('kazzinc', 4, t(9, 44), 'rejected', { reason: 'badge_revoked' });
  day.visit(4, 'kazzinc', t(9, 45), t(9, 51), 'scan');
  day.visit(1, 'kazzinc', t(11, 0), t(11, 20), 'scan');
  day.visit(8, 'kazzinc', t(11, 10), t(11, 18), 'scan');

  // umz (two places): full at 10:00, three queue, one re-read, one refused for a full queue.
  day.visit(3, 'umz', t(9, 50), t(10, 5), 'scan', { leftStation: 'kazzinc' });
  day.visit(5, 'umz', t(10, 0), t(10, 30), 'max_stay');
  day.scan('umz', 1, t(10, 2), 'queued', { queuePosition: 1 });
  day.scan('umz', 4, t(10, 3), 'queued', { queuePosition: 2 });
  day.scan('umz', 2, t(10, 4), 'queued', { queuePosition: 3 });
  day.scan('umz', 2, t(10, 4, 2), 'queued', { queuePosition: 3, reread: true });
  day.scan('umz', 8, t(10, 4, 30), 'rejected', { reason: 'queue_full' });
  // 3 leaves at 10:05 and 1, called, comes in the same millisecond.
  day.visit(1, 'umz', t(10, 5), t(10, 20), 'scan');
  day.scan('umz', 4, t(10, 10), 'exited', { leftQueue: true });
  // 5's automatic check-out at 10:30 lets 2 in at that very moment; 2 then leaves the site.
  day.visit(2, 'umz', t(10, 30), t(10, 45), 'left_site');
  day.scan('umz', 5, t(11, 20), 'rejected', { reason: 'station_paused' });
  day.scan('umz', 3, t(11, 21), 'rejected', { reason: 'station_paused' });

  // mc-it: 4 stays past the 40-minute limit; a session ends at 11:50 with three inside.
  day.visit(4, 'mc-it', t(10, 12), t(10, 52), 'max_stay');
  day.visit(1, 'mc-it', t(11, 30), t(11, 50), 'session_end');
  day.visit(3, 'mc-it', t(11, 31), t(11, 50), 'session_end');
  day.visit(5, 'mc-it', t(11, 40), t(11, 50), 'session_end');
  return opened;
}
