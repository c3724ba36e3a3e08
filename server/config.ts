import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { EventDef, type StationDef } from '../shared/event.ts';
import { minuteOf, programmeProblems } from '../shared/programme-rules.ts';
import type { RedisTarget, SentinelAddress } from './live/redis-target.ts';
import { BUNDLED_EVENT } from './paths.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: the durable store is the SQLite file in `dataDir`; set: PostgreSQL (`postgres://…`), see server/db/durable-store.ts. */
  databaseUrl: string | null;
  /** Unset: live state in this process. */
  redisUrl: string | null;
  /** Sentinels (REDIS_SENTINELS) that name the Redis master: the live store follows it through a failover; null: REDIS_URL's host. */
  redisSentinels: SentinelAddress[] | null;
  /** The master's name at the Sentinels (REDIS_SENTINEL_NAME). */
  redisSentinelName: string;
  /** Key prefix in Redis, so several events or test runs share one server. */
  redisPrefix: string;
  /** `aof`: Redis must keep every write it acknowledges (checked at start); `volatile`: stated on purpose that it need not. */
  redisDurability: 'aof' | 'volatile';
  /** Unset: made on first start, printed once, only its hash kept. */
  adminToken: string | null;
  eventFile: string;
  event: EventDef;
  /** Serve HTTPS with a self-signed certificate made in `dataDir` (camera on LAN kiosks). */
  https: boolean;
  /** Least time between two live updates a screen gets (250 ms: at most 4 a second). */
  liveUpdateMs: number;
  /** Log every request (costly on the scan path; off by default). */
  logRequests: boolean;
  logLevel: string;
  /** Free space on DATA_DIR's disk (MB) below which `/health` says `storage_low` and the board raises an alert. */
  minFreeMb: number;
  /** Connections at once, in all (Node's `server.maxConnections`). */
  maxConnections: number;
  /** Connections at once from one client address (a venue's NAT may put every device behind one). */
  maxConnectionsPerAddress: number;
  /**
   * Which proxies to believe about the client (X-Forwarded-For, -Proto, -Host): a hop count or
   * addresses/CIDRs, as Fastify's `trustProxy` takes them; false: those headers are ignored.
   */
  trustProxy: false | number | string[];
  /**
   * Every address of the event's servers (PUBLIC_URLS), as origins: kiosks learn them at pairing
   * and turn to another when theirs stops answering; boards and screens likewise. Empty: only this one.
   */
  publicUrls: string[];
  limits: Limits;
}

/** Rate limits (README "Security"): counts per window; the tests and benches raise them. */
export interface Limits {
  /** Failed sign-ins per user name and address in a minute; then each attempt doubles the wait. */
  signIn: number;
  /** Failed sign-ins per address in a minute, whatever the user name; doubling likewise. */
  signInAddress: number;
  /** Failed PIN sign-ins per badge number in a minute, from any address; then each attempt doubles the wait. */
  pin: number;
  /** Failed PIN sign-ins per address in a minute, whatever the badge; doubling likewise. */
  pinAddress: number;
  /** Pairing attempts per address in a minute. */
  pairing: number;
  /** Scans per kiosk per second, sustained. */
  scansPerSecond: number;
  /** Scans per kiosk at once (in a window of burst / per second seconds). */
  scanBurst: number;
  /** Badge numbers typed by hand per kiosk in a minute. */
  typedNumbers: number;
  /** Attendees registered per staff member (or the admin token) in a minute. */
  attendees: number;
  /** Anonymous reads (GET without a token or session) per address in a minute. */
  reads: number;
}

export { BUNDLED_EVENT };

export class ConfigError extends Error {}

/** Reads and validates an event file; the error names the file and the field. */
export function loadEvent(file: string): EventDef {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`event file ${file}: ${(err as Error).message}`);
  }
  return checkEvent(raw, `event file ${file}`);
}

/** Validates an event file's contents as EVENT_FILE is at start (defaults filled in); the error starts with `what` and names the field. */
export function checkEvent(raw: unknown, what: string): EventDef {
  const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile<EventDef>(EventDef);
  if (!validate(raw)) {
    const e = validate.errors![0];
    const where = `${e.instancePath || '/'}${e.keyword === 'additionalProperties' ? `/${String(e.params.additionalProperty)}` : ''}`;
    throw new ConfigError(`${what}: ${where} ${e.message ?? 'is invalid'}`);
  }
  const event = raw;
  const ids = new Set<string>();
  for (const [i, s] of event.stations.entries()) {
    if (ids.has(s.id)) throw new ConfigError(`${what}: /stations/${i}/id "${s.id}" is used twice`);
    ids.add(s.id);
    const departures = departuresProblem(s);
    if (departures) throw new ConfigError(`${what}: /stations/${i}${departures}`);
  }
  if (event.programme) {
    const [problem] = programmeProblems(event.programme, [...ids]);
    if (problem) throw new ConfigError(`${what}: ${problem}`);
  }
  return event;
}

/** What is wrong with a station's departures (a tour has them, earliest first; no other station does), as a path and message. */
function departuresProblem(s: StationDef): string | null {
  if (s.mode !== 'tour') return s.departures ? '/departures are only for tours' : null;
  if (!s.departures) return '/departures are missing: a tour needs its departures';
  const i = s.departures.findIndex((t, k) => k > 0 && minuteOf(t) <= minuteOf(s.departures![k - 1]));
  return i < 0 ? null : `/departures/${i} ${s.departures[i]} is not after ${s.departures[i - 1]}`;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

/** A setting with a few allowed values; the first is the default. */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[]): T {
  const text = env[name];
  if (text === undefined || text === '') return values[0];
  if (!values.includes(text as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${text}"`);
  return text as T;
}

/** DATABASE_URL: unset, or a PostgreSQL URL (`postgres://` or `postgresql://`); the error never shows its password. */
function databaseUrl(text: string | undefined): string | null {
  if (text === undefined || text.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/kezek');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must be a PostgreSQL URL (postgres://…), got one for ${url.protocol.replace(/:$/, '')}`);
  }
  return text.trim();
}

/** REDIS_SENTINELS: `host:port` pairs separated by commas; only with REDIS_URL (its password and database are used). */
function redisSentinels(text: string | undefined, redisUrl: string | undefined): SentinelAddress[] | null {
  if (text === undefined || text.trim() === '') return null;
  if (!redisUrl) throw new ConfigError('REDIS_SENTINELS needs REDIS_URL too (its password and database are used; the host is the master the Sentinels name)');
  return text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((entry) => {
      const m = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]):([0-9]{1,5})$/.exec(entry);
      const port = Number(m?.[2]);
      if (!m || port < 1 || port > 65535) throw new ConfigError(`REDIS_SENTINELS must be host:port pairs separated by commas, such as 10.0.0.5:26379, got "${entry}"`);
      return { host: m[1].replace(/^\[|\]$/g, ''), port };
    });
}

/** PUBLIC_URLS: http(s) origins separated by commas (no path, query or credentials), each kept once. */
function publicUrls(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  const origins: string[] = [];
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // named below
    }
    // A password in the address is never repeated in the message.
    const shown = url && (url.username || url.password) ? `${url.protocol}//…@${url.host}` : entry;
    const plain = url && (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !plain) throw new ConfigError(`PUBLIC_URLS must be server addresses such as http://192.168.1.10:3000 separated by commas, got "${shown}"`);
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

/** Named ranges that `trustProxy` understands besides addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: unset, a hop count, or addresses/CIDRs separated by commas. */
function trustProxy(text: string | undefined): Config['trustProxy'] {
  if (text === undefined || text.trim() === '') return false;
  if (/^[0-9]+$/.test(text.trim())) return integer({ TRUST_PROXY: text.trim() }, 'TRUST_PROXY', 0, 1, 10);
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    const [address, bits, more] = entry.split('/');
    const family = isIP(address);
    const bitsOk = bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    if (!PROXY_RANGES.has(entry) && (family === 0 || !bitsOk || more !== undefined)) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or addresses/CIDRs separated by commas (or loopback, linklocal, uniquelocal), got "${entry}"`);
    }
  }
  return entries;
}

function limits(env: NodeJS.ProcessEnv): Limits {
  const limit = (name: string, fallback: number) => integer(env, name, fallback, 1, 1_000_000_000);
  return {
    signIn: limit('LIMIT_SIGN_IN', 5),
    signInAddress: limit('LIMIT_SIGN_IN_ADDRESS', 20),
    pin: limit('LIMIT_PIN', 5),
    pinAddress: limit('LIMIT_PIN_ADDRESS', 20),
    pairing: limit('LIMIT_PAIRING', 10),
    scansPerSecond: limit('LIMIT_SCANS_PER_SECOND', 10),
    scanBurst: limit('LIMIT_SCAN_BURST', 30),
    typedNumbers: limit('LIMIT_TYPED_NUMBERS', 20),
    attendees: limit('LIMIT_ATTENDEES', 120),
    reads: limit('LIMIT_READS', 600),
  };
}

/** Where the live store's Redis is (REDIS_URL, or the master the Sentinels name); null without Redis. */
export function redisTargetOf(config: Pick<Config, 'redisUrl' | 'redisSentinels' | 'redisSentinelName'>): RedisTarget | null {
  return config.redisUrl ? { url: config.redisUrl, sentinels: config.redisSentinels, name: config.redisSentinelName } : null;
}

/** The configuration from the environment, validated. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const eventFile = env.EVENT_FILE || BUNDLED_EVENT;
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: databaseUrl(env.DATABASE_URL),
    redisUrl: env.REDIS_URL || null,
    redisSentinels: redisSentinels(env.REDIS_SENTINELS, env.REDIS_URL),
    redisSentinelName: env.REDIS_SENTINEL_NAME || 'kezek',
    redisPrefix: env.REDIS_PREFIX || 'kezek',
    redisDurability: oneOf(env, 'REDIS_DURABILITY', ['aof', 'volatile']),
    adminToken: env.ADMIN_TOKEN || null,
    eventFile,
    event: loadEvent(eventFile),
    https: env.HTTPS === '1' || env.HTTPS === 'true',
    liveUpdateMs: integer(env, 'LIVE_UPDATE_MS', 250, 50, 10_000),
    logRequests: env.LOG_REQUESTS === '1' || env.LOG_REQUESTS === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    minFreeMb: integer(env, 'MIN_FREE_MB', 200, 0, 1_000_000_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 2_000, 1, 1_000_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    publicUrls: publicUrls(env.PUBLIC_URLS),
    limits: limits(env),
  };
}
