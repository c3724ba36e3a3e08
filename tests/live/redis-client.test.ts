// The live store's Redis client as it is made and closed (real Redis; no keys written).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { closeRedis, COMMAND_TIMEOUT_MS, redisClient } from '../../server/live/redis-client.ts';
import { REDIS_URL } from '../support/app.ts';

const logged: string[] = [];
const logs: object[] = [];
const log = {
  error: (o: object, msg?: string) => {
    logs.push(o);
    logged.push(msg ?? '');
  },
};

describe('Redis client', () => {
  it('fails fast for the live store: no retries, no resending, a command timeout, no offline queue once connected', async () => {
    const redis = redisClient(REDIS_URL, log);
    expect(redis.options).toMatchObject({ maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS, autoResendUnfulfilledCommands: false });
    expect(redis.options.enableOfflineQueue).toBe(true);
    await redis.ping();
    expect(redis.options.enableOfflineQueue).toBe(false);
    expect([typeof redis.kzRead, typeof redis.kzCommit, typeof redis.kzSeed, typeof redis.kzHoldLock]).toEqual(['function', 'function', 'function', 'function']);
    await closeRedis(redis);
    await expect.poll(() => redis.status, { timeout: 1000 }).toBe('end');
  });

  it('waits for the archiver: retries, no command timeout, its offline queue kept', async () => {
    const redis = redisClient(REDIS_URL, log, { failFast: false });
    expect(redis.options).toMatchObject({ maxRetriesPerRequest: 3, autoResendUnfulfilledCommands: true });
    expect(redis.options.commandTimeout).toBeUndefined();
    await redis.ping();
    expect(redis.options.enableOfflineQueue).toBe(true);
    await closeRedis(redis);
  });

  it('closes a connected client politely: a reply still on its way arrives whole', async () => {
    const redis = redisClient(REDIS_URL, log, { failFast: false });
    const key = `kezek-test-${randomUUID()}`;
    // A reply larger than the sockets' buffers: dropping the connection would cut it off.
    const big = 'x'.repeat(32 * 1024 * 1024);
    await redis.set(key, big, 'EX', 60);
    const reply = redis.get(key);
    await closeRedis(redis);
    expect((await reply)?.length).toBe(big.length);
    const admin = redisClient(REDIS_URL, log);
    await admin.del(key);
    await closeRedis(admin);
  });

  it('logs its errors, and closes at once when Redis cannot be reached', async () => {
    logged.length = 0;
    const redis = redisClient('redis://127.0.0.1:1', log);
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(logged[0]).toBe('redis error');
    expect(logs[0]).toMatchObject({ err: expect.any(Error) });
    const started = Date.now();
    await closeRedis(redis);
    expect(Date.now() - started).toBeLessThan(100);
    // It tries no more.
    const errors = logged.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(logged.length).toBe(errors);
  });
});
