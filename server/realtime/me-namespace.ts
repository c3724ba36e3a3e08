import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ME_NAMESPACE, type MyPlace } from '../../shared/me.ts';
import { PUBLIC_NAMESPACE } from '../../shared/realtime.ts';
import { RECENT_LIMIT } from '../flow/rules.ts';
import type { ReadonlyStation } from '../flow/state.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';
import { placeOf } from '../me/my-day.ts';
import { servedMe } from '../me/me-event.ts';
import { peopleAt, placeAt } from '../me/my-place.ts';
import type { Nsp, StaffSocket } from './io-types.ts';

/** A phone's socket: the shared contract's, with the attendee's badge number in its data. */
type MeSocket = StaffSocket;

/** Waits change with the clock even when no scan comes: every phone's place is read again this often. */
const REFRESH_MS = 30_000;

/**
 * The phones of this process, by badge number, with the place each was last told and the station
 * it is at: a change of a station reads the places of the phones at it (and of people newly in
 * its lists) only, not of every phone.
 */
class Phones {
  private readonly sockets = new Map<number, Set<MeSocket>>();
  private readonly told = new Map<number, { key: string; stationId: string | null }>();
  private readonly atStation = new Map<string, Set<number>>();

  add(socket: MeSocket, no: number): void {
    let set = this.sockets.get(no);
    if (!set) this.sockets.set(no, (set = new Set()));
    set.add(socket);
  }

  remove(socket: MeSocket, no: number): void {
    const set = this.sockets.get(no);
    set?.delete(socket);
    if (set && set.size === 0) {
      this.sockets.delete(no);
      this.place(no, null);
      this.told.delete(no);
    }
  }

  has(no: number): boolean {
    return this.sockets.has(no);
  }

  /** Whether any phone is connected to this process. */
  get any(): boolean {
    return this.sockets.size > 0;
  }

  badges(): number[] {
    return [...this.sockets.keys()];
  }

  /** How many attendees have a phone connected here. */
  get count(): number {
    return this.sockets.size;
  }

  /** The phones last told they are at station `id`. */
  at(id: string): number[] {
    return [...(this.atStation.get(id) ?? [])];
  }

  /** Keeps which station the badge's phones were told, for the next change of it. */
  private place(no: number, stationId: string | null): void {
    const before = this.told.get(no)?.stationId ?? null;
    if (before === stationId) return;
    if (before) this.atStation.get(before)?.delete(no);
    if (stationId) {
      let set = this.atStation.get(stationId);
      if (!set) this.atStation.set(stationId, (set = new Set()));
      set.add(no);
    }
  }

  /** Tells the badge's phones their place when it differs from what they were told (or to `also`, a phone just connected, in any case). */
  tell(no: number, place: MyPlace | null, now: number, also?: MeSocket): void {
    const key = JSON.stringify(place);
    const changed = this.told.get(no)?.key !== key;
    if (changed) {
      this.place(no, place?.stationId ?? null);
      this.told.set(no, { key, stationId: place?.stationId ?? null });
      for (const s of this.sockets.get(no) ?? []) s.emit('me:place', { place, at: now });
    } else also?.emit('me:place', { place, at: now });
  }
}

/**
 * Whose phones a change of station may concern: the phones told they are at it, its phone
 * joiners, those it called, and who scanned at it since it was last followed. When more scans
 * came than its list of recent ones keeps, the connected phones or the people in its lists,
 * whichever are fewer.
 */
class Concerned {
  /** Per station, the newest recent scan seen when it was last followed: whether the scans since are all still in its list. */
  private readonly lastScan = new Map<string, string>();

  constructor(private readonly phones: Phones) {}

  at(s: ReadonlyStation): Iterable<number> {
    const recent = s.recent;
    const last = this.lastScan.get(s.def.id);
    if (recent.length > 0) this.lastScan.set(s.def.id, scanKey(recent[recent.length - 1]));
    if (recent.length >= RECENT_LIMIT && !recent.some((r) => scanKey(r) === last)) {
      const inLists = s.occupants.size + s.queue.length + s.called.length;
      return this.phones.count < inLists ? this.phones.badges() : peopleAt(s);
    }
    return new Set([...this.phones.at(s.def.id), ...s.remote, ...s.called.map((e) => e.no), ...recent.map((r) => r.no)]);
  }
}

const scanKey = (r: ReadonlyStation['recent'][number]) => `${r.at} ${r.no} ${r.kioskId}`;

/** What following changed stations for the phones needs. */
interface Following {
  app: FastifyInstance;
  nsp: Nsp;
  phones: Phones;
  /** The stations whose queue may be joined from the phone, as the phones were last told. */
  remote: Set<string>;
  concerned: Concerned;
  callMinutes: number;
}

/** Tells the phones concerned by changed stations their place, and every phone a change of which queues take phone joiners. */
async function follow({ app, nsp, phones, remote, concerned, callMinutes }: Following, stationIds: string[]): Promise<void> {
  const now = Date.now();
  // Phones told a place at a changed station, not found there again: read where they are after.
  const moved = new Set<number>();
  let remoteChanged = false;
  for (const id of stationIds) {
    for (const no of phones.at(id)) moved.add(no);
    const s = await app.live.station(id);
    if (!s) continue;
    if (remote.has(id) !== s.remoteQueue) {
      remoteChanged = true;
      if (s.remoteQueue) remote.add(id);
      else remote.delete(id);
    }
    if (s.def.mode === 'gate') continue;
    for (const no of concerned.at(s)) {
      if (!phones.has(no)) continue;
      const place = placeAt(s, no, now, callMinutes);
      if (!place) continue;
      moved.delete(no);
      phones.tell(no, place, now);
    }
  }
  for (const no of moved) phones.tell(no, await placeOf(servedMe(app), no, now), now);
  if (remoteChanged) nsp.local.emit('me:stations', { stationIds: [...remote], at: now });
}

/**
 * The attendee's phone namespace (`/me`): a socket is let in only with an attendee's phone session
 * (the `kezek_me` cookie), and is sent only that attendee's place: on every (re)connect, and
 * whenever it changes (a scan, a call, the queue moving, a call expiring), here or in another
 * server process.
 */
export default fp(
  async (app: FastifyInstance) => {
    const nsp: Nsp = app.io.of(ME_NAMESPACE);
    const phones = new Phones();
    /** The stations whose queue may be joined from the phone, as the phones were last told (or as the day they load says). */
    const remote = new Set<string>();
    app.addHook('onReady', async () => {
      for (const s of await app.live.stations()) if (s.remoteQueue) remote.add(s.def.id);
    });
    const { callMinutes } = app.config.event;

    nsp.use((socket, next) => {
      app.attendeeOf(socket.handshake.headers.cookie).then(
        (badgeNo) => {
          if (badgeNo === null) return next(new Error('unauthorized'));
          socket.data.role = 'attendee';
          socket.data.badgeNo = badgeNo;
          next();
        },
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });

    const failed = (err: unknown) => {
      if (!(err instanceof LiveStoreUnavailable)) app.log.error({ err }, 'telling phones their place failed');
    };

    nsp.on('connection', (socket) => {
      const no = socket.data.badgeNo;
      if (no === undefined) return void socket.disconnect(true);
      phones.add(socket, no);
      socket.on('disconnect', () => phones.remove(socket, no));
      const now = Date.now();
      placeOf(servedMe(app), no, now).then((place) => phones.tell(no, place, now, socket), failed);
    });

    const following: Following = { app, nsp, phones, remote, concerned: new Concerned(phones), callMinutes };
    // Stations changed: the phones at them and the people now in their lists are read again, once per turn (nothing while no phone is connected).
    let pending: Set<string> | null = null;
    const changed = (ids: string[]) => {
      if (ids.length === 0 || !phones.any) return;
      if (!pending) {
        pending = new Set();
        setImmediate(() => {
          const stations = [...pending!];
          pending = null;
          void follow(following, stations).catch(failed);
        });
      }
      for (const id of ids) pending.add(id);
    };
    app.live.onChange(changed);
    app.io.of(PUBLIC_NAMESPACE).on('stations:changed', (ids: string[]) => changed(ids));

    const refresh = setInterval(() => {
      const now = Date.now();
      void Promise.all(phones.badges().map(async (no) => phones.tell(no, await placeOf(servedMe(app), no, now), now))).catch(failed);
    }, REFRESH_MS);
    refresh.unref();
    app.addHook('onClose', async () => clearInterval(refresh));
  },
  { name: 'me-namespace', dependencies: ['realtime', 'auth', 'live'] },
);
