import type { FastifyInstance } from 'fastify';
import type { ProgrammeView } from '../../shared/event.ts';
import { PUBLIC_NAMESPACE, type LiveSnapshot } from '../../shared/realtime.ts';
import { redisTargetOf } from '../config.ts';
import { countsOf } from '../../shared/station.ts';
import { totalsOf } from '../../shared/totals.ts';
import { stationCount, stationView } from '../flow/rules.ts';
import type { EventLive } from '../plugins/live-events.ts';
import type { AlertRules } from './alerts.ts';
import { Broadcaster } from './broadcaster.ts';
import type { Io, Nsp } from './io-types.ts';
import { peerNotices } from './peer-notices.ts';
import { staffActions } from './staff-actions.ts';
import { StaffAlerts } from './staff-alerts.ts';
import { admitStaff, endedRoom, sessionRoom, userRoom } from './staff-auth.ts';
import { Trend, sampleEveryMinute, trendFromLog } from './trend.ts';

const EVENT_ID = '[a-z0-9][a-z0-9-]{0,63}';
/** `/e/<event id>`: the public namespace of each event live beside the current one. */
const EVENT_NAMESPACE = new RegExp(`^/e/${EVENT_ID}$`);
/** `/e/<event id>/staff`: its organisers' (as `/staff` is the current event's). */
const EVENT_STAFF_NAMESPACE = new RegExp(`^/e/${EVENT_ID}/staff$`);
/** Wait estimates move with the clock: every station is sent again this often. */
const REFRESH_MS = 30_000;
/** Kiosk heartbeats of an event whose organisers are connected are read this often (as the current event's). */
const POLL_MS = 2_000;

/** What the pages of an event live beside the current one get beyond its counts: the last hour's trend, and for its organisers the alerts and kiosks. */
interface EventRoom {
  event: EventLive;
  trend: Trend;
  alerts: StaffAlerts;
}

/** The namespaces of the events' pages on this process, as they are let in (a namespace made by a regular expression is a parent; each event's is a child of it, made at its first connection). */
class EventPages {
  private readonly all = new Set<Nsp>();

  add(nsp: Nsp): void {
    this.all.add(nsp);
  }

  /** The event a page's namespace is of. */
  static idOf(nsp: Nsp): string {
    return nsp.name.slice('/e/'.length).replace(/\/staff$/, '');
  }

  /** The namespaces of an event's pages: all of them, or its organisers' only. */
  *of(eventId: string, staffOnly = false): Iterable<Nsp> {
    for (const nsp of this.all) if (EventPages.idOf(nsp) === eventId && (!staffOnly || nsp.name.endsWith('/staff'))) yield nsp;
  }

  *staff(): Iterable<Nsp> {
    for (const nsp of this.all) if (nsp.name.endsWith('/staff')) yield nsp;
  }
}

/** An event's stations, totals and trend now, as a snapshot. */
async function snapshotOf({ event, trend }: EventRoom): Promise<LiveSnapshot> {
  const now = Date.now();
  const states = await event.live.stations();
  const totals = totalsOf(states.map(stationCount), await event.records.attendees.count(), await event.live.onSite());
  return { stations: states.map((s) => stationView(s, now)), totals, trend: trend.list(), at: now };
}

/**
 * The live pages of the other events live on this server (`/e/<event>/board`, `/e/<event>/screen`)
 * connect to `/e/<event>`: public data only (counts, waits, numbers called, the trend), a snapshot
 * on every (re)connect, then that event's changes, coalesced per station as the current event's
 * are. Its organisers' board connects to `/e/<event>/staff` (the admin token, or the session of an
 * account that is an organiser at that event): alerts and kiosks too, and the station actions of
 * `/staff`, on that event's stations and audited in its log. Both are refused (`event_not_live`)
 * for an event not live here; the current event's pages use `/public` and `/staff`. Returns what
 * stops it, and what sends an event's shifted programme to its pages on every server.
 */
export function serveEventNamespaces(
  app: FastifyInstance,
  io: Io,
  intervalMs: number,
  alertRules: AlertRules,
): { stop: () => void; sendProgramme: (eventId: string, programme: ProgrammeView) => void } {
  const pages = new EventPages();
  const events = new Map<string, EventLive>();
  const rooms = new Map<string, Promise<EventRoom>>();
  const publicParent = io.of(EVENT_NAMESPACE);
  const staffParent = io.of(EVENT_STAFF_NAMESPACE);
  for (const parent of [publicParent, staffParent]) admitLiveEvent(app, parent, pages);
  const identities = admitStaff(app, staffParent, EventPages.idOf);
  const roomOf = (nsp: Nsp) => rooms.get(EventPages.idOf(nsp));
  const failed = (err: unknown) => app.log.error({ err }, 'snapshot failed');

  publicParent.on('connection', (socket) => {
    socket.data.role = 'public';
    void roomOf(socket.nsp)
      ?.then(async (room) => socket.emit('stations:snapshot', await snapshotOf(room)))
      .catch(failed);
  });
  staffParent.on('connection', (socket) => {
    const who = identities.get(socket)!;
    // Rooms per user and per session: ending them (signing out, a role taken away) closes these sockets.
    if (who.kind === 'session') void socket.join([userRoom(who.userId), sessionRoom(who.sessionHash)]);
    staffActions(app, socket, who, events.get(EventPages.idOf(socket.nsp))!);
    void roomOf(socket.nsp)?.then((r) => greetStaff(socket, r)).catch(failed);
  });
  app.staffSessions.onEnd((ended) => {
    for (const nsp of pages.staff()) nsp.in(endedRoom(ended)).disconnectSockets(true);
  });

  /** What stops following each event: called when the event is released (closed) and when the server closes. */
  const stops = new Map<string, Promise<() => void>>();
  // With Redis, an event's changes made on another server come through the public namespace.
  const marks = new Map<string, (ids: string[]) => void>();
  const publicNsp: Nsp = io.of(PUBLIC_NAMESPACE);
  const peers = redisTargetOf(app.config) ? publicNsp : null;
  publicNsp.on('event:changed', (id, ids) => marks.get(id)?.(ids));
  const stop = (id: string) => {
    void stops.get(id)?.then((s) => s());
    stops.delete(id);
    marks.delete(id);
  };
  app.liveEvents.onOpen((event) => {
    events.set(event.id, event);
    const room = openRoom(app, event, pages, alertRules);
    rooms.set(event.id, room);
    stops.set(
      event.id,
      room.then(
        (r) => {
          const { stop: stopFollowing, mark } = followEvent(app, r, pages, intervalMs, peers);
          marks.set(event.id, mark);
          return stopFollowing;
        },
        (err: unknown) => {
          app.log.error({ err, event: event.id }, 'reading the trend failed');
          return () => undefined;
        },
      ),
    );
  });
  app.liveEvents.onRelease((event) => {
    stop(event.id);
    events.delete(event.id);
    rooms.delete(event.id);
  });
  return {
    stop: () => {
      for (const id of [...stops.keys()]) stop(id);
    },
    sendProgramme: programmeSender(pages, publicNsp, peers),
  };
}

/** What sends an event's shifted programme to its pages here and, through `peers` (Redis), on the other servers. */
function programmeSender(pages: EventPages, publicNsp: Nsp, peers: Nsp | null): (eventId: string, programme: ProgrammeView) => void {
  const here = (id: string, programme: ProgrammeView) => {
    for (const nsp of pages.of(id)) nsp.local.emit('programme:update', programme);
  };
  publicNsp.on('event:programme', here);
  return (id, programme) => {
    here(id, programme);
    peers?.serverSideEmit('event:programme', id, programme);
  };
}

/** Lets a socket into an event's namespace only while that event, not the one served at the old paths, is live here. */
function admitLiveEvent(app: FastifyInstance, parent: ReturnType<Io['of']>, pages: EventPages): void {
  parent.use((socket, next) => {
    const id = EventPages.idOf(socket.nsp);
    const refused = () => next(new Error('event_not_live'));
    if (id === app.liveEvents.served.id) return refused();
    app.liveEvents.of(id).then((e) => {
      if (!e) return refused();
      pages.add(socket.nsp);
      next();
    }, refused);
  });
}

/** An organiser's board just connected: the stations, and the alerts and kiosks read now. */
async function greetStaff(socket: Parameters<typeof staffActions>[1], r: EventRoom): Promise<void> {
  socket.emit('stations:snapshot', await snapshotOf(r));
  // Its kiosks are read while its organisers are connected: the first one here reads them now.
  await r.alerts.pollKiosks();
  socket.emit('alerts:update', r.alerts.alerts);
  socket.emit('kiosks:update', r.alerts.kiosks);
}

/** An event's room: its trend rebuilt from its log (as the current event's at start), its alerts. */
async function openRoom(app: FastifyInstance, event: EventLive, pages: EventPages, rules: AlertRules): Promise<EventRoom> {
  const stationIds = event.def.stations.map((s) => s.id);
  const trend = new Trend(await trendFromLog(app.store.logOf(event.id), stationIds, Date.now()));
  const alerts = new StaffAlerts(app, { id: event.id, live: event.live, staff: () => pages.of(event.id, true) }, rules);
  return { event, trend, alerts };
}

/** Sends an event's changes, trend samples and alerts to its pages; returns what stops it. */
function followEvent(
  app: FastifyInstance,
  { event, trend, alerts }: EventRoom,
  pages: EventPages,
  intervalMs: number,
  /** With Redis: the namespace through which the other servers are told of its changes here. */
  peers: Nsp | null,
): { stop: () => void; mark: (ids: string[]) => void } {
  const emit = (send: (nsp: Nsp) => void) => {
    for (const nsp of pages.of(event.id)) send(nsp);
  };
  let lastTotals = '';
  const broadcaster = new Broadcaster({
    intervalMs,
    onError: (err) => app.log.error({ err, event: event.id }, 'sending station updates failed'),
    send: async (ids) => {
      const snap = await snapshotOf({ event, trend, alerts });
      const wanted = new Set(ids);
      const totals = JSON.stringify(snap.totals) === lastTotals ? undefined : snap.totals;
      lastTotals = JSON.stringify(snap.totals);
      const stations = snap.stations.filter((s) => wanted.has(s.id)).map(countsOf);
      emit((nsp) => nsp.local.emit('stations:update', totals ? { stations, totals, at: snap.at } : { stations, at: snap.at }));
      alerts.refresh(snap.stations);
    },
  });
  const tellPeers = peerNotices(peers && ((ids) => peers.serverSideEmit('event:changed', event.id, ids)));
  event.live.onChange((ids) => {
    broadcaster.mark(ids);
    tellPeers(ids, false);
  });
  const refresh = setInterval(() => broadcaster.mark(event.def.stations.map((s) => s.id), { refresh: true }), REFRESH_MS);
  // Kiosk health is read only while an organiser of the event is connected here.
  const poll = setInterval(() => {
    if (![...pages.of(event.id, true)].some((nsp) => nsp.sockets.size > 0)) return;
    alerts.pollKiosks().catch((err: unknown) => app.log.error({ err, event: event.id }, 'reading kiosk health failed'));
  }, POLL_MS);
  refresh.unref();
  poll.unref();
  const stopSampling = sampleEveryMinute(event.live, trend, (s) => emit((nsp) => nsp.local.emit('trend:sample', s)), app.log);
  const stop = () => {
    broadcaster.close();
    clearInterval(refresh);
    clearInterval(poll);
    stopSampling();
  };
  return { stop, mark: (ids) => broadcaster.mark(ids) };
}
