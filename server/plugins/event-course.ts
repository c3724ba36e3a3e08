import fp from 'fastify-plugin';
import type { EventStatus } from '../../shared/event.ts';
import type { EventRecord } from '../db/events.ts';
import { ApiFailure } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The served event's course and the installation's other events, as this server last read them. */
    eventCourse: EventCourse;
    /** Reads the events again now (after an organiser changed one here). */
    readEventCourse: () => Promise<void>;
  }
}

/** The refusal of a kiosk's scan or heartbeat when its event is archived: the kiosk locks, saying so, and keeps its scans. */
export const eventArchived = (): ApiFailure =>
  new ApiFailure(409, 'event_archived', 'This kiosk\'s event is archived: it takes no scans. Pair the kiosk to a station of an open event');

/**
 * How often the events are read again: an organiser closing the event on another server of the
 * installation is seen here within this time (on this server at once).
 */
export const EVENT_COURSE_EVERY_MS = 3000;

/** The served event's course (open, closed, archived) and the ids of the installation's other events. */
export class EventCourse {
  status: EventStatus = 'open';
  /** The installation's events other than the served one: their badges are refused as theirs. */
  otherEvents: string[] = [];

  constructor(private readonly eventId: string) {}

  private statuses = new Map<string, EventStatus>();
  private readonly readers: Array<() => void> = [];

  /** Calls `listener` each time the events have been read (an event may have opened or closed). */
  onRead(listener: () => void): void {
    this.readers.push(listener);
  }

  /** Takes in the installation's events as read. */
  learn(events: readonly Pick<EventRecord, 'id' | 'status'>[]): void {
    this.statuses = new Map(events.map((e) => [e.id, e.status]));
    this.status = this.statuses.get(this.eventId) ?? 'open';
    this.otherEvents = events.map((e) => e.id).filter((id) => id !== this.eventId);
    for (const r of this.readers) r();
  }

  /** Whether the installation has the event, as last read. */
  has(eventId: string): boolean {
    return this.statuses.has(eventId);
  }

  /** Whether an event of the installation is open (scans taken), as last read. */
  isOpen(eventId: string): boolean {
    return eventId === this.eventId ? this.open : this.statuses.get(eventId) === 'open';
  }

  /** Whether an event of the installation is archived, as last read: its kiosks are told so, and lock. */
  isArchived(eventId: string): boolean {
    return this.statuses.get(eventId) === 'archived';
  }

  /** Whether scans are taken: only while the event is open. */
  get open(): boolean {
    return this.status === 'open';
  }
}

/**
 * The served event's course, read at start and every EVENT_COURSE_EVERY_MS (and at once after an
 * organiser changes an event here): a closed event refuses scans, a new event's badges are told
 * apart from forged ones.
 */
export default fp(
  async (app) => {
    const course = new EventCourse(app.config.event.id);
    app.decorate('eventCourse', course);
    const read = async () => {
      const events = await app.store.events.list();
      const known = course.otherEvents.join();
      course.learn(events);
      if (course.otherEvents.join() !== known) app.badges.knowEvents(events.map((e) => e.id));
    };
    await read();
    const timer = setInterval(() => read().catch((err: unknown) => app.log.warn({ err }, 'reading the events failed')), EVENT_COURSE_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
    app.decorate('readEventCourse', read);
  },
  { name: 'event-course', dependencies: ['config', 'db', 'badges'] },
);
