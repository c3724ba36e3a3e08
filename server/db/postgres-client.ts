import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PG_MIGRATIONS_DIR } from '../paths.ts';
import { DatabaseUnavailable, whileCheckedOut } from './postgres-connection.ts';
import { knowPostgresErrors } from './storage-failure.ts';

export { DatabaseUnavailable, inTransaction, withoutPassword } from './postgres-connection.ts';

const migrationsFolder = PG_MIGRATIONS_DIR;

knowPostgresErrors(pg.DatabaseError);

/** Any number below 2^31 naming the migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 70_535_001;

/** PostgreSQL's bigint (int8) read as a JavaScript number: times in milliseconds and serials stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** What the pool reports to log. */
export interface PoolLog {
  error(obj: object, msg: string): void;
}

/**
 * Opens a pool of connections to the event's PostgreSQL database and applies every migration in
 * `drizzle/pg` (one server at a time, under an advisory lock: servers may start together).
 * Throws `DatabaseUnavailable` when the database does not answer.
 */
export async function openPostgres(url: string, log: PoolLog, max = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, types, max, connectionTimeoutMillis: 5_000 });
  // A connection that breaks while idle is dropped by the pool; without a listener it would end the process.
  pool.on('error', (err) => log.error({ err }, 'a PostgreSQL connection failed'));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
    client.on('error', whileCheckedOut);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailable(url, err);
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (err) {
    client.removeListener('error', whileCheckedOut);
    client.release(err as Error);
    await pool.end().catch(() => undefined);
    throw err;
  }
  client.removeListener('error', whileCheckedOut);
  client.release();
  return pool;
}
