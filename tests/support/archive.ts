import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { testDatabase, type TestDatabase } from './postgres.ts';

/** The durable store a fault test runs on: the SQLite file in DATA_DIR, or a PostgreSQL database of the test's own. */
export type DurableKind = 'sqlite' | 'postgres';
export const DURABLE_KINDS: DurableKind[] = ['sqlite', 'postgres'];

/** What the durable log holds at the entrance, as the fault tests check it. */
export interface ArchivedCounts {
  /** Scans answered `entered`, and how many people they were. */
  entered: { n: number; people: number };
  /** Scans with any other outcome. */
  other: number;
  /** Visits at the entrance not closed. */
  openAtEntrance: number;
}

const ENTERED = "SELECT count(*) AS n, count(DISTINCT badge_no) AS people FROM scans WHERE outcome = 'entered'";
const OTHER = "SELECT count(*) AS n FROM scans WHERE outcome <> 'entered'";
const OPEN = "SELECT count(*) AS n FROM visits WHERE station_id = 'entrance' AND out_at IS NULL";

/** A durable store for one test: the environment that selects it, the counts in it, and its removal. */
export interface TestDurable {
  kind: DurableKind;
  /** DATABASE_URL for PostgreSQL; nothing for SQLite. */
  env: Record<string, string>;
  counts(): Promise<ArchivedCounts>;
  drop(): Promise<void>;
}

/** SQLite in `dataDir` (the bundled event's file), or a fresh PostgreSQL database. */
export async function testDurable(kind: DurableKind, dataDir: string): Promise<TestDurable> {
  if (kind === 'sqlite') {
    return {
      kind,
      env: {},
      counts: async () => {
        const db = new Database(join(dataDir, 'my-profession-my-pride.sqlite'), { readonly: true });
        try {
          const one = (sql: string) => db.prepare(sql).get() as { n: number; people?: number };
          return { entered: one(ENTERED) as { n: number; people: number }, other: one(OTHER).n, openAtEntrance: one(OPEN).n };
        } finally {
          db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const database: TestDatabase = await testDatabase();
  return {
    kind,
    env: { DATABASE_URL: database.url },
    counts: async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const one = async (sql: string) => {
          const row = (await client.query(sql)).rows[0] as Record<string, string>;
          return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as { n: number; people?: number };
        };
        return { entered: (await one(ENTERED)) as { n: number; people: number }, other: (await one(OTHER)).n, openAtEntrance: (await one(OPEN)).n };
      } finally {
        await client.end();
      }
    },
    drop: () => database.drop(),
  };
}
