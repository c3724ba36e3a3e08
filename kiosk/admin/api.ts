/** An error answer of the API: `{ code, message }` and whatever else it carried. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
    /** Seconds to wait before trying again (a 429's Retry-After), 0 when not told. */
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}

/**
 * Calls the API with the session cookie and returns the response when it succeeded; a failure
 * (no network, or an error answer) is thrown as an ApiRequestError. Every request carries
 * `x-kezek: 1`, which the server requires of cookie-signed state changes (a cross-site form cannot send it).
 */
export async function apiFetch(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { 'x-kezek': '1' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    headers['content-type'] = contentType;
    payload = typeof body === 'string' || body instanceof ArrayBuffer || body instanceof Blob ? body : JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, 'network', 'network', {});
  }
  if (response.ok) return response;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  throw new ApiRequestError(response.status, String(data.code ?? 'error'), String(data.message ?? response.statusText), data, Number(response.headers.get('retry-after')) || 0);
}

/** Calls the API and returns its JSON answer (undefined for 204). */
export async function api<T>(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const response = await apiFetch(method, url, body, contentType);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => ({}))) as T;
}

/** One page of a list and how many items there are in all (the `x-total-count` header). */
export async function apiPage<T>(url: string): Promise<{ items: T[]; total: number }> {
  const response = await apiFetch('GET', url);
  const items = (await response.json()) as T[];
  return { items, total: Number(response.headers.get('x-total-count') ?? items.length) };
}
