import fp from 'fastify-plugin';
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

/** A policy from its directives: the header's text, with the page's own sockets for `host`. */
function policyText(directives: Record<string, Array<string | typeof ownSockets>>, req: IncomingMessage): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values.map((v) => (typeof v === 'string' ? v : v(req))).filter((v) => v !== '')].join(' '))
    .join(';');
}

/** Hosts whose policy is kept; beyond it the kept ones are dropped (a Host header is the client's to choose). */
const KEPT_POLICIES = 1000;

/**
 * Security headers on every answer (pages, files and API alike), as @fastify/helmet sets them: the
 * policy above, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 * `X-Frame-Options: DENY`, helmet's other defaults, and HSTS only when this server serves HTTPS
 * itself (`HTTPS=1`): on a plain-HTTP venue LAN it would mean nothing, and
 * `upgrade-insecure-requests` would break pages. Written from one object made at start, the policy
 * kept per Host: helmet built every header and the policy again for every request, 9 % of the
 * server's time under a rush of scans.
 */
export default fp(
  async (app) => {
    const directives = { ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src'], ...peerSources(app.config.publicUrls)] };
    const fixed: Record<string, string> = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      ...(app.config.https ? { 'strict-transport-security': `max-age=${180 * 24 * 3600}` } : {}),
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    const policies = new Map<string, Record<string, string>>();
    const headersFor = (req: IncomingMessage): Record<string, string> => {
      const host = req.headers.host ?? '';
      let headers = policies.get(host);
      if (!headers) {
        if (policies.size >= KEPT_POLICIES) policies.clear();
        headers = { 'content-security-policy': policyText(directives, req), ...fixed };
        policies.set(host, headers);
      }
      return headers;
    };
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(headersFor(request.raw));
      done();
    });
  },
  { name: 'headers', dependencies: ['config'] },
);
