import type { FastifyInstance } from 'fastify';
import { PairingCodes } from '../../kiosks/pairing-code.ts';
import { currentKiosks, type KiosksAt, type KiosksOf } from './at.ts';
import kioskHealthRoutes, { heartbeatRoute } from './health.ts';
import kioskManagementRoutes from './manage.ts';
import kioskPairingRoutes, { certificateRoute } from './pairing.ts';

/** The kiosk routes' place and event, as each part of them is given it. */
export interface KioskRoutesAt {
  base: string;
  /** The route's schema names `:event` in its path. */
  ofEvent: boolean;
  at: Required<KiosksOf>['at'];
}

/**
 * Kiosks: one per device at a station; its token scans only there and can be revoked. At
 * `/api/kiosks` this event's; registered with a `base` and an `at`, any event's kiosks.
 */
export default async function kioskRoutes(app: FastifyInstance, given: KiosksOf = {}): Promise<void> {
  const codes = await PairingCodes.fromSecrets(app.store.secrets);
  const current = async (): Promise<KiosksAt> => currentKiosks(app);
  const where: KioskRoutesAt = { base: given.base ?? '/api/kiosks', ofEvent: given.base !== undefined, at: given.at ?? current };
  await app.register(kioskManagementRoutes, { codes, where });
  await app.register(kioskPairingRoutes, { codes, where });
  await app.register(kioskHealthRoutes, { where });
  if (!where.ofEvent) {
    // A kiosk beats and a tablet downloads the certificate at today's paths whatever its event.
    heartbeatRoute(app);
    certificateRoute(app);
  }
}
