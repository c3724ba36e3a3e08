/** Talking to the Kezek server from the kiosk: every call says whether the network failed. */

/**
 * An answer, or a failure: `status` 0 and code `network` when the server could not be reached;
 * `retryAfter`: seconds to wait before trying again (a 429's Retry-After), 0 when not told.
 */
export type Reply<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string; body: Record<string, unknown>; retryAfter: number };

/** A revoked kiosk is reported to this listener by whichever call finds out. */
let onRevoked: () => void = () => {};
export function whenRevoked(listener: () => void): void {
  onRevoked = listener;
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
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal, cache: 'no-store' });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.ok) return { ok: true, status: res.status, body: json as T };
    const code = typeof json.code === 'string' ? json.code : `http_${res.status}`;
    if (res.status === 401 && code === 'kiosk_revoked') onRevoked();
    return { ok: false, status: res.status, code, body: json, retryAfter: Number(res.headers.get('retry-after')) || 0 };
  } catch {
    return { ok: false, status: 0, code: 'network', body: {}, retryAfter: 0 };
  } finally {
    clearTimeout(timer);
  }
}

