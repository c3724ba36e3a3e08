import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** The validated configuration as `app.config` (a copy: the db plugin sets the event it serves). */
export default fp<{ config: Config }>(
  async (app, opts) => {
    app.decorate('config', { ...opts.config });
  },
  { name: 'config' },
);
