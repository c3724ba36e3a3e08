// The archiver in-process, on real Redis under a key prefix of its own, writing into a stand-in for
// the durable log (the server runs it in a thread; this is the same class).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archiver, type ArchiverKeys } from '../../server/live/archiver.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { closeRedis, redisClient, type KezekRedis } from '../../server/live/redis-client.ts';
import { REDIS_URL, deleteRedisKeys } from '../support/app.ts';

const settle = (at: number): LogEntry => ({ kind: 'settle', at, effects: [] });

/** A durable log that keeps what it is given, and fails while `failing` is set. */
function journal() {
  const written: LogEntry[][] = [];
  const j = {
    written,
    failing: false,
    write: async (entries: LogEntry[]) => {
      if (j.failing) throw new Error('disk full');
      written.push(entries);
    },
  };
  return j;
}

describe('archiver', () => {
  let prefix: string;
  let keys: ArchiverKeys;
  let redis: KezekRedis;
  const archivers: Archiver[] = [];
  const clients: KezekRedis[] = [];
  const logged: string[] = [];
  /** What each line logged carried besides its message. */
  const details: object[] = [];
  const log = {
    error: (o: object, msg?: string) => logged.push(`error ${msg}`) && details.push(o),
    warn: (o: object, msg?: string) => logged.push(`warn ${msg}`) && details.push(o),
  };

  beforeEach(() => {
    prefix = `kezek-test-${randomUUID()}`;
    keys = { stream: `${prefix}:log`, lock: `${prefix}:archiver` };
    redis = redisClient(REDIS_URL, log, { failFast: false });
    logged.length = 0;
    details.length = 0;
  });

  afterEach(async () => {
    for (const a of archivers.splice(0)) await a.stop();
    for (const c of clients.splice(0)) await closeRedis(c);
    await closeRedis(redis);
    await deleteRedisKeys(prefix);
  });

  const add = (...entries: LogEntry[]) => redis.xadd(keys.stream, '*', 'g', JSON.stringify(entries));
  const archiver = (j: ReturnType<typeof journal>, onFailing?: (f: boolean) => void) => {
    const client = redisClient(REDIS_URL, log, { failFast: false });
    clients.push(client);
    const a = new Archiver(client, keys, j, log, onFailing);
    archivers.push(a);
    return a;
  };

  it('drains the stream in order into the durable log, in batches of 100 commits, and deletes what it wrote', async () => {
    const j = journal();
    const a = archiver(j);
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    for (let i = 0; i < 230; i++) await add(settle(i), settle(1000 + i));
    expect(await a.drain()).toBe(230);
    expect(j.written.map((w) => w.length)).toEqual([200, 200, 60]);
    expect(j.written.flat().filter((e, i) => i % 2 === 0).map((e) => e.at)).toEqual([...Array(230).keys()]);
    expect(await redis.xlen(keys.stream)).toBe(0);
    expect(await a.drain()).toBe(0);
  });

  it('archives what is committed while it runs, holding the lock so that a second one waits until it lapses', async () => {
    const first = journal();
    const second = journal();
    const a = archiver(first);
    await a.start();
    await new Promise((r) => setTimeout(r, 200));
    await archiver(second).start();
    await add(settle(1));
    await add(settle(2));
    await expect.poll(() => first.written.flat().length, { timeout: 5000 }).toBe(2);
    expect(second.written).toEqual([]);
    expect(await redis.get(keys.lock)).not.toBeNull();
    await a.stop();
    archivers.splice(archivers.indexOf(a), 1);
    // The lock lapsed (its holder died): the second takes over.
    await redis.del(keys.lock);
    await add(settle(3));
    await expect.poll(() => second.written.flat().map((e) => e.at), { timeout: 5000 }).toEqual([3]);
  });

  it('keeps a batch in the stream while the durable log refuses it, says so once, and writes it when it can', async () => {
    const j = journal();
    const told: boolean[] = [];
    const a = archiver(j, (f) => told.push(f));
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    await add(settle(1));
    j.failing = true;
    await expect(a.drain()).rejects.toThrow('disk full');
    await expect(a.drain()).rejects.toThrow('disk full');
    expect(told).toEqual([true]);
    expect(await redis.xlen(keys.stream)).toBe(1);
    j.failing = false;
    expect(await a.drain()).toBe(1);
    expect(told).toEqual([true, false]);
    expect(j.written).toEqual([[settle(1)]]);
    expect(await redis.xlen(keys.stream)).toBe(0);
  });

  it('starts again on a stream whose group is there already, and after Redis lost the stream', async () => {
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    const a = archiver(j);
    await a.start();
    await add(settle(1));
    await expect.poll(() => j.written.flat().length, { timeout: 5000 }).toBe(1);
    // Redis restarted empty: the stream and its group are gone.
    await redis.del(keys.stream);
    await new Promise((r) => setTimeout(r, 700));
    await add(settle(2));
    await expect.poll(() => j.written.flat().map((e) => e.at), { timeout: 5000 }).toEqual([1, 2]);
    expect(logged).toEqual([]);
  });

  it('archives first what a holder that crashed had read but not written', async () => {
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    await add(settle(1));
    await add(settle(2));
    // The crashed holder read both (they stay pending under the group's consumer), wrote neither.
    await redis.xreadgroup('GROUP', 'archive', 'archiver', 'COUNT', 100, 'STREAMS', keys.stream, '>');
    await archiver(j).start();
    await expect.poll(() => j.written.flat().map((e) => e.at), { timeout: 5000 }).toEqual([1, 2]);
    await add(settle(3));
    await expect.poll(() => j.written.flat().map((e) => e.at), { timeout: 5000 }).toEqual([1, 2, 3]);
    await expect.poll(() => redis.xlen(keys.stream), { timeout: 5000 }).toBe(0);
  });

  it('says when a batch failed and tries it again until it is written', async () => {
    const j = journal();
    const told: boolean[] = [];
    j.failing = true;
    await archiver(j, (f) => told.push(f)).start();
    await add(settle(1));
    await expect.poll(() => logged.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(new Set(logged)).toEqual(new Set(['error archiver failed; retrying']));
    expect(details[0]).toEqual({ err: new Error('disk full') });
    expect(told).toEqual([true]);
    j.failing = false;
    await expect.poll(() => j.written, { timeout: 5000 }).toEqual([[settle(1)]]);
    expect(told).toEqual([true, false]);
  });

  it('on stop waits for a lock another process let lapse, then drains; says so when draining fails', async () => {
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    await add(settle(1));
    // Another process held the lock and died: it lapses 600 ms from now.
    await redis.set(keys.lock, 'dead-host:1:x', 'PX', 600);
    const a = archiver(j);
    await a.stop();
    expect(j.written).toEqual([[settle(1)]]);
    expect(await redis.get(keys.lock)).not.toBe('dead-host:1:x');
    // Stopping again with the durable log refusing: the entry stays in Redis, and it is said.
    await add(settle(2));
    j.failing = true;
    await a.stop();
    expect(logged).toEqual(['warn archiver could not drain on shutdown']);
    expect(details).toEqual([{ err: new Error('disk full') }]);
    expect(await redis.xlen(keys.stream)).toBe(1);
  });

  it('on stop gives up waiting for a lock another process still renews, after the lock\'s lapse time', async () => {
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    await add(settle(1));
    await redis.set(keys.lock, 'live-host:1:x', 'PX', 60_000);
    await archiver(j).stop();
    expect(j.written).toEqual([]);
    expect(await redis.xlen(keys.stream)).toBe(1);
  }, 20_000);

  it('refuses to start on a key that is not a stream, and skips an entry deleted while it was pending', async () => {
    await redis.set(keys.stream, 'not a stream');
    await expect(archiver(journal()).start()).rejects.toThrow(/WRONGTYPE/);
    await redis.del(keys.stream);
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    const gone = await add(settle(1));
    await add(settle(2));
    await redis.xreadgroup('GROUP', 'archive', 'archiver', 'COUNT', 100, 'STREAMS', keys.stream, '>');
    await redis.xdel(keys.stream, gone!);
    expect(await archiver(j).drain()).toBe(2);
    expect(j.written).toEqual([[settle(2)]]);
  });

  it('drains what is left when it stops', async () => {
    const j = journal();
    const a = archiver(j);
    await a.start();
    await a.stop();
    archivers.splice(0);
    await add(settle(1));
    await a.stop();
    expect(j.written).toEqual([[settle(1)]]);
  });
  it('on stop archives nothing while Redis fails to say whether it holds the lock', async () => {
    const j = journal();
    await redis.xgroup('CREATE', keys.stream, 'archive', '0', 'MKSTREAM');
    await add(settle(1));
    await redis.set(keys.lock, 'live-host:1:x', 'PX', 60_000);
    const client = redisClient(REDIS_URL, log, { failFast: false });
    clients.push(client);
    client.kzHoldLock = () => Promise.reject(new Error('LOADING Redis is loading the dataset in memory'));
    await new Archiver(client, keys, j, log).stop();
    expect(j.written).toEqual([]);
    expect(logged).toEqual([]);
    expect(await redis.xlen(keys.stream)).toBe(1);
  }, 20_000);

  it('logs no failure for a batch that fails because it is stopping, and drains the batch on stop', async () => {
    const written: LogEntry[][] = [];
    let calls = 0;
    let refuse: ((err: Error) => void) | null = null;
    const j = {
      write: (entries: LogEntry[]): Promise<void> => {
        if (calls++ === 0) return new Promise<void>((_, reject) => (refuse = reject));
        written.push(entries);
        return Promise.resolve();
      },
    };
    const client = redisClient(REDIS_URL, log, { failFast: false });
    clients.push(client);
    const a = new Archiver(client, keys, j, log);
    await a.start();
    await add(settle(1));
    await expect.poll(() => refuse !== null, { timeout: 5000 }).toBe(true);
    const stopping = a.stop();
    refuse!(new Error('the database is closing'));
    await stopping;
    expect(logged).toEqual([]);
    expect(written).toEqual([[settle(1)]]);
  });
});
