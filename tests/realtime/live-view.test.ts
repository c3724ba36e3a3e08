// What a live page keeps from a snapshot and the counts-only updates that follow it.
import { describe, expect, it } from 'vitest';
import { LiveView } from '../../shared/live-view.ts';
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

  it('shows counts as stale only while the update says so', () => {
    const view = new LiveView();
    view.applySnapshot({ stations: [station()], totals, trend: [], at: 1 });
    view.applyUpdate({ stations: [countsOf(station({ version: 4, stale: true }))], at: 2 });
    expect(view.stations.get('kazzinc')?.stale).toBe(true);
    view.applyUpdate({ stations: [countsOf(station({ version: 5 }))], at: 3 });
    expect(view.stations.get('kazzinc')).not.toHaveProperty('stale');
  });
});
