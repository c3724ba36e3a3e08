import { KEY, load, save } from './storage.ts';

/** What this kiosk learnt of an attendee from its own answers: enough for offline verdicts. */
export interface Known {
  name: string;
  inside: boolean;
}

/** Attendees remembered, the most recently seen kept: more than a station sees in a day. */
const MAX_KNOWN = 5000;
/** Writes to the device are gathered: a scan's verdict never waits for one. */
const SAVE_AFTER_MS = 1000;

/**
 * The attendees this kiosk has seen, by badge number, kept on the device (the latest
 * MAX_KNOWN), so that offline verdicts know names and who is inside.
 */
export class KnownAttendees {
  private readonly byNo = new Map<number, Known>();
  private saveTimer = 0;

  constructor() {
    const kept = load<Array<[number, Known]> | Record<string, Known>>(KEY.known) ?? [];
    for (const [no, k] of Array.isArray(kept) ? kept : Object.entries(kept)) this.byNo.set(Number(no), k);
    // A page hidden or closed keeps what it learnt since the last write.
    addEventListener('pagehide', () => this.saveNow());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.saveNow());
  }

  get(no: number): Known | undefined {
    return this.byNo.get(no);
  }

  /** Remembers an attendee as inside or not; a name already known stays when none is given. */
  learn(no: number, name: string, inside: boolean): void {
    const before = this.byNo.get(no);
    this.byNo.delete(no);
    this.byNo.set(no, { name: name || before?.name || '', inside });
    if (this.byNo.size > MAX_KNOWN) this.byNo.delete(this.byNo.keys().next().value!);
    if (this.saveTimer === 0) this.saveTimer = window.setTimeout(() => this.saveNow(), SAVE_AFTER_MS);
  }

  private saveNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    save(KEY.known, [...this.byNo]);
  }
}
