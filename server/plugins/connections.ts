import fp from 'fastify-plugin';
import type { Socket } from 'node:net';

/** Marks a connection that has not sent its first request yet. */
const firstRequest = Symbol('first request');
type NewSocket = Socket & { [firstRequest]?: boolean };

/**
 * How long a new connection may stay silent before its first request, and how long a request's
 * head may take once it has begun (Node's headersTimeout, by default 60 s and checked every
 * 30 s; it counts only from a request's first byte, so a socket that sends nothing is closed by
 * the silence timer set here instead).
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;
/** A whole request (head and body) must arrive within this. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A kept-alive connection with no next request is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 10_000;
/**
 * A connection silent this long (nothing either way) is closed. Above Socket.IO's long-polling
 * wait (25 s between pings), so a polling screen is never cut; WebSockets are not subject to it
 * (the WebSocket takes the socket over and keeps it alive with its own pings).
 */
export const CONNECTION_TIMEOUT_MS = 60_000;

/**
 * One client cannot starve the others: connections from one address beyond
 * `maxConnectionsPerAddress`, and any beyond `maxConnections` in all, are closed as they come
 * (counted in `kezek_connections_refused_total`). Idle and half-open sockets are closed by the
 * timeouts above (set in `buildApp`).
 */
export default fp(
  async (app) => {
    const { maxConnections, maxConnectionsPerAddress } = app.config;
    app.server.maxConnections = maxConnections;
    app.server.headersTimeout = HEADERS_TIMEOUT_MS;
    app.server.on('drop', () => app.metrics.connectionsRefused.inc({ why: 'total' }));
    const { server } = app;
    // A new connection gets HEADERS_TIMEOUT_MS of silence, not CONNECTION_TIMEOUT_MS, until its
    // first request (with HTTPS, the TLS socket the requests come on).
    server.on(app.config.https ? 'secureConnection' : 'connection', (socket: NewSocket) => {
      socket[firstRequest] = true;
      socket.setTimeout(HEADERS_TIMEOUT_MS);
    });
    const begun = (socket: NewSocket) => {
      if (!socket[firstRequest]) return;
      socket[firstRequest] = false;
      socket.setTimeout(server.timeout);
    };
    server.on('request', (request: { socket: NewSocket }) => begun(request.socket));
    // An upgrade's answer may take a while on a busy server; the WebSocket then turns the timer off.
    server.on('upgrade', (request: { socket: NewSocket }) => begun(request.socket));
    const open = new Map<string, number>();
    app.server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? '';
      const n = (open.get(address) ?? 0) + 1;
      if (n > maxConnectionsPerAddress) {
        app.metrics.connectionsRefused.inc({ why: 'address' });
        socket.destroy();
        return;
      }
      open.set(address, n);
      socket.once('close', () => {
        const left = open.get(address)! - 1;
        if (left === 0) open.delete(address);
        else open.set(address, left);
      });
    });
  },
  { name: 'connections', dependencies: ['config', 'metrics'] },
);
