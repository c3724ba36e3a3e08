// A rehearsal's screen: the server's clock runs the event's day 20 times as fast (bench/fast-clock.ts,
// as `npm run simulate -- rehearse` does) while people come and go at a station, and /screen, on a
// device in another time zone whose clock reads the real day, moves its now / next and its clock
// with the server's: the opening under way at 10:38, the performances at 10:40 two real seconds
// later… by the server's time that each update carries.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDateFast } from '../../bench/fast-clock.ts';
import { minuteOf } from '../../shared/programme-rules.ts';
import { kiosk, onTheDay, register } from '../support/app.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SPEED = 20;

describe('a rehearsal’s screen', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let restore = () => {};

  beforeAll(async () => {
    restore = runDateFast(onTheDay('10:30'), 1);
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    restore();
  });

  it('moves now / next with the server’s fast clock, not the device’s', { timeout: 120_000 }, async () => {
    const door = await kiosk(server.app, 'kazzinc');
    const people = await Promise.all(['Asel', 'Daniyar', 'Madina', 'Nurlan'].map((name) => register(server.app, name)));
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'Europe/Berlin' });
    await page.goto(`${server.url}/screen`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.prog-now .prog-item[data-item="opening"]').waitFor();
    // The day from 10:38 at 20 times real speed, with scans coming in as on a rehearsal's day.
    restore();
    restore = runDateFast(onTheDay('10:38'), SPEED);
    let n = 0;
    const scanning = setInterval(() => {
      const badge = people[n++ % people.length].badge;
      void server.app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge } });
    }, 400);
    try {
      await page.locator('.prog-now .prog-item[data-item="performances"]').waitFor({ timeout: 30_000 });
      const shown = minuteOf((await page.locator('#clock').textContent()) ?? '');
      // The clock shows the server's time of day at the venue (give or take the seconds an update takes here).
      expect(shown).toBeGreaterThanOrEqual(minuteOf('10:39'));
      expect(shown).toBeLessThan(minuteOf('11:00'));
      expect(await page.locator('.prog-next .prog-item').first().getAttribute('data-item')).not.toBe('performances');
      await page.screenshot({ path: `${ARTIFACTS}/programme/screen-rehearsal-1280x720.png` });
    } finally {
      clearInterval(scanning);
      await page.close();
    }
  });
});
