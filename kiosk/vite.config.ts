import { defineConfig } from 'vite';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Every `kiosk/<page>.html` is a page of its own, served by the server at `/<page>`.
const pages = Object.fromEntries(
  readdirSync(root)
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.replace(/\.html$/, ''), `${root}${f}`]),
);

export default defineConfig({
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
