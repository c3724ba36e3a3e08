import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the WAL of `file` every `everyMs` from a worker thread. The writing connection
 * must have `wal_autocheckpoint = 0`, or it checkpoints inside scan transactions itself.
 */
export function startCheckpointer(file: string, everyMs = 1000, onError: (message: string) => void = () => {}): { stop(): Promise<void> } {
  const worker = new Worker(new URL('./checkpoint-worker.cjs', import.meta.url), { workerData: { file, everyMs } });
  worker.on('message', (m: string) => onError(m));
  worker.on('error', (err) => onError(String(err)));
  worker.unref();
  let exited = false;
  worker.once('exit', () => (exited = true));
  return {
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
