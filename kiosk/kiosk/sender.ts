import type { ScanAnswer } from '../../shared/scan.ts';
import { call } from './api.ts';
import { $ } from './dom.ts';
import { note } from './feedback.ts';
import { t } from './language.ts';
import type { Outbox, OutboxScan } from './outbox.ts';

/** After a failed send, how long new scans get a local verdict at once (a timer retries meanwhile). */
export const RETRY_MS = 3000;

/**
 * Sending the outbox: every scan is written there first, sent oldest first, one send at a time,
 * and deleted once the server answered it. Knows whether the server is reachable and whether it
 * asked for a pause.
 */
export class ScanSender {
  /** Scans in the outbox, not yet answered. */
  pending = 0;
  private online = true;
  /** Set after a failed send: scans then get their verdict here at once, and a timer retries. */
  private offlineSince: number | null = null;
  /** Until when the server asked for a pause (429): scans then wait in the outbox and get a local verdict. */
  private throttledUntil = 0;
  /** Scans held offline that got an accepting local verdict: a refusal later is worth a note. */
  private readonly acceptedOffline = new Set<string>();
  /** Scans submitted now, waiting for their answer: it is handed over as soon as it comes. */
  private readonly waiting = new Map<string, (answer: ScanAnswer | undefined) => void>();
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly outbox: Outbox,
    /** Every answer of the server, in the order of the scans. */
    private readonly onAnswer: (answer: ScanAnswer) => void,
  ) {}

  /** Whether the server was reachable at the last try and did not ask for a pause. */
  get reachable(): boolean {
    return this.offlineSince === null && Date.now() >= this.throttledUntil;
  }

  /**
   * Writes a scan to the outbox and sends it after any older ones. Resolves with its answer as
   * soon as the server gives it, or undefined when it stays in the outbox for now (offline, paused).
   */
  async submit(scan: OutboxScan): Promise<ScanAnswer | undefined> {
    await this.outbox.put(scan);
    this.pending += 1;
    this.renderPending();
    const holding = (this.offlineSince !== null && Date.now() - this.offlineSince < RETRY_MS) || Date.now() < this.throttledUntil;
    if (holding) return undefined;
    const answer = new Promise<ScanAnswer | undefined>((resolve) => this.waiting.set(scan.id, resolve));
    void this.flush().then(() => this.answered(scan.id, undefined));
    return answer;
  }

  /** The scan got a local verdict that let the attendee in or out: a refusal later gets a note. */
  heldAccepted(scanId: string): void {
    this.acceptedOffline.add(scanId);
  }

  /** Sends every scan in the outbox, oldest first; one send at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.sendOutbox());
    return this.flushing;
  }

  /** No more sending (the kiosk was revoked). */
  stop(): void {
    this.stopped = true;
  }

  private answered(scanId: string, answer: ScanAnswer | undefined): void {
    const resolve = this.waiting.get(scanId);
    this.waiting.delete(scanId);
    resolve?.(answer);
  }

  private async sendOutbox(): Promise<void> {
    if (this.stopped || Date.now() < this.throttledUntil) return;
    const held: ScanAnswer[] = [];
    for (const scan of await this.outbox.all()) {
      const r = await call<ScanAnswer>('POST', '/api/scans', scan);
      if (r.ok || (r.status !== 0 && 'outcome' in r.body)) {
        const answer = r.body as ScanAnswer;
        // The verdict first: the server has the scan for good, so a resend could only replay it.
        const shownNow = this.waiting.has(scan.id);
        this.answered(scan.id, answer);
        if (this.acceptedOffline.delete(scan.id) && !shownNow && answer.outcome === 'rejected') held.push(answer);
        this.onAnswer(answer);
        this.setOnline(true);
        await this.outbox.delete(scan.id);
        continue;
      }
      if (!(await this.failed(scan, r.status, r.code, r.retryAfter))) break;
    }
    await this.refreshPending();
    // The volunteer saw a local verdict for these; say that the server refused them after all.
    for (const a of held) {
      const who = a.attendee ? `${a.attendee.firstName}, ${t.badgeNo(a.attendee.badgeNo)}` : '';
      note(t.heldRefused(who, a.reason ? t.reasons[a.reason] : ''), 15_000, true);
    }
  }

  /** A send that got no answer: whether to go on with the next scan (this one was dropped). */
  private async failed(scan: OutboxScan, status: number, code: string, retryAfter: number): Promise<boolean> {
    if (status === 429) this.throttle(retryAfter);
    else if (status === 0 || status >= 500) this.setOnline(false);
    else if (status !== 401 && code !== 'kiosk_other_event' && code !== 'event_archived') {
      // Refused for good (malformed, or a station this kiosk no longer serves): keep nothing stuck.
      console.warn('scan dropped', scan.id, status, code);
      await this.outbox.delete(scan.id);
      return true;
    }
    // 401: revoked (locked by the listener) or not paired any more; a kiosk of another event, or of an
    // archived one (which may be opened again), keeps its scans for that event.
    return false;
  }

  /** The server asked for a pause (too many scans at once): the outbox is sent again after it. */
  throttle(seconds: number): void {
    const wait = Math.max(1, seconds);
    this.throttledUntil = Date.now() + wait * 1000;
    note(t.scansThrottled(wait), wait * 1000, true);
    window.setTimeout(() => void this.flush(), wait * 1000);
  }

  /** What the last call found: the server reached or not. Back online, the outbox is sent. */
  setOnline(online: boolean): void {
    if (!online) this.offlineSince ??= Date.now();
    else this.offlineSince = null;
    if (online === this.online) {
      if (!online) this.offlineSince = Date.now();
      return;
    }
    this.online = online;
    this.renderNet();
    if (online && this.pending > 0) void this.flush();
  }

  async refreshPending(): Promise<void> {
    this.pending = await this.outbox.count();
    this.renderPending();
  }

  renderNet(): void {
    const net = $('net');
    net.textContent = this.online ? t.online : t.offline;
    net.classList.toggle('offline', !this.online);
  }

  renderPending(): void {
    const el = $('pending');
    el.textContent = t.pending(this.pending);
    el.dataset.count = String(this.pending);
    el.classList.toggle('waiting', this.pending > 0);
  }
}
