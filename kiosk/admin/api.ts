/** An error answer of the API: `{ code, message }` and whatever else it carried. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * Calls the API with the session cookie. Every request carries `x-kezek: 1`, which the server
 * requires of cookie-signed state changes (a cross-site form cannot send it).
 */
export async function api<T>(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { 'x-kezek': '1' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    headers['content-type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, 'network', 'network', {});
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiRequestError(response.status, String(data.code ?? 'error'), String(data.message ?? response.statusText), data);
  return data as T;
}
