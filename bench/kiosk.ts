/**
 * Kiosk benchmark: time from a camera frame holding a QR to the verdict on screen (online), and
 * the gzipped JavaScript the kiosk page loads (the decoder's .wasm apart).
 *
 *   npm run build && npx tsx bench/kiosk.ts        (BENCH_RUNS=200 for more runs)
 *
 * The camera is a canvas stream the benchmark draws on: blank, then a QR at a known instant
 * (performance.now() in the page); the page marks `kezek:verdict` when the verdict is drawn.
 * Each run shows a different attendee's badge, so no run is a camera re-read. Measured unthrottled
 * and with Chrome's CPU throttling at 4× and 6× (a fresh page each): page load → camera ready too.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { ADMIN, register, tempDir, testApp } from '../tests/support/app.ts';
import { PAGES_DIR } from '../server/plugins/pages.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A fresh kiosk page at a CPU throttling rate: load → camera ready, then each badge's frame → verdict. */
async function measure(browser: Browser, app: FastifyInstance, url: string, rate: number, badges: Array<{ no: number; png: string }>, scripts: Map<string, Buffer>): Promise<{ readyMs: number; latencies: number[] }> {
  const kiosk = (await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'college-1' } })).json();
  const context = await browser.newContext({ viewport: { width: 600, height: 1024 } });
  // tsx keeps function names with a `__name` helper that functions sent to the page would miss.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  // The camera: a 640×480 canvas stream at 30 frames a second.
  await context.addInitScript(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 640, 480);
    const w = window as unknown as { benchCanvas: CanvasRenderingContext2D };
    w.benchCanvas = g;
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(30);
    // Keep the stream producing frames even when nothing changes.
    setInterval(() => {
      g.fillStyle = 'rgba(255,255,255,0.01)';
      g.fillRect(0, 0, 1, 1);
    }, 33);
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  page.on('response', async (res) => {
    if (res.url().endsWith('.js') && res.ok()) scripts.set(res.url(), await res.body());
  });
  const loading = Date.now();
  await page.goto(`${url}/kiosk#pair=${kiosk.pairingCode}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('camera-note')?.textContent !== '' && (document.querySelector('video') as HTMLVideoElement).readyState >= 2);
  const readyMs = Date.now() - loading;

  const latencies: number[] = [];
  for (const b of badges) {
    const ms = await page.evaluate(async ({ no, png }) => {
      const g = (window as unknown as { benchCanvas: CanvasRenderingContext2D }).benchCanvas;
      const img = new Image();
      img.src = png;
      await img.decode();
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 640, 480);
      await new Promise((r) => setTimeout(r, 250));
      performance.clearMarks('kezek:verdict');
      const seen = new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const mark = performance.getEntriesByName('kezek:verdict').find((m) => (m as PerformanceMark).detail?.badgeNo === no);
          if (mark) resolve(mark.startTime);
          else if (performance.now() - started > 5000) reject(new Error(`no verdict for ${no}`));
          else requestAnimationFrame(check);
        };
        check();
      });
      const t0 = performance.now();
      g.drawImage(img, 140, 60);
      return (await seen) - t0;
    }, b);
    latencies.push(ms);
  }
  await context.close();
  return { readyMs, latencies };
}

async function main(): Promise<void> {
  if (!existsSync(`${PAGES_DIR}/kiosk.html`)) throw new Error('kiosk page not built: npm run build');
  const tmp = tempDir();
  const app = await testApp(tmp.dir, { env: { LOG_LEVEL: 'warn' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Unthrottled, then Chrome's CPU throttling at 4× and 6× (a fair stand-in for a cheap tablet).
  const RATES = [1, 4, 6];
  const badges: Array<{ no: number; png: string }> = [];
  for (let i = 0; i < RUNS * RATES.length; i++) {
    const p = await register(app, `Bench${i}`);
    badges.push({ no: p.badgeNo, png: await QRCode.toDataURL(p.badge, { errorCorrectionLevel: 'M', margin: 4, width: 360 }) });
  }
  // The benchmark's station takes everybody: capacity above the number of runs.
  await app.inject({ method: 'PATCH', url: '/api/stations/college-1', headers: ADMIN, payload: { capacity: badges.length + 10 } });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const scripts = new Map<string, Buffer>();
  const results: Array<{ rate: number; readyMs: number; latencies: number[] }> = [];
  for (const [i, rate] of RATES.entries()) {
    results.push({ rate, ...(await measure(browser, app, url, rate, badges.slice(i * RUNS, (i + 1) * RUNS), scripts)) });
  }
  await browser.close();
  await app.close();
  tmp.remove();
  const latencies = results[0].latencies;
  latencies.sort((a, b) => a - b);
  const js = [...scripts.entries()];
  const raw = js.reduce((n, [, body]) => n + body.length, 0);
  const gz = js.reduce((n, [, body]) => n + gzipSync(body, { level: 9 }).length, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const f = (n: number) => `${n.toFixed(0)} ms`;
  console.log(`\n### Kiosk (headless Chromium, ${RUNS} runs, server on the same machine)\n`);
  console.log('| what | figure | goal |');
  console.log('|---|---|---|');
  console.log(`| camera frame with a QR → verdict on screen, p50 | ${f(percentile(latencies, 50))} | |`);
  console.log(`| camera frame with a QR → verdict on screen, p95 | ${f(percentile(latencies, 95))} | ≤ 300 ms |`);
  console.log(`| camera frame with a QR → verdict on screen, max | ${f(latencies[latencies.length - 1])} | |`);
  console.log(`| JavaScript of the kiosk page, gzipped (${js.length} files, ${kb(raw)} raw; .wasm apart) | ${kb(gz)} | ≤ 150 KB |`);
  for (const [u, body] of js) console.log(`|  · ${new URL(u).pathname} | ${kb(gzipSync(body, { level: 9 }).length)} | |`);

  console.log(`\n#### With the CPU slowed (Chrome's CPU throttling, ${RUNS} runs a rate; goals at 6×: verdict p95 ≤ 300 ms, page ready ≤ 1.5 s)\n`);
  console.log('| CPU | page load → camera ready | frame → verdict p50 | p95 |');
  console.log('|---|---|---|---|');
  for (const r of results) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    console.log(`| ${r.rate === 1 ? 'unthrottled' : `${r.rate}× slower`} | ${f(r.readyMs)} | ${f(percentile(sorted, 50))} | ${f(percentile(sorted, 95))} |`);
  }
}

await main();
