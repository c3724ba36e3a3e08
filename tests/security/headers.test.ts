// Security headers: every route (pages, files, API, errors) answers with the Content-Security-
// Policy and the other headers; the built pages hold nothing the policy would block; every page
// opened in Chromium raises no `securitypolicyviolation` (tests/e2e/browser.ts fails any test on
// one); HSTS only when the server serves HTTPS itself.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES_DIR } from '../../server/plugins/pages.ts';
import { ADMIN, ADMIN_TOKEN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import { launch, openKiosk, startServer } from '../e2e/browser.ts';

/** The policy directives of an answer, by name. */
function policy(r: LightMyRequestResponse): Map<string, string[]> {
  const header = String(r.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0] !== '')
      .map(([name, ...values]) => [name, values]),
  );
}

/** What is wrong with an answer's headers ('' when nothing). */
function headerFaults(r: LightMyRequestResponse, docs = false): string {
  const faults: string[] = [];
  const csp = policy(r);
  if (csp.size === 0) faults.push('no Content-Security-Policy');
  if (csp.get('frame-ancestors')?.join(' ') !== "'none'") faults.push(`frame-ancestors ${csp.get('frame-ancestors')}`);
  if (csp.get('object-src')?.join(' ') !== "'none'") faults.push(`object-src ${csp.get('object-src')}`);
  const scripts = csp.get('script-src') ?? [];
  if (!scripts.includes("'self'") || scripts.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || s === '*' || /^https?:/.test(s))) faults.push(`script-src ${scripts}`);
  // Swagger UI alone may keep its own inline styles; every other answer takes styles from files only.
  const styles = csp.get('style-src') ?? [];
  if (!styles.includes("'self'") || (!docs && styles.length !== 1)) faults.push(`style-src ${styles}`);
  if (r.headers['x-content-type-options'] !== 'nosniff') faults.push('no nosniff');
  if (r.headers['referrer-policy'] !== 'no-referrer') faults.push(`referrer-policy ${r.headers['referrer-policy']}`);
  if (r.headers['x-frame-options'] !== 'DENY') faults.push(`x-frame-options ${r.headers['x-frame-options']}`);
  if (r.headers['strict-transport-security'] !== undefined) faults.push('HSTS over plain HTTP');
  return faults.join(', ');
}

describe('security headers', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let badgeNo: number;
  let kioskHeaders: Record<string, string>;

  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.ready();
    badgeNo = (await register(app)).badgeNo;
    kioskHeaders = (await kiosk(app, 'mc-metallurgy')).headers;
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('are on every route, whoever calls and whatever the answer', async () => {
    const wrong: string[] = [];
    const callers: Record<string, string>[] = [{}, ADMIN, kioskHeaders];
    for (const route of app.routeAccess) {
      const url = route.url.replace(/:badgeNo|:no/g, String(badgeNo)).replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'missing.txt');
      for (const headers of callers) {
        const options: InjectOptions = { method: route.method as InjectOptions['method'], url, headers: { ...headers, 'x-kezek': '1' } };
        if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) options.payload = {};
        const r = await app.inject(options);
        const faults = headerFaults(r, url.startsWith('/docs'));
        if (faults) wrong.push(`${route.method} ${url} (${r.statusCode}): ${faults}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(app.routeAccess.length).toBeGreaterThan(20);
  });

  it('are on answers no route gives: not found, bad JSON, a staff page signed in', async () => {
    await createStaff(app, 'head-desk', 'desk');
    for (const r of [
      await app.inject({ method: 'GET', url: '/no/such/page' }),
      await app.inject({ method: 'POST', url: '/api/scans', headers: { ...kioskHeaders, 'content-type': 'application/json' }, payload: '{"id":' }),
      await app.inject({ method: 'GET', url: '/admin', headers: await signIn(app, 'head-desk', STAFF_PASSWORD) }),
    ]) {
      expect(headerFaults(r), `${r.statusCode} ${r.body.slice(0, 80)}`).toBe('');
    }
  });

  it('let a page talk to its own origin over WebSocket, and only to it', async () => {
    const csp = policy(await app.inject({ method: 'GET', url: '/board', headers: { host: 'kezek.local:3000' } }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://kezek.local:3000', 'wss://kezek.local:3000']);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    // A Host header that is not a plain host name is left out rather than written into the policy.
    const odd = policy(await app.inject({ method: 'GET', url: '/board', headers: { host: "x; script-src 'unsafe-inline'" } }));
    expect(odd.get('connect-src')).toEqual(["'self'"]);
    expect(odd.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('the built pages hold no inline script, style or handler for the policy to block', () => {
    const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) {
      const html = readFileSync(join(PAGES_DIR, page), 'utf8');
      expect(html, page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
      expect(html, page).not.toMatch(/<style[\s>]/i);
      expect(html, page).not.toMatch(/\sstyle\s*=/i);
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    }
  });

  it('HSTS is sent when the server serves HTTPS itself', async () => {
    const dir = tempDir();
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir.dir, 'https-key.pem'), '-out', join(dir.dir, 'https-cert.pem')], { stdio: 'ignore' });
      const secure = await testApp(dir.dir, { env: { HTTPS: '1' } });
      try {
        const r = await secure.inject({ method: 'GET', url: '/api/stations' });
        expect(r.headers['strict-transport-security']).toMatch(/^max-age=[1-9][0-9]{6,}/);
        expect(policy(r).has('upgrade-insecure-requests')).toBe(false);
      } finally {
        await secure.close();
      }
    } finally {
      dir.remove();
    }
  });
});

describe('every page in a browser passes the policy', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('board, screen, summary, admin (signed in, every tab) and the API docs', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    for (const path of ['/board', '/screen', '/summary']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${server.url}/admin`);
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('nav.side a').first().waitFor();
    for (const tab of await page.locator('nav.side a').all()) {
      await tab.click();
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await page.locator('.swagger-ui .opblock-summary').first().click();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('the kiosk: pairing, a scan and its verdict', async () => {
    const k = await openKiosk(browser, server, 'mc-metallurgy');
    const a = await register(server.app, 'Policy');
    await k.page.locator('#number').fill(String(a.badgeNo));
    await k.page.keyboard.press('Enter');
    await k.page.locator('#feedback:not([hidden])').waitFor();
    expect(k.errors).toEqual([]);
    await k.context.close();
  });
});
