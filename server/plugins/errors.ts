import fp from 'fastify-plugin';
import type { FastifyError, FastifyRequest } from 'fastify';
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
/** A person's browser going to an address (not a script, not the API): it is shown a page, not JSON. */
function isPageVisit(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

/** What a browser is shown at an address that is no page: the event's pages, in Kazakh, Russian and English. */
const NOT_A_PAGE = `<!doctype html>
<html lang="kk">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kezek</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/not-found.css"></head>
<body>
<h1>Kezek</h1>
<p lang="kk">Мұндай бет жоқ. Іс-шараның беттері:</p>
<p lang="ru">Такой страницы нет. Страницы мероприятия:</p>
<p lang="en">There is no such page. The event's pages:</p>
<ul>
<li><a href="/screen">Алаңдардағы кезек · Очереди на площадках · Queues at the stations</a></li>
<li><a href="/me">Менің кезегім · Моя очередь · My queue</a></li>
<li><a href="/kiosk">Киоск · Киоск · Kiosk</a></li>
<li><a href="/board">Тікелей тақта · Табло в реальном времени · Live board</a></li>
<li><a href="/admin">Тіркеу және басқару · Регистрация и управление · Registration and admin</a></li>
</ul>
</body>
</html>
`;

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
      if (isPageVisit(request)) return reply.code(404).type('text/html; charset=utf-8').send(NOT_A_PAGE);
      reply.code(404).send({ code: 'not_found', message: `${request.method} ${request.url} does not exist` });
    });
  },
  { name: 'errors' },
);
