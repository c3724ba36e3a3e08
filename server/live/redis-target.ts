import { Redis, type RedisOptions } from 'ioredis';

/** A Sentinel's address. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/**
 * Where Redis is: REDIS_URL itself, or (REDIS_SENTINELS) the master that the Sentinels name
 * `name`, reached with REDIS_URL's password and database. Plain data: the archiver thread gets it too.
 */
export interface RedisTarget {
  url: string;
  sentinels: SentinelAddress[] | null;
  name: string;
}

/** An ioredis client for the target: through the Sentinels, following the master they name after a failover. */
export function connectRedis(target: RedisTarget | string, options: RedisOptions = {}): Redis {
  if (typeof target === 'string' || !target.sentinels) return new Redis(typeof target === 'string' ? target : target.url, options);
  return new Redis(target.url, { ...options, sentinels: target.sentinels, name: target.name, failoverDetector: true });
}
