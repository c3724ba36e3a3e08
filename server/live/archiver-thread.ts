// The archiver thread (server/live/archiver.ts): drains the Redis log stream into the durable store on
// connections of its own, and tells the server what it logs.
import { parentPort, workerData } from 'node:worker_threads';
import { openThreadLog, yieldToAnswers } from '../db/thread-log.ts';
import { Archiver, type ArchiverLog, type ArchiverThreadData, type FromArchiver, type ToArchiver } from './archiver.ts';
import { closeRedis, redisClient } from './redis-client.ts';

const port = parentPort!;
const data = (workerData as { data: ArchiverThreadData }).data;
const send = (m: FromArchiver) => port.postMessage(m);
const report =
  (level: 'error' | 'warn') =>
  (obj: object, msg?: string): void =>
    send({ type: 'log', level, msg: msg ?? '', err: String((obj as { err?: unknown }).err ?? obj) });
const log: ArchiverLog = { error: report('error'), warn: report('warn') };

yieldToAnswers();
const durable = await openThreadLog(data, log, data.eventId);
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
