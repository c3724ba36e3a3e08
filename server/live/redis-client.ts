// The Redis client of the live store and the archiver: ioredis with Kezek's scripts, and how it is
// closed. Apart from the store so that the archiver's thread loads no more than it needs.
import { createHash } from 'node:crypto';
import { Command, type Redis } from 'ioredis';
import type { ArchiverLog } from './archiver.ts';
import { connectRedis, type RedisTarget } from './redis-target.ts';
import { COMMIT, HOLD_LOCK, PUT_ANSWERS, READ_SCAN, SEED } from './redis-scripts.ts';

export type ReadReply =
  | [1, string]
  | [0, string | null, string | null, string | null, string | null, string | null, string | null, string | null];
/** 'ok'; or the group's answers that existed already (position, answer, ...); or the documents that changed. */
export type CommitReply = ['ok'] | ['replayed', ...Array<number | string>] | ['conflict', ...string[]];

export interface KezekRedis extends Redis {
  kzRead(answerKey: string, versions: string, docs: string, where: string, stationField: string, attendeeField: string, heldVersion: string, hintId: string, hintVersion: string): Promise<ReadReply>;
  /** The commit script (redis-scripts.ts) on `args`: the key count, the keys, the arguments. */
  kzCommit(args: string[]): Promise<CommitReply>;
  /** Seeds documents: per document its field, version, JSON and attendee's station (`SEED`). */
  kzSeed(versions: string, docs: string, where: string, ...docFields: string[]): Promise<number>;
  /** Seeds answers: how many, their keys, their time to live, the answers (`PUT_ANSWERS`). */
  kzPutAnswers(keyCount: number, ...keysTtlAnswers: string[]): Promise<number>;
  kzHoldLock(key: string, owner: string, ttlMs: string): Promise<number>;
}

/** Closes a client: politely when connected, at once when Redis cannot be reached (QUIT would wait for it). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => undefined);
  else redis.disconnect();
}

/**
 * A command written to the socket as one buffer. ioredis appends a command's arguments to a
 * string piece by piece, which the socket then has to flatten; a group commit has hundreds of
 * arguments and tens of kilobytes, and one name that is not Latin-1 (most attendees' names) makes
 * the whole string two bytes a character. Each argument is encoded straight into the buffer.
 */
class FlatCommand extends Command {
  /** `args` are strings already: ioredis's own constructor would copy them with `flat()`. */
  constructor(name: string, args: string[]) {
    super(name, [], { replyEncoding: 'utf8' });
    this.args = args;
  }

  override toWritable(): Buffer {
    const args = this.args as string[];
    const head = `*${args.length + 1}\r\n$${this.name.length}\r\n${this.name}\r\n`;
    const sizes = new Array<number>(args.length);
    let total = head.length;
    for (let i = 0; i < args.length; i++) {
      sizes[i] = Buffer.byteLength(args[i]);
      total += 1 + digits(sizes[i]) + 2 + sizes[i] + 2;
    }
    const out = Buffer.allocUnsafe(total);
    let at = out.write(head, 0, 'latin1');
    for (let i = 0; i < args.length; i++) {
      out[at++] = 0x24; // $
      at = writeDigits(out, at, sizes[i]);
      out[at++] = 0x0d;
      out[at++] = 0x0a;
      at += out.write(args[i], at, 'utf8');
      out[at++] = 0x0d;
      out[at++] = 0x0a;
    }
    return out;
  }
}

/** Decimal digits of a length. */
function digits(n: number): number {
  let d = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) d++;
  return d;
}

/** Writes `n` in decimal into `out` at `at`; returns where it ends. */
function writeDigits(out: Buffer, at: number, n: number): number {
  const end = at + digits(n);
  for (let i = end - 1, x = n; i >= at; i--, x = Math.floor(x / 10)) out[i] = 0x30 + (x % 10);
  return end;
}

const COMMIT_SHA = createHash('sha1').update(COMMIT).digest('hex');

/** Runs the commit script (EVALSHA, and EVAL once when Redis does not have it yet). */
async function evalCommit(redis: Redis, args: string[]): Promise<CommitReply> {
  try {
    return (await redis.sendCommand(new FlatCommand('evalsha', [COMMIT_SHA, ...args]))) as CommitReply;
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
    return (await redis.sendCommand(new FlatCommand('eval', [COMMIT, ...args]))) as CommitReply;
  }
}

/**
 * A command Redis has not answered in this long fails, and the store counts Redis as away until
 * it answers again: a scan is answered within 2 s whatever Redis does (a crash closes the
 * connection at once; a machine that stops answering only shows by its silence).
 */
export const COMMAND_TIMEOUT_MS = 750;

/**
 * Makes the ioredis client with Kezek's scripts; every client gets an error listener. A client
 * that fails fast (the live store's) lets commands wait for its first connection only: after it,
 * a command while Redis is away fails at once instead of waiting in ioredis's offline queue, a
 * command on a connection that closes fails with it (nothing is sent again by itself), and none
 * waits longer than COMMAND_TIMEOUT_MS. The archiver's client waits instead (it blocks on reads).
 */
export function redisClient(target: RedisTarget | string, log: Pick<ArchiverLog, 'error'>, { failFast = true } = {}): KezekRedis {
  const redis = connectRedis(
    target,
    failFast ? { maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS, autoResendUnfulfilledCommands: false } : { maxRetriesPerRequest: 3 },
  ) as KezekRedis;
  if (failFast) redis.once('ready', () => (redis.options.enableOfflineQueue = false));
  redis.on('error', (err) => log.error({ err }, 'redis error'));
  redis.defineCommand('kzRead', { numberOfKeys: 4, lua: READ_SCAN });
  redis.kzCommit = (args) => evalCommit(redis, args);
  redis.defineCommand('kzSeed', { numberOfKeys: 3, lua: SEED });
  redis.defineCommand('kzPutAnswers', { lua: PUT_ANSWERS });
  redis.defineCommand('kzHoldLock', { numberOfKeys: 1, lua: HOLD_LOCK });
  return redis;
}
