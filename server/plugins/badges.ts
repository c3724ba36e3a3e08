import fp from 'fastify-plugin';
import { BadgeSigner } from '../badges/badge-signer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    badges: BadgeSigner;
  }
}

/** The event's badge signing key, made on first start and kept by the durable store (SQLite mode: a file in DATA_DIR). */
export default fp(
  async (app) => {
    const signer = await BadgeSigner.load(app.store.secrets, app.config.event.id);
    signer.knowEvents((await app.store.events.list()).map((e) => e.id));
    app.decorate('badges', signer);
  },
  { name: 'badges', dependencies: ['config', 'db'] },
);
