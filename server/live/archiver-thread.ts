// The archiver thread (server/live/archiver.ts): drains the Redis log stream into the durable store on
// connections of its own, and tells the server what it logs.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../db/client.ts';
import type { DurableLog } from '../db/durable-store.ts';
import { Journal } from '../db/journal.ts';
import { openPostgresStore } from '../db/postgres-store.ts';
import { Archiver, type ArchiverLog, type ArchiverThreadData, type FromArchiver, type ToArchiver } from './archiver.ts';
import { closeRedis, redisClient } from './redis-store.ts';

const port = parentPort!;
const data = (workerData as { data: ArchiverThreadData }).data;
const send = (m: FromArchiver) => port.postMessage(m);
const report =
  (level: 'error' | 'warn') =>
  (obj: object, msg?: string): void =>
    send({ type: 'log', level, msg: msg ?? '', err: String((obj as { err?: unknown }).err ?? obj) });
const log: ArchiverLog = { error: report('error'), warn: report('warn') };

/**
 * Answers come first: this thread runs 10 nice levels below the server's. When the machine is
 * busy, archiving gets what answering leaves, and catches up as soon as there is room (the log
 * waits in the Redis stream meanwhile, durable). Linux sets a priority per thread, which is named
 * by its id; elsewhere the thread keeps the server's priority.
 */
function yieldToAnswers(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, Math.min(19, getPriority(tid) + 10));
  } catch {
    // Not Linux: the same priority as the server.
  }
}

/** The log the archiver writes into, on connections of this thread: PostgreSQL's with DATABASE_URL, else SQLite's. */
async function openLog(): Promise<{ log: Pick<DurableLog, 'write'>; close(): Promise<void> }> {
  if (data.databaseUrl) {
    const store = await openPostgresStore(data.databaseUrl, log, 2);
    return { log: store.log, close: () => store.close() };
  }
  const sqlite = connect(data.file);
  return { log: new Journal(sqlite), close: async () => void sqlite.close() };
}

yieldToAnswers();
const durable = await openLog();
const redis = redisClient(data.redis, log, { failFast: false });
const archiver = new Archiver(redis, data.keys, durable.log, log, (failing) => send({ type: 'failing', failing }));

port.on('message', (m: ToArchiver) => {
  if (m.type === 'drain') {
    archiver.drain().then(
      (n) => send({ type: 'drained', id: m.id, n }),
      (err: unknown) => send({ type: 'drained', id: m.id, n: 0, error: String(err) }),
    );
    return;
  }
  void (async () => {
    await archiver.stop();
    await closeRedis(redis);
    await durable.close();
    send({ type: 'stopped' });
    port.close();
  })();
});

await archiver.start();
send({ type: 'ready' });
