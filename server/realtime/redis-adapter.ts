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
    return client;
  };
  const name = `${eventKeyPrefix(config.redisPrefix, config.event.id)}sio`;
  io.adapter(createAdapter(pubClient, { streamName: name, channelPrefix: name, sessionKeyPrefix: `${name}:session:`, blockTimeInMs: 1_000, onlyPlaintext: true }));
  return pubClient;
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
