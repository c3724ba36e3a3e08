import fp from 'fastify-plugin';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ServerStatus } from '../../shared/servers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The event's servers (PUBLIC_URLS) and whether each answered at the last look. */
    servers: { list(): ServerStatus[] };
  }
}

/** Each server of the event is looked at this often. */
const LOOK_EVERY_MS = 3_000;
/** A server that does not answer `/health` in this long counts as not answering. */
const LOOK_TIMEOUT_MS = 2_000;

/**
 * Whether the server at `origin` answers `/health` for `eventId`. The certificate of an HTTPS
 * server is not checked: this only asks whether it is up, and sends nothing.
 */
export function answers(origin: string, eventId: string, timeoutMs = LOOK_TIMEOUT_MS): Promise<boolean> {
  const url = new URL('/health', origin);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d.length + body.length < 64_000 ? d : ''));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && (JSON.parse(body) as { event?: string }).event === eventId);
        } catch {
          resolve(false);
        }
      });
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * The event's servers: this one looks at every address in PUBLIC_URLS every few seconds, and lets
 * pages served by any of them call it (CORS for exactly those origins), so that a kiosk, board or
 * screen whose server died carries on with another.
 */
export default fp(
  async (app) => {
    const { publicUrls, event } = app.config;
    const status = new Map<string, ServerStatus>(publicUrls.map((url) => [url, { url, alive: false, checkedAt: null }]));
    const peers = new Set(publicUrls);

    const look = async () => {
      await Promise.all(
        publicUrls.map(async (url) => {
          const alive = await answers(url, event.id);
          status.set(url, { url, alive, checkedAt: new Date().toISOString() });
        }),
      );
    };
    let timer: NodeJS.Timeout | null = null;
    let looking: Promise<void> = Promise.resolve();
    if (publicUrls.length > 0) {
      app.addHook('onReady', async () => {
        looking = look();
        timer = setInterval(() => (looking = look()), LOOK_EVERY_MS);
        timer.unref();
      });
    }
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await looking;
    });

    // Pages of the other servers call this one: bearer tokens only (no cookie crosses origins).
    // Without other servers there is nothing to allow: no hook on every request.
    if (peers.size > 0) app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !peers.has(origin)) return;
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', 'Retry-After');
      if (request.method === 'OPTIONS') {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        reply.header('access-control-allow-headers', 'authorization, content-type, x-kezek');
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    });

    app.decorate('servers', { list: () => [...status.values()] });
  },
  { name: 'servers', dependencies: ['config'] },
);
