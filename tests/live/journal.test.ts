import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { connect, writeTransaction } from '../../server/db/connection.ts';
import { Journal } from '../../server/db/journal.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';

const answer = { outcome: 'entered', station: { id: 'tmk', occupancy: 1, capacity: 10, queue: 0 } } as const;
const scanEntry = (id: string, at: number, effects: LogEntry['effects']): LogEntry => ({
  kind: 'scan',
  id,
  kioskId: 'k',
  stationId: 'tmk',
  badgeNo: 1001,
  badgeSerial: 's',
  at,
  clientAt: null,
  answer,
  effects,
});

describe('journal', () => {
  it('keeps a visit for each attendee a departure lets in together, each kept under its action, and one a scan began under that scan', () => {
    const { sqlite } = openDatabase(':memory:');
    const journal = new Journal(sqlite);
    const departure = (id: string, at: number, nos: number[]): LogEntry => ({
      kind: 'action', id, stationId: 'museum', at, action: 'session_start', value: null,
      effects: nos.map((no) => ({ type: 'visit_started' as const, no, stationId: 'museum', at })),
    });
    const batch = [departure('d1', 1000, [1001, 1002]), departure('d2', 2000, [1003]), scanEntry('a', 3000, [{ type: 'visit_started', no: 1004, stationId: 'tmk', at: 3000 }])];
    journal.write(batch);
    journal.write(batch);
    const visits = sqlite.prepare('SELECT badge_no AS no, station_id AS station, in_at AS at, scan_id AS source FROM visits ORDER BY badge_no').all() as Array<{ no: number; station: string; at: number; source: string }>;
    expect(visits.map(({ no, station, at }) => [no, station, at])).toEqual([[1001, 'museum', 1000], [1002, 'museum', 1000], [1003, 'museum', 2000], [1004, 'tmk', 3000]]);
    expect(new Set(visits.map((v) => v.source)).size).toBe(4);
    expect(visits[3].source).toBe('a');
  });

  it('writes a batch delivered twice (an archiver crash before acknowledging) without changing anything', () => {
    const { sqlite } = openDatabase(':memory:');
    const journal = new Journal(sqlite);
    const batch: LogEntry[] = [
      scanEntry('a', 1000, [{ type: 'visit_started', no: 1001, stationId: 'tmk', at: 1000 }]),
      scanEntry('b', 2000, [{ type: 'visit_ended', no: 1001, stationId: 'tmk', at: 2000, reason: 'scan' }]),
      scanEntry('c', 3000, [{ type: 'visit_started', no: 1001, stationId: 'tmk', at: 3000 }]),
    ];
    journal.write(batch);
    journal.write(batch);
    expect(sqlite.prepare('SELECT in_at, out_at FROM visits ORDER BY in_at').all()).toEqual([
      { in_at: 1000, out_at: 2000 },
      { in_at: 3000, out_at: null },
    ]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM scans').get()).toEqual({ n: 3 });
  });

  it('commits the entries of one event-loop turn together and resolves each once durable', async () => {
    const { sqlite } = openDatabase(':memory:');
    const journal = new Journal(sqlite);
    const pending = Array.from({ length: 50 }, (_, i) => journal.append(scanEntry(`s${i}`, i, [])));
    expect(sqlite.prepare('SELECT count(*) AS n FROM scans').get()).toEqual({ n: 0 });
    await Promise.all(pending);
    expect(sqlite.prepare('SELECT count(*) AS n FROM scans').get()).toEqual({ n: 50 });
  });

  it('gives an event the ids of its own scans only, however many other events the file holds', async () => {
    const { sqlite } = openDatabase(':memory:');
    const spring = new Journal(sqlite, 'spring');
    const autumn = new Journal(sqlite, 'autumn');
    spring.write([scanEntry('s1', 1000, []), scanEntry('s2', 2000, [])]);
    autumn.write([scanEntry('a1', 1500, []), scanEntry('a2', 2500, []), scanEntry('a3', 3500, [])]);
    const start = { scan: { at: 0, seq: 0 }, action: { at: 0, seq: 0 }, scans: 0, actions: 0 };
    expect((await autumn.readAfter(start, 'ids')).answers.map(([id]) => id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect((await spring.readAfter(start, 'ids')).answers).toEqual([
      ['s1', null],
      ['s2', null],
    ]);
  });
});

describe('write transactions on a file other threads write too', () => {
  it('take the write lock first, so a commit elsewhere cannot slip between their read and their write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kezek-tx-'));
    try {
      const file = join(dir, 'event.sqlite');
      const { sqlite } = openDatabase(file);
      // Another writer on the same file (the archiver, in Redis mode), not waiting for locks.
      const other = connect(file);
      other.pragma('busy_timeout = 0');
      const insert = (db: typeof sqlite, station: string) =>
        db.prepare('INSERT INTO station_actions (id, station_id, at, action, value) VALUES (?, ?, ?, ?, ?)').run(randomUUID(), station, 1, 'status', 'open');
      const codeOf = (f: () => unknown) => {
        try {
          f();
          return 'ok';
        } catch (err) {
          return (err as { code: string }).code;
        }
      };
      let otherWrite: string | null = null;
      const readThenWrite = () => {
        sqlite.prepare('SELECT count(*) FROM station_actions').get();
        otherWrite = codeOf(() => insert(other, 'tmk'));
        insert(sqlite, 'umz');
      };
      // Deferred (SQLite's default): the other writer commits in between, and this write is refused.
      expect(codeOf(() => sqlite.transaction(readThenWrite)())).toBe('SQLITE_BUSY_SNAPSHOT');
      expect(otherWrite).toBe('ok');
      // writeTransaction: the other writer has to wait its turn (here it gives up at once), and this one commits.
      expect(codeOf(() => writeTransaction(sqlite, readThenWrite)())).toBe('ok');
      expect(otherWrite).toBe('SQLITE_BUSY');
      other.close();
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
