/** A scan as a kiosk's outbox holds it: its id is made once and sent again until it is answered. */
export interface OutboxScan {
  id: string;
  badge: string;
}

/** An answer the outbox keeps (the scan leaves the outbox), and how many times the scan was refused or unanswered before it. */
export interface Answered {
  status: number;
  body: Record<string, unknown>;
  retries: number;
}

/**
 * What a kiosk's outbox does with one scan (kiosk/kiosk/main.ts, `sendOutbox`): sends it with its
 * id until the server answers; no answer, a 5xx or a 429 means "send it again" after `retryMs`;
 * with several servers (`base` a list), no answer means "send it to the next one".
 * `onRetry` hears each status that made it wait (0: no answer).
 */
export async function sendLikeOutbox(
  base: string | string[],
  headers: Record<string, string>,
  scan: OutboxScan,
  opts: { retryMs?: number; onRetry?: (status: number, body: Record<string, unknown>) => void } = {},
): Promise<Answered> {
  // Several servers: after no answer the next one is tried, as the kiosk page turns to another server of the event.
  const bases = typeof base === 'string' ? [base] : base;
  let at = 0;
  for (let retries = 0; ; retries++) {
    let status = 0;
    let body: Record<string, unknown> = {};
    try {
      const r = await fetch(`${bases[at]}/api/scans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(scan),
        signal: AbortSignal.timeout(10_000),
      });
      status = r.status;
      body = (await r.json()) as Record<string, unknown>;
    } catch {
      // the server is down or did not answer in time
    }
    if (status !== 0 && status < 500 && status !== 429) return { status, body, retries };
    if (status === 0 || (status >= 502 && status <= 504)) at = (at + 1) % bases.length;
    opts.onRetry?.(status, body);
    await new Promise((r) => setTimeout(r, opts.retryMs ?? 20));
  }
}
