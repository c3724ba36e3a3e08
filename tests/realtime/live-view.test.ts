// What a live page keeps from a snapshot and the counts-only updates that follow it.
import { describe, expect, it } from 'vitest';
import { fill, goNow, LiveView } from '../../shared/live-view.ts';
import { countsOf, type StationView } from '../../shared/station.ts';

const station = (over: Partial<StationView> = {}): StationView => ({
  id: 'kazzinc',
  name: { kk: 'Қазмырыш', ru: 'Казцинк', en: 'KazZinc' },
  group: 'employer',
  host: 'KazZinc LLP',
  mode: 'continuous',
  capacity: 10,
  occupancy: 2,
  queue: 0,
  calling: [],
  remoteQueue: false,
  callingRemote: [],
  waitMinutes: 0,
  status: 'open',
  sessionStartedAt: null,
  visits: 5,
  version: 3,
  ...over,
});
const totals = { registered: 40, onSite: 12, visits: 30, queued: 0 };

describe('a live page applying updates', () => {
  it('merges a station\'s counts into what the snapshot gave, and takes the totals that ride along', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station()], totals, trend: [], at: 1 });
    const update = countsOf(station({ occupancy: 3, visits: 6, version: 4 }));
    expect(update).not.toHaveProperty('name');
    expect(view.applyUpdate({ stations: [update], totals: { ...totals, visits: 31 }, at: 2 })).toEqual(['kazzinc']);
    expect(view.stations.get('kazzinc')).toEqual(station({ occupancy: 3, visits: 6, version: 4 }));
    expect(view.totals.visits).toBe(31);
  });

  it('keeps the totals when an update carries none, drops an older version, and ignores a station it has no snapshot of', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station()], totals, trend: [], at: 1 });
    expect(view.applyUpdate({ stations: [countsOf(station({ occupancy: 0, version: 2 })), countsOf(station({ id: 'new' }))], at: 2 })).toEqual([]);
    expect(view.stations.get('kazzinc')?.occupancy).toBe(2);
    expect(view.list().map((s) => s.id)).toEqual(['kazzinc']);
    expect(view.totals).toEqual(totals);
  });

  it('takes a refresh of the version it holds (wait estimates change with the clock)', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station({ waitMinutes: 10 })], totals, trend: [], at: 1 });
    expect(view.applyUpdate({ stations: [countsOf(station({ waitMinutes: 8 }))], at: 2 })).toEqual(['kazzinc']);
    expect(view.stations.get('kazzinc')?.waitMinutes).toBe(8);
  });

  it('before its first snapshot lists nothing, counts zero, and keeps the trend samples that arrive', () => {
    const view = new LiveView();
    expect([view.list(), view.totals, view.trend]).toEqual([[], { registered: 0, onSite: 0, visits: 0, queued: 0 }, []]);
    view.applyTrend({ at: 5, occupancy: { kazzinc: 1 } });
    expect(view.trend).toEqual([{ at: 5, occupancy: { kazzinc: 1 } }]);
  });

  it('shows counts as stale only while the update says so', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station()], totals, trend: [], at: 1 });
    view.applyUpdate({ stations: [countsOf(station({ version: 4, stale: true }))], at: 2 });
    expect(view.stations.get('kazzinc')?.stale).toBe(true);
    view.applyUpdate({ stations: [countsOf(station({ version: 5 }))], at: 3 });
    expect(view.stations.get('kazzinc')).not.toHaveProperty('stale');
  });
});

describe('a live page\'s stations, trend and suggestions', () => {
  const HOUR = 60 * 60_000;

  it('lists stations in the event\'s order, a new snapshot replacing everything before it', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station({ id: 'b' }), station({ id: 'a' })], totals, trend: [], at: 1 });
    view.applyUpdate({ stations: [countsOf(station({ id: 'a', version: 9 }))], at: 5 });
    expect(view.list().map((s) => s.id)).toEqual(['b', 'a']);
    expect(view.at).toBe(5);
    // An update that arrives late does not move the page's clock back.
    view.applyUpdate({ stations: [], at: 3 });
    expect(view.at).toBe(5);
    view.applyTotals({ ...totals, onSite: 13 });
    expect(view.totals.onSite).toBe(13);
    const trend = [{ at: 1, occupancy: { c: 1 } }];
    view.applySnapshot({ stations: [station({ id: 'c' })], totals, trend, at: 2 });
    expect(view.list().map((s) => s.id)).toEqual(['c']);
    expect([...view.stations.keys()]).toEqual(['c']);
    expect([view.totals, view.at]).toEqual([totals, 2]);
    // The page's trend grows on its own; the snapshot's list is not changed by it.
    view.applyTrend({ at: 3, occupancy: { c: 2 } });
    expect(trend).toHaveLength(1);
  });

  it('keeps an hour of trend in time order, each sample once, and gives a station\'s series ending with now', () => {
    const view = new LiveView();
    const t = Date.UTC(2026, 4, 14, 10);
    view.applySnapshot({ stations: [station({ occupancy: 7 })], totals, trend: [{ at: t, occupancy: { kazzinc: 1 } }], at: t });
    view.applyTrend({ at: t + 60_000, occupancy: { kazzinc: 2 } });
    view.applyTrend({ at: t + 60_000, occupancy: { kazzinc: 9 } });
    view.applyTrend({ at: t + 30_000, occupancy: { kazzinc: 9 } });
    view.applyTrend({ at: t + HOUR, occupancy: {} });
    expect(view.trend.map((s) => s.at)).toEqual([t, t + 60_000, t + HOUR]);
    expect(view.series('kazzinc')).toEqual([1, 2, 0, 7]);
    expect(view.series('gone')).toEqual([0, 0, 0]);
    // A sample more than an hour after the oldest pushes it out.
    view.applyTrend({ at: t + HOUR + 1, occupancy: { kazzinc: 3 } });
    expect(view.trend.map((s) => s.at)).toEqual([t + 60_000, t + HOUR, t + HOUR + 1]);
    view.applyTrend({ at: t + 3 * HOUR, occupancy: { kazzinc: 4 } });
    expect(view.series('kazzinc')).toEqual([4, 7]);
  });

  it('measures fill as a share of capacity, none without capacity', () => {
    expect(fill(station({ occupancy: 8, capacity: 10 }))).toBe(0.8);
    expect(fill(station({ occupancy: 12, capacity: 10 }))).toBe(1.2);
    expect(fill(station({ occupancy: 3, capacity: 0 }))).toBe(0);
  });

  it('suggests only open stations with a free place and nobody waiting or called, none of the programme\'s, freest first, then most places free', () => {
    const stations = [
      station({ id: 'half', capacity: 10, occupancy: 5 }),
      station({ id: 'empty-small', capacity: 2, occupancy: 0 }),
      station({ id: 'empty-big', capacity: 20, occupancy: 0 }),
      station({ id: 'full', capacity: 10, occupancy: 10 }),
      station({ id: 'queue', capacity: 10, occupancy: 1, queue: 1 }),
      station({ id: 'calling', capacity: 10, occupancy: 1, calling: [1001] }),
      station({ id: 'paused', capacity: 10, occupancy: 1, status: 'paused' }),
      station({ id: 'gate', mode: 'gate', capacity: 1000, occupancy: 0 }),
      station({ id: 'hall', mode: 'hall', capacity: 600, occupancy: 0 }),
      station({ id: 'exhibition', mode: 'exhibition', capacity: 600, occupancy: 0 }),
      station({ id: 'sessions', mode: 'sessions', capacity: 10, occupancy: 3 }),
      // The challenge: on at its programme time, which the strip shows.
      station({ id: 'challenge', group: 'programme', mode: 'sessions', capacity: 80, occupancy: 0 }),
      station({ id: 'almost', capacity: 10, occupancy: 9 }),
    ];
    expect(goNow(stations).map((s) => s.id)).toEqual(['empty-big', 'empty-small', 'sessions', 'half']);
    expect(goNow(stations, 6).map((s) => s.id)).toEqual(['empty-big', 'empty-small', 'sessions', 'half', 'almost']);
    // As full as each other: most places free first, in whatever order they come.
    const [six, two, four] = [station({ id: 'six', capacity: 6, occupancy: 3 }), station({ id: 'two', capacity: 2, occupancy: 1 }), station({ id: 'four', capacity: 4, occupancy: 2 })];
    expect(goNow([two, four, six]).map((s) => s.id)).toEqual(['six', 'four', 'two']);
    expect(goNow([six, two, four]).map((s) => s.id)).toEqual(['six', 'four', 'two']);
  });
});
