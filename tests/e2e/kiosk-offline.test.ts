import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, register } from '../support/app.ts';
import { ARTIFACTS, TABLET, launch, openKiosk, scanWedge, startServer, verdictFor } from './browser.ts';

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

/** In the page: the assets it loaded that the kiosk's service worker has not cached (yet). */
async function uncachedAssets(): Promise<string[]> {
  const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/assets/'));
  const cache = await caches.open('kezek-kiosk-v1');
  const missing: string[] = [];
  for (const p of new Set(loaded)) if (!(await cache.match(p))) missing.push(p);
  return missing;
}

describe('kiosk offline', () => {
  it('gives 50 scans a local verdict offline, survives a reload, and sends each exactly once when back online', async () => {
    const people = [];
    for (let i = 0; i < 50; i++) people.push(await register(server.app, `Guest${i}`));
    const { page, context, kioskId, errors } = await openKiosk(browser, server, 'entrance', TABLET);
    // The kiosk needs the badge key and a controlling service worker before the Wi-Fi drops.
    await page.waitForFunction(() => localStorage.getItem('kezek.badge-key') !== null && navigator.serviceWorker.controller !== null);
    // ... and every asset the page loaded in the worker's cache: the decoder's .wasm is added once the page names it to the worker.
    await expect.poll(() => page.evaluate(uncachedAssets), { timeout: 10_000 }).toEqual([]);

    // Each answer as it comes (its body read later): the page may show the outbox empty before a handler that awaited a body has run.
    const sent: Array<Promise<{ id: string; status: number; replayed: boolean }>> = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/api/scans') && res.request().method() === 'POST') {
        const id = (JSON.parse(res.request().postData() ?? '{}') as { id: string }).id;
        sent.push(res.json().catch(() => ({})).then((body: { replayed?: boolean }) => ({ id, status: res.status(), replayed: body.replayed === true })));
      }
    });

    await context.setOffline(true);
    const offlineAt = Date.now();
    for (const [i, p] of people.entries()) {
      await scanWedge(page, p.badge);
      const v = await verdictFor(page, p.badgeNo);
      expect(v.pending).toBe(true);
      expect(v.tone).toBe('welcome');
      if (i === 0) await page.screenshot({ path: `${ARTIFACTS}/kiosk-offline-verdict-tablet.png` });
    }
    await page.locator('#pending[data-count="50"]').waitFor();
    expect(await page.locator('#net').textContent()).toBe('Offline');
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-offline-pending-tablet.png` });
    expect(server.app.sqlite.prepare('SELECT count(*) AS n FROM scans WHERE kiosk_id = ?').get(kioskId)).toEqual({ n: 0 });

    // A forged badge offline is refused on the spot: the signature is checked on the device.
    const forged = people[0].badge.replace(/\.[^.]+$/, `.${'A'.repeat(86)}`);
    await scanWedge(page, forged);
    expect(await verdictFor(page, null)).toMatchObject({ tone: 'refused', title: 'Badge not valid' });

    // Reloading without network opens the kiosk from the service worker, outbox intact.
    await page.reload();
    await page.locator('#app').waitFor({ state: 'visible' });
    await page.locator('#pending[data-count="51"]').waitFor();
    // Everything the page needs came from the service worker's cache, the decoder's .wasm too.
    await page.waitForTimeout(1000);
    expect(errors).toEqual([]);

    await context.setOffline(false);
    await page.locator('#pending[data-count="0"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-back-online-tablet.png` });

    const rows = server.app.sqlite.prepare('SELECT id, badge_no AS badgeNo, outcome, client_at AS clientAt FROM scans WHERE kiosk_id = ?').all(kioskId) as Array<{
      id: string;
      badgeNo: number | null;
      outcome: string;
      clientAt: number;
    }>;
    expect(rows).toHaveLength(51);
    const entered = rows.filter((r) => r.outcome === 'entered');
    expect(entered).toHaveLength(50);
    expect(new Set(entered.map((r) => r.badgeNo))).toEqual(new Set(people.map((p) => p.badgeNo)));
    // Sent with the time they were scanned, not the time they arrived.
    for (const r of rows) expect(r.clientAt).toBeGreaterThanOrEqual(offlineAt - 1000);
    for (const r of rows) expect(r.clientAt).toBeLessThan(Date.now() - 200);
    // Every scan reached the server exactly once: one answered request per id, none a replay.
    const answered = (await Promise.all(sent)).filter((s) => s.status > 0);
    expect(answered).toHaveLength(51);
    expect(new Set(answered.map((s) => s.id)).size).toBe(51);
    expect(answered.some((s) => s.replayed)).toBe(false);
    const gate = (await (await fetch(`${server.url}/api/stations`)).json()).find((s: { id: string }) => s.id === 'entrance');
    expect(gate.occupancy).toBe(50);
    await context.close();
  }, 60_000);
});

describe('a scan held offline and refused later', () => {
  it('tells the volunteer when the server refuses a scan the kiosk had accepted offline', async () => {
    const person = await register(server.app, 'Timur');
    const { page, context } = await openKiosk(browser, server, 'tmk', TABLET);
    await page.waitForFunction(() => localStorage.getItem('kezek.badge-key') !== null && navigator.serviceWorker.controller !== null);
    // The desk revokes the badge while this kiosk is offline and cannot know.
    await context.setOffline(true);
    const revoked = await server.app.inject({ method: 'POST', url: `/api/badges/${person.badgeNo}/revoke`, headers: ADMIN });
    expect(revoked.statusCode).toBe(204);
    await scanWedge(page, person.badge);
    expect(await verdictFor(page, person.badgeNo)).toMatchObject({ tone: 'welcome', pending: true });
    await page.locator('#feedback').click();

    await context.setOffline(false);
    await page.locator('#pending[data-count="0"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#panel-note').textContent()).toContain('Badge replaced or revoked');
    expect(await page.locator('#panel-note').textContent()).toContain(`Timur, Badge ${person.badgeNo}`);
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-held-refused-tablet.png` });
    await context.close();
  }, 60_000);
});
