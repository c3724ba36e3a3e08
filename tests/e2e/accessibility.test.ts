// axe-core inside the browser on every page (board, screen, kiosk, admin, summary), injected from
// node_modules — never loaded from the internet: no serious or critical violation anywhere.
// The favicon is served too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, kiosk, register } from '../support/app.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { LAPTOP, launch, openKiosk, startServer } from './browser.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe in the page (evaluated through the debugger, so the page's CSP does not stop it). */
async function serious(page: Page): Promise<Finding[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('accessibility of every page', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let staff: BrowserContext;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    const { app } = server;
    await createStaff(app, 'org', 'organiser');
    // Something to show: people at stations, a queue, someone called.
    const gate = await kiosk(app, 'entrance');
    const umz = await kiosk(app, 'umz');
    await app.inject({ method: 'PATCH', url: '/api/stations/umz', headers: ADMIN, payload: { capacity: 2 } });
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await register(app, `Axe${i}`));
    for (const p of people) {
      for (const k of [gate, umz]) await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    staff = await browser.newContext({ viewport: LAPTOP, locale: 'ru-RU' });
    const page = await staff.newPage();
    await page.goto(`${server.url}/admin`);
    await page.locator('input[name=username]').fill('org');
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('nav.side').waitFor();
    await page.close();
  });
  afterAll(async () => {
    await staff?.close();
    await browser?.close();
    await server?.close();
  });

  const check = async (page: Page, name: string) => {
    expect(await serious(page), name).toEqual([]);
  };

  it('the board, public and an organiser’s', async () => {
    const pub = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await pub.goto(`${server.url}/board`);
    await pub.locator('.card').first().waitFor();
    await check(pub, 'public board');
    await pub.close();
    const org = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await org.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN);
    await org.goto(`${server.url}/board`);
    await org.locator('.alerts li').first().waitFor();
    await check(org, 'organiser board');
    await org.close();
  });

  it('the attendee screen, on a wall and on a phone', async () => {
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${server.url}/screen`);
      await page.locator('.row').first().waitFor();
      await check(page, `screen ${viewport.width}`);
      await page.close();
    }
  });

  it('the kiosk, paired and pairing', async () => {
    const { page, context } = await openKiosk(browser, server, 'umz');
    await check(page, 'kiosk');
    await context.close();
    const pairing = await browser.newPage();
    await pairing.goto(`${server.url}/kiosk`);
    await pairing.locator('#pair-code').waitFor();
    await check(pairing, 'kiosk pairing');
    await pairing.close();
  });

  // Every view of /admin checked in turn: ~30 s on a loaded machine.
  it('the admin pages: sign-in, and each view of an organiser', { timeout: 120_000 }, async () => {
    const signIn = await browser.newPage();
    await signIn.goto(`${server.url}/admin`);
    await signIn.locator('input[name=username]').waitFor();
    await check(signIn, 'admin sign-in');
    await signIn.close();
    const page = await staff.newPage();
    await page.goto(`${server.url}/admin`);
    await page.locator('nav.side').waitFor();
    const views = await page.locator('nav.side a, nav.side button').count();
    for (let i = 0; i < views; i++) {
      await page.locator('nav.side a, nav.side button').nth(i).click();
      await page.waitForTimeout(300);
      await check(page, `admin view ${i + 1}`);
    }
    await page.close();
  });

  it('the printed summary', async () => {
    const page = await staff.newPage();
    await page.goto(`${server.url}/summary`);
    await page.locator('body[data-ready="true"] #event-name').waitFor();
    await check(page, 'summary');
    await page.close();
  });

  it('serves a favicon', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const r = await server.app.inject({ method: 'GET', url: path });
      expect(r.statusCode, path).toBe(200);
      expect(String(r.headers['content-type']), path).toMatch(/^image\//);
    }
    const page = await browser.newPage();
    await page.goto(`${server.url}/screen`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    await page.close();
  });
});
