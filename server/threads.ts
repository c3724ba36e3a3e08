import { Worker } from 'node:worker_threads';

/** Starts a worker thread on a TypeScript module; `data` reaches it as `workerData.data`. */
export function tsThread(entry: URL, data: unknown): Worker {
  return new Worker(new URL('./ts-thread.mjs', import.meta.url), { execArgv: [], workerData: { entry: entry.href, data } });
}
