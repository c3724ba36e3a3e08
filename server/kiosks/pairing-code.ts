import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { EventSecrets } from '../db/durable-store.ts';

/** Letters and digits a volunteer cannot misread: no 0/O, 1/I/L. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
/** A pairing code is valid this long after it was made. */
export const PAIRING_MS = 24 * 60 * 60 * 1000;

/**
 * One-time pairing codes, derived rather than stored: code = HMAC(secret, kiosk id + expiry).
 * The database keeps only the code's SHA-256 (to find the kiosk when a device pairs) and its
 * expiry; the organiser's pairing QR can be drawn again later, by any server of the event (the
 * secret is kept by the durable store), without the code ever being written down.
 */
export class PairingCodes {
  /** The last pairing window's end this process handed out. */
  private lastExpiry = 0;

  constructor(private readonly secret: Buffer) {}

  /**
   * When a pairing window opened at `now` ends: PAIRING_MS later, and always after the last one
   * handed out here, so two windows opened in the same millisecond never share a code.
   */
  expiry(now: number): number {
    this.lastExpiry = Math.max(now + PAIRING_MS, this.lastExpiry + 1);
    return this.lastExpiry;
  }

  /** The secret from the durable store's secrets, made on first start (of servers starting at once, the first one kept wins). */
  static async fromSecrets(secrets: EventSecrets): Promise<PairingCodes> {
    const hex = await secrets.getOrCreate('pairing-secret', () => randomBytes(32).toString('hex'));
    return new PairingCodes(Buffer.from(hex, 'hex'));
  }

  /** The code of a kiosk whose pairing window ends at `expiresAt`. */
  code(kioskId: string, expiresAt: number): string {
    const mac = createHmac('sha256', this.secret).update(`${kioskId}.${expiresAt}`).digest();
    let code = '';
    for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[mac[i] % PAIRING_ALPHABET.length];
    return code;
  }
}

/** What a volunteer typed, as a code: upper case, without spaces or dashes. */
export function normalisePairingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** SHA-256 of a pairing code, as stored. */
export function pairingCodeHash(code: string): string {
  return createHash('sha256').update(normalisePairingCode(code)).digest('hex');
}
