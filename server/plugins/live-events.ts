import fp from 'fastify-plugin';
import type { EventDef } from '../../shared/event.ts';
import { BadgeSigner } from '../badges/badge-signer.ts';
import type { DurableRecords } from '../db/durable-store.ts';
import type { LiveStore } from '../live/live-store.ts';
import { MemoryStore } from '../live/memory-store.ts';
import { LiveSnapshots } from '../live/snapshot.ts';
import { redisTargetOf } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every event live on this server: the served one, and other open events as they are needed. */
    liveEvents: LiveEvents;
  }
}

/** One event live on this server: its stations, live state, badge checks and records. */
export interface EventLive {
  id: string;
  def: EventDef;
  live: LiveStore;
  badges: BadgeSigner;
  records: DurableRecords;
}

const SETTLE_EVERY_MS = 5_000;

/**
 * The events live on this server. The served event (today's paths) is always; another open event
 * of the installation is opened the first time one of its kiosks scans or one of its pages reads
 * it (`/e/<event>/…`), with an in-process live store of its own rebuilt from its log, and stays
 * open. With Redis (REDIS_URL) only the served event is live here: every server of an event must
 * share its live state, and another event's lives on the servers serving it.
 */
export class LiveEvents {
  private readonly opened = new Map<string, Promise<EventLive | null>>();
  private readonly listeners: Array<(event: EventLive) => void> = [];

  constructor(
    readonly served: EventLive,
    /** Opens another event's live state, or null when it cannot be live here. */
    private readonly open: (eventId: string) => Promise<EventLive | null>,
    /** Whether an event may be live here now (open, and this server may hold it). */
    private readonly canBeLive: (eventId: string) => boolean,
    /** Whether this server answers for an event's kiosks: live here, or closed while it could be. */
    private readonly answersFor: (eventId: string) => boolean,
  ) {}

  /** Whether this server answers the kiosks of the event (synchronous: the auth hook asks); a closed one's are refused as closed. */
  mayServe(eventId: string): boolean {
    return eventId === this.served.id || this.answersFor(eventId);
  }

  /** The event's live state here; null when it is not open or cannot be live on this server. */
  of(eventId: string): Promise<EventLive | null> {
    if (eventId === this.served.id) return Promise.resolve(this.served);
    if (!this.canBeLive(eventId)) return Promise.resolve(null);
    let found = this.opened.get(eventId);
    if (!found) {
      found = this.open(eventId).then((e) => {
        if (!e) this.opened.delete(eventId);
        else for (const l of this.listeners) l(e);
        return e;
      });
      this.opened.set(eventId, found);
    }
    return found;
  }

  /** Calls `listener` for every other event opened from now on. */
  onOpen(listener: (event: EventLive) => void): void {
    this.listeners.push(listener);
  }

  /** The other events opened here. */
  async others(): Promise<EventLive[]> {
    return (await Promise.all(this.opened.values())).filter((e): e is EventLive => e !== null);
  }
}

/** The events live on this server (see LiveEvents); other events' stores settle on their own and close with the server. */
export default fp(
  async (app) => {
    const inProcess = redisTargetOf(app.config) === null;
    const served: EventLive = { id: app.config.event.id, def: app.config.event, live: app.live, badges: app.badges, records: app.store };
    const open = async (eventId: string): Promise<EventLive | null> => {
      const event = await app.store.events.byId(eventId);
      if (!event || event.status !== 'open') return null;
      const def = event.definition;
      const log = app.store.logOf(eventId);
      const state = await new LiveSnapshots(log, def, (details, message) => app.log.warn({ ...details, event: eventId }, message)).restore(Date.now(), 'ids');
      if (state.effects.length > 0) await log.write([{ kind: 'settle', at: Date.now(), effects: state.effects }]);
      const live = new MemoryStore(def, state, log);
      const badges = await BadgeSigner.load(app.store.secrets, eventId);
      badges.knowEvents([app.config.event.id, ...app.eventCourse.otherEvents]);
      app.log.info({ event: eventId }, 'another event live on this server');
      return { id: eventId, def, live, badges, records: app.store.forEvent(eventId) };
    };
    const events = new LiveEvents(served, open, (id) => inProcess && app.eventCourse.isOpen(id), (id) => inProcess && app.eventCourse.has(id));
    app.decorate('liveEvents', events);
    const timer = setInterval(() => {
      void events.others().then((others) => {
        for (const e of others) e.live.settle(Date.now()).catch((err: unknown) => app.log.error({ err, event: e.id }, 'settling stations failed'));
      });
    }, SETTLE_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      for (const e of await events.others()) await e.live.close();
    });
  },
  { name: 'live-events', dependencies: ['config', 'db', 'badges', 'live', 'event-course'] },
);
