import fp from 'fastify-plugin';
import type { Battery, KioskHealth } from '../../shared/kiosk-health.ts';
import type { CameraState } from '../../shared/camera.ts';

export { CAMERA_STATES } from '../../shared/camera.ts';

export interface Heartbeat {
  appVersion: string;
  pending: number;
  camera: CameraState;
  battery?: Battery | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    kioskHealth: {
      /** Every kiosk not revoked, with its last heartbeat (the board flags silent ones and unsent scans). */
      list(): Promise<KioskHealth[]>;
      /** Records a heartbeat of a kiosk at `now`. */
      beat(kioskId: string, beat: Heartbeat, now: number): Promise<void>;
    };
  }
}

interface Row {
  id: string;
  station: string;
  label: string;
  lastSeenAt: number | null;
  pending: number;
  appVersion: string | null;
  camera: string | null;
  batteryLevel: number | null;
  batteryCharging: number | null;
}

/** Kiosk heartbeats: written to the kiosks row (one small UPDATE every ~15 s per kiosk), read by the board. */
export default fp(
  async (app) => {
    const select = app.sqlite.prepare(
      `SELECT id, station_id AS station, label, last_seen_at AS lastSeenAt, pending, app_version AS appVersion, camera,
              battery_level AS batteryLevel, battery_charging AS batteryCharging
         FROM kiosks WHERE revoked_at IS NULL ORDER BY station_id, created_at`,
    );
    const update = app.sqlite.prepare(
      'UPDATE kiosks SET last_seen_at = ?, app_version = ?, pending = ?, camera = ?, battery_level = ?, battery_charging = ? WHERE id = ?',
    );
    app.decorate('kioskHealth', {
      async list() {
        return (select.all() as Row[]).map(({ batteryLevel, batteryCharging, ...r }) => ({
          ...r,
          lastSeenAt: r.lastSeenAt === null ? null : new Date(r.lastSeenAt).toISOString(),
          battery: batteryLevel === null ? null : { level: batteryLevel, charging: batteryCharging === 1 },
        }));
      },
      async beat(kioskId: string, beat: Heartbeat, now: number) {
        const battery = beat.battery ?? null;
        update.run(now, beat.appVersion, beat.pending, beat.camera, battery?.level ?? null, battery === null ? null : Number(battery.charging), kioskId);
      },
    });
  },
  { name: 'kiosk-health', dependencies: ['db'] },
);
