// /admin → Stations: an organiser lets attendees join a station's queue from their phones, and
// stops it; the API and the phones follow (tests/me/my-place.test.ts covers the phones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN } from '../support/app.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

describe('/admin Stations', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  const remoteQueue = async (id: string) => {
    const stations = (await server.app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; remoteQueue: boolean }>;
    return stations.find((s) => s.id === id)!.remoteQueue;
  };

  for (const [lang, header] of [['kk', 'Телефоннан кезек'], ['ru', 'Очередь с телефона'], ['en', 'Queue from phones']] as const) {
    it(`switches a station's queue from phones on and off (${lang})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.addInitScript((l) => localStorage.setItem('kezek.lang', l), lang);
      await page.goto(`${server.url}/admin`);
      await page.locator('input[name=username]').fill('admin');
      await page.locator('input[name=password]').fill(ADMIN_TOKEN);
      await page.keyboard.press('Enter');
      await page.locator('nav.side').waitFor();
      await page.goto(`${server.url}/admin#stations`);
      await page.getByRole('columnheader', { name: header }).waitFor();
      const box = page.locator('tr[data-station="college-1"] input.remote-queue');
      const start = await remoteQueue('college-1');
      expect(await box.isChecked()).toBe(start);
      await box.click();
      await expect.poll(() => remoteQueue('college-1')).toBe(!start);
      await page.locator('tr[data-station="college-1"] input.remote-queue' + (start ? ':not(:checked)' : ':checked')).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${ARTIFACTS}/admin-stations-${lang}.png` });
      await page.close();
    });
  }
});
