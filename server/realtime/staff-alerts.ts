import type { FastifyInstance } from 'fastify';
import type { Alert, KioskHealth } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { stationView } from '../flow/rules.ts';
import type { LiveStore } from '../live/live-store.ts';
import { currentAlerts, type AlertRules } from './alerts.ts';
import type { Nsp } from './io-types.ts';

/** The event whose organisers are alerted, and where its staff sockets are (on this process). */
export interface AlertedEvent {
  id: string;
  live: Pick<LiveStore, 'stations'>;
  /** The namespaces of its staff sockets: `/staff` for the current event, `/e/<event>/staff` for another. */
  staff(): Iterable<Nsp>;
}

/**
 * What an event's organisers are alerted to, and every kiosk's health, as this process last sent
 * them to its staff sockets; each is sent again only when it changed.
 */
export class StaffAlerts {
  kiosks: KioskHealth[] = [];
  alerts: Alert[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly event: AlertedEvent,
    private readonly rules: AlertRules,
  ) {}

  /** The alerts of these stations (and of the kiosks and storage) now; sent when they changed. */
  refresh(views: StationView[]): void {
    const next = currentAlerts(views, this.kiosks, this.rules, Date.now(), this.alerts, this.app.storage.report());
    if (JSON.stringify(next) === JSON.stringify(this.alerts)) return;
    this.alerts = next;
    for (const nsp of this.event.staff()) nsp.local.emit('alerts:update', this.alerts);
  }

  /** Reads the kiosks' heartbeats again (sent when they changed), then the alerts. */
  async pollKiosks(): Promise<void> {
    const next = await this.app.kioskHealth.list(this.event.id);
    if (JSON.stringify(next) !== JSON.stringify(this.kiosks)) {
      this.kiosks = next;
      for (const nsp of this.event.staff()) nsp.local.emit('kiosks:update', this.kiosks);
    }
    const now = Date.now();
    this.refresh((await this.event.live.stations()).map((s) => stationView(s, now)));
  }
}
