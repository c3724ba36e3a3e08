import fp from 'fastify-plugin';
import { BadgeSigner } from '../badges/badge-signer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    badges: BadgeSigner;
  }
}

/** The event's badge signing key, made in DATA_DIR on first start. */
export default fp(
  async (app) => {
    app.decorate('badges', BadgeSigner.load(app.config.dataDir, app.config.event.id));
  },
  { name: 'badges', dependencies: ['config', 'db'] },
);
