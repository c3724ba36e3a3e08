import type { FastifyInstance } from 'fastify';
import type { LiveSnapshot } from '../../shared/realtime.ts';
import { countsOf } from '../../shared/station.ts';
import { totalsOf } from '../../shared/totals.ts';
import { stationCount, stationView } from '../flow/rules.ts';
import type { EventLive } from '../plugins/live-events.ts';
import { Broadcaster } from './broadcaster.ts';
import type { Io, Nsp } from './io-types.ts';

/** `/e/<event id>`: the namespace of each event live beside the current one. */
const EVENT_NAMESPACE = /^\/e\/[a-z0-9][a-z0-9-]{0,63}$/;
/** Wait estimates move with the clock: every station is sent again this often. */
const REFRESH_MS = 30_000;

/** An event's stations and totals now, as a snapshot (no trend: that is the current event's board's). */
async function snapshotOf(event: EventLive): Promise<LiveSnapshot> {
  const now = Date.now();
  const states = await event.live.stations();
  const totals = totalsOf(states.map(stationCount), await event.records.attendees.count(), await event.live.onSite());
  return { stations: states.map((s) => stationView(s, now)), totals, trend: [], at: now };
}

/**
 * The live pages of the other events live on this server (`/e/<event>/board`, `/e/<event>/screen`)
 * connect to `/e/<event>`: public data only (counts, waits, numbers called), a snapshot on every
 * (re)connect, then that event's changes, coalesced per station as the current event's are.
 * Refused (`event_not_live`) for an event not live here; the current event's pages use `/public`.
 */
export function serveEventNamespaces(app: FastifyInstance, io: Io, intervalMs: number): () => void {
  const parent = io.of(EVENT_NAMESPACE);
  // A namespace made by a regular expression is a parent: each event's namespace is a child of it, made at its first connection.
  const children = new Set<Nsp>();
  const idOf = (nsp: Nsp) => nsp.name.slice('/e/'.length);
  parent.use((socket, next) => {
    const id = idOf(socket.nsp);
    if (id === app.liveEvents.served.id) return next(new Error('event_not_live'));
    const refused = () => next(new Error('event_not_live'));
    app.liveEvents.of(id).then((e) => {
      if (!e) return refused();
      children.add(socket.nsp);
      next();
    }, refused);
  });
  parent.on('connection', (socket) => {
    socket.data.role = 'public';
    app.liveEvents
      .of(idOf(socket.nsp))
      .then(async (e) => e && socket.emit('stations:snapshot', await snapshotOf(e)))
      .catch((err: unknown) => app.log.error({ err }, 'snapshot failed'));
  });
  const broadcasters: Broadcaster[] = [];
  const timers: NodeJS.Timeout[] = [];
  app.liveEvents.onOpen((event) => {
    const emitTo = (send: (nsp: Nsp) => void) => {
      for (const child of children) if (idOf(child) === event.id) send(child);
    };
    let lastTotals = '';
    const broadcaster = new Broadcaster({
      intervalMs,
      onError: (err) => app.log.error({ err, event: event.id }, 'sending station updates failed'),
      send: async (ids) => {
        const snap = await snapshotOf(event);
        const wanted = new Set(ids);
        const totals = JSON.stringify(snap.totals) === lastTotals ? undefined : snap.totals;
        lastTotals = JSON.stringify(snap.totals);
        const stations = snap.stations.filter((s) => wanted.has(s.id)).map(countsOf);
        emitTo((nsp) => nsp.local.emit('stations:update', totals ? { stations, totals, at: snap.at } : { stations, at: snap.at }));
      },
    });
    broadcasters.push(broadcaster);
    event.live.onChange((ids) => broadcaster.mark(ids));
    const refresh = setInterval(() => broadcaster.mark(event.def.stations.map((s) => s.id), { refresh: true }), REFRESH_MS);
    refresh.unref();
    timers.push(refresh);
  });
  return () => {
    for (const b of broadcasters) b.close();
    for (const t of timers) clearInterval(t);
  };
}
