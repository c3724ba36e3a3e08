import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { IncomingMessage } from 'node:http';

/** A Host header fit to be named in a policy (a name or address and a port, nothing else). */
const PLAIN_HOST = /^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$/;

/** The page's own origin over WebSocket (Socket.IO), which not every browser counts as 'self'. */
function ownSockets(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * The Content-Security-Policy every page passes: scripts and styles only from this server's
 * files (no inline script or style); the QR decoder's WebAssembly; pictures from here and made in
 * the page (QR SVGs as data:/blob:); the kiosk's service worker; the page may not be framed.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", ownSockets],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The other servers of the event (PUBLIC_URLS), over HTTP and WebSocket: a page whose server died carries on with them. */
export function peerSources(origins: readonly string[]): string[] {
  return origins.flatMap((o) => [o, o.replace(/^http/, 'ws')]);
}

/**
 * Security headers on every answer (pages, files and API alike), with @fastify/helmet: the
 * policy above, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 * `X-Frame-Options: DENY`, and HSTS only when this server serves HTTPS itself (`HTTPS=1`): on a
 * plain-HTTP venue LAN it would mean nothing, and `upgrade-insecure-requests` would break pages.
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src'], ...peerSources(app.config.publicUrls)] },
      },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      hsts: app.config.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    });
  },
  { name: 'headers', dependencies: ['config'] },
);
