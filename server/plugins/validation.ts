import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Request validation. Bodies are checked as sent: no type coercion, no silently dropped unknown
 * fields (a kiosk sending `"badge": 123` or a misspelt field gets a 400, not a guess).
 * Query strings and path parameters arrive as text, so they are coerced.
 */
export function useStrictValidation(app: FastifyInstance): void {
  const strict = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false, strict: false });
  const lenient = new Ajv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false, strict: false });
  for (const ajv of [strict, lenient]) addFormats.default(ajv);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : lenient).compile(schema));
}
