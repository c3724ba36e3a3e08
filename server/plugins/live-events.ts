import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import { BadgeSigner } from '../badges/badge-signer.ts';
import type { DurableLog, DurableRecords } from '../db/durable-store.ts';
import type { ArchiverHandle } from '../live/archiver.ts';
import type { LiveStore } from '../live/live-store.ts';
import { LiveState } from '../live/live-state.ts';
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
  /** Its scan log, and (Redis mode) the archiver writing into it: /health tells their failures per event. */
  log: DurableLog;
  archiver: ArchiverHandle | null;
  /** What keeps another event's live state here (closed when the event closes); null for the served event (the live plugin's). */
  state: LiveState | null;
}

/**
 * The events live on this server. The served event (today's paths) is always; another open event
 * of the installation is opened the first time one of its kiosks scans or one of its pages reads
 * it (`/e/<event>/…`), with a live state of its own (live-state.ts: in-process, or in Redis under
 * its own hash tag, shared by every server that opens it) rebuilt from its log, and stays open
 * until the event is closed or archived: then it is released (`release`), and opened afresh if
 * the event is opened again.
 */
export class LiveEvents {
  private readonly opened = new Map<string, Promise<EventLive | null>>();
  /** Events being released: opened again only once that is done (their Redis keys removed). */
  private readonly releasing = new Map<string, Promise<void>>();
  private readonly openListeners: Array<(event: EventLive) => void> = [];
  private readonly releaseListeners: Array<(event: EventLive) => void> = [];

  constructor(
    readonly served: EventLive,
    /** Opens another event's live state, or null when it cannot be live here. */
    private readonly open: (eventId: string) => Promise<EventLive | null>,
    /** Whether an event may be live here now (open). */
    private readonly canBeLive: (eventId: string) => boolean,
    /** Whether this server answers for an event's kiosks: live here, or closed while it could be. */
    private readonly answersFor: (eventId: string) => boolean,
  ) {}

  /** Whether this server answers the kiosks of the event (synchronous: the auth hook asks); a closed one's are refused as closed. */
  mayServe(eventId: string): boolean {
    return eventId === this.served.id || this.answersFor(eventId);
  }

  /** The event's live state here; null when it is not open. An opening that failed (Redis away) is tried again by the next call. */
  of(eventId: string): Promise<EventLive | null> {
    if (eventId === this.served.id) return Promise.resolve(this.served);
    if (!this.canBeLive(eventId)) return Promise.resolve(null);
    let found = this.opened.get(eventId);
    if (!found) {
      const released = this.releasing.get(eventId) ?? Promise.resolve();
      const opening: Promise<EventLive | null> = released.then(() => this.open(eventId)).then(
        (e) => {
          if (!e) this.forget(eventId, opening);
          else for (const l of this.openListeners) l(e);
          return e;
        },
        (err: unknown) => {
          this.forget(eventId, opening);
          throw err;
        },
      );
      found = opening;
      this.opened.set(eventId, found);
    }
    return found;
  }

  private forget(eventId: string, opening: Promise<EventLive | null>): void {
    if (this.opened.get(eventId) === opening) this.opened.delete(eventId);
  }

  /** Calls `listener` for every other event opened from now on. */
  onOpen(listener: (event: EventLive) => void): void {
    this.openListeners.push(listener);
  }

  /** Calls `listener` for every other event released from now on, before its live state closes. */
  onRelease(listener: (event: EventLive) => void): void {
    this.releaseListeners.push(listener);
  }

  /** The ids of the other events live here (or being opened). */
  ids(): string[] {
    return [...this.opened.keys()];
  }

  /** The other events open here. */
  async others(): Promise<EventLive[]> {
    const all = await Promise.all([...this.opened.values()].map((p) => p.catch(() => null)));
    return all.filter((e): e is EventLive => e !== null);
  }

  /**
   * Releases another event's live state (it closed): its timers and threads stop, its log stream
   * is archived, and in Redis mode its keys are removed. Nothing of it stays on this server.
   */
  release(eventId: string): Promise<void> {
    const opening = this.opened.get(eventId);
    if (!opening) return Promise.resolve();
    this.opened.delete(eventId);
    const done = opening
      .catch(() => null)
      .then(async (e) => {
        if (!e) return;
        for (const l of this.releaseListeners) l(e);
        await e.state?.close('release');
      })
      .finally(() => {
        if (this.releasing.get(eventId) === done) this.releasing.delete(eventId);
      });
    this.releasing.set(eventId, done);
    return done;
  }
}

/** Opens another event's live state on this server, or null when it is not open. */
async function openEvent(app: FastifyInstance, eventId: string): Promise<EventLive | null> {
  const event = await app.store.events.byId(eventId);
  if (!event || event.status !== 'open') return null;
  const def = event.definition;
  const log = app.store.logOf(eventId);
  const target = redisTargetOf(app.config);
  const state = await LiveState.open({
    event: def,
    log,
    file: app.sqliteFile,
    databaseUrl: app.config.databaseUrl,
    redis: target && { target, prefix: app.config.redisPrefix },
    logger: app.log,
  });
  const badges = await BadgeSigner.load(app.store.secrets, eventId);
  badges.knowEvents([app.config.event.id, ...app.eventCourse.otherEvents]);
  app.log.info({ event: eventId }, 'another event live on this server');
  return { id: eventId, def, live: state.live, badges, records: app.store.forEvent(eventId), log, archiver: state.archiver, state };
}

/** The events live on this server (see LiveEvents): others are released as they close, and close with the server. */
export default fp(
  async (app) => {
    const served: EventLive = {
      id: app.config.event.id,
      def: app.config.event,
      live: app.live,
      badges: app.badges,
      records: app.store,
      log: app.store.log,
      archiver: app.archiver,
      state: null,
    };
    const course = app.eventCourse;
    const events = new LiveEvents(served, (id) => openEvent(app, id), (id) => course.isOpen(id), (id) => course.has(id));
    app.decorate('liveEvents', events);
    course.onRead(() => {
      for (const id of events.ids()) {
        if (!course.isOpen(id)) events.release(id).catch((err: unknown) => app.log.error({ err, event: id }, 'releasing a closed event’s live state failed'));
      }
    });
    app.addHook('onClose', async () => {
      for (const e of await events.others()) await e.state?.close('keep');
    });
  },
  { name: 'live-events', dependencies: ['config', 'db', 'badges', 'live', 'event-course'] },
);
