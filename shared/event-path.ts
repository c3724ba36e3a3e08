import { PUBLIC_NAMESPACE } from './realtime.ts';

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

/** What a board or screen reads: the current event's namespaces, or another event's own (read-only). */
export type LiveSource = { other: false; ns: string } | { other: true; ns: string; eventId: string };

/**
 * Which event a page at this address shows: on today's paths, and at `/e/<the current event>/…`,
 * the current one (`/public`, and `/staff` for the board); at `/e/<another event>/…`, that event's
 * own namespace, when the server has it live (asked once, `GET /api/events/:event/live`).
 */
export async function liveSource(origin: string, pathname: string): Promise<LiveSource> {
  const eventId = eventOfPath(pathname);
  if (!eventId) return { other: false, ns: PUBLIC_NAMESPACE };
  try {
    const r = await fetch(`${origin}/api/events/${eventId}/live`, { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    if (r.ok && ((await r.json()) as { served: boolean }).served) return { other: false, ns: PUBLIC_NAMESPACE };
  } catch {
    // Not answering now: the namespace says so when the socket connects.
  }
  return { other: true, ns: eventNamespace(eventId), eventId };
}
