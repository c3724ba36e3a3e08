import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ADMIN, tempDir, testApp } from '../support/app.ts';

export const ARTIFACTS = 'tests/.artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

export const TABLET = { width: 600, height: 1024 };
export const LAPTOP = { width: 1366, height: 768 };

/** A test server listening on 127.0.0.1 (a secure context, so camera and service worker work). */
export async function startServer(opts: Parameters<typeof testApp>[1] = {}): Promise<{ app: FastifyInstance; url: string; close: () => Promise<void> }> {
  const tmp = tempDir();
  const app = await testApp(tmp.dir, opts);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      tmp.remove();
    },
  };
}

/** Content-Security-Policy violations seen by any page since the last test ended. */
const violations: string[] = [];

// A page that breaks the server's Content-Security-Policy fails the test that opened it.
afterEach(() => {
  expect(violations.splice(0), 'Content-Security-Policy violations').toEqual([]);
});

/** Reports every `securitypolicyviolation` of the context's pages into `violations`. */
async function watchPolicy(context: BrowserContext): Promise<void> {
  await context.exposeBinding('kezekPolicyViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { kezekPolicyViolation: (text: string) => void }).kezekPolicyViolation;
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

/**
 * Headless Chromium; with `video`, its fake camera plays that y4m file in a loop. Every context
 * (and page) it opens is watched for Content-Security-Policy violations.
 */
export async function launch(video?: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      ...(video ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] : []),
    ],
  });
  // Browser.newPage opens its context through newContext too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchPolicy(context);
    return context;
  };
  return browser;
}

/** Creates a kiosk at a station and opens the kiosk page paired through its QR link. */
export async function openKiosk(
  browser: Browser,
  server: { app: FastifyInstance; url: string },
  station: string,
  viewport = TABLET,
  /** Runs before the page loads, e.g. to give it a browser API it does not have here. */
  init?: (context: BrowserContext) => Promise<unknown>,
): Promise<{ context: BrowserContext; page: Page; kioskId: string; errors: string[] }> {
  const r = await server.app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station } });
  const { id, pairingCode } = r.json();
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  await context.grantPermissions(['camera'], { origin: server.url });
  await init?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${server.url}/kiosk#pair=${pairingCode}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('occupancy')?.textContent !== '–');
  return { context, page, kioskId: id, errors };
}

/** The verdict on screen: waits for the feedback of a badge number (or any) and returns it. */
export async function verdictFor(page: Page, badgeNo: number | null, timeout = 10_000): Promise<{ tone: string; title: string; who: string; detail: string; pending: boolean }> {
  const sel = badgeNo === null ? '#feedback:not([hidden])' : `#feedback:not([hidden])[data-badge="${badgeNo}"]`;
  const box = page.locator(sel);
  await box.waitFor({ state: 'visible', timeout });
  return box.evaluate((el) => ({
    tone: el.getAttribute('data-tone') ?? '',
    title: el.querySelector('.title')?.textContent ?? '',
    who: el.querySelector('.who')?.textContent ?? '',
    detail: el.querySelector('.detail')?.textContent ?? '',
    pending: el.getAttribute('data-pending') === 'true',
  }));
}

/** A key as Chromium's DevTools protocol dispatches it. */
function wedgeKey(ch: string): { key: string; code: string; text: string; windowsVirtualKeyCode: number; modifiers: number } {
  if (ch === '\r') return { key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13, modifiers: 0 };
  const shift = /[A-Z_]/.test(ch) ? 8 : 0;
  if (/[a-z]/i.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, text: ch, windowsVirtualKeyCode: ch.toUpperCase().charCodeAt(0), modifiers: shift };
  if (/[0-9]/.test(ch)) return { key: ch, code: `Digit${ch}`, text: ch, windowsVirtualKeyCode: ch.charCodeAt(0), modifiers: 0 };
  if (ch === '.') return { key: ch, code: 'Period', text: ch, windowsVirtualKeyCode: 190, modifiers: 0 };
  if (ch === '-' || ch === '_') return { key: ch, code: 'Minus', text: ch, windowsVirtualKeyCode: 189, modifiers: shift };
  throw new Error(`a scanner types no ${JSON.stringify(ch)} here`);
}

/**
 * Types `text` and Enter as a keyboard-wedge scanner does: each key `gapMs` after the one before.
 * The keys carry those times (the kiosk tells a scanner from a person by the keys' own times), so
 * a loaded machine that delivers them over seconds does not make the scan read as a person typing.
 */
export async function scanWedge(page: Page, text: string, gapMs = 1): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    // Sent at once (Chromium dispatches them in order), not a round trip per key.
    const keys = [...text, '\r'].flatMap((ch, i) => {
      const { text: typed, ...key } = wedgeKey(ch);
      const timestamp = start + (i * gapMs) / 1000;
      return [cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: typed, timestamp }), cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key, timestamp })];
    });
    await Promise.all(keys);
  } finally {
    await cdp.detach();
  }
}

/** A y4m video (what Chromium's fake camera plays) of a QR code on white, made with ffmpeg. */
export async function qrVideo(text: string, name: string): Promise<string> {
  const png = join(ARTIFACTS, `${name}.png`);
  const y4m = join(ARTIFACTS, `${name}.y4m`);
  writeFileSync(png, await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, width: 400 }));
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-vf', 'scale=400:400,pad=640:480:120:40:white,format=yuv420p', '-t', '2', '-r', '10', y4m]);
  return y4m;
}

/** A test server and a browser for the tests of the calling file: started before them, closed after. */
export function serverAndBrowser(): { server: () => Awaited<ReturnType<typeof startServer>>; browser: () => Browser } {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { server: () => server!, browser: () => browser! };
}
