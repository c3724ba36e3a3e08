import { defineConfig, type Plugin } from 'vite';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Every `kiosk/<page>.html` is a page of its own, served by the server at `/<page>`.
const pages = Object.fromEntries(
  readdirSync(root)
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.replace(/\.html$/, ''), `${root}${f}`]),
);

/**
 * The kiosk page asks for the QR decoder (its script and its .wasm) in its <head>, so that both
 * download while the page's own script loads and runs, instead of after it.
 */
function preloadDecoder(): Plugin {
  return {
    name: 'kezek-preload-decoder',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.filename.endsWith('kiosk.html') || !ctx.bundle) return [];
        const files = Object.keys(ctx.bundle);
        const wasm = files.find((f) => /zxing_reader.*\.wasm$/.test(f));
        const reader = files.find((f) => /\/reader-[^/]*\.js$/.test(f));
        if (!wasm || !reader) throw new Error('kiosk page: the QR decoder’s script or .wasm is missing from the build');
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${reader}` }, injectTo: 'head' },
          { tag: 'link', attrs: { rel: 'preload', href: `/${wasm}`, as: 'fetch', crossorigin: 'anonymous' }, injectTo: 'head' },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [preloadDecoder()],
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Several-year-old tablets: Chrome/Android WebView 87+ and Safari 14+ (see README).
    target: ['chrome87', 'safari14'],
    rollupOptions: { input: pages },
  },
});
