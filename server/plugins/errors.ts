import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { StorageFailure, storageFault } from '../db/storage-failure.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';

/** An error the API answers with as `{ code, message }` and the given status. */
export class ApiFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/**
 * The typed answer to a request the storage could not serve: `507 storage_full` when the disk (or
 * the database) is full, `503 storage_unavailable` for any other storage fault; null when `err`
 * is not one. A failed commit of the log (`StorageFailure`) is always one; so is an SQLite error
 * of a storage kind, and a PostgreSQL one: a connection refused or broken, a database gone or
 * shutting down, its disk full (server/db/storage-failure.ts).
 */
export function storageFailure(err: unknown): ApiFailure | null {
  const fault = storageFault(err);
  if (fault === null) return null;
  return fault === 'full'
    ? new ApiFailure(507, 'storage_full', 'The server’s disk is full, so this was not recorded; send it again once space is freed')
    : new ApiFailure(503, 'storage_unavailable', 'The server cannot write to its storage now, so this was not recorded; send it again shortly');
}

/** One error handler: typed `{ code, message }` for every 4xx; 5xx details stay in the log. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | ApiFailure, request, reply) => {
      if (err instanceof ApiFailure) {
        return reply.code(err.statusCode).send({ code: err.code, message: err.message, ...err.extra });
      }
      if (err.validation) {
        return reply.code(400).send({ code: 'invalid_request', message: `${err.validationContext ?? 'request'}${err.message.replace(/^(body|querystring|params|headers)/, '')}` });
      }
      const storage = storageFailure(err);
      if (storage) {
        // A failed commit of the log is logged once by the storage watch (server/db/storage-watch.ts), not per request.
        if (!(err instanceof StorageFailure)) request.log.error({ err }, 'storage failed');
        return reply.code(storage.statusCode).send({ code: storage.code, message: storage.message });
      }
      if (err instanceof LiveStoreUnavailable) {
        // Only the failure that found Redis away is logged: the calls after it fail at once, without a cause.
        if (err.cause) request.log.warn({ err: err.cause }, 'live store unavailable');
        return reply.code(503).send({ code: err.code, message: err.message });
      }
      const status = err.statusCode ?? 500;
      if (status < 500) {
        const code = (err.code && FASTIFY_CODES[err.code]) || 'invalid_request';
        return reply.code(status).send({ code, message: err.message });
      }
      request.log.error({ err }, 'request failed');
      return reply.code(500).send({ code: 'internal', message: 'Something went wrong on the server; it has been logged' });
    });
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send({ code: 'not_found', message: `${request.method} ${request.url} does not exist` });
    });
  },
  { name: 'errors' },
);
