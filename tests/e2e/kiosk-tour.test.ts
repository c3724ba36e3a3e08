// The guide's kiosk at a tour point, at 11:20 of the day (UTC+5) on the server's clock (only Date faked):
// a typed badge books the 11:30 departure, a second scan says the booked attendee is here, the
// panel shows the next departure's booked and here, and "Start departure" sends the group in.
// Screenshot at the tablet size in tests/.artifacts/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, kiosk, onTheDay, register } from '../support/app.ts';
import { ARTIFACTS, launch, openKiosk, startServer, TABLET, verdictFor } from './browser.ts';

describe('the guide’s kiosk at a tour point', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(onTheDay('11:20'));
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    vi.useRealTimers();
  });

  it('books, says who is here, and starts the departure', { timeout: 60_000 }, async () => {
    const first = await register(server.app, 'Dana');
    const second = await register(server.app, 'Yerlan');
    const other = await kiosk(server.app, 'museum');
    await server.app.inject({ method: 'POST', url: '/api/scans', headers: other.headers, payload: { id: randomUUID(), badge: first.badge } });

    const { page, context, errors } = await openKiosk(browser, server, 'museum', TABLET);
    const typed = async (badgeNo: number) => {
      await page.locator('#number').fill(String(badgeNo));
      await page.locator('#number-form button').click();
      return verdictFor(page, badgeNo);
    };
    expect(await typed(second.badgeNo)).toMatchObject({ tone: 'wait', title: 'Booked on the 11:30 tour — 2nd place', who: 'Yerlan' });
    expect(await typed(first.badgeNo)).toMatchObject({ tone: 'wait', title: 'Here for the 11:30 tour', who: 'Dana' });
    // The page's clock as the server's, for the minutes the tour has run.
    await page.clock.setFixedTime(onTheDay('11:21'));
    await page.reload();
    await page.locator('#session-state', { hasText: 'Next departure 11:30: 2 booked, 1 here' }).waitFor();
    expect(await page.locator('#session-start').textContent()).toBe('Start departure');
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-tour-600x1024.png` });
    await page.locator('#session-start').click();
    await page.locator('#session-state', { hasText: /Tour under way: [01] min/ }).waitFor();
    await page.locator('#occupancy', { hasText: '1 / 15' }).waitFor();
    expect(await page.locator('#session-state').textContent()).toContain('Next departure 12:00: 0 booked, 0 here');
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-tour-started-600x1024.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the board shows the tour manifest to an organiser, from the tour card', { timeout: 60_000 }, async () => {
    const guide = await kiosk(server.app, 'library');
    for (const name of ['Aruzhan', 'Bolat', 'Sabina']) {
      const a = await register(server.app, name);
      await server.app.inject({ method: 'POST', url: '/api/scans', headers: guide.headers, payload: { id: randomUUID(), badge: a.badge } });
    }
    const board = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await board.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN);
    await board.clock.setFixedTime(onTheDay('11:22'));
    await board.goto(`${server.url}/board`);
    await board.locator('.langs button', { hasText: 'English' }).click();
    await board.getByText('Live · Organiser').waitFor();
    const card = board.locator('[data-station="library"]');
    await expect.poll(() => card.locator('.queue').textContent()).toBe('Next tour 11:45');
    expect(await card.locator('.wait').textContent()).toBe('Places 12');
    await board.screenshot({ path: `${ARTIFACTS}/board-tour-card-1280x720.png` });
    await card.click();
    await board.locator('#sd-manifest h3', { hasText: 'Booked on 11:45' }).waitFor();
    expect(await board.locator('#sd-manifest li').allTextContents()).toEqual([expect.stringMatching(/^№\d+ Aruzhan$/), expect.stringMatching(/^№\d+ Bolat$/), expect.stringMatching(/^№\d+ Sabina$/)]);
    expect(await board.locator('#sd-session').textContent()).toBe('Start departure');
    await board.screenshot({ path: `${ARTIFACTS}/board-tour-manifest-1280x720.png` });
    await board.close();
  });
});
