import { BATTERY_ALERT_LEVEL } from '../../shared/battery.ts';
import type { Alert, KioskHealth } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import type { StorageReport } from '../db/storage-watch.ts';

export interface AlertRules {
  /** A queue this long or longer is an alert. */
  queueAlert: number;
  /** A kiosk without a heartbeat for this long is an alert. */
  silentMs: number;
}

/**
 * The alerts an organiser sees now. `previous` keeps each alert's `since` while its condition
 * lasts, so the board can say for how long.
 */
export function currentAlerts(
  stations: StationView[],
  kiosks: KioskHealth[],
  rules: AlertRules,
  now: number,
  previous: Alert[],
  storage: Pick<StorageReport, 'reasons' | 'freeMb'> = { reasons: [], freeMb: null },
): Alert[] {
  const since = new Map(previous.map((a) => [a.id, a.since]));
  const out: Alert[] = [];
  const add = (a: Omit<Alert, 'since'>) => out.push({ ...a, since: since.get(a.id) ?? now });
  // The server's own storage first: while it fails, no scan is recorded.
  for (const reason of storage.reasons) add({ id: reason, kind: reason, stationId: '', value: storage.freeMb ?? -1 });
  for (const s of stations) {
    if (s.mode !== 'gate' && s.occupancy > s.capacity) add({ id: `over_capacity:${s.id}`, kind: 'over_capacity', stationId: s.id, value: s.occupancy });
    if (s.queue >= rules.queueAlert) add({ id: `long_queue:${s.id}`, kind: 'long_queue', stationId: s.id, value: s.queue });
  }
  for (const k of kiosks) {
    const seen = k.lastSeenAt === null ? null : Date.parse(k.lastSeenAt);
    if (seen !== null && now - seen >= rules.silentMs) {
      add({ id: `kiosk_silent:${k.id}`, kind: 'kiosk_silent', stationId: k.station, kioskId: k.id, kioskLabel: k.label, value: Math.floor((now - seen) / 1000) });
    }
    if (k.pending > 0) {
      add({ id: `kiosk_pending:${k.id}`, kind: 'kiosk_pending', stationId: k.station, kioskId: k.id, kioskLabel: k.label, value: k.pending });
    }
    if (k.battery && !k.battery.charging && k.battery.level < BATTERY_ALERT_LEVEL) {
      add({ id: `kiosk_battery_low:${k.id}`, kind: 'kiosk_battery_low', stationId: k.station, kioskId: k.id, kioskLabel: k.label, value: Math.round(k.battery.level * 100) });
    }
  }
  return out;
}
