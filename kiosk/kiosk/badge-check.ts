/** Offline badge checks: the same rule as server/badges/badge-signer.ts, with WebCrypto. */
import type { BadgeKey } from '../../shared/badge-key.ts';

export type { BadgeKey };

export type LocalCheck = { no: number; verified: boolean | 'typed' } | { error: 'badge_invalid' | 'badge_other_event' };

/** What a kiosk scans: a QR text, or a badge number typed by hand (checked only by the server). */
export type Presented = { badge: string; badgeNo?: undefined } | { badgeNo: number; badge?: undefined };

/** The badge number a scan names, else null (a text not shaped like our badges). */
export function presentedNumber(p: Presented): number | null {
  return p.badgeNo ?? badgeNumber(p.badge!);
}

/**
 * The offline check of a scan: a QR's signature with the event's key (or only its shape without
 * a verifier); a typed number cannot be checked here, so its verdict says it was typed.
 */
export async function localCheck(p: Presented, verifier: BadgeVerifier | null): Promise<LocalCheck> {
  if (p.badgeNo !== undefined) return { no: p.badgeNo, verified: 'typed' };
  if (verifier) return verifier.check(p.badge!);
  const no = badgeNumber(p.badge!);
  return no === null ? { error: 'badge_invalid' } : { no, verified: false };
}

const SHAPE = /^KZ1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{86})$/;

/** The badge number of a badge text shaped like ours (signature unchecked), else null. */
export function badgeNumber(text: string): number | null {
  const m = SHAPE.exec(text.trim());
  return m ? Number(m[1]) : null;
}

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** Badges whose check is remembered (the latest): a day at a busy station, a page that never grows. */
const CHECKED_MAX = 2000;

/**
 * Checks badges against the event's public key. Without WebCrypto (a page on plain HTTP is not
 * a secure context) only the shape is checked and the verdict says so.
 */
export class BadgeVerifier {
  private key: Promise<CryptoKey | null>;
  private readonly cache = new Map<string, LocalCheck>();

  constructor(private readonly badgeKey: BadgeKey) {
    const subtle = globalThis.crypto?.subtle;
    this.key = subtle
      ? subtle.importKey('raw', fromBase64url(badgeKey.key), { name: 'Ed25519' }, false, ['verify']).catch(() => null)
      : Promise.resolve(null);
  }

  async check(text: string): Promise<LocalCheck> {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const m = SHAPE.exec(text.trim());
    if (!m) return { error: 'badge_invalid' };
    const [, no, serial, sig] = m;
    const key = await this.key;
    let result: LocalCheck;
    if (!key) result = { no: Number(no), verified: false };
    else {
      const signature = fromBase64url(sig);
      const signed = (eventId: string) => crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(`KZ1.${eventId}.${no}.${serial}`));
      if (await signed(this.badgeKey.eventId)) result = { no: Number(no), verified: true };
      else result = { error: (await this.signedForOther(signed)) ? 'badge_other_event' : 'badge_invalid' };
    }
    this.cache.set(text, result);
    if (this.cache.size > CHECKED_MAX) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }

  /** Whether a text that does not verify for this event was signed for another of the installation (a key from before they were listed has none). */
  private async signedForOther(signed: (eventId: string) => Promise<boolean>): Promise<boolean> {
    for (const id of this.badgeKey.otherEvents ?? []) if (await signed(id)) return true;
    return false;
  }
}
