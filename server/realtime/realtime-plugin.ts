import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server, type Namespace, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import {
  CapacityRequest,
  PauseRequest,
  PUBLIC_NAMESPACE,
  STAFF_NAMESPACE,
  StationRequest,
  type ActionAck,
  type ActionError,
  type Alert,
  type ClientToServerEvents,
  type InterServerEvents,
  type KioskHealth,
  type LiveSnapshot,
  type ServerToClientEvents,
  type SocketData,
  type Totals,
} from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { stationCount, stationView } from '../flow/rules.ts';
import { totalsOf } from '../../shared/totals.ts';
import type { StationCommand, StationState } from '../flow/state.ts';
import { currentAlerts } from './alerts.ts';
import { Broadcaster } from './broadcaster.ts';
import { endedRoom, sessionRoom, staffIdentity, stillStaff, userRoom, type StaffIdentity } from './staff-auth.ts';
import { MINUTE, Trend, trendFromLog } from './trend.ts';
import { closeRedis } from '../live/redis-store.ts';
import { stationAudit } from '../plugins/audit.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';
import { storageFailure } from '../plugins/errors.ts';

type Io = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type Nsp = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type StaffSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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
  }
}

/** Wait estimates move with the clock even when no scan comes: recomputed this often. */
const REFRESH_MS = 30_000;
/** Registrations and kiosk heartbeats are polled this often. */
const POLL_MS = 2_000;
/**
 * With Redis, other processes are told which stations changed at most this often: one message
 * for all the changes in between, not one per commit (hundreds a second in a rush). Their
 * screens update on their next send, so this adds to their delay at most this much.
 */
const PEER_NOTICE_MS = 50;

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
    const rules = { queueAlert: opts.queueAlert ?? 10, silentMs: opts.silentMs ?? 60_000 };
    const { config, live, sqlite } = app;
    const stationIds = config.event.stations.map((s) => s.id);

    const io: Io = new Server(app.server, { serveClient: false, cors: { origin: false } });
    let pubClient: Redis | null = null;
    if (config.redisUrl) {
      pubClient = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
      pubClient.on('error', (err) => app.log.error({ err }, 'redis error (socket.io adapter)'));
      // The streams adapter PUBLISHes, and SUBSCRIBEs on a duplicate of this client, without
      // handling a failure: while Redis is away, or when the server stops before the duplicate has
      // connected, that would be an unhandled rejection.
      logFailures(pubClient, 'publish', (err) => app.log.warn({ err }, 'socket.io adapter could not publish'));
      const duplicate = pubClient.duplicate.bind(pubClient);
      pubClient.duplicate = (override) => {
        const client = duplicate(override);
        logFailures(client, 'subscribe', (err) => app.log.warn({ err }, 'socket.io adapter could not subscribe'));
        return client;
      };
      const name = `${config.redisPrefix}:${config.event.id}:sio`;
      io.adapter(createAdapter(pubClient, { streamName: name, channelPrefix: name, sessionKeyPrefix: `${name}:session:`, blockTimeInMs: 1_000, onlyPlaintext: true }));
    }
    const publicNsp: Nsp = io.of(PUBLIC_NAMESPACE);
    const staffNsp: Nsp = io.of(STAFF_NAMESPACE);

    const countRegistered = sqlite.prepare('SELECT count(*) AS n FROM attendees');
    let registered = (countRegistered.get() as { n: number }).n;
    // Counting who is on site reads every attendee: done on the poll, not on every send.
    let onSite = await live.onSite();
    let totals: Totals = { registered, onSite, visits: 0, queued: 0 };
    const trend = new Trend(trendFromLog(sqlite, stationIds, Date.now()));
    let kiosks: KioskHealth[] = [];
    let alerts: Alert[] = [];

    const totalsNow = (states: StationState[]): Totals => totalsOf(states.map(stationCount), registered, onSite);

    const refreshAlerts = (views: StationView[]) => {
      const next = currentAlerts(views, kiosks, rules, Date.now(), alerts, app.storage.report());
      if (JSON.stringify(next) === JSON.stringify(alerts)) return;
      alerts = next;
      staffNsp.local.emit('alerts:update', alerts);
    };

    const snapshot = async (): Promise<LiveSnapshot> => {
      const now = Date.now();
      const states = await live.stations();
      return { stations: states.map((s) => stationView(s, now)), totals: totalsNow(states), trend: trend.list(), at: now };
    };

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
        const changed = views.filter((v) => wanted.has(v.id));
        if (changed.length > 0) {
          const update = { stations: changed, at: now };
          publicNsp.local.emit('stations:update', update);
          staffNsp.local.emit('stations:update', update);
        }
        const t = totalsNow(states);
        if (JSON.stringify(t) !== JSON.stringify(totals)) {
          totals = t;
          publicNsp.local.emit('totals:update', totals);
          staffNsp.local.emit('totals:update', totals);
        }
        refreshAlerts(views);
      },
    });

    // Changes made here go to this process's clients and, through the adapter, to the others.
    let outgoing: Set<string> | null = null;
    let outgoingRegistered = false;
    const tellPeers = (ids: string[], registeredChanged: boolean) => {
      if (!pubClient) return;
      if (!outgoing) {
        outgoing = new Set();
        setTimeout(() => {
          const send = [...outgoing!];
          const reg = outgoingRegistered;
          outgoing = null;
          outgoingRegistered = false;
          publicNsp.serverSideEmit('stations:changed', send, reg);
        }, PEER_NOTICE_MS).unref();
      }
      for (const id of ids) outgoing.add(id);
      outgoingRegistered ||= registeredChanged;
    };
    live.onChange((ids) => {
      broadcaster.mark(ids);
      tellPeers(ids, false);
    });
    publicNsp.on('stations:changed', (ids, registeredChanged) => {
      if (registeredChanged) refreshRegistered();
      broadcaster.mark(ids);
    });

    const refreshRegistered = () => {
      const n = (countRegistered.get() as { n: number }).n;
      if (n === registered) return false;
      registered = n;
      // Totals go out with the next send; any station id triggers one.
      broadcaster.mark([stationIds[0]]);
      return true;
    };
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'POST' && request.url.startsWith('/api/attendees') && reply.statusCode < 300) {
        if (refreshRegistered()) tellPeers([], true);
      }
    });

    const pollKiosks = async () => {
      const health = (app as unknown as { kioskHealth?: { list(): Promise<KioskHealth[]> } }).kioskHealth;
      if (!health) return;
      const next = await health.list();
      if (JSON.stringify(next) !== JSON.stringify(kiosks)) {
        kiosks = next;
        staffNsp.local.emit('kiosks:update', kiosks);
      }
      const now = Date.now();
      refreshAlerts((await live.stations()).map((s) => stationView(s, now)));
    };

    const refreshOnSite = async () => {
      const n = await live.onSite();
      if (n === onSite) return;
      onSite = n;
      broadcaster.mark([stationIds[0]]);
    };

    const poll = setInterval(() => {
      refreshRegistered();
      refreshOnSite().catch((err: unknown) => app.log.error({ err }, 'counting who is on site failed'));
      pollKiosks().catch((err: unknown) => app.log.error({ err }, 'reading kiosk health failed'));
    }, POLL_MS);
    const refresh = setInterval(() => broadcaster.mark(stationIds), REFRESH_MS);
    let sampler: NodeJS.Timeout | null = null;
    const sample = async () => {
      const at = Math.floor(Date.now() / MINUTE) * MINUTE;
      const states = await live.stations();
      const s = { at, occupancy: Object.fromEntries(states.map((st) => [st.def.id, stationView(st, at).occupancy])) };
      trend.add(s);
      publicNsp.local.emit('trend:sample', s);
      staffNsp.local.emit('trend:sample', s);
    };
    const nextMinute = () => {
      sampler = setTimeout(() => {
        sample().catch((err: unknown) => app.log.error({ err }, 'sampling the trend failed'));
        nextMinute();
      }, MINUTE - (Date.now() % MINUTE) + 50);
      sampler.unref();
    };
    nextMinute();
    poll.unref();
    refresh.unref();

    const sendSnapshot = async (socket: { emit: StaffSocket['emit'] }) => {
      socket.emit('stations:snapshot', await snapshot());
    };

    publicNsp.on('connection', (socket) => {
      socket.data.role = 'public';
      sendSnapshot(socket).catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
    });

    // Who each staff socket is, checked again before each of its actions.
    const identities = new WeakMap<StaffSocket, StaffIdentity>();
    staffNsp.use((socket, next) => {
      try {
        const who = staffIdentity(app, socket.handshake.auth?.token, socket.handshake.headers.cookie);
        if (!who) return next(new Error('unauthorized'));
        identities.set(socket, who);
        socket.data.role = 'organiser';
        next();
      } catch (err) {
        app.log.error({ err }, 'staff socket check failed');
        next(new Error('unauthorized'));
      }
    });
    staffNsp.on('connection', (socket) => {
      const who = identities.get(socket)!;
      // Rooms per user and per session: ending them reaches these sockets on every process (through the adapter).
      if (who.kind === 'session') void socket.join([userRoom(who.userId), sessionRoom(who.sessionHash)]);
      sendSnapshot(socket)
        .then(() => {
          socket.emit('alerts:update', alerts);
          socket.emit('kiosks:update', kiosks);
        })
        .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
      staffActions(app, socket, who);
    });
    // Signing out, disabling an account, or changing its role or password closes its live connections everywhere.
    app.staffSessions.onEnd((ended) => staffNsp.in(endedRoom(ended)).disconnectSockets(true));

    app.decorate('kioskChanged', (kioskId: string) => {
      app.forgetKiosk(kioskId);
      if (pubClient) staffNsp.serverSideEmit('kiosk:changed', kioskId);
    });
    staffNsp.on('kiosk:changed', (kioskId) => app.forgetKiosk(kioskId));

    app.decorate('io', io);
    app.addHook('onClose', async () => {
      clearInterval(poll);
      clearInterval(refresh);
      if (sampler) clearTimeout(sampler);
      broadcaster.close();
      await io.close();
      if (pubClient) await closeRedis(pubClient);
    });
  },
  { name: 'realtime', dependencies: ['config', 'db', 'live', 'auth', 'audit'] },
);

/** Attaches a handler that logs a failure of a client's command; callers get the same promise. */
export function logFailures(client: Redis, command: 'publish' | 'subscribe', log: (err: unknown) => void): void {
  const send = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
  (client as unknown as Record<string, unknown>)[command] = (...args: unknown[]) => {
    const sent = send(...args);
    sent.catch(log);
    return sent;
  };
}

const COMMAND_ERRORS = {
  station_not_found: 'No station has this id',
  not_session_station: 'This station does not run sessions',
  queue_empty: 'Nobody is waiting in the queue',
} as const;

/** Organiser actions on a station over the staff socket, each answered `{ data } | { error }`. */
function staffActions(app: FastifyInstance, socket: StaffSocket, who: StaffIdentity): void {
  const handle = <S extends TSchema>(schema: S, toCommand: (req: Static<S>) => StationCommand) =>
    (req: unknown, ack: (res: ActionAck<StationView>) => void) => {
      if (typeof ack !== 'function') return;
      // The session may have ended since the socket connected (on another process, or a message lost).
      if (!stillStaff(app, who)) {
        ack({ error: { code: 'unauthorized', message: 'Your session has ended; sign in again' } });
        socket.disconnect(true);
        return;
      }
      if (!Value.Check(schema, req)) {
        ack({ error: { code: 'invalid_request', message: 'The request does not match the contract' } });
        return;
      }
      const body = req as Static<S> & { stationId: string };
      const cmd = toCommand(body);
      app.live.command(body.stationId, cmd, randomUUID(), Date.now()).then(
        (r) => {
          if (r.error) ack({ error: { code: r.error, message: COMMAND_ERRORS[r.error] } });
          else {
            const { action, detail } = stationAudit(cmd, 'socket');
            const userId = who.kind === 'session' ? who.userId : null;
            app.audit({ role: 'organiser', userId, address: socket.handshake.address }, action, body.stationId, detail);
            app.log.info({ stationId: body.stationId, action: cmd.action }, 'station changed from the board');
            ack({ data: stationView(r.station, Date.now()) });
          }
        },
        (err: unknown) => {
          app.log.error({ err, stationId: body.stationId }, 'station action failed');
          const storage = storageFailure(err);
          ack({ error: storage ? { code: storage.code as ActionError['code'], message: storage.message } : { code: 'internal', message: 'The server could not do this' } });
        },
      );
    };
  socket.on('station:capacity', handle(CapacityRequest, (r) => ({ action: 'capacity', value: r.capacity })));
  socket.on('station:pause', handle(PauseRequest, (r) => ({ action: 'status', value: r.paused ? 'paused' : 'open' })));
  socket.on('session:start', handle(StationRequest, () => ({ action: 'session_start' })));
  socket.on('session:end', handle(StationRequest, () => ({ action: 'session_end' })));
  socket.on('queue:call-next', handle(StationRequest, () => ({ action: 'call_next' })));
}
