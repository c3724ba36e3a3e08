import type { LocalText } from './event.ts';
import { PUBLIC_NAMESPACE, STAFF_NAMESPACE } from './realtime.ts';

/** Where an event's own pages are: `/e/<event>/board`, `/e/<event>/screen`, `/e/<event>/kiosk`. */
const EVENT_PATH = /^\/e\/([a-z0-9][a-z0-9-]{0,63})\//;

/** The event a page's address names, or null on today's paths (the current event's). */
export function eventOfPath(pathname: string): string | null {
  return EVENT_PATH.exec(pathname)?.[1] ?? null;
}

/** The Socket.IO namespace of an event live on a server beside the current one: its stations only, no personal data. */
export function eventNamespace(eventId: string): string {
  return `/e/${eventId}`;
}

/** What a board or screen reads: the current event's namespaces and programme, or another event's own. */
export interface LiveSource {
  /** Another event than the one the server serves on today's paths. */
  other: boolean;
  /** Its public namespace (counts, waits, numbers called, the trend). */
  ns: string;
  /** Its organisers' namespace (alerts, kiosks, station actions). */
  staffNs: string;
  /** Where its programme is read. */
  programme: string;
  /** Its name, when the server told it (another event's pages show it in their header). */
  name: LocalText | null;
}

/** Today's paths: the current event's namespaces and programme. */
export const CURRENT_EVENT: LiveSource = { other: false, ns: PUBLIC_NAMESPACE, staffNs: STAFF_NAMESPACE, programme: '/api/programme', name: null };

/**
 * Which event a page at this address shows: on today's paths, and at `/e/<the current event>/…`,
 * the current one (`/public`, and `/staff` for the board); at `/e/<another event>/…`, that event's
 * own namespaces (`/e/<event>`, `/e/<event>/staff`) and programme, when the server has it live
 * (asked once, `GET /api/events/:event/live`, which also names it).
 */
export async function liveSource(origin: string, pathname: string): Promise<LiveSource> {
  const eventId = eventOfPath(pathname);
  if (!eventId) return CURRENT_EVENT;
  let name: LocalText | null = null;
  try {
    const r = await fetch(`${origin}/api/events/${eventId}/live`, { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    if (r.ok) {
      const live = (await r.json()) as { served: boolean; name: LocalText };
      if (live.served) return CURRENT_EVENT;
      name = live.name;
    }
  } catch {
    // Not answering now: the namespace says so when the socket connects.
  }
  const ns = eventNamespace(eventId);
  return { other: true, ns, staffNs: `${ns}/staff`, programme: `/api/events/${eventId}/programme`, name };
}
