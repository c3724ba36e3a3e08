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
      /** Every kiosk not revoked, with its last heartbeat (the board flags silent ones and unsent scans); of another event when named. */
      list(eventId?: string): Promise<KioskHealth[]>;
      /** Records a heartbeat of a kiosk at `now`. */
      beat(kioskId: string, beat: Heartbeat, now: number): Promise<void>;
    };
  }
}

/** Kiosk heartbeats: written to the kiosks row (one small UPDATE every ~15 s per kiosk), read by the board. */
export default fp(
  async (app) => {
    const { kiosks } = app.store;
    app.decorate('kioskHealth', {
      async list(eventId = app.store.eventId) {
        const inService = (await app.store.forEvent(eventId).kiosks.list()).filter((k) => k.revokedAt === null);
        // By station, and in each by when made (the list comes by when made; the sort keeps that order).
        inService.sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));
        return inService.map((k) => ({
          id: k.id,
          station: k.stationId,
          label: k.label,
          lastSeenAt: k.lastSeenAt === null ? null : new Date(k.lastSeenAt).toISOString(),
          pending: k.pending,
          appVersion: k.appVersion,
          camera: k.camera,
          battery: k.batteryLevel === null ? null : { level: k.batteryLevel, charging: k.batteryCharging === true },
        }));
      },
      async beat(kioskId: string, beat: Heartbeat, now: number) {
        await kiosks.beat(kioskId, { appVersion: beat.appVersion, pending: beat.pending, camera: beat.camera, battery: beat.battery ?? null }, now);
      },
    });
  },
  { name: 'kiosk-health', dependencies: ['db'] },
);
