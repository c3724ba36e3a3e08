import type { FastifyInstance } from 'fastify';
import type { Alert, KioskHealth } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { stationView } from '../flow/rules.ts';
import { currentAlerts, type AlertRules } from './alerts.ts';
import type { Nsp } from './io-types.ts';

/**
 * What the organisers are alerted to, and every kiosk's health, as this process last sent them to
 * its `/staff` sockets; each is sent again only when it changed.
 */
export class StaffAlerts {
  kiosks: KioskHealth[] = [];
  alerts: Alert[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly staff: Nsp,
    private readonly rules: AlertRules,
  ) {}

  /** The alerts of these stations (and of the kiosks and storage) now; sent when they changed. */
  refresh(views: StationView[]): void {
    const next = currentAlerts(views, this.kiosks, this.rules, Date.now(), this.alerts, this.app.storage.report());
    if (JSON.stringify(next) === JSON.stringify(this.alerts)) return;
    this.alerts = next;
    this.staff.local.emit('alerts:update', this.alerts);
  }

  /** Reads the kiosks' heartbeats again (sent when they changed), then the alerts. */
  async pollKiosks(): Promise<void> {
    const next = await this.app.kioskHealth.list();
    if (JSON.stringify(next) !== JSON.stringify(this.kiosks)) {
      this.kiosks = next;
      this.staff.local.emit('kiosks:update', this.kiosks);
    }
    const now = Date.now();
    this.refresh((await this.app.live.stations()).map((s) => stationView(s, now)));
  }
}
