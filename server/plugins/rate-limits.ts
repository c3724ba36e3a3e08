import fp from 'fastify-plugin';
import rateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { isTypedScan, type ScanRequest } from '../../shared/scan.ts';
import { redisTargetOf, type Limits } from '../config.ts';
import { ApiFailure } from './errors.ts';

/** The limits a route can declare with `config.limit` (README "Security"); typed numbers are scans with `badgeNo`. */
export type LimitName = 'pairing' | 'scans' | 'typed-numbers' | 'attendees';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate limit of the route; routes without one get the anonymous-read limit. */
    limit?: LimitName;
  }
  interface FastifyInstance {
    /** Sign-in throttle: failures per user name and address, and per address. */
    signInLimit: Throttle;
    /** Attendees' PIN sign-in throttle: failures per badge number (from any address), and per address. */
    pinLimit: Throttle;
  }
}

/** Failed attempts counted per name and per address, each refused past its limit with a doubling wait. */
export interface Throttle {
  /** Refuses with 429 while the name or the address is locked; each refused attempt doubles the wait. */
  check(request: FastifyRequest, reply: FastifyReply, name: string): Promise<void>;
  /** Counts a failed attempt. */
  failed(request: FastifyRequest, name: string): Promise<void>;
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
type Counter = Pick<FastifyRateLimitStore, 'incr'> & { read(key: string, cb: Callback, timeWindow: number, max: number): void };

/** The library's Redis store (a Lua counter per key); not in its typings. */
const RedisCounts = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => Counter;

/** Keys kept in this process per limit before the oldest are dropped. */
const MAX_KEYS = 50_000;

/**
 * Counts in this process, as the library's LocalStore does, except that a wait grown by
 * exponential backoff lasts until it ends (LocalStore forgets it one window after it began).
 */
class LocalCounts implements Counter {
  private readonly entries = new Map<string, { count: number; start: number; ttl: number }>();
  constructor(private readonly backoff: boolean) {}

  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    const now = Date.now();
    let e = this.entries.get(key);
    if (!e || e.start + e.ttl <= now) {
      if (!e && this.entries.size >= MAX_KEYS) this.dropOldest(now);
      e = { count: 1, start: now, ttl: timeWindow };
      this.entries.set(key, e);
    } else {
      e.count++;
      if (this.backoff && e.count > max) {
        e.ttl = Math.min(timeWindow * 2 ** (e.count - max - 1), Number.MAX_SAFE_INTEGER);
        e.start = now;
      }
    }
    cb(null, { current: e.count, ttl: e.start + e.ttl - now });
  }

  read(key: string, cb: Callback, _timeWindow?: number, _max?: number): void {
    const now = Date.now();
    const e = this.entries.get(key);
    if (!e || e.start + e.ttl <= now) cb(null, { current: 0, ttl: 0 });
    else cb(null, { current: e.count, ttl: e.start + e.ttl - now });
  }

  /** Drops expired keys, then the oldest, so memory stays bounded however many addresses call. */
  private dropOldest(now: number): void {
    for (const [key, e] of this.entries) if (e.start + e.ttl <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_KEYS * 0.9) break;
      this.entries.delete(key);
    }
  }
}

/** What a limit adds to the library's route options: its name (its keys' namespace) and where it counts. */
interface LimitParams {
  name?: string;
  /** false: counted in this process even with Redis (scans: no extra round trip on the hot path). */
  shared?: boolean;
  exponentialBackoff?: boolean;
}

/**
 * The store given to @fastify/rate-limit: with Redis, counts shared by every process (each limit
 * under `<prefix>:limits:<name>:`), falling back to this process's counts while Redis cannot be
 * reached; without Redis (or for a limit that is not shared), this process's counts.
 */
function storeFor(redis: Redis | null, prefix: string) {
  // One count per limit name, whichever route or check uses it (typed numbers come two ways).
  const locals = new Map<string, LocalCounts>();
  return class LimitStore implements Counter {
    private readonly local: LocalCounts;
    private readonly shared: Counter | null;
    constructor(params: LimitParams) {
      const name = params.name ?? 'reads';
      const local = locals.get(name) ?? new LocalCounts(params.exponentialBackoff ?? false);
      locals.set(name, local);
      this.local = local;
      this.shared = redis && params.shared !== false ? new RedisCounts(false, params.exponentialBackoff ?? false, redis, `${prefix}:limits:${name}:`) : null;
    }
    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      if (!this.shared) return this.local.incr(key, cb, timeWindow, max);
      this.shared.incr(key, (err, result) => (err ? this.local.incr(key, cb, timeWindow, max) : cb(null, result)), timeWindow, max);
    }
    read(key: string, cb: Callback, timeWindow: number, max: number): void {
      if (!this.shared) return this.local.read(key, cb, timeWindow, max);
      this.shared.read(key, (err, result) => (err ? this.local.read(key, cb, timeWindow, max) : cb(null, result)), timeWindow, max);
    }
    child(params: LimitParams): LimitStore {
      return new LimitStore(params);
    }
  };
}

/** The client's address (from X-Forwarded-For only behind a trusted proxy, see TRUST_PROXY). */
function address(request: FastifyRequest): string {
  const ip = request.ip;
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function kioskOf(request: FastifyRequest): string {
  const p = request.principal;
  return p.role === 'kiosk' ? p.kioskId : `${p.role}:${address(request)}`;
}

function staffOf(request: FastifyRequest): string {
  const p = request.principal;
  return p.role === 'organiser' || p.role === 'desk' ? (p.userId ?? 'admin-token') : `${p.role}:${address(request)}`;
}

const MINUTE = 60_000;

/** Options of a limit of its own (the library merges in the global ones: not the reads' allow-list). */
const own = (options: RateLimitOptions & LimitParams) => ({ allowList: undefined, ...options });

/** Each limit's options for @fastify/rate-limit, from the configured counts. */
function limitOptions(limits: Limits): Record<LimitName, RateLimitOptions & LimitParams> {
  return {
    pairing: own({ name: 'pairing', max: limits.pairing, timeWindow: MINUTE, keyGenerator: address }),
    scans: own({ name: 'scans', shared: false, max: limits.scanBurst, timeWindow: Math.ceil((1000 * limits.scanBurst) / limits.scansPerSecond), keyGenerator: kioskOf }),
    'typed-numbers': own({ name: 'typed-numbers', max: limits.typedNumbers, timeWindow: MINUTE, keyGenerator: kioskOf }),
    attendees: own({ name: 'attendees', max: limits.attendees, timeWindow: MINUTE, keyGenerator: staffOf }),
  };
}

/** The typed 429: `{ code: 'rate_limited', message }`, with `Retry-After` set by the library. */
function tooMany(seconds: number): ApiFailure {
  return new ApiFailure(429, 'rate_limited', `Too many requests: try again in ${seconds} s`);
}

/**
 * Rate limits with @fastify/rate-limit (README "Security"): anonymous reads per address on every
 * route that declares no limit of its own; the limits routes declare by name (`config.limit`);
 * and the sign-in throttle. A refusal is 429 with `Retry-After` and `{ code: 'rate_limited' }`.
 */
export default fp(
  async (app) => {
    const { limits, redisPrefix } = app.config;
    const target = redisTargetOf(app.config);
    let redis: Redis | null = null;
    if (target) {
      // Fails at once while Redis is away, and after 250 ms when it stops answering with its connection open
      // (the counts then fall back to this process): a request never waits on Redis for its limit.
      const { connectRedis } = await import('../live/redis-target.js');
      redis = connectRedis(target, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, commandTimeout: 250 });
      redis.on('error', (err) => app.log.warn({ err }, 'rate-limit redis error'));
      await redis.connect().catch((err: unknown) => app.log.warn({ err }, 'rate limits count in this process until Redis answers'));
      app.addHook('onClose', async () => void (await redis!.quit().catch(() => redis!.disconnect())));
    }
    const options = limitOptions(limits);
    // Before the library's own onRoute hook: it reads `config.rateLimit`.
    app.addHook('onRoute', (route) => {
      const name = route.config?.limit;
      if (name) route.config = { ...route.config, rateLimit: options[name] };
      // The global limit counts anonymous reads only: a route that takes no GET or HEAD goes without its hook.
      else if (!readsAnything(route.method)) route.config = { ...route.config, rateLimit: false };
    });
    await app.register(rateLimit, {
      global: true,
      max: limits.reads,
      timeWindow: MINUTE,
      keyGenerator: address,
      // Anonymous reads only: callers with a token or session have limits of their own or none.
      allowList: (request) => request.principal.role !== 'public' || (request.method !== 'GET' && request.method !== 'HEAD'),
      store: storeFor(redis, redisPrefix) as never,
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      errorResponseBuilder: (_request, context) => tooMany(Math.ceil(context.ttl / 1000)),
    });

    // A typed badge number comes as a scan (`{ badgeNo }`): counted as a scan and as a typed number.
    const typedNumbers = app.createRateLimit(options['typed-numbers']);
    // A callback hook: a scan of a QR (nearly every scan) goes on without a promise.
    const typedNumberLimit = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (!isTypedScan(request.body as ScanRequest)) return done();
      typedNumbers(request).then((r) => {
        try {
          if (!r.isAllowed && r.isExceeded) refuse(reply, r.ttlInSeconds);
        } catch (err) {
          return done(err as Error);
        }
        done();
      }, done);
    };
    app.addHook('onRoute', (route) => {
      if (route.config?.limit !== 'scans') return;
      const hooks = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      route.preHandler = [...hooks, typedNumberLimit];
    });

    /** A throttle of failures per name (`keyOf` of the name and the address) and per address. */
    const throttle = (name: string, perNameMax: number, perAddressMax: number, keyOf: (name: string, address: string) => string): Throttle => {
      // The name travels from the route to the key generators on the request.
      const names = new WeakMap<FastifyRequest, string>();
      const backoff = { exponentialBackoff: true, timeWindow: MINUTE };
      const perName = app.createRateLimit(own({ name, ...backoff, max: perNameMax, keyGenerator: (request) => keyOf(names.get(request) ?? '', address(request)) }));
      const perAddress = app.createRateLimit(own({ name: `${name}-address`, ...backoff, max: perAddressMax, keyGenerator: address }));
      return {
        async check(request, reply, key) {
          names.set(request, key);
          for (const limiter of [perName, perAddress]) {
            const now = await limiter(request, { increment: false });
            if (now.isAllowed || now.remaining > 0) continue;
            const after = await limiter(request);
            refuse(reply, after.isAllowed ? 1 : after.ttlInSeconds);
          }
        },
        async failed(request, key) {
          names.set(request, key);
          await Promise.all([perName(request), perAddress(request)]);
        },
      };
    };
    app.decorate('signInLimit', throttle('sign-in', limits.signIn, limits.signInAddress, (username, from) => `${username}|${from}`));
    // Per badge from every address: a guesser moving between addresses still has a few tries per badge.
    app.decorate('pinLimit', throttle('pin', limits.pin, limits.pinAddress, (badgeNo) => badgeNo));
  },
  { name: 'rate-limits', dependencies: ['config', 'errors', 'auth'] },
);

/** Whether a route answers GET or HEAD: the only requests the anonymous-read limit counts. */
function readsAnything(method: string | string[]): boolean {
  return (Array.isArray(method) ? method : [method]).some((m) => m.toUpperCase() === 'GET' || m.toUpperCase() === 'HEAD');
}

/** Answers 429 with Retry-After (thrown: the error handler writes the typed body). */
function refuse(reply: FastifyReply, seconds: number): never {
  reply.header('retry-after', String(Math.max(1, seconds)));
  throw tooMany(Math.max(1, seconds));
}
