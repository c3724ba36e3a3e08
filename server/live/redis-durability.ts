import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { ConfigError } from '../config.ts';

/** What a Redis crash does to acknowledged scans: `durable` none lost, `volatile` stated on purpose, `unchecked` Redis would not say. */
export type Durability = 'durable' | 'volatile' | 'unchecked';

/** How to make Redis keep what it acknowledges, or say on purpose that it need not. */
const FIX =
  'run Redis with appendonly yes and appendfsync always (redis-server --appendonly yes --appendfsync always), or set REDIS_DURABILITY=volatile to accept that loss';

/**
 * Reads Redis's persistence settings. A scan is acknowledged once Redis has it, so Redis must
 * write every command to its append-only file and fsync it before answering (`appendonly yes`,
 * `appendfsync always`: one fsync per group commit, not per scan); otherwise a crash of Redis
 * or of its machine loses the scans answered last (up to a second with `everysec`, everything
 * since the last snapshot without AOF). Throws a ConfigError saying so unless the operator set
 * REDIS_DURABILITY=volatile. Where CONFIG is disabled (managed services), it warns and goes on.
 */
export async function checkDurability(redis: Pick<Redis, 'config'>, stated: 'aof' | 'volatile', log: Pick<FastifyBaseLogger, 'warn'>): Promise<Durability> {
  if (stated === 'volatile') return 'volatile';
  let settings: Record<string, string>;
  try {
    settings = toRecord((await redis.config('GET', 'append*')) as string[]);
  } catch (err) {
    if (!isRefused(err)) throw err;
    log.warn({ err }, `Redis does not let its persistence settings be read (CONFIG is disabled): make sure it runs with appendonly yes and appendfsync always, or a Redis crash loses the scans it acknowledged last`);
    return 'unchecked';
  }
  if (settings.appendonly !== 'yes') {
    throw new ConfigError(`Redis (REDIS_URL) keeps no append-only file (appendonly ${settings.appendonly ?? 'unknown'}): a Redis crash would lose the scans it acknowledged last; ${FIX}`);
  }
  if (settings.appendfsync !== 'always') {
    throw new ConfigError(`Redis (REDIS_URL) syncs its append-only file only with appendfsync ${settings.appendfsync ?? 'unknown'}: a crash of its machine would lose the scans it acknowledged last; ${FIX}`);
  }
  return 'durable';
}

function toRecord(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) out[pairs[i]] = pairs[i + 1];
  return out;
}

/** CONFIG renamed away, not allowed for this user, or unknown to a Redis-like service. */
function isRefused(err: unknown): boolean {
  return err instanceof Error && /unknown command|NOPERM|no permissions|disabled|not allowed/i.test(err.message);
}
