// Redis's persistence settings as the server reads them at start (tests/faults/redis-durability.test.ts
// starts real Redis servers with each setting; these ask a stand-in, in-process).
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/config.ts';
import { checkDurability } from '../../server/live/redis-durability.ts';

/** A Redis whose CONFIG GET answers with these pairs, or fails with this error. */
function redis(answer: string[] | Error): Pick<Redis, 'config'> & { asked: unknown[][] } {
  const asked: unknown[][] = [];
  const config = (...args: unknown[]) => {
    asked.push(args);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { config: config as Redis['config'], asked };
}

const warnings: Array<{ logged: object; msg: string }> = [];
const log = { warn: (logged: object, msg?: string) => void warnings.push({ logged, msg: msg ?? '' }) };

describe('Redis durability check', () => {
  it('counts Redis durable with an append-only file synced on every write, asking for the append settings only', async () => {
    const r = redis(['appendonly', 'yes', 'appendfilename', 'appendonly.aof', 'appendfsync', 'always']);
    expect(await checkDurability(r, 'aof', log)).toBe('durable');
    expect(r.asked).toEqual([['GET', 'append*']]);
  });

  it('asks nothing when the operator said volatile', async () => {
    const r = redis(['appendonly', 'no']);
    expect(await checkDurability(r, 'volatile', log)).toBe('volatile');
    expect(r.asked).toEqual([]);
  });

  it('refuses no append-only file, or one synced less often, saying which and how to fix it', async () => {
    const none = checkDurability(redis(['appendonly', 'no', 'appendfsync', 'always']), 'aof', log);
    await expect(none).rejects.toThrow(ConfigError);
    await expect(none).rejects.toThrow(/^Redis \(REDIS_URL\) keeps no append-only file \(appendonly no\): .*appendonly yes and appendfsync always.*REDIS_DURABILITY=volatile/);
    await expect(checkDurability(redis(['appendfsync', 'always']), 'aof', log)).rejects.toThrow('(appendonly unknown)');
    const everysec = checkDurability(redis(['appendonly', 'yes', 'appendfsync', 'everysec']), 'aof', log);
    await expect(everysec).rejects.toThrow(ConfigError);
    await expect(everysec).rejects.toThrow(/^Redis \(REDIS_URL\) syncs its append-only file only with appendfsync everysec: .*REDIS_DURABILITY=volatile/);
    await expect(checkDurability(redis(['appendonly', 'yes']), 'aof', log)).rejects.toThrow('appendfsync unknown');
    // A value is never read as a setting's name.
    await expect(checkDurability(redis(['x', 'appendonly', 'yes']), 'aof', log)).rejects.toThrow('(appendonly unknown)');
  });

  it.each([
    'ERR unknown command `CONFIG`',
    'NOPERM this user has no permissions to run the config command',
    'ERR CONFIG is disabled',
    'command not allowed',
  ])('warns and goes on, unchecked, where CONFIG is refused: %s', async (message) => {
    warnings.length = 0;
    const refusal = new Error(message);
    expect(await checkDurability(redis(refusal), 'aof', log)).toBe('unchecked');
    // The operator reads Redis's own words beside the warning: which of the refusals it was.
    expect(warnings).toEqual([{ logged: { err: refusal }, msg: expect.stringContaining('Redis does not let its persistence settings be read (CONFIG is disabled)') }]);
  });

  it('fails with any other error (Redis away)', async () => {
    await expect(checkDurability(redis(new Error('Connection is closed.')), 'aof', log)).rejects.toThrow('Connection is closed.');
  });
});
