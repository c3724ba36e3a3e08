// Pairing codes made in the same millisecond: a new window's code never repeats the one before it.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openPairing } from '../../server/routes/kiosks/pairing.ts';
import { PAIRING_MS, PairingCodes } from '../../server/kiosks/pairing-code.ts';

describe('pairing codes', () => {
  it('differ for one kiosk when its windows are opened in the same millisecond, the previous code no longer its own', () => {
    const codes = new PairingCodes(randomBytes(32));
    const now = 1_765_000_000_000;
    const windows = [0, 1, 2].map(() => openPairing(codes, 'k1', now));
    expect(new Set(windows.map((w) => w.pairingCode)).size).toBe(3);
    expect(windows[0].pairingExpiresAt).toBe(now + PAIRING_MS);
    expect(windows.map((w) => w.pairingExpiresAt - windows[0].pairingExpiresAt)).toEqual([0, 1, 2]);
    // Drawn again from the window's end, each is the same code.
    for (const w of windows) expect(codes.code('k1', w.pairingExpiresAt)).toBe(w.pairingCode);
    // A later window ends a day after it was opened, as ever.
    expect(openPairing(codes, 'k1', now + 60_000).pairingExpiresAt).toBe(now + 60_000 + PAIRING_MS);
  });
});
