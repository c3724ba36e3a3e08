import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScanIds } from '../../server/live/scan-ids.ts';

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
});
