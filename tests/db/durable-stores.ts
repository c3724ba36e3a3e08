import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/client.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { Journal } from '../../server/db/journal.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import { openPostgresStore, type PostgresStore } from '../../server/db/postgres-store.ts';
import { event, log } from '../live/stores.ts';
import { testDatabase } from '../support/postgres.ts';

export type DurableKind = 'sqlite' | 'postgres';
export const DURABLE_KINDS: DurableKind[] = ['sqlite', 'postgres'];

/** A visit as the contract compares them. */
export interface VisitRow {
  stationId: string;
  inAt: number;
  outAt: number | null;
  outReason: string | null;
}

export interface DurableUnderTest<S extends DurableStore = DurableStore> {
  store: S;
  /** Every visit, in the order opened (read behind the interface: reports read visits their own way). */
  visits(): Promise<VisitRow[]>;
  /** Makes the scan log's commits fail (its table is renamed away), or work again. */
  breakLog(broken: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A fresh, migrated durable store of the given kind, with the event's stations written in. */
export async function makeDurable(kind: 'postgres'): Promise<DurableUnderTest<PostgresStore>>;
export async function makeDurable(kind: DurableKind): Promise<DurableUnderTest>;
export async function makeDurable(kind: DurableKind): Promise<DurableUnderTest> {
  if (kind === 'postgres') return makePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'kezek-durable-'));
  const { sqlite } = openDatabase(join(dir, 'event.sqlite'));
  const store = sqliteStore(sqlite, new Journal(sqlite), dir);
  await store.stations.save(event.stations);
  return {
    store,
    visits: async () =>
      sqlite.prepare('SELECT station_id AS stationId, in_at AS inAt, out_at AS outAt, out_reason AS outReason FROM visits ORDER BY in_at, id').all() as VisitRow[],
    breakLog: async (broken) => void sqlite.exec(broken ? 'ALTER TABLE scans RENAME TO scans_away' : 'ALTER TABLE scans_away RENAME TO scans'),
    close: async () => {
      await store.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function makePostgres(): Promise<DurableUnderTest<PostgresStore>> {
  const database = await testDatabase();
  const store = await openPostgresStore(database.url, log);
  await store.stations.save(event.stations);
  return {
    store,
    visits: async () =>
      (
        await store.pool.query<VisitRow>(
          'SELECT station_id AS "stationId", in_at AS "inAt", out_at AS "outAt", out_reason AS "outReason" FROM visits ORDER BY in_at, id',
        )
      ).rows,
    breakLog: async (broken) => void (await store.pool.query(broken ? 'ALTER TABLE scans RENAME TO scans_away' : 'ALTER TABLE scans_away RENAME TO scans')),
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
