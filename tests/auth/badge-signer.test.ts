// Badge QR texts: what verifies and what does not, checked on the signer itself (the scan routes
// reach it too, but through a whole app).
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';

const EVENT = 'karaganda-2026';
const secrets = () => {
  const kept = new Map<string, string>();
  return { kept, getOrCreate: async (name: string, make: () => string) => kept.get(name) ?? kept.set(name, make()).get(name)! };
};
const invalid = { error: 'badge_invalid' };

describe('badge QR texts', () => {
  it('are KZ1.<number>.<serial>.<signature> and verify with the key they were made with', async () => {
    const signer = await BadgeSigner.load(secrets(), EVENT);
    const text = signer.issue(42, 'AbC_-9');
    expect(text).toMatch(/^KZ1\.42\.AbC_-9\.[A-Za-z0-9_-]{86}$/);
    expect(signer.check(text)).toEqual({ no: 42, serial: 'AbC_-9' });
    expect(signer.check(` ${text}\n`)).toEqual({ no: 42, serial: 'AbC_-9' });
    expect(signer.check(signer.issue(999_999_999, 'x'))).toEqual({ no: 999_999_999, serial: 'x' });
    expect(signer.check(signer.issue(1, 'a'.repeat(32)))).toEqual({ no: 1, serial: 'a'.repeat(32) });
  });

  it('keep one key per event: a second load finds the first key', async () => {
    const kept = secrets();
    const a = await BadgeSigner.load(kept, EVENT);
    const b = await BadgeSigner.load(kept, EVENT);
    expect(b.check(a.issue(7, 'serial'))).toEqual({ no: 7, serial: 'serial' });
    expect(b.publicKeyRaw()).toBe(a.publicKeyRaw());
    expect([...kept.kept.keys()]).toEqual(['badge-signing-key']);
    const other = await BadgeSigner.load(secrets(), EVENT);
    expect(other.check(a.issue(7, 'serial'))).toEqual(invalid);
  });

  it('do not verify for another event, with a changed number or serial, or a changed signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = new BadgeSigner(EVENT, privateKey, publicKey);
    const otherEvent = new BadgeSigner('astana-2026', privateKey, publicKey);
    expect(otherEvent.check(otherEvent.issue(42, 'abc'))).toEqual({ no: 42, serial: 'abc' });
    expect(signer.check(otherEvent.issue(42, 'abc'))).toEqual(invalid);
    const [prefix, , serial, sig] = signer.issue(42, 'abc').split('.');
    expect(signer.check([prefix, '43', serial, sig].join('.'))).toEqual(invalid);
    expect(signer.check([prefix, '42', 'abd', sig].join('.'))).toEqual(invalid);
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(signer.check([prefix, '42', serial, flipped].join('.'))).toEqual(invalid);
  });

  it('refuse texts out of format even when their signature is right', async () => {
    const signer = await BadgeSigner.load(secrets(), EVENT);
    const good = signer.issue(42, 'abc');
    const [, , , sig] = good.split('.');
    for (const text of [
      signer.issue(0, 'abc'),
      signer.issue(1_000_000_000, 'abc'),
      good.replace('KZ1.42.', 'KZ1.042.'),
      good.replace('KZ1.', 'KZ2.'),
      good.replace('KZ1.', 'kz1.'),
      good.replace('KZ1.', ''),
      `${good}.x`,
      `KZ1.42.abc.${sig}A`,
      `KZ1.42.abc.${sig.slice(1)}`,
      // Base64 decoding skips characters out of its alphabet: only the format check refuses these.
      `KZ1.42.abc.!${sig}`,
      `KZ1.42.abc.${sig}!`,
      signer.issue(42, ''),
      signer.issue(42, 'a'.repeat(33)),
      signer.issue(42, 'ab+c'),
      signer.issue(42, 'ab c'),
      signer.issue(-4, 'abc'),
      signer.issue(4.5, 'abc'),
      '',
      'KZ1...',
    ]) {
      expect(signer.check(text), text).toEqual(invalid);
    }
    expect(signer.check(`KZ1.42.abc.${sig.slice(0, 85)}+`)).toEqual(invalid);
  });

  it('keep the last 100,000 checks, the oldest dropped first', async () => {
    const signer = await BadgeSigner.load(secrets(), EVENT);
    const text = signer.issue(5, 'abc');
    const first = signer.check(text);
    expect(signer.check(text)).toBe(first);
    for (let i = 1; i < 100_000; i++) signer.check(`x${i}`);
    expect(signer.check(text)).toBe(first);
    signer.check('one more');
    const again = signer.check(text);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('of another event of the installation are told apart from invented ones', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = new BadgeSigner(EVENT, privateKey, publicKey);
    const theirs = new BadgeSigner('astana-2026', privateKey, publicKey).issue(42, 'abc');
    const ours = signer.check(signer.issue(42, 'abc'));
    expect(signer.check(theirs)).toEqual(invalid);
    signer.knowEvents([EVENT, 'astana-2026']);
    expect(signer.check(theirs)).toEqual({ error: 'badge_other_event' });
    expect(signer.check(signer.issue(42, 'abd').replace('abd', 'abe'))).toEqual(invalid);
    expect(signer.check(signer.issue(42, 'abc'))).toBe(ours);
    signer.knowEvents([EVENT]);
    expect(signer.check(theirs)).toEqual(invalid);
  });

  it('give kiosks the raw public key, which verifies the signatures', async () => {
    const signer = await BadgeSigner.load(secrets(), EVENT);
    const raw = signer.publicKeyRaw();
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    const [, no, serial, sig] = signer.issue(12, 'qr').split('.');
    expect(verify(null, Buffer.from(`KZ1.${EVENT}.${no}.${serial}`), key, Buffer.from(sig, 'base64url'))).toBe(true);
  });

  it('get random 8-character serials', () => {
    const a = BadgeSigner.newSerial();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(BadgeSigner.newSerial()).not.toBe(a);
  });
});
