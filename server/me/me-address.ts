import type { FastifyRequest } from 'fastify';
import { networkInterfaces } from 'node:os';

/** Host names a phone on the venue Wi-Fi cannot reach this server by. */
const LOOPBACK = /^(localhost|127\.[0-9.]+|\[::1\])(:|$)/;

/**
 * The address of the attendee's phone page as badges print it: the first of PUBLIC_URLS when set;
 * else the address the request came to, unless that is this machine's own loopback (the desk on the
 * server's laptop), then this machine's first LAN address. `page`: another event's (`/e/<event>/me`).
 */
export function meAddress(request: FastifyRequest, publicUrls: readonly string[], page = '/me'): string {
  if (publicUrls.length > 0) return `${publicUrls[0].replace(/\/+$/, '')}${page}`;
  const host = request.host;
  if (!LOOPBACK.test(host)) return `${request.protocol}://${host}${page}`;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  const port = request.port ? `:${request.port}` : '';
  return `${request.protocol}://${lan ? lan.address : 'localhost'}${port}${page}`;
}
