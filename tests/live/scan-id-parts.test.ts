// ScanIds splits the ids into 256 parts by their last two hex digits, so that a part rehashing when
// it grows holds a 256th of them: ids that differ only there land in parts of their own.
import { describe, expect, it } from 'vitest';
import { ScanIds } from '../../server/live/scan-ids.ts';

const partSizes = (ids: ScanIds) => (ids as unknown as { parts: Array<{ size: number }> }).parts.map((p) => p.size);

describe('ScanIds parts', () => {
  it('puts the 256 endings of an id, small letters or capitals, each in a part of its own', () => {
    for (const hex of ['0123456789abcdef', '0123456789ABCDEF']) {
      const endings = [...hex].flatMap((a) => [...hex].map((b) => `0190a1b2-c3d4-7e5f-8a6b-0000000000${a}${b}`));
      const ids = new ScanIds(endings);
      expect(partSizes(ids)).toEqual(Array.from({ length: 256 }, () => 1));
    }
  });
});
