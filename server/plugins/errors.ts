import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';

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

/** Redis unreachable (ioredis gives up on a command, or the connection is closed). */
function liveStoreDown(err: Error): boolean {
  return err.name === 'MaxRetriesPerRequestError' || /Connection is closed|ECONNREFUSED|Stream isn't writeable/.test(err.message);
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
      if (liveStoreDown(err)) {
        request.log.error({ err }, 'live store unavailable');
        return reply.code(503).send({ code: 'live_store_unavailable', message: 'The live store (Redis) cannot be reached; try again shortly' });
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
