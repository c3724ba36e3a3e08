import { Worker, type ResourceLimits } from 'node:worker_threads';
import { COMPILED, threadModule } from './paths.ts';

/**
 * Starts a worker thread on a module of the server, named by its TypeScript source; `data` reaches
 * it as `workerData.data`. From source, the thread loads it through tsx (server/ts-thread.mjs);
 * compiled, it runs the `.js` beside the caller with no loader. V8's flags are the process's, so
 * a thread's heap may grow as the main thread's may (`--max-semi-space-size` of the start script:
 * a young generation of up to 48 MiB) unless `resourceLimits` says otherwise.
 */
export function startThread(entry: URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  const module = threadModule(entry);
  if (COMPILED) return new Worker(module, { workerData: { entry: module.href, data }, resourceLimits });
  return new Worker(new URL('./ts-thread.mjs', import.meta.url), { execArgv: [], workerData: { entry: module.href, data }, resourceLimits });
}
