import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { redisTargetOf } from '../config.ts';
import { eventKeyPrefix } from '../live/redis-store.ts';
import { connectRedis } from '../live/redis-target.ts';
import type { Io } from './io-types.ts';

/**
 * With REDIS_URL, the Redis streams adapter under `io`, so that every server process reaches the
 * sockets of the others; returns the client it publishes with (null without Redis).
 */
export function useRedisAdapter(app: FastifyInstance, io: Io): Redis | null {
  const { config } = app;
  const target = redisTargetOf(config);
  if (!target) return null;
  const pubClient = connectRedis(target, { maxRetriesPerRequest: 3 });
  pubClient.on('error', (err) => app.log.error({ err }, 'redis error (socket.io adapter)'));
  // The streams adapter PUBLISHes, and SUBSCRIBEs on a duplicate of this client, without
  // handling a failure: while Redis is away, or when the server stops before the duplicate has
  // connected, that would be an unhandled rejection.
  logFailures(pubClient, 'publish', (err) => app.log.warn({ err }, 'socket.io adapter could not publish'));
  const duplicate = pubClient.duplicate.bind(pubClient);
  pubClient.duplicate = (override) => {
    const client = duplicate(override);
    logFailures(client, 'subscribe', (err) => app.log.warn({ err }, 'socket.io adapter could not subscribe'));
    slowFailedReads(client, BLOCK_MS);
    return client;
  };
  const name = `${eventKeyPrefix(config.redisPrefix, config.event.id)}sio`;
  io.adapter(createAdapter(pubClient, { streamName: name, channelPrefix: name, sessionKeyPrefix: `${name}:session:`, blockTimeInMs: BLOCK_MS, onlyPlaintext: true }));
  return pubClient;
}

/** How long the adapter's read of its stream waits for a message (Redis's XREAD BLOCK). */
const BLOCK_MS = 1_000;

/**
 * The streams adapter reads its stream again at once when a read fails. A client that refuses at
 * once (closed, or between a failover's disconnect and its reconnect) would make that a loop of
 * promises that never lets a timer or a socket run: the server would stop answering. A failed read
 * of `client` answers only after `ms`, as a read that found nothing would.
 */
export function slowFailedReads(client: Redis, ms: number): void {
  const xread = (client.xread as (...args: unknown[]) => Promise<unknown>).bind(client);
  const slowed = (...args: unknown[]) =>
    xread(...args).catch(async (err: unknown) => {
      await sleep(ms, undefined, { ref: false });
      throw err;
    });
  Object.assign(client, { xread: slowed });
}

/** Attaches a handler that logs a failure of a client's command; callers get the same promise. */
export function logFailures(client: Redis, command: 'publish' | 'subscribe', log: (err: unknown) => void): void {
  const send = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
  const logged = (...args: unknown[]) => {
    const sent = send(...args);
    sent.catch(log);
    return sent;
  };
  Object.assign(client, { [command]: logged });
}
