// The snapshot thread (server/live/snapshot-taker.ts): takes one snapshot of the live state on a
// connection of its own to the durable log, so that replaying the log written since the last one
// (0.1–0.3 s a minute at 1,000 scans/s) never holds up the thread that answers scans; then ends.
import { parentPort, workerData } from 'node:worker_threads';
import { openThreadLog, yieldToAnswers } from '../db/thread-log.ts';
import { LiveSnapshots } from './snapshot.ts';
import type { FromSnapshots, SnapshotThreadData } from './snapshot-taker.ts';

const port = parentPort!;
const data = (workerData as { data: SnapshotThreadData }).data;
const send = (m: FromSnapshots) => port.postMessage(m);
const report = (obj: object, msg: string) => send({ type: 'log', msg, details: JSON.parse(JSON.stringify(obj, (_, v: unknown) => (v instanceof Error ? String(v) : v))) as Record<string, unknown> });

yieldToAnswers();
const durable = await openThreadLog(data, { error: report }, data.eventId);
try {
  await new LiveSnapshots(durable.log, data.event, report).take();
  send({ type: 'taken' });
} catch (err) {
  send({ type: 'taken', error: String(err) });
} finally {
  await durable.close();
  port.close();
}
