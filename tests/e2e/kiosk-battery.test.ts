// A kiosk on a tablet for a whole day: its screen is kept awake (asked again when the page is
// visible again) and its battery reaches the organiser's board, which raises an alert when it is low.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { ADMIN_TOKEN } from '../support/app.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { ARTIFACTS, LAPTOP, launch, openKiosk, startServer } from './browser.ts';

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

/** The tablet's battery, as `navigator.getBattery()` would tell it there. */
const battery = (level: number, charging: boolean) => (context: BrowserContext) =>
  context.addInitScript(
    ([level, charging]) => {
      Object.defineProperty(navigator, 'getBattery', { value: () => Promise.resolve({ level, charging }), configurable: true });
    },
    [level, charging] as const,
  );

/**
 * A Screen Wake Lock that records each request, and a page whose visibility the test sets: the
 * browser releases the lock when the page is hidden, as a real one does.
 */
const wakeLock = (context: BrowserContext) =>
  context.addInitScript(() => {
    const w = window as unknown as { wakeRequests: string[]; setVisible: (v: boolean) => void };
    let visible = true;
    let held: { released: boolean } | null = null;
    w.wakeRequests = [];
    Object.defineProperty(document, 'visibilityState', { get: () => (visible ? 'visible' : 'hidden'), configurable: true });
    Object.defineProperty(navigator, 'wakeLock', {
      configurable: true,
      value: {
        request: (type: string) => {
          w.wakeRequests.push(type);
          held = { released: false, release: () => ((held!.released = true), Promise.resolve()) } as { released: boolean };
          return Promise.resolve(held);
        },
      },
    });
    w.setVisible = (v: boolean) => {
      visible = v;
      if (!v && held) held.released = true;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });

describe('a kiosk on battery', () => {
  it('keeps the screen awake, asking again when the page is visible again', async () => {
    const { page, context, errors } = await openKiosk(browser, server, 'kazzinc', undefined, wakeLock);
    const requests = () => page.evaluate(() => (window as unknown as { wakeRequests: string[] }).wakeRequests);
    await expect.poll(requests).toEqual(['screen']);
    await page.evaluate(() => (window as unknown as { setVisible: (v: boolean) => void }).setVisible(false));
    await page.evaluate(() => (window as unknown as { setVisible: (v: boolean) => void }).setVisible(true));
    await expect.poll(requests).toEqual(['screen', 'screen']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reports 15 % and not charging: the board raises an alert, the kiosks list shows it', async () => {
    const low = await openKiosk(browser, server, 'kazzinc', undefined, battery(0.15, false));
    const charging = await openKiosk(browser, server, 'tmk', undefined, battery(0.1, true));
    await expect.poll(async () => (await server.app.kioskHealth.list()).find((k) => k.id === low.kioskId)?.battery).toEqual({ level: 0.15, charging: false });
    await expect.poll(async () => (await server.app.kioskHealth.list()).find((k) => k.id === charging.kioskId)?.battery).toEqual({ level: 0.1, charging: true });

    const board = await browser.newPage({ viewport: LAPTOP, locale: 'en-GB' });
    await board.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN);
    await board.goto(`${server.url}/board`);
    const alert = board.locator('.alert-kiosk_battery_low');
    await alert.first().waitFor({ timeout: 15_000 });
    // Only the kiosk not charging: the one at 10 % is plugged in.
    expect(await alert.allTextContents()).toEqual([expect.stringContaining('battery at 15 %, not charging')]);
    await board.screenshot({ path: `${ARTIFACTS}/board-battery-alert.png` });
    await board.close();

    await createStaff(server.app, 'org', 'organiser');
    const admin = await browser.newPage({ viewport: LAPTOP, locale: 'en-GB' });
    await admin.goto(`${server.url}/admin`);
    await admin.locator('input[name=username]').fill('org');
    await admin.locator('input[name=password]').fill(STAFF_PASSWORD);
    await admin.keyboard.press('Enter');
    await admin.locator('nav.side a[href="#kiosks"]').click();
    await admin.getByText('15 %', { exact: true }).waitFor();
    await admin.getByText('10 % · charging').waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}/admin-kiosks-battery.png` });
    await admin.close();
    await Promise.all([low.context.close(), charging.context.close()]);
  });
});
