import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { EventSecrets } from '../db/durable-store.ts';

/**
 * Badge QR text: `KZ1.<badge number>.<serial>.<Ed25519 signature, base64url>`, where the
 * signature covers `KZ1.<event id>.<badge number>.<serial>`: a badge of another event, a
 * photocopy with a changed number or an invented code does not verify. Kiosks can check it
 * offline with the public key. The installation has one key; the event is in the signed text
 * only, so a code that does not verify for this event is tried against the installation's other
 * events (a handful, and only on that path) to tell a badge of another event from a forged one.
 */
export const BADGE_PREFIX = 'KZ1';
const CACHE_LIMIT = 100_000;

export type BadgeCheck = { no: number; serial: string } | { error: 'badge_invalid' | 'badge_other_event' };

export class BadgeSigner {
  private readonly cache = new Map<string, BadgeCheck>();
  /** The installation's other events, whose badges are refused as theirs. */
  private otherEvents: readonly string[] = [];

  constructor(
    private readonly eventId: string,
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** The event's key pair from the durable store's secrets, made on first start (of servers starting at once, the first one kept). */
  static async load(secrets: EventSecrets, eventId: string): Promise<BadgeSigner> {
    const pem = await secrets.getOrCreate('badge-signing-key', () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const privateKey = createPrivateKey(pem);
    return new BadgeSigner(eventId, privateKey, createPublicKey(privateKey));
  }

  /** Sets the installation's events (this one among them or not): their badges are refused as another event's. */
  knowEvents(eventIds: readonly string[]): void {
    this.otherEvents = eventIds.filter((id) => id !== this.eventId);
    for (const [text, result] of this.cache) if ('error' in result) this.cache.delete(text);
  }

  /** A new random badge serial. */
  static newSerial(): string {
    return randomBytes(6).toString('base64url');
  }

  /** The QR text of a badge. */
  issue(no: number, serial: string): string {
    const sig = sign(null, Buffer.from(`${BADGE_PREFIX}.${this.eventId}.${no}.${serial}`), this.privateKey);
    return `${BADGE_PREFIX}.${no}.${serial}.${sig.toString('base64url')}`;
  }

  /** Checks a QR text; verified texts are cached (one Ed25519 check costs ~130 µs). */
  check(text: string): BadgeCheck {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const result = this.verify(text);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(text, result);
    return result;
  }

  private verify(text: string): BadgeCheck {
    const parts = text.trim().split('.');
    if (parts.length !== 4 || parts[0] !== BADGE_PREFIX) return { error: 'badge_invalid' };
    const [, noText, serial, sig] = parts;
    if (!/^[1-9][0-9]{0,8}$/.test(noText) || !/^[A-Za-z0-9_-]{1,32}$/.test(serial) || !/^[A-Za-z0-9_-]{86}$/.test(sig)) {
      return { error: 'badge_invalid' };
    }
    const signed = (eventId: string) =>
      verify(null, Buffer.from(`${BADGE_PREFIX}.${eventId}.${noText}.${serial}`), this.publicKey, Buffer.from(sig, 'base64url'));
    if (signed(this.eventId)) return { no: Number(noText), serial };
    return this.otherEvents.some(signed) ? { error: 'badge_other_event' } : { error: 'badge_invalid' };
  }

  /** The public key as raw bytes in base64url, for kiosks that verify offline. */
  publicKeyRaw(): string {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return jwk.x as string;
  }
}
