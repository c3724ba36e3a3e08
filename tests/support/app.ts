import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { BUNDLED_EVENT, loadConfig, loadEvent, type Config } from '../../server/config.ts';
import { ATTENDEE_COOKIE } from '../../shared/me-contract.ts';
import { eventUtcOffset, type EventDef } from '../../shared/event.ts';
import { instantOf } from '../../shared/event-clock.ts';
import { RAISED_LIMITS } from './limits.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const bundled = loadEvent(BUNDLED_EVENT);

/** The instant (ms) of a clock time (`HH:MM`) of the bundled event's day on its own clock (UTC+5), whatever this machine's time zone. */
export function onTheDay(time: string): number {
  return instantOf(bundled.date, time, eventUtcOffset(bundled));
}

/** A temporary data directory, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { RAISED_LIMITS };

/**
 * Configuration for a test app: temp data, fixed admin token, Redis under a fresh key prefix when
 * asked, rate limits raised unless `limits: 'configured'` (then the defaults and `env`). The shared
 * test Redis keeps no append-only file, so tests state REDIS_DURABILITY=volatile unless they set it
 * themselves (tests/faults start a Redis of their own that keeps one).
 */
export function testConfig(dir: string, opts: { redis?: boolean; prefix?: string; env?: Record<string, string>; limits?: 'raised' | 'configured' } = {}): Config {
  return loadConfig({
    DATA_DIR: dir,
    ADMIN_TOKEN,
    REDIS_DURABILITY: 'volatile',
    ...(opts.limits === 'configured' ? {} : RAISED_LIMITS),
    ...(opts.redis ? { REDIS_URL, REDIS_PREFIX: opts.prefix ?? `kezek-test-${randomUUID()}` } : {}),
    ...opts.env,
  });
}

/** A test app; with Redis under a fresh prefix, closing it also deletes that prefix's keys. */
export async function testApp(dir: string, opts: Parameters<typeof testConfig>[1] = {}): Promise<FastifyInstance> {
  const config = testConfig(dir, opts);
  const app = await buildApp({ config, logger: false });
  if (opts.redis && !opts.prefix) app.addHook('onClose', () => deleteRedisKeys(config.redisPrefix!));
  return app;
}

/** A test app running the bundled event as `change` changes it (an event file written into `dir`). */
export async function testAppOfEvent(dir: string, change: (event: EventDef) => void): Promise<FastifyInstance> {
  const event = JSON.parse(readFileSync(BUNDLED_EVENT, 'utf8')) as EventDef;
  change(event);
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return testApp(dir, { env: { EVENT_FILE: file } });
}

/**
 * A server of a describe's own, on a data folder of its own: started before its tests (handed to
 * `started`), closed and the folder removed after them. `restart` starts it again on the same data.
 */
export function appPerSuite(started: (app: FastifyInstance) => void | Promise<void>, opts: Parameters<typeof testApp>[1] = {}): { restart(): Promise<void> } {
  let dir: ReturnType<typeof tempDir> | undefined;
  let app: FastifyInstance | undefined;
  const start = async () => {
    app = await testApp(dir!.dir, opts);
    await started(app);
  };
  beforeAll(async () => {
    dir = tempDir();
    await start();
  });
  afterAll(async () => {
    await app?.close();
    dir?.remove();
  });
  return {
    async restart() {
      await app!.close();
      await start();
    },
  };
}

/** Deletes every Redis key under a test's prefix. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    await redis.quit();
  }
}

/** Registers an attendee and returns its badge. */
export async function register(app: FastifyInstance, firstName = 'Aigerim'): Promise<{ id: string; badgeNo: number; badge: string; pin: string }> {
  const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName, lastName: 'Testova', category: 'school' } });
  if (r.statusCode !== 201) throw new Error(`register: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Signs attendee `p` in on a phone with the badge number and PIN: that phone's request headers (its session cookie, the CSRF header). */
export async function signInPhone(app: FastifyInstance, p: { badgeNo: number; pin: string }): Promise<{ cookie: string; 'x-kezek': '1' }> {
  const r = await app.inject({ method: 'POST', url: '/api/me/session', headers: { 'x-kezek': '1' }, payload: { badgeNo: p.badgeNo, pin: p.pin } });
  const c = r.cookies.find((x) => x.name === ATTENDEE_COOKIE);
  if (!c) throw new Error(`phone sign-in: ${r.statusCode} ${r.body}`);
  return { cookie: `${ATTENDEE_COOKIE}=${c.value}`, 'x-kezek': '1' };
}

/** Creates a kiosk at a station and returns its bearer header. */
export async function kiosk(app: FastifyInstance, station: string): Promise<{ id: string; headers: { authorization: string } }> {
  const r = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station } });
  if (r.statusCode !== 201) throw new Error(`kiosk: ${r.statusCode} ${r.body}`);
  const k = r.json();
  return { id: k.id, headers: { authorization: `Bearer ${k.token}` } };
}
