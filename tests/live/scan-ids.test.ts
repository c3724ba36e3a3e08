import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScanIds } from '../../server/live/scan-ids.ts';
import { newScanId } from '../../shared/scan-id.ts';

describe('ScanIds', () => {
  it('knows every id added and no other', () => {
    const added = Array.from({ length: 5000 }, () => randomUUID());
    const others = Array.from({ length: 5000 }, () => randomUUID());
    const ids = new ScanIds(added.slice(0, 2500));
    for (const id of added.slice(2500)) ids.add(id);
    expect(added.every((id) => ids.has(id))).toBe(true);
    expect(others.some((id) => ids.has(id))).toBe(false);
  });

  it('tells apart ids that end alike, and ids in capitals from the same in small letters', () => {
    const ids = new ScanIds(['0190a1b2-c3d4-7e5f-8a6b-00000000abcd']);
    expect(ids.has('0190a1b2-c3d4-7e5f-8a6b-00000000abcd')).toBe(true);
    expect(ids.has('0190a1b2-c3d4-7e5f-8a6b-11111111abcd')).toBe(false);
    expect(ids.has('0190A1B2-C3D4-7E5F-8A6B-00000000ABCD')).toBe(false);
  });

  it('keeps 100,000 ids made as kiosks make them, through every growth of its tables', () => {
    const added = Array.from({ length: 100_000 }, (_, i) => newScanId(1_780_000_000_000 + i));
    const ids = new ScanIds();
    for (const [i, id] of added.entries()) {
      ids.add(id);
      // Each id is there as soon as it is added, and the one before it still is.
      if (!ids.has(id) || (i > 0 && !ids.has(added[i - 1]))) throw new Error(`lost at ${i}`);
    }
    expect(added.every((id) => ids.has(id))).toBe(true);
    expect(Array.from({ length: 1000 }, () => newScanId()).some((id) => ids.has(id))).toBe(false);
  });

  it('keeps ids that are not UUIDs in small letters as they are written: other text, capitals, the all-zero UUID', () => {
    const odd = ['scan-1', '', 'urn:uuid:0190a1b2-c3d4-7e5f-8a6b-00000000abcd', '0190A1B2-C3D4-7E5F-8A6B-00000000ABCD', '00000000-0000-0000-0000-000000000000', '0190a1b2-c3d4-7e5f-8a6b_00000000abcd', '0190a1b2-c3d4-7e5f-8a6b-00000000abcg'];
    const ids = new ScanIds(odd);
    expect(odd.every((id) => ids.has(id))).toBe(true);
    expect(ids.has('0190a1b2-c3d4-7e5f-8a6b-00000000abcd')).toBe(false);
    expect(ids.has('scan-2')).toBe(false);
    expect(ids.has('00000000-0000-0000-0000-000000000001')).toBe(false);
  });

  it('tells apart ids that differ in any one of their 32 digits', () => {
    const base = '0190a1b2-c3d4-7e5f-8a6b-0123456789ab';
    const ids = new ScanIds([base]);
    for (let at = 0; at < base.length; at++) {
      if (base[at] === '-') continue;
      const other = base.slice(0, at) + (base[at] === 'f' ? 'e' : 'f') + base.slice(at + 1);
      expect(ids.has(other), other).toBe(false);
    }
    expect(ids.has(base)).toBe(true);
  });
});
