// The snapshot thread (server/live/snapshot-taker.ts): takes the periodic snapshot of the live
// state on a connection of its own to the durable log, so that replaying the log written since the
// last one (0.1–0.3 s a minute at 1,000 scans/s) never holds up the thread that answers scans.
import { parentPort, workerData } from 'node:worker_threads';
import { openThreadLog, yieldToAnswers } from '../db/thread-log.ts';
import { LiveSnapshots } from './snapshot.ts';
import type { FromSnapshots, SnapshotThreadData, ToSnapshots } from './snapshot-taker.ts';

const port = parentPort!;
const data = (workerData as { data: SnapshotThreadData }).data;
const send = (m: FromSnapshots) => port.postMessage(m);
const report = (obj: object, msg: string) => send({ type: 'log', msg, details: JSON.parse(JSON.stringify(obj, (_, v: unknown) => (v instanceof Error ? String(v) : v))) as Record<string, unknown> });

yieldToAnswers();
const durable = await openThreadLog(data, { error: report });
const snapshots = new LiveSnapshots(durable.log, data.event, report);

/** The snapshot being taken, if any (finished before the thread stops). */
let taking: Promise<unknown> = Promise.resolve();

port.on('message', (m: ToSnapshots) => {
  if (m.type === 'take') {
    taking = snapshots.take().then(
      () => send({ type: 'taken', id: m.id }),
      (err: unknown) => send({ type: 'taken', id: m.id, error: String(err) }),
    );
    return;
  }
  void (async () => {
    // A snapshot being taken is finished first: the server takes the last one itself once this thread is gone.
    await taking;
    await durable.close();
    send({ type: 'stopped' });
    port.close();
  })();
});

send({ type: 'ready' });
