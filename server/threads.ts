import { Worker } from 'node:worker_threads';
import { COMPILED, threadModule } from './paths.ts';

/**
 * Starts a worker thread on a module of the server, named by its TypeScript source; `data` reaches
 * it as `workerData.data`. From source, the thread loads it through tsx (server/ts-thread.mjs);
 * compiled, it runs the `.js` beside the caller with no loader.
 */
export function startThread(entry: URL, data: unknown): Worker {
  const module = threadModule(entry);
  if (COMPILED) return new Worker(module, { workerData: { entry: module.href, data } });
  return new Worker(new URL('./ts-thread.mjs', import.meta.url), { execArgv: [], workerData: { entry: module.href, data } });
}
