/**
 * The background scans of `npm run bench -- phones`, in a process of its own so that they do not
 * share the phones' event loop: told `{ base, rate, doors, badges }` over IPC, each attendee moves
 * to another station, `rate` scans a second, until told `stop`. It says `{ ready }` when it starts
 * sending, and at the end how many it sent over how many seconds.
 */
import { performance } from 'node:perf_hooks';
import { newScanId } from '../shared/scan-id.ts';

interface LoadOrder {
  base: string;
  rate: number;
  /** Kiosk authorizations, one per station the load moves between. */
  doors: string[];
  badges: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run({ base, rate, doors, badges }: LoadOrder, stopped: () => boolean): Promise<{ sent: number; seconds: number }> {
  let sent = 0;
  const started = performance.now();
  process.send!({ ready: true });
  const scan = (authorization: string, badge: string) =>
    fetch(`${base}/api/scans`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ id: newScanId(), badge }) })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
  while (!stopped()) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    const batch: Array<Promise<unknown>> = [];
    for (; sent < due; sent++) batch.push(scan(doors[(sent + Math.floor(sent / badges.length)) % doors.length], badges[sent % badges.length]));
    await Promise.race([Promise.all(batch), sleep(20)]);
    await sleep(5);
  }
  return { sent, seconds: (performance.now() - started) / 1000 };
}

let stop = false;
process.on('message', (m: LoadOrder | 'stop') => {
  if (m === 'stop') {
    stop = true;
    return;
  }
  void run(m, () => stop).then((done) => {
    process.send!(done, () => process.exit(0));
  });
});
// The bench ended (or failed) without telling: nothing to send for.
process.on('disconnect', () => process.exit(0));
