import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { PUBLIC_NAMESPACE, STAFF_NAMESPACE, type LiveSnapshot, type StationsUpdate, type Totals } from '../../shared/realtime.ts';
import type { ProgrammeView } from '../../shared/event.ts';
import { ME_NAMESPACE } from '../../shared/me.ts';
import { countsOf } from '../../shared/station.ts';
import { stationView } from '../flow/rules.ts';
import type { ReadonlyStation } from '../flow/state.ts';
import { Broadcaster } from './broadcaster.ts';
import type { Io, Nsp, StaffSocket } from './io-types.ts';
import { peerNotices } from './peer-notices.ts';
import { serveEventNamespaces } from './event-namespaces.ts';
import { realtimeMetrics } from './realtime-metrics.ts';
import { StaffAlerts } from './staff-alerts.ts';
import { staffActions } from './staff-actions.ts';
import { admitStaff, endedRoom, sessionRoom, userRoom } from './staff-auth.ts';
import { TotalsSource } from './totals-source.ts';
import { Trend, sampleEveryMinute, trendFromLog } from './trend.ts';
import { redisTargetOf } from '../config.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';

export interface RealtimeOptions {
  /** Least time between two updates a client gets; 250 ms = at most 4 per second. */
  intervalMs?: number;
  /** A queue this long raises an alert. */
  queueAlert?: number;
  /** A kiosk silent this long raises an alert. */
  silentMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    io: Io;
    /** A kiosk was revoked or re-paired: every server process forgets its token at once. */
    kioskChanged(kioskId: string): void;
    /** Attendees were registered (a walk-in, an import): the totals count them again, on every process. */
    attendeesRegistered(): void;
    /** An event's programme was shifted: that event's pages get it, on every server process (the current event's at today's paths). */
    sendProgramme(eventId: string, programme: ProgrammeView): void;
  }
}

/** Wait estimates move with the clock even when no scan comes: recomputed this often. */
const REFRESH_MS = 30_000;
/** Registrations and kiosk heartbeats are polled this often. */
const POLL_MS = 2_000;
/** Marked in the broadcaster when only the totals changed: no station has this id. */
const TOTALS_KEY = '#totals';

/**
 * Socket.IO on the Fastify server. `/public` gets station counts, totals and the trend; `/staff`
 * (organisers) gets the same plus alerts and kiosk health, and may act on stations. Every
 * (re)connect gets a full snapshot; then a coalescing broadcaster sends what changed. With Redis,
 * each process is told through the streams adapter which stations changed elsewhere and sends
 * them to its own clients, so no client gets more than one update per interval whichever
 * process took the scans.
 */
export default fp<RealtimeOptions>(
  async (app, opts) => {
    const intervalMs = opts.intervalMs ?? 250;
    const { config, live } = app;
    const stationIds = config.event.stations.map((s) => s.id);

    const io: Io = new Server(app.server, { serveClient: false, cors: { origin: config.publicUrls.length > 0 ? config.publicUrls : false } });
    // ioredis and the adapter are loaded only with Redis: a start without it does not pay for them.
    const pubClient = redisTargetOf(config) ? (await import('./redis-adapter.js')).useRedisAdapter(app, io) : null;
    const publicNsp: Nsp = io.of(PUBLIC_NAMESPACE);
    const staffNsp: Nsp = io.of(STAFF_NAMESPACE);

    const counts = await TotalsSource.read(app.store.attendees, live);
    let totals: Totals = counts.empty;
    const trend = new Trend(await trendFromLog(app.store.log, stationIds, Date.now()));
    const silentMs = opts.silentMs ?? 60_000;
    const alertRules = { queueAlert: opts.queueAlert ?? 10, silentMs };
    const staffAlerts = new StaffAlerts(app, { id: config.event.id, live, staff: () => [staffNsp] }, alertRules);
    realtimeMetrics(app, [publicNsp, staffNsp], silentMs);
    const totalsNow = (states: readonly ReadonlyStation[]): Totals => counts.totalsOf(states);
    const refreshAlerts = staffAlerts.refresh.bind(staffAlerts);

    const broadcaster = new Broadcaster({
      intervalMs,
      // While Redis is away the updates wait (it is logged where it is found, and /health says so).
      onError: (err) => {
        if (!(err instanceof LiveStoreUnavailable)) app.log.error({ err }, 'sending station updates failed');
      },
      send: async (ids) => {
        const now = Date.now();
        const states = await live.stations();
        const views = states.map((s) => stationView(s, now));
        const wanted = new Set(ids);
        const changed = views.filter((v) => wanted.has(v.id)).map(countsOf);
        const t = totalsNow(states);
        const totalsChanged = JSON.stringify(t) !== JSON.stringify(totals);
        if (totalsChanged) totals = t;
        // One message per send to each screen: counts only, the totals with them when they changed.
        if (changed.length > 0) {
          const update: StationsUpdate = totalsChanged ? { stations: changed, totals, at: now } : { stations: changed, at: now };
          publicNsp.local.emit('stations:update', update);
          staffNsp.local.emit('stations:update', update);
        } else if (totalsChanged) {
          publicNsp.local.emit('totals:update', totals);
          staffNsp.local.emit('totals:update', totals);
        }
        refreshAlerts(views);
      },
    });

    // Totals go out with every send; a key of their own triggers one without holding back a station.
    const sendTotals = () => broadcaster.mark([TOTALS_KEY]);
    followChanges(app, publicNsp, pubClient !== null, { broadcaster, counts, sendTotals });
    const stopTimers = startTimers(app, { broadcaster, counts, staffAlerts, stationIds, sendTotals });
    const stopSampling = sampleEveryMinute(live, trend, (s) => {
      publicNsp.local.emit('trend:sample', s);
      staffNsp.local.emit('trend:sample', s);
    }, app.log);

    serveSockets(app, { publicNsp, staffNsp }, { totalsNow, trend, staffAlerts });
    const eventPages = serveEventNamespaces(app, io, intervalMs, alertRules);
    announceKioskChanges(app, staffNsp, pubClient !== null);

    app.decorate('io', io);
    app.decorate('sendProgramme', (eventId: string, programme: ProgrammeView) => {
      if (eventId !== app.liveEvents.served.id) return eventPages.sendProgramme(eventId, programme);
      // Through the adapter (Redis mode), the screens and phones of every server process get it.
      publicNsp.emit('programme:update', programme);
      staffNsp.emit('programme:update', programme);
      io.of(ME_NAMESPACE).emit('programme:update', programme);
    });
    app.addHook('onClose', async () => {
      stopTimers();
      stopSampling();
      eventPages.stop();
      broadcaster.close();
      await io.close();
      if (pubClient) await (await import('../live/redis-client.js')).closeRedis(pubClient);
    });
  },
  { name: 'realtime', dependencies: ['config', 'db', 'live', 'live-events', 'auth', 'audit', 'kiosk-health', 'metrics'] },
);

interface Followers {
  broadcaster: Broadcaster;
  counts: TotalsSource;
  sendTotals: () => void;
}

/**
 * Marks for sending the stations that change, here (told to the other processes too) or in another
 * process; and decorates `attendeesRegistered`, which counts the registered again here and there.
 */
function followChanges(app: FastifyInstance, publicNsp: Nsp, withPeers: boolean, { broadcaster, counts, sendTotals }: Followers): void {
  // Changes made here go to this process's clients and, through the adapter, to the others.
  const tellPeers = peerNotices(withPeers ? (ids, registered) => publicNsp.serverSideEmit('stations:changed', ids, registered) : null);
  app.live.onChange((ids) => {
    broadcaster.mark(ids);
    tellPeers(ids, false);
  });
  /** Counts the registered again, and calls `changed` when the number did. */
  const recount = (changed: () => void) =>
    counts.refreshRegistered().then(
      (yes) => yes && changed(),
      (err: unknown) => app.log.error({ err }, 'counting the registered failed'),
    );
  publicNsp.on('stations:changed', (ids, registeredChanged) => {
    if (registeredChanged) void recount(sendTotals);
    broadcaster.mark(ids);
  });
  app.decorate('attendeesRegistered', () => {
    void recount(() => {
      sendTotals();
      tellPeers([], true);
    });
  });
}

interface Polled {
  broadcaster: Broadcaster;
  counts: TotalsSource;
  staffAlerts: StaffAlerts;
  stationIds: string[];
  sendTotals: () => void;
}

/** Polls registrations, who is on site and kiosk health every POLL_MS, and refreshes every station every REFRESH_MS; returns what stops it. */
function startTimers(app: FastifyInstance, { broadcaster, counts, staffAlerts, stationIds, sendTotals }: Polled): () => void {
  const poll = setInterval(() => {
    counts.refreshRegistered().then(
      (changed) => changed && sendTotals(),
      (err: unknown) => app.log.error({ err }, 'counting the registered failed'),
    );
    counts.refreshOnSite().then(
      (changed) => {
        if (changed) sendTotals();
      },
      (err: unknown) => app.log.error({ err }, 'counting who is on site failed'),
    );
    staffAlerts.pollKiosks().catch((err: unknown) => app.log.error({ err }, 'reading kiosk health failed'));
  }, POLL_MS);
  const refresh = setInterval(() => broadcaster.mark(stationIds, { refresh: true }), REFRESH_MS);
  poll.unref();
  refresh.unref();
  return () => {
    clearInterval(poll);
    clearInterval(refresh);
  };
}

interface SnapshotParts {
  totalsNow: (states: readonly ReadonlyStation[]) => Totals;
  trend: Trend;
  staffAlerts: StaffAlerts;
}

/** A snapshot on every (re)connect; staff sockets also get the alerts and kiosks, and may act on stations. */
function serveSockets(app: FastifyInstance, { publicNsp, staffNsp }: { publicNsp: Nsp; staffNsp: Nsp }, { totalsNow, trend, staffAlerts }: SnapshotParts): void {
  const snapshot = async (): Promise<LiveSnapshot> => {
    const now = Date.now();
    const states = await app.live.stations();
    return { stations: states.map((s) => stationView(s, now)), totals: totalsNow(states), trend: trend.list(), at: now };
  };
  const sendSnapshot = async (socket: { emit: StaffSocket['emit'] }) => {
    socket.emit('stations:snapshot', await snapshot());
  };

  publicNsp.on('connection', (socket) => {
    socket.data.role = 'public';
    sendSnapshot(socket).catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
  });

  // Who each staff socket is, checked again before each of its actions.
  const identities = admitStaff(app, staffNsp);
  staffNsp.on('connection', (socket) => {
    const who = identities.get(socket)!;
    // Rooms per user and per session: ending them reaches these sockets on every process (through the adapter).
    if (who.kind === 'session') void socket.join([userRoom(who.userId), sessionRoom(who.sessionHash)]);
    sendSnapshot(socket)
      .then(() => {
        socket.emit('alerts:update', staffAlerts.alerts);
        socket.emit('kiosks:update', staffAlerts.kiosks);
      })
      .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
    staffActions(app, socket, who, { id: app.config.event.id, live: app.live });
  });
  // Signing out, disabling an account, or changing its role or password closes its live connections everywhere.
  app.staffSessions.onEnd((ended) => staffNsp.in(endedRoom(ended)).disconnectSockets(true));
}

/** `app.kioskChanged`: this process forgets the kiosk's token at once, and tells the others (through the adapter) to. */
function announceKioskChanges(app: FastifyInstance, staffNsp: Nsp, withPeers: boolean): void {
  app.decorate('kioskChanged', (kioskId: string) => {
    app.forgetKiosk(kioskId);
    if (withPeers) staffNsp.serverSideEmit('kiosk:changed', kioskId);
  });
  staffNsp.on('kiosk:changed', (kioskId) => app.forgetKiosk(kioskId));
}
