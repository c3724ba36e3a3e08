// What of PostgreSQL the rest of the server uses without loading node-postgres (pg and its
// dependencies load only when DATABASE_URL is set: server/db/postgres-client.ts opens the pool).
import type pg from 'pg';

/** A PostgreSQL URL with its password left out, for messages and logs. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@');
}

/**
 * PostgreSQL (DATABASE_URL) cannot be reached at start: the server says so in one line naming
 * the setting (server/main.ts), with the URL's password left out.
 */
export class DatabaseUnavailable extends Error {
  readonly code = 'database_unavailable';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`PostgreSQL at ${withoutPassword(url)} (DATABASE_URL) cannot be reached: ${(cause as Error).message}`, { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/**
 * A checked-out connection that breaks emits `error` besides failing its query; without a listener
 * that would end the process. The failed query (or the next) says what happened.
 */
export const whileCheckedOut = (): void => undefined;

/** Runs `fn` in a transaction on one connection of the pool; a connection that failed is not reused. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on('error', whileCheckedOut);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.removeListener('error', whileCheckedOut);
    client.release();
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.removeListener('error', whileCheckedOut);
    client.release(err as Error);
    throw err;
  }
}
