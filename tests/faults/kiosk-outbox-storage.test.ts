// A kiosk page whose scans the server refuses for its storage (503 storage_unavailable; 507
// storage_full takes the same path: any 5xx) keeps them in its outbox, shows them waiting, and
// sends them again until they are kept, each once.
import { describe, expect, it } from 'vitest';
import { register } from '../support/app.ts';
import { TABLET, openKiosk, serverAndBrowser, verdictFor } from '../e2e/browser.ts';

const running = serverAndBrowser();

describe('a kiosk while the server cannot write its log', () => {
  it('keeps the refused scans in its outbox and sends them again once the server can', async () => {
    const server = running.server();
    const people = [await register(server.app, 'Aida'), await register(server.app, 'Bolat')];
    const { page, kioskId, errors } = await openKiosk(running.browser(), server, 'entrance', TABLET);
    await page.waitForFunction(() => localStorage.getItem('kezek.badge-key') !== null && navigator.serviceWorker.controller !== null);
    await page.waitForTimeout(500);
    const refused: number[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/api/scans') && res.status() >= 500) refused.push(res.status());
    });

    server.app.sqlite.pragma('query_only = ON');
    for (const p of people) {
      // Typed by number (a busy machine can straggle a wedge scanner's keystrokes into two codes).
      await page.locator('#number').fill(String(p.badgeNo));
      await page.keyboard.press('Enter');
      // The server refused it: the volunteer gets the kiosk's own verdict, marked as waiting to be sent.
      expect(await verdictFor(page, p.badgeNo, 20_000)).toMatchObject({ pending: true });
    }
    await page.locator('#pending[data-count="2"]').waitFor();
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set([503]));
    expect(server.app.sqlite.prepare('SELECT count(*) AS n FROM scans WHERE kiosk_id = ?').get(kioskId)).toEqual({ n: 0 });

    server.app.sqlite.pragma('query_only = OFF');
    await page.locator('#pending[data-count="0"]').waitFor({ timeout: 30_000 });
    const rows = server.app.sqlite.prepare('SELECT badge_no AS no, outcome FROM scans WHERE kiosk_id = ? ORDER BY at').all(kioskId);
    expect(rows).toEqual(people.map((p) => ({ no: p.badgeNo, outcome: 'entered' })));
    expect(errors).toEqual([]);
  }, 90_000);
});
