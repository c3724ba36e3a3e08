import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/client.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { Journal } from '../../server/db/journal.ts';
import { SqliteStore } from '../../server/db/sqlite-store.ts';
import { event } from '../live/stores.ts';

export type DurableKind = 'sqlite' | 'postgres';
export const DURABLE_KINDS: DurableKind[] = ['sqlite'];

/** A visit as the contract compares them. */
export interface VisitRow {
  stationId: string;
  inAt: number;
  outAt: number | null;
  outReason: string | null;
}

export interface DurableUnderTest {
  store: DurableStore;
  /** Every visit, in the order opened (read behind the interface: reports read visits their own way). */
  visits(): Promise<VisitRow[]>;
  close(): Promise<void>;
}

/** A fresh, migrated durable store of the given kind, with the event's stations written in. */
export async function makeDurable(kind: DurableKind): Promise<DurableUnderTest> {
  if (kind !== 'sqlite') throw new Error(`no durable store of kind ${kind}`);
  const dir = mkdtempSync(join(tmpdir(), 'kezek-durable-'));
  const { sqlite } = openDatabase(join(dir, 'event.sqlite'));
  const store = new SqliteStore(sqlite, new Journal(sqlite), dir);
  await store.stations.save(event.stations);
  return {
    store,
    visits: async () =>
      sqlite.prepare('SELECT station_id AS stationId, in_at AS inAt, out_at AS outAt, out_reason AS outReason FROM visits ORDER BY in_at, id').all() as VisitRow[],
    close: async () => {
      await store.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
