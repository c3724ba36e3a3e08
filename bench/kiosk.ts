/**
 * Kiosk benchmark: time from a camera frame holding a QR to the verdict on screen (online), the
 * page's load to a ready camera, the gzipped JavaScript the kiosk page loads (the decoder's .wasm
 * apart), and the page's JavaScript heap before and after 1,000 scans.
 *
 *   npm run build && npm run bench -- kiosk     (BENCH_RUNS=200 for more runs, BENCH_HEAP_SCANS)
 *   npm run bench -- kiosk --profile            (CPU profiles of the page at 6×: load, and scans)
 *
 * The camera is a canvas stream the benchmark draws on: blank, then a QR at a known instant
 * (performance.now() in the page); the page marks `kezek:verdict` when the verdict is drawn.
 * Each run shows a different attendee's badge, so no run is a camera re-read. Measured unthrottled
 * and with Chrome's CPU throttling at 4× and 6× (a fresh page each): page load → camera ready too.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { ADMIN, register, tempDir, testApp } from '../tests/support/app.ts';
import { PAGES_DIR } from '../server/plugins/pages.ts';
import { summariseProfile } from './scan-profile.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const HEAP_SCANS = Number(process.env.BENCH_HEAP_SCANS ?? 1000);
const PROFILE = process.argv.includes('--profile');
/** Unthrottled, then Chrome's CPU throttling at 4× and 6× (a fair stand-in for a cheap tablet); BENCH_RATES=6 for one. */
const RATES = (process.env.BENCH_RATES ?? '1,4,6').split(',').map(Number);

interface Badge {
  no: number;
  png: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A fresh kiosk page at a CPU throttling rate, paired and with its camera ready. */
async function openKiosk(browser: Browser, app: FastifyInstance, url: string, rate: number, scripts: Map<string, Buffer>, profile?: string): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; readyMs: number; probedMs: number; cameraMs: number; decoderMs: number }> {
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
  page.on('response', async (res) => {
    if (res.url().endsWith('.js') && res.ok()) scripts.set(res.url(), await res.body().catch(() => Buffer.alloc(0)));
  });
  if (profile) {
    // A page of the same origin first, so the profiler runs in the process the kiosk page loads in.
    await page.goto(`${url}/favicon.svg`);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const loading = Date.now();
  await page.goto(`${url}/kiosk#pair=${kiosk.pairingCode}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  // Ready: the camera streams and the decoder is loaded, compiled and reading its frames.
  await page.waitForFunction(() => {
    const video = document.querySelector('video') as HTMLVideoElement;
    return document.getElementById('camera-note')?.textContent !== '' && video.readyState >= 2 && video.dataset.decoder !== undefined && performance.getEntriesByName('kezek:first-read').length > 0;
  });
  const probedMs = Date.now() - loading;
  // The page's own clock, from its navigation: the camera streaming, the decoder loaded and compiled,
  // its first frame read. Ready is that last one, from the moment the page was asked for: the
  // probe above sees it later, by as long as Playwright's own script takes on the slowed page.
  const [cameraMs, decoderMs, firstReadMs, origin] = await page.evaluate(() => [...['kezek:camera-on', 'kezek:decoder-ready', 'kezek:first-read'].map((m) => performance.getEntriesByName(m)[0]?.startTime ?? NaN), performance.timeOrigin]);
  const readyMs = origin - loading + firstReadMs;
  if (profile) {
    const { profile: p } = await cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(p));
    // The page's own timeline of the load: navigation, every resource, marks.
    const timeline = await page.evaluate(() =>
      performance.getEntries().map((e) => ({
        type: e.entryType,
        name: e.name.replace(location.origin, ''),
        start: Math.round(e.startTime),
        end: Math.round(e.startTime + e.duration),
        // A long frame's scripts: which code held the page's one thread, and for how long.
        ...('scripts' in e ? { scripts: (e as PerformanceEntry & { scripts: Array<{ invoker: string; sourceFunctionName: string; duration: number }> }).scripts.map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`) } : {}),
      })),
    );
    writeFileSync(profile.replace(/\.cpuprofile$/, '.timeline.json'), JSON.stringify(timeline, null, 1));
  }
  return { context, page, cdp, readyMs, probedMs, cameraMs, decoderMs };
}

/**
 * Shows one badge to the camera and returns the ms from the frame holding it to its verdict
 * painted, and to its text decoded. `blankMs`: how long the camera sees nothing before (the
 * previous badge taken away).
 */
function scan(page: Page, badge: Badge, blankMs: number): Promise<{ ms: number; decodedMs: number }> {
  return page.evaluate(
    async ({ no, png, blankMs }) => {
      const g = (window as unknown as { benchCanvas: CanvasRenderingContext2D }).benchCanvas;
      const img = new Image();
      img.src = png;
      await img.decode();
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 640, 480);
      if (blankMs > 0) await new Promise((r) => setTimeout(r, blankMs));
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
      const verdictAt = await seen;
      const decodedAt = performance.getEntriesByName('kezek:decoded')[0]?.startTime ?? verdictAt;
      return { ms: verdictAt - t0, decodedMs: decodedAt - t0 };
    },
    { ...badge, blankMs },
  );
}

/** A fresh kiosk page at a CPU throttling rate: load → camera ready, then each badge's frame → verdict. */
async function measure(browser: Browser, app: FastifyInstance, url: string, rate: number, badges: Badge[], scripts: Map<string, Buffer>, profileDir: string | null): Promise<{ readyMs: number; probedMs: number; cameraMs: number; decoderMs: number; latencies: number[]; decoded: number[] }> {
  const profiling = profileDir !== null && rate === RATES[RATES.length - 1];
  const { context, page, cdp, readyMs, probedMs, cameraMs, decoderMs } = await openKiosk(browser, app, url, rate, scripts, profiling ? join(profileDir, `load-${rate}x.cpuprofile`) : undefined);
  if (profiling) {
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const latencies: number[] = [];
  const decoded: number[] = [];
  for (const b of badges) {
    const { ms, decodedMs } = await scan(page, b, 250);
    latencies.push(ms);
    decoded.push(decodedMs);
  }
  if (profiling) writeFileSync(join(profileDir, `scans-${rate}x.cpuprofile`), JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await context.close();
  return { readyMs, probedMs, cameraMs, decoderMs, latencies, decoded };
}

interface HeapSample {
  usedKb: number;
  nodes: number;
  listeners: number;
}

async function heapNow(cdp: CDPSession): Promise<HeapSample> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { usedKb: usedSize / 1024, nodes: dom.nodes, listeners: dom.jsEventListeners };
}

/**
 * The page's JavaScript heap (after forced garbage collection) before and after `badges.length`
 * scans through the camera, one badge after another as a busy station shows them.
 */
async function heapGrowth(browser: Browser, app: FastifyInstance, url: string, warmup: Badge[], badges: Badge[]): Promise<{ before: HeapSample; after: HeapSample; scans: number; seconds: number }> {
  const { context, page, cdp } = await openKiosk(browser, app, url, 1, new Map());
  await cdp.send('HeapProfiler.enable');
  for (const b of warmup) await scan(page, b, 0);
  const before = await heapNow(cdp);
  const started = Date.now();
  for (const b of badges) await scan(page, b, 0);
  const seconds = (Date.now() - started) / 1000;
  // The verdict's own timers (it hides after a while) run out before the heap is measured.
  await page.waitForTimeout(2000);
  const after = await heapNow(cdp);
  await context.close();
  return { before, after, scans: badges.length, seconds };
}

/**
 * How much Chrome's CPU throttling at `rate` slows the page's main thread and a dedicated Web
 * Worker of it: the same loop timed in each, throttled and not. Chromium throttles only the page's
 * main thread (CDP refuses the setting on a worker target), so work moved into a worker would look
 * faster here than on a slow tablet: this says so beside the figures.
 */
async function throttlingReach(browser: Browser, rate: number): Promise<{ main: number; worker: number }> {
  const context = await browser.newContext();
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const time = () =>
    page.evaluate(async () => {
      const source = 'const spin = () => { const t0 = performance.now(); let x = 0; for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003; return x >= 0 ? performance.now() - t0 : 0; };';
      const spin = new Function(`${source} return spin();`) as () => number;
      const worker = new Worker(URL.createObjectURL(new Blob([`${source} onmessage = () => postMessage(spin());`], { type: 'text/javascript' })));
      const inWorker = () => new Promise<number>((resolve) => ((worker.onmessage = (e) => resolve(e.data as number)), worker.postMessage(0)));
      await inWorker();
      spin();
      const main: number[] = [];
      const work: number[] = [];
      for (let i = 0; i < 3; i++) {
        main.push(spin());
        work.push(await inWorker());
      }
      worker.terminate();
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      return { main: median(main), worker: median(work) };
    });
  await page.goto('about:blank');
  const plain = await time();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const slowed = await time();
  await context.close();
  return { main: slowed.main / plain.main, worker: slowed.worker / plain.worker };
}

async function badgesFor(app: FastifyInstance, n: number, from: number): Promise<Badge[]> {
  const out: Badge[] = [];
  for (let i = 0; i < n; i++) {
    const p = await register(app, `Bench${from + i}`);
    out.push({ no: p.badgeNo, png: await QRCode.toDataURL(p.badge, { errorCorrectionLevel: 'M', margin: 4, width: 360 }) });
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(`${PAGES_DIR}/kiosk.html`)) throw new Error('kiosk page not built: npm run build');
  const load = [loadavg()[0]];
  const tmp = tempDir();
  const app = await testApp(tmp.dir, { env: { LOG_LEVEL: 'warn' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const badges = await badgesFor(app, RUNS * RATES.length, 0);
  const warmup = await badgesFor(app, 20, badges.length);
  const heapBadges = HEAP_SCANS > 0 ? await badgesFor(app, HEAP_SCANS, badges.length + warmup.length) : [];
  // The benchmark's station takes everybody: capacity above the number of scans.
  const everybody = badges.length + warmup.length + heapBadges.length + 10;
  await app.inject({ method: 'PATCH', url: '/api/stations/college-1', headers: ADMIN, payload: { capacity: everybody } });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'kezek-kiosk-profile-')) : null;
  const scripts = new Map<string, Buffer>();
  const results: Array<{ rate: number; readyMs: number; probedMs: number; cameraMs: number; decoderMs: number; latencies: number[]; decoded: number[] }> = [];
  for (const [i, rate] of RATES.entries()) {
    results.push({ rate, ...(await measure(browser, app, url, rate, badges.slice(i * RUNS, (i + 1) * RUNS), scripts, profileDir)) });
    load.push(loadavg()[0]);
  }
  const reach = await throttlingReach(browser, RATES.at(-1) ?? 6);
  const heap = heapBadges.length > 0 ? await heapGrowth(browser, app, url, warmup, heapBadges) : null;
  load.push(loadavg()[0]);
  await browser.close();
  await app.close();
  tmp.remove();
  const latencies = [...results[0].latencies].sort((a, b) => a - b);
  const js = [...scripts.entries()];
  const raw = js.reduce((n, [, body]) => n + body.length, 0);
  const gz = js.reduce((n, [, body]) => n + gzipSync(body, { level: 9 }).length, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const f = (n: number) => `${n.toFixed(0)} ms`;
  console.log(`\n### Kiosk (headless Chromium, ${RUNS} runs, server on the same machine; load average ${load.map((l) => l.toFixed(1)).join(' → ')})\n`);
  console.log('| what | figure | goal |');
  console.log('|---|---|---|');
  console.log(`| camera frame with a QR → verdict on screen, p50 | ${f(percentile(latencies, 50))} | |`);
  console.log(`| camera frame with a QR → verdict on screen, p95 | ${f(percentile(latencies, 95))} | ≤ 300 ms |`);
  console.log(`| camera frame with a QR → verdict on screen, max | ${f(latencies[latencies.length - 1])} | |`);
  console.log(`| JavaScript of the kiosk page, gzipped (${js.length} files, ${kb(raw)} raw; .wasm apart) | ${kb(gz)} | ≤ 150 KB |`);
  for (const [u, body] of js) console.log(`|  · ${new URL(u).pathname} | ${kb(gzipSync(body, { level: 9 }).length)} | |`);
  if (heap) {
    const grown = (heap.after.usedKb - heap.before.usedKb) / 1024;
    console.log(`| JavaScript heap after ${heap.scans.toLocaleString('en')} scans (forced GC; ${heap.before.usedKb.toFixed(0)} → ${heap.after.usedKb.toFixed(0)} KB; ${heap.seconds.toFixed(0)} s) | ${grown >= 0 ? '+' : ''}${grown.toFixed(2)} MB | ≤ +3 MB |`);
    console.log(`| DOM nodes / JS event listeners, before → after | ${heap.before.nodes} → ${heap.after.nodes} / ${heap.before.listeners} → ${heap.after.listeners} | no growth |`);
  }

  console.log(`\n#### With the CPU slowed (Chrome's CPU throttling, ${RUNS} runs a rate; goals at 6×: verdict p95 ≤ 300 ms, page ready ≤ 1.5 s)\n`);
  console.log('| CPU | page load → camera streaming and its first frame read (page clock) | of which: camera streaming / decoder loaded and compiled | seen by the bench (Playwright probe) | frame → verdict p50 | p95 | of which frame → decoded, p50 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const decoded = [...r.decoded].sort((a, b) => a - b);
    console.log(`| ${r.rate === 1 ? 'unthrottled' : `${r.rate}× slower`} | ${f(r.readyMs)} | ${f(r.cameraMs)} / ${f(r.decoderMs)} | ${f(r.probedMs)} | ${f(percentile(sorted, 50))} | ${f(percentile(sorted, 95))} | ${f(percentile(decoded, 50))} |`);
  }
  console.log(
    `\nChrome's CPU throttling at ${RATES.at(-1)}× slows the page's main thread ${reach.main.toFixed(1)}× and a dedicated Web Worker ${reach.worker.toFixed(1)}× (the same loop timed in each): ` +
      'the throttled figures are honest for work on the main thread only; work in a worker runs there at full speed.',
  );
  if (profileDir) {
    for (const name of [`load-${RATES.at(-1)}x`, `scans-${RATES.at(-1)}x`]) {
      console.log(`\n#### CPU profile of the page, ${name} (${join(profileDir, `${name}.cpuprofile`)})\n`);
      console.log(summariseProfile(join(profileDir, `${name}.cpuprofile`), url));
    }
  }
}

await main();
