/**
 * Talking to the Kezek server from the kiosk: every call says whether the network failed. A call
 * that gets no answer (or a 502–504: the server or its proxy is down) turns the kiosk to the next
 * server of the event for the calls after it; the outbox sends the same scan ids there.
 */
import { ServerRotation } from '../../shared/server-rotation.ts';
import type { ServerList } from '../../shared/servers.ts';

/**
 * An answer, or a failure: `status` 0 and code `network` when the server could not be reached;
 * `retryAfter`: seconds to wait before trying again (a 429's Retry-After), 0 when not told.
 */
export type Reply<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string; body: Record<string, unknown>; retryAfter: number };

/** Why a kiosk locks: revoked, paired to a station of an event the server does not serve now, or of an archived event. */
export type LockReason = 'kiosk_revoked' | 'kiosk_other_event' | 'event_archived';

/** A revoked kiosk (or one of another event) is reported to this listener by whichever call finds out. */
let onRevoked: (why: LockReason) => void = () => {};
export function whenRevoked(listener: (why: LockReason) => void): void {
  onRevoked = listener;
}

let servers = new ServerRotation(location.origin);
/** The event's servers as the pairing named them (the page's own first). */
export function useServers(urls: readonly string[] | undefined): void {
  servers = new ServerRotation(location.origin, urls ?? []);
}

/** The server the kiosk talks to now: '' for the one that served the page. */
export function currentServer(): string {
  return servers.current;
}

/** Asks the server for the event's servers now (a pairing from before PUBLIC_URLS was set knows none); null when it did not answer. */
export async function learnServers(): Promise<string[] | null> {
  const r = await call<ServerList>('GET', '/api/servers');
  if (!r.ok) return null;
  const urls = r.body.servers.map((x) => x.url);
  servers.update(urls);
  return urls;
}

let token: string | null = null;
export function useToken(t: string | null): void {
  token = t;
}

/** One API call with a time limit: a hung Wi-Fi must not hold a verdict for long. */
export async function call<T>(method: string, url: string, body?: unknown, timeoutMs = 3000): Promise<Reply<T>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${servers.current}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal, cache: 'no-store' });
    if (res.status >= 502 && res.status <= 504) servers.next();
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.ok) return { ok: true, status: res.status, body: json as T };
    const code = typeof json.code === 'string' ? json.code : `http_${res.status}`;
    if (res.status === 401 && code === 'kiosk_revoked') onRevoked(code);
    if (res.status === 403 && code === 'kiosk_other_event') onRevoked(code);
    if (res.status === 409 && code === 'event_archived') onRevoked(code);
    return { ok: false, status: res.status, code, body: json, retryAfter: Number(res.headers.get('retry-after')) || 0 };
  } catch {
    servers.next();
    return { ok: false, status: 0, code: 'network', body: {}, retryAfter: 0 };
  } finally {
    clearTimeout(timer);
  }
}

