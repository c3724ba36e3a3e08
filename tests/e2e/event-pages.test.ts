// Two events live at once on one server, in headless Chromium: /e/<event>/board and
// /e/<event>/screen show that event's counts and follow its scans, the current event's pages
// (today's paths and /e/<current>/…) keep theirs. The server's clock reads 10:15 of the day at the
// venue (only Date faked), which the pages' programme strips go by. Screenshots in tests/.artifacts/events/.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, kiosk, onTheDay, register } from '../support/app.ts';
import { secondCampus } from '../support/second-event.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SHOTS = join(ARTIFACTS, 'events');

describe('an event\'s own pages, beside the current event\'s', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const station = 'kazzinc';
  let campusKiosk: { authorization: string };
  let campusBadges: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(onTheDay('10:15'));
    server = await startServer();
    browser = await launch();
    ({ kiosk: campusKiosk, badges: campusBadges } = await secondCampus(server.app, station));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    vi.useRealTimers();
  });

  const scan = async (headers: { authorization: string }, badge: string) => {
    const r = await server.app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } });
    expect(r.statusCode).toBe(200);
  };
  const open = async (path: string, width = 1920, height = 1080): Promise<Page> => {
    const p = await browser.newPage({ viewport: { width, height }, locale: 'en-US' });
    await p.goto(`${server.url}${path}`);
    return p;
  };

  it('the second campus\'s board and screen show its counts and follow its scans; the current event\'s keep theirs', async () => {
    const springKiosk = (await kiosk(server.app, station)).headers;
    await scan(springKiosk, (await register(server.app, 'Aigerim')).badge);
    await scan(campusKiosk, campusBadges[0]);
    await scan(campusKiosk, campusBadges[1]);

    const board = await open('/e/campus-two/board');
    const card = board.locator(`[data-station="${station}"] .count`);
    await expect.poll(() => card.textContent()).toMatch(/^2 \//);
    const today = await open('/board');
    await expect.poll(() => today.locator(`[data-station="${station}"] .count`).textContent()).toMatch(/^1 \//);
    const currentOwn = await open(`/e/${server.app.config.event.id}/board`);
    await expect.poll(() => currentOwn.locator(`[data-station="${station}"] .count`).textContent()).toMatch(/^1 \//);
    const screen = await open('/e/campus-two/screen', 390, 844);
    // The screen shows the second campus's stations (its own snapshot, over its own namespace).
    await screen.locator(`[data-station="${station}"]`).waitFor();
    // On a phone the tours are on the programme strip, not in the list.
    expect(await screen.locator('.row').count()).toBe(server.app.config.event.stations.filter((s) => s.mode !== 'gate' && s.mode !== 'tour').length);

    // A scan at the second campus reaches its pages live, and not the current event's.
    await scan(campusKiosk, campusBadges[2]);
    await expect.poll(() => card.textContent()).toMatch(/^3 \//);
    await expect.poll(() => board.locator('#t-onSite').textContent()).toBe('3');
    expect(await today.locator(`[data-station="${station}"] .count`).textContent()).toMatch(/^1 \//);
    await board.screenshot({ path: join(SHOTS, 'second-campus-board-1920x1080-en.png') });
    await screen.screenshot({ path: join(SHOTS, 'second-campus-screen-390x844-en.png'), fullPage: true });
    for (const p of [board, today, currentOwn, screen]) await p.close();
  }, 60_000);

  it('the second campus\'s board is as complete as the current one\'s: its name, programme strip, trend, alerts and the organiser\'s actions; its screen shows its strip', async () => {
    const at = async (path: string, width: number, height: number) => {
      const p = await browser.newPage({ viewport: { width, height }, locale: 'en-US', timezoneId: 'Asia/Almaty' });
      // 10:15 at the venue on the day, as the server's clock: the opening under way, the performances next.
      await p.clock.setFixedTime(new Date(`${server.app.config.event.date}T10:15:00+05:00`));
      await p.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN);
      await p.goto(`${server.url}${path}`);
      return p;
    };
    const board = await at('/e/campus-two/board', 1280, 720);
    await expect.poll(() => board.locator('#event-name').textContent()).toBe('Second campus');
    await expect.poll(() => board.locator('#conn').textContent()).toContain('Organiser');
    await board.locator('#programme .prog-item').first().waitFor();
    expect(await board.locator('.alerts').isVisible()).toBe(true);
    expect(await board.locator(`[data-station="${station}"] .spark`).count()).toBe(1);

    // The organiser pauses the campus's station from its board: its card says so, the current event's does not.
    await board.locator(`[data-station="${station}"]`).click();
    await board.locator('#sd-pause').click();
    await expect.poll(() => board.locator('#sd-result').textContent()).toContain('Done');
    await board.locator('#station-dialog .close').click();
    await expect.poll(() => board.locator(`[data-station="${station}"]`).getAttribute('data-status')).toBe('paused');
    const here = (await server.app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; status: string }>;
    expect(here.find((x) => x.id === station)?.status).toBe('open');
    await board.screenshot({ path: join(SHOTS, 'second-campus-board-organiser-1280x720-en.png') });

    const screen = await at('/e/campus-two/screen', 1280, 720);
    await screen.locator('#programme .prog-item').first().waitFor();
    await screen.screenshot({ path: join(SHOTS, 'second-campus-screen-1280x720-en.png') });
    for (const p of [board, screen]) await p.close();
  }, 60_000);

  it('an event that is not live here has no pages: its namespace refuses', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/e/no-such-event/board' });
    expect(r.statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/events/no-such-event/live' })).json()).toMatchObject({ code: 'event_not_live' });
  });
});
