import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync, readdirSync } from 'node:fs';
import { PAGES_DIR } from '../paths.ts';

export { PAGES_DIR };

/**
 * The browser pages, built by Vite into kiosk/dist and served from here: nothing a page loads
 * comes from the internet. `/board` serves board.html, and so on for every page.
 */
export default fp(
  async (app) => {
    if (!existsSync(PAGES_DIR)) {
      app.log.warn({ dir: PAGES_DIR }, 'pages are not built; run npm run build');
      return;
    }
    await app.register(fastifyStatic, { root: PAGES_DIR, prefix: '/', index: false, wildcard: true, cacheControl: true, maxAge: 0 });
    for (const file of readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html'))) {
      const page = file.replace(/\.html$/, '');
      app.get(`/${page}`, { config: { access: ['public'] }, schema: { hide: true } }, (_request, reply) =>
        reply.header('cache-control', 'no-cache').sendFile(file),
      );
    }
    // An event's own pages (several events live at once): the same pages, reading that event.
    app.get<{ Params: { event: string; page: string } }>(
      '/e/:event/:page',
      { config: { access: ['public'] }, schema: { hide: true, params: { type: 'object', properties: { event: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, page: { type: 'string', enum: ['board', 'screen', 'kiosk', 'me'] } } } } },
      (request, reply) => reply.header('cache-control', 'no-cache').sendFile(`${request.params.page}.html`),
    );
    app.get('/', { config: { access: ['public'] }, schema: { hide: true } }, (_request, reply) => reply.redirect('/board'));
  },
  { name: 'pages' },
);
