import { describe, expect, it } from 'vitest';
import { currentAlerts } from '../../server/realtime/alerts.ts';
import type { KioskHealth } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';

const NOW = Date.UTC(2026, 11, 5, 10, 0);
const rules = { queueAlert: 10, silentMs: 60_000 };

function station(id: string, over: Partial<StationView> = {}): StationView {
  return {
    id,
    name: { kk: id, ru: id, en: id },
    group: 'employer',
    host: id,
    mode: 'continuous',
    capacity: 10,
    occupancy: 0,
    queue: 0,
    calling: [],
    remoteQueue: false,
    callingRemote: [],
    waitMinutes: 0,
    status: 'open',
    sessionStartedAt: null,
    visits: 0,
    version: 1,
    ...over,
  };
}

function kiosk(id: string, secondsAgo: number | null, pending = 0, battery: KioskHealth['battery'] = null): KioskHealth {
  return { id, station: 'tmk', label: `tablet ${id}`, lastSeenAt: secondsAgo === null ? null : new Date(NOW - secondsAgo * 1000).toISOString(), pending, appVersion: '1', camera: 'on', battery };
}

describe('alerts on the board', () => {
  it('raises over capacity, long queue, silent kiosk and unsent scans, and nothing else', () => {
    const alerts = currentAlerts(
      [station('a', { occupancy: 11 }), station('b', { queue: 10 }), station('c', { queue: 9, occupancy: 10 }), station('gate', { mode: 'gate', occupancy: 5000, capacity: 3000 })],
      [kiosk('k1', 61), kiosk('k2', 59), kiosk('k3', 5, 7), kiosk('k4', null)],
      rules,
      NOW,
      [],
    );
    expect(alerts.map((a) => [a.kind, a.stationId, a.kioskId ?? null, a.value])).toEqual([
      ['over_capacity', 'a', null, 11],
      ['long_queue', 'b', null, 10],
      ['kiosk_silent', 'tmk', 'k1', 61],
      ['kiosk_pending', 'tmk', 'k3', 7],
    ]);
  });

  it('raises the server’s storage trouble first, with the free space', () => {
    const alerts = currentAlerts([station('b', { queue: 12 })], [], rules, NOW, [], { reasons: ['storage_full', 'storage_low'], freeMb: 0 });
    expect(alerts.map((a) => [a.kind, a.stationId, a.value])).toEqual([
      ['storage_full', '', 0],
      ['storage_low', '', 0],
      ['long_queue', 'b', 12],
    ]);
    expect(currentAlerts([], [], rules, NOW, [], { reasons: [], freeMb: 5000 })).toEqual([]);
  });

  it('raises a kiosk under 20 % battery that is not charging, with its level', () => {
    const alerts = currentAlerts(
      [],
      [kiosk('k1', 5, 0, { level: 0.15, charging: false }), kiosk('k2', 5, 0, { level: 0.1, charging: true }), kiosk('k3', 5, 0, { level: 0.2, charging: false }), kiosk('k4', 5)],
      rules,
      NOW,
      [],
    );
    expect(alerts.map((a) => [a.kind, a.kioskId, a.kioskLabel, a.value])).toEqual([['kiosk_battery_low', 'k1', 'tablet k1', 15]]);
  });

  it('keeps when an alert started while its condition lasts', () => {
    const first = currentAlerts([station('b', { queue: 12 })], [], rules, NOW, []);
    const later = currentAlerts([station('b', { queue: 15 })], [], rules, NOW + 30_000, first);
    expect(later[0]).toMatchObject({ kind: 'long_queue', value: 15, since: NOW });
  });
});
