// What the server's background threads (the archiver, the snapshot taker) share: the durable log
// on connections of their own, and a priority below the thread that answers scans.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { connect } from './connection.ts';
import type { DurableLog } from './durable-store.ts';
import { Journal } from './journal.ts';
import type { PoolLog } from './postgres-client.ts';

/**
 * Answers come first: the calling thread runs 10 nice levels below the server's. When the machine
 * is busy, its work gets what answering leaves and catches up as soon as there is room. Linux sets
 * a priority per thread, which is named by its id; elsewhere the thread keeps the server's priority.
 */
export function yieldToAnswers(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, Math.min(19, getPriority(tid) + 10));
  } catch {
    // Not Linux: the same priority as the server.
  }
}

/** An event's durable log (the current event's when `eventId` is not given) on connections of the calling thread: PostgreSQL's with `databaseUrl`, else the SQLite file's. */
export async function openThreadLog(
  where: { file: string; databaseUrl: string | null },
  log: PoolLog,
  eventId?: string,
): Promise<{ log: DurableLog; close(): Promise<void> }> {
  if (where.databaseUrl) {
    // node-postgres is loaded only with DATABASE_URL.
    const { openPostgresStore } = await import('./postgres-store.js');
    const store = await openPostgresStore(where.databaseUrl, log, 2);
    return { log: eventId ? store.logOf(eventId) : store.log, close: () => store.close() };
  }
  const sqlite = connect(where.file);
  return { log: new Journal(sqlite, eventId), close: async () => void sqlite.close() };
}
