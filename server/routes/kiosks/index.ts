import type { FastifyInstance } from 'fastify';
import { PairingCodes } from '../../kiosks/pairing-code.ts';
import kioskHealthRoutes from './health.ts';
import kioskManagementRoutes from './manage.ts';
import kioskPairingRoutes from './pairing.ts';

/** Kiosks: one per device at a station; its token scans only there and can be revoked. */
export default async function kioskRoutes(app: FastifyInstance): Promise<void> {
  const codes = await PairingCodes.fromSecrets(app.store.secrets);
  await app.register(kioskManagementRoutes, { codes });
  await app.register(kioskPairingRoutes, { codes });
  await app.register(kioskHealthRoutes);
}
