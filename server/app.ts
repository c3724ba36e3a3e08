import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import configPlugin from './plugins/config.ts';
import dbPlugin from './plugins/db.ts';
import badgesPlugin from './plugins/badges.ts';
import eventCoursePlugin from './plugins/event-course.ts';
import livePlugin from './plugins/live.ts';
import liveEventsPlugin from './plugins/live-events.ts';
import realtimePlugin from './realtime/realtime-plugin.ts';
import meNamespace from './realtime/me-namespace.ts';
import authPlugin from './plugins/auth.ts';
import auditPlugin from './plugins/audit.ts';
import errorsPlugin from './plugins/errors.ts';
import headersPlugin from './plugins/headers.ts';
import rateLimitsPlugin from './plugins/rate-limits.ts';
import metricsPlugin from './plugins/metrics.ts';
import connectionsPlugin, { CONNECTION_TIMEOUT_MS, CONNECTIONS_CHECKING_INTERVAL_MS, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './plugins/connections.ts';
import { useStrictValidation } from './plugins/validation.ts';
import scanRoutes from './routes/scans.ts';
import stationRoutes from './routes/stations.ts';
import programmeRoutes from './routes/programme.ts';
import kioskRoutes from './routes/kiosks/index.ts';
import { kiosksOfEvent, type KioskUse } from './routes/kiosks/at.ts';
import kioskHealthPlugin from './plugins/kiosk-health.ts';
import attendeeRoutes from './routes/attendees/index.ts';
import attendeeRecordRoutes from './routes/attendees/records.ts';
import attendeeSearchRoutes from './routes/attendees/search.ts';
import badgeRoutes from './routes/attendees/badges.ts';
import attendeeImportRoutes from './routes/attendees/import.ts';
import returningRoutes from './routes/attendees/returning.ts';
import { eventDeskOf } from './routes/attendees/desk-event.ts';
import badgePrintRoutes from './routes/badge-prints.ts';
import sessionRoutes from './routes/session.ts';
import meRoutes, { EVENT_ME } from './routes/me.ts';
import userRoutes from './routes/users.ts';
import auditRoutes from './routes/audit.ts';
import totalsRoutes from './routes/totals.ts';
import reportRoutes from './routes/reports.ts';
import eventRoutes, { eventOf } from './routes/events.ts';
import eventCompareRoutes from './routes/events-compare.ts';
import healthRoutes from './routes/health.ts';
import pagesPlugin from './plugins/pages.ts';
import serversPlugin from './plugins/servers.ts';
import serverRoutes from './routes/servers.ts';

export interface AppOptions {
  config: Config;
  /** false silences logs (tests); otherwise pino at the configured level. */
  logger?: boolean;
}

/**
 * TRUST_PROXY as a hop count: the nearest `hops` addresses (the peer first) are proxies. Fastify
 * itself no longer takes a count (the peer cannot be checked: whoever connects directly may send
 * X-Forwarded-For), so the README advises addresses where clients can reach the server directly.
 */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Builds the Kezek server with every plugin and route; never listens. */
export async function buildApp({ config, logger = true }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    // Per-request info logs halve scan throughput; opt in with LOG_REQUESTS=1.
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    bodyLimit: 1024 * 1024,
    // `/kiosk/` is `/kiosk`: a typed or printed address with a slash at its end finds its page.
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: true,
    // Rebuilding the live state from a long log, or seeding an emptied Redis from it, may take
    // longer than Fastify's 10 s for a plugin (250,000 scans: ~6 s on a slow machine): start-up waits.
    pluginTimeout: 0,
    // Behind a proxy: client addresses (rate limits) and the scheme (Secure cookies) from X-Forwarded-*.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Idle and half-open sockets close quickly (server/plugins/connections.ts).
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    http: { connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
    ...(config.https
      ? { https: { ...(await import('./https-certificate.ts')).httpsOptions(config.dataDir), connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS } }
      : {}),
  });
  useStrictValidation(app);
  await app.register(configPlugin, { config });
  await app.register(errorsPlugin);
  await app.register(headersPlugin);
  await app.register(serversPlugin);
  await app.register(metricsPlugin);
  await app.register(connectionsPlugin);
  await app.register(dbPlugin);
  await app.register(badgesPlugin);
  await app.register(eventCoursePlugin);
  await app.register(livePlugin);
  await app.register(liveEventsPlugin);
  await app.register(authPlugin);
  await app.register(auditPlugin);
  await app.register(rateLimitsPlugin);
  await app.register(kioskHealthPlugin);
  await app.register(realtimePlugin, { intervalMs: config.liveUpdateMs });
  await app.register(meNamespace);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kezek API', version: '1', description: 'Check-in and station flow for career fairs and open days' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's script inserts style elements: only its pages let inline styles in (scripts stay 'self').
    transformStaticCSP: (header) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  });
  const routes = [healthRoutes, serverRoutes, scanRoutes, stationRoutes, programmeRoutes, kioskRoutes, attendeeRoutes, badgePrintRoutes];
  for (const r of [...routes, sessionRoutes, meRoutes, userRoutes, auditRoutes, totalsRoutes, reportRoutes, eventRoutes, eventCompareRoutes]) await app.register(r);
  await registerEventRoutes(app);
  await app.register(pagesPlugin);
  return app;
}

/** The routes of any event of the installation at `/api/events/:event/…`, each for the roles the caller has there. */
async function registerEventRoutes(app: FastifyInstance): Promise<void> {
  // The same reports of any event of the installation, past ones included.
  await app.register(reportRoutes, {
    base: '/api/events/:event/reports',
    of: async (request: FastifyRequest) => {
      const event = await eventOf(app, request);
      return { reports: app.store.forEvent(event.id).reports, event: event.definition };
    },
  });
  // Staff accounts with their roles at any event of the installation where the caller is an organiser.
  await app.register(userRoutes, {
    base: '/api/events/:event/users',
    of: async (request: FastifyRequest) => app.store.forEvent((await eventOf(app, request)).id).users,
  });
  // The audit log of any event of the installation where the caller is an organiser.
  await app.register(auditRoutes, {
    base: '/api/events/:event/audit',
    of: async (request: FastifyRequest) => {
      const event = await eventOf(app, request);
      return { audit: app.store.forEvent(event.id).audit, event: event.definition };
    },
  });
  // The kiosks of any event of the installation where the caller is an organiser (pairing: any device).
  await app.register(kioskRoutes, { base: '/api/events/:event/kiosks', at: async (request: FastifyRequest, use: KioskUse) => kiosksOfEvent(app, request, use) });
  // The desk at any event of the installation where the caller has a role: registering (returning
  // attendees of its other events too), finding, correcting and importing attendees, and printing
  // their badges; a badge issued there is told to that event's live state when it is live here.
  for (const r of [attendeeRecordRoutes, attendeeSearchRoutes, attendeeImportRoutes, returningRoutes, badgeRoutes, badgePrintRoutes]) await app.register(r, eventDeskOf(app));
  // The attendee's phone at any event live on this server (`/e/<event>/me`).
  await app.register(meRoutes, EVENT_ME);
}
