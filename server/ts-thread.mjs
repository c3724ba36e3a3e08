// Entry of a worker thread that runs a TypeScript module (`workerData.entry`, a file URL). A
// worker does not inherit the main thread's module hooks, so it registers tsx's itself; the
// thread is started with no Node flags of the main thread's (see `startThread` in server/threads.ts).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
