// The PostgreSQL schema mirrors SQLite's: a column added to one and not the other is caught here.
import { getTableConfig as pgTable, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTable, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../server/db/schema-pg.ts';
import * as sqliteSchema from '../../server/db/schema.ts';

/** What PostgreSQL has beside SQLite's columns, on purpose (server/db/schema-pg.ts says why). */
const ONLY_POSTGRES: Record<string, string[]> = { scans: ['seq'], station_actions: ['seq'], stations: ['seq'] };
const ONLY_POSTGRES_TABLES = ['event_secrets'];

function tables<T>(schema: Record<string, unknown>, kind: new (...a: never[]) => T, config: (t: T) => { name: string; columns: Array<{ name: string; notNull: boolean }> }) {
  return new Map(
    Object.values(schema)
      .filter((t): t is T => t instanceof kind)
      .map((t) => {
        const c = config(t);
        return [c.name, c.columns.map((col) => `${col.name}${col.notNull ? ' not null' : ''}`).sort()] as const;
      }),
  );
}

describe('PostgreSQL schema', () => {
  it('has every table and column of the SQLite schema, nullable alike', () => {
    const lite = tables(sqliteSchema, SQLiteTable, sqliteTable);
    const pg = tables(pgSchema, PgTable, pgTable);
    expect([...pg.keys()].filter((t) => !ONLY_POSTGRES_TABLES.includes(t)).sort()).toEqual([...lite.keys()].sort());
    for (const [name, columns] of lite) {
      const extra = (ONLY_POSTGRES[name] ?? []).map((c) => `${c} not null`);
      expect(pg.get(name)!.filter((c) => !extra.includes(c)), name).toEqual(columns);
    }
  });
});
