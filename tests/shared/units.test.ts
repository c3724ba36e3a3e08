// Pure rules of shared/ that both the server and the pages use: scan ids, tap ids, the totals and
// "on site", station names that fit their box.
import { describe, expect, it } from 'vitest';
import { fitName, overflows } from '../../shared/fit-name.ts';
import { newScanId } from '../../shared/scan-id.ts';
import { TAP_KEPT_MS, TapIds, type UnansweredTap } from '../../shared/tap-ids.ts';
import { isOnSite, totalsOf, type StationCount } from '../../shared/totals.ts';

describe('scan ids', () => {
  const at = Date.UTC(2026, 4, 14, 9, 30, 15, 123);

  it('are UUID version 7 with the RFC 9562 variant', () => {
    expect(newScanId(at)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carry the time in milliseconds in their first 48 bits', () => {
    const hex = newScanId(at).replace(/-/g, '').slice(0, 12);
    expect(parseInt(hex, 16)).toBe(at);
    expect(newScanId(0).slice(0, 13)).toBe('00000000-0000');
    expect(newScanId(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('made later sort later, and two made at once differ', () => {
    const ids = [at, at + 1, at + 256, at + 65_536, at + 2 ** 40].map((t) => newScanId(t));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 200 }, () => newScanId(at)));
    expect(same.size).toBe(200);
    // Every bit but the time, the version and the variant is random: the 4 after the version too (74 in all).
    const afterVersion = new Set([...same].map((id) => id[15]));
    expect(afterVersion.size).toBeGreaterThan(1);
  });
});

describe('tap ids', () => {
  it('are new for each tap, but the same action tapped again after its answer was lost goes with its id', () => {
    const taps = new TapIds();
    const call = 'queue:call-next umz {}';
    const first = taps.idFor(call);
    taps.sent(call, first, true);
    const second = taps.idFor(call);
    expect(second).not.toBe(first);
    taps.sent(call, second, false);
    expect(taps.idFor(call)).toBe(second);
    // Another action meanwhile is a tap of its own; once the lost one is answered, a tap is new again.
    expect(taps.idFor('session:start umz {}')).not.toBe(second);
    taps.sent(call, second, true);
    expect(taps.idFor(call)).not.toBe(second);
  });

  it('keep the unanswered tap where the page keeps it, for a reload, and forget it once answered or a while after it was last sent', () => {
    let now = 1_000_000;
    let kept: UnansweredTap | null = null;
    const page = () => new TapIds({ load: () => kept, save: (tap) => (kept = tap) }, () => now);
    const call = 'POST /api/stations/umz/call-next {}';
    const first = page().idFor(call);
    page().sent(call, first, false);
    expect(kept).toEqual({ action: call, id: first, at: now });
    // The page reloads: the same tap again goes with its id, another action with one of its own.
    const reloaded = page();
    expect(reloaded.idFor(call)).toBe(first);
    expect(reloaded.idFor('POST /api/stations/umz/session {"action":"start"}')).not.toBe(first);
    // Sent again, unanswered again: kept from then on; answered, forgotten.
    now += TAP_KEPT_MS - 1;
    expect(page().idFor(call)).toBe(first);
    reloaded.sent(call, first, false);
    now += TAP_KEPT_MS - 1;
    expect(page().idFor(call)).toBe(first);
    now += 1;
    expect(page().idFor(call)).not.toBe(first);
    reloaded.sent(call, first, true);
    expect(kept).toBeNull();
    expect(page().idFor(call)).not.toBe(first);
  });
});

describe('totals', () => {
  it('count as on site whoever came through a gate or is at a station', () => {
    expect(isOnSite({ onSiteSince: null, stationId: null })).toBe(false);
    expect(isOnSite({ onSiteSince: 1, stationId: null })).toBe(true);
    expect(isOnSite({ onSiteSince: null, stationId: 'tmk' })).toBe(true);
    expect(isOnSite({ onSiteSince: 0, stationId: 'tmk' })).toBe(true);
  });

  it('add visits of stations but not of gates, and every queue', () => {
    const stations: StationCount[] = [
      { mode: 'gate', visits: 100, queue: 1 },
      { mode: 'continuous', visits: 7, queue: 2 },
      { mode: 'sessions', visits: 5, queue: 3 },
    ];
    expect(totalsOf(stations, 300, 40)).toEqual({ registered: 300, onSite: 40, visits: 12, queued: 6 });
    expect(totalsOf([], 3, 1)).toEqual({ registered: 3, onSite: 1, visits: 0, queued: 0 });
  });
});

/** An element whose text takes 10 px a character on one line, in a box `width` wide and 20 px tall. */
function box(width: number): HTMLElement {
  const el = { textContent: '', dataset: {} as DOMStringMap, clientWidth: width, clientHeight: 20, scrollHeight: 20 };
  Object.defineProperty(el, 'scrollWidth', { get: () => el.textContent.length * 10 });
  return el as unknown as HTMLElement;
}

describe('station names that fit', () => {
  const station = { name: { kk: 'Ақпараттық технологиялар', ru: 'Информационные технологии', en: 'Information technology' }, shortName: { kk: 'АТ', ru: 'ИТ', en: 'IT' } };

  it('overflow only past a pixel of rounding, in width or in height', () => {
    const el = { scrollWidth: 101, clientWidth: 100, scrollHeight: 20, clientHeight: 20 } as HTMLElement;
    expect(overflows(el)).toBe(false);
    expect(overflows({ ...el, scrollWidth: 102 } as HTMLElement)).toBe(true);
    expect(overflows({ ...el, scrollHeight: 21 } as HTMLElement)).toBe(false);
    expect(overflows({ ...el, scrollHeight: 22 } as HTMLElement)).toBe(true);
  });

  it('show the full name where it fits and the short one where it does not', () => {
    const wide = box(400);
    fitName(wide, station, 'en');
    expect(wide.textContent).toBe('Information technology');
    expect(wide.dataset.short).toBe('false');
    const narrow = box(100);
    fitName(narrow, station, 'ru');
    expect(narrow.textContent).toBe('ИТ');
    expect(narrow.dataset.short).toBe('true');
  });

  it('show the short name on a phone, and the full one when there is no short one', () => {
    const wide = box(400);
    fitName(wide, station, 'kk', true);
    expect(wide.textContent).toBe('АТ');
    const narrow = box(100);
    fitName(narrow, { name: station.name }, 'kk', true);
    expect(narrow.textContent).toBe('Ақпараттық технологиялар');
    expect(narrow.dataset.short).toBe('false');
  });
});
