import fp from 'fastify-plugin';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

export const KioskHealth = Type.Object({
  id: Type.String(),
  station: Type.String(),
  label: Type.String(),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Scans the kiosk holds in its outbox, not yet sent. */
  pending: Type.Integer(),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  /** on | off | denied | none, as the kiosk last reported; null before its first heartbeat. */
  camera: Type.Union([Type.String(), Type.Null()]),
});
export type KioskHealth = Static<typeof KioskHealth>;

export const CAMERA_STATES = ['on', 'off', 'denied', 'none'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

export interface Heartbeat {
  appVersion: string;
  pending: number;
  camera: CameraState;
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
}

/** Kiosk heartbeats: written to the kiosks row (one small UPDATE every ~15 s per kiosk), read by the board. */
export default fp(
  async (app) => {
    const select = app.sqlite.prepare(
      `SELECT id, station_id AS station, label, last_seen_at AS lastSeenAt, pending, app_version AS appVersion, camera
         FROM kiosks WHERE revoked_at IS NULL ORDER BY station_id, created_at`,
    );
    const update = app.sqlite.prepare('UPDATE kiosks SET last_seen_at = ?, app_version = ?, pending = ?, camera = ? WHERE id = ?');
    app.decorate('kioskHealth', {
      async list() {
        return (select.all() as Row[]).map((r) => ({ ...r, lastSeenAt: r.lastSeenAt === null ? null : new Date(r.lastSeenAt).toISOString() }));
      },
      async beat(kioskId: string, beat: Heartbeat, now: number) {
        update.run(now, beat.appVersion, beat.pending, beat.camera, kioskId);
      },
    });
  },
  { name: 'kiosk-health', dependencies: ['db'] },
);
