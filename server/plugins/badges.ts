import fp from 'fastify-plugin';
import { BadgeSigner } from '../badges/badge-signer.ts';
import { AttendeeKeys } from '../me/attendee-keys.ts';

declare module 'fastify' {
  interface FastifyInstance {
    badges: BadgeSigner;
    /** Badge PINs and attendees' phone sessions (server/me/attendee-keys.ts). */
    attendeeKeys: AttendeeKeys;
  }
}

/**
 * The event's badge signing key, made on first start and kept by the durable store (SQLite mode: a
 * file in DATA_DIR), and the key of badge PINs and phone sessions, kept likewise.
 */
export default fp(
  async (app) => {
    const signer = await BadgeSigner.load(app.store.secrets, app.config.event.id);
    signer.knowEvents((await app.store.events.list()).map((e) => e.id));
    app.decorate('badges', signer);
    app.decorate('attendeeKeys', await AttendeeKeys.load(app.store.secrets));
  },
  { name: 'badges', dependencies: ['config', 'db'] },
);
