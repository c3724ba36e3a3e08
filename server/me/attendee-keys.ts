import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventSecrets } from '../db/durable-store.ts';
import { PIN_DIGITS } from '../../shared/me.ts';

/** How long an attendee stays signed in on their phone: the event's day and then some. */
export const ATTENDEE_SESSION_MS = 24 * 60 * 60 * 1000;

/** What an attendee session cookie names: the event, the badge number and the badge serial it was signed in with. */
export interface AttendeeSession {
  eventId: string;
  badgeNo: number;
  serial: string;
  expiresAt: number;
}

/**
 * The key behind attendees' PINs and phone sessions (the durable store's secret `attendee-key`).
 *
 * A badge's PIN is a keyed hash of the event, the badge number and the badge's serial, cut to
 * PIN_DIGITS digits: the QR (number and serial) does not give it without the key, a reissued badge
 * (new serial) gets a new one, and a badge sheet printed days after its badges were issued prints
 * the same PIN the desk was shown. Nothing per badge is kept: the one thing stored is the key.
 *
 * A phone session is a cookie signed with the same key (under another label) naming the badge's
 * serial: it ends when the badge is reissued or revoked, with no session table to sweep.
 */
export class AttendeeKeys {
  constructor(private readonly key: Buffer) {}

  /** The key from the durable store's secrets, made on first start. */
  static async load(secrets: EventSecrets): Promise<AttendeeKeys> {
    const text = await secrets.getOrCreate('attendee-key', () => randomBytes(32).toString('base64url'));
    return new AttendeeKeys(Buffer.from(text, 'base64url'));
  }

  private mac(label: string, text: string): Buffer {
    return createHmac('sha256', this.key).update(`${label}\n${text}`).digest();
  }

  /** The PIN of a badge (PIN_DIGITS digits, leading zeros kept). */
  pin(eventId: string, badgeNo: number, serial: string): string {
    const n = this.mac('pin', `${eventId}.${badgeNo}.${serial}`).readUInt32BE(0) % 10 ** PIN_DIGITS;
    return String(n).padStart(PIN_DIGITS, '0');
  }

  /** Whether a PIN as typed is the badge's (compared in constant time). */
  pinMatches(eventId: string, badgeNo: number, serial: string, typed: string): boolean {
    const right = Buffer.from(this.pin(eventId, badgeNo, serial));
    const given = Buffer.from(typed.replace(/\s/g, ''));
    return given.length === right.length && timingSafeEqual(given, right);
  }

  /** The cookie value of a new phone session. */
  session(s: AttendeeSession): string {
    const body = `${s.eventId}.${s.badgeNo}.${s.serial}.${s.expiresAt}`;
    return `${body}.${this.mac('session', body).toString('base64url')}`;
  }

  /** The session a cookie value names, if it is signed with this key and not expired; else null. */
  readSession(value: string, now: number): AttendeeSession | null {
    const m = /^([A-Za-z0-9_-]{1,64})\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{1,32})\.([0-9]{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return null;
    const body = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
    const given = Buffer.from(m[5], 'base64url');
    if (!timingSafeEqual(given, this.mac('session', body))) return null;
    const expiresAt = Number(m[4]);
    if (expiresAt <= now) return null;
    return { eventId: m[1], badgeNo: Number(m[2]), serial: m[3], expiresAt };
  }
}
