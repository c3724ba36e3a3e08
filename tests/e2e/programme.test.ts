// The day's programme on the walls and phones: the "now / next" strip on /screen and /board at
// 10:15 on the venue's clock (the opening under way, the performances next), the challenge and the
// career session (12:45, 14:10) with no word cut at 1280×720, an organiser's shift of a time in
// /admin reaching an open /screen at once, and a screen in another time zone with its clock wrong
// showing the venue's now. The server's clock is set to the day (only Date faked): the pages read
// "now" from it. Screenshots at 1280×720, 1920×1080 and 390×844 go to tests/.artifacts/programme/.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { kiosk, onTheDay, register } from '../support/app.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SHOTS = `${ARTIFACTS}/programme`;

/** Registers `n` attendees (`name`0, `name`1…) and scans each at kiosk `door`; the scans' answers. */
async function comeIn(app: FastifyInstance, door: { headers: { authorization: string } }, name: string, n: number): Promise<Array<{ outcome: string }>> {
  const answers: Array<{ outcome: string }> = [];
  for (let i = 0; i < n; i++) {
    const a = await register(app, `${name}${i}`);
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: a.badge } });
    answers.push(r.json());
  }
  return answers;
}
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
/** 10:15 in Ust-Kamenogorsk on the day of the bundled event. */
const AT_10_15 = new Date('2026-12-05T10:15:00+05:00');
/** The opening and the performances on the strip, as each may fit: full title and place, short title, short title alone. */
const OPENING = ['10:00–10:40 Opening ceremony Assembly hall 600 seats left', '10:00–10:40 Opening Assembly hall 600 seats left', '10:00–10:40 Opening  600 seats left'];
const PERFORMANCES = ['10:40–11:00 Cultural performances Assembly hall 600 seats left', '10:40–11:00 Performances Assembly hall 600 seats left', '10:40–11:00 Performances  600 seats left'];

describe('the programme on the screens', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;

  const open = async (path: string, size: { width: number; height: number }, locale = 'en-US'): Promise<Page> => {
    const page = await browser.newPage({ viewport: size, locale, timezoneId: 'Asia/Almaty' });
    await page.clock.setFixedTime(AT_10_15);
    await page.goto(`${server.url}${path}`);
    return page;
  };
  /** The strip's two halves as text, item by item, and whether the page spills. */
  const strip = (page: Page) =>
    page.evaluate(() => {
      const items = (half: string) => [...document.querySelectorAll(`.${half} .prog-item`)].map((li) => [...li.children].map((c) => c.textContent).join(' '));
      const title = document.querySelector<HTMLElement>('.prog-now .prog-title')!;
      const what = document.querySelector<HTMLElement>('.prog-what')!;
      const over = (el: Element) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      return {
        cut: [...document.querySelectorAll('.prog-item > *')].filter(over).map((el) => el.textContent),
        now: items('prog-now'),
        next: items('prog-next'),
        titlePx: parseFloat(getComputedStyle(title).fontSize),
        itemPx: parseFloat(getComputedStyle(what).fontSize),
        stripHeight: document.getElementById('programme')!.getBoundingClientRect().height,
        sideways: document.documentElement.scrollWidth > window.innerWidth,
        down: document.documentElement.scrollHeight > window.innerHeight,
      };
    });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(AT_10_15);
    server = await startServer();
    browser = await launch();
    await createStaff(server.app, 'programme-org', 'organiser');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    vi.useRealTimers();
  });
  // Each test begins at 10:15 of the day on the server's clock, however long the ones before took.
  beforeEach(() => vi.setSystemTime(AT_10_15));

  it('shows what is on now and next on /screen and /board, at wall and phone sizes', { timeout: 90_000 }, async () => {
    for (const path of ['/screen', '/board']) {
      for (const size of SIZES) {
        const page = await open(path, size);
        await page.locator('.prog-now .prog-item').first().waitFor();
        // The screen rotates languages on a wall: English is the pinned one here.
        if (path === '/screen') await page.getByRole('button', { name: 'English' }).click();
        else await page.locator('.langs button', { hasText: 'English' }).click();
        await page.locator('.prog-now .prog-title', { hasText: 'Now' }).waitFor();
        const seen = await strip(page);
        // The screen on a wall shows two of each; the board one each, its room going to the cards; a phone what is under way alone.
        const shown = size.width > 900 && path === '/screen' ? 2 : 1;
        // Each item as it fits: the full title and place, else shorter ones (never cut).
        const now = [OPENING, ['09:30–15:00 Exhibition of educational institutions Exhibition', '09:30–15:00 Exhibition ']].slice(0, shown);
        expect(seen.now.length, `${path} ${size.width}`).toBe(now.length);
        seen.now.forEach((text, k) => expect(now[k], `${path} ${size.width}`).toContain(text));
        const next = [PERFORMANCES, ['11:00–14:30 Master classes Practice stations', '11:00–14:30 Master classes Stations']].slice(0, size.width > 900 ? shown : 0);
        expect(seen.next.length, `${path} ${size.width}`).toBe(next.length);
        seen.next.forEach((text, k) => expect(next[k], `${path} ${size.width}`).toContain(text));
        expect(seen.cut, `${path} ${size.width}`).toEqual([]);
        if (size.width <= 900) expect(seen.stripHeight, `${path} ${size.width}: the strip is one item of two lines`).toBeLessThan(80);
        expect(seen.sideways, `${path} ${size.width} scrolls sideways`).toBe(false);
        if (size.width >= 1280) {
          // A wall: nothing scrolls, and the strip's words are readable from 5 m (28 px at 1080p).
          expect(seen.down, `${path} ${size.width} scrolls`).toBe(false);
          expect(seen.itemPx).toBeGreaterThanOrEqual(size.height / 40);
          expect(seen.stripHeight).toBeLessThan(size.height * 0.16);
        }
        await page.screenshot({ path: `${SHOTS}/${path.slice(1)}-${size.width}x${size.height}.png` });
        await page.close();
      }
    }
    // In Kazakh and Russian too.
    const kk = await open('/screen', SIZES[1], 'kk-KZ');
    await kk.getByRole('button', { name: 'Қазақша' }).click();
    await kk.locator('.prog-now .prog-title', { hasText: 'Қазір' }).waitFor();
    expect(['10:00–10:40 Салтанатты ашылу Мәжіліс залы 600 бос орын', '10:00–10:40 Ашылу Мәжіліс залы 600 бос орын']).toContain((await strip(kk)).now[0]);
    await kk.getByRole('button', { name: 'Русский' }).click();
    await kk.locator('.prog-next .prog-title', { hasText: 'Далее' }).waitFor();
    expect(['10:40–11:00 Культурная программа Актовый зал свободно: 600', '10:40–11:00 Концерт Актовый зал свободно: 600']).toContain((await strip(kk)).next[0]);
    await kk.close();
  });

  it('a screen and a board in another time zone, their clocks hours wrong, show the venue’s now and next', { timeout: 60_000 }, async () => {
    for (const path of ['/screen', '/board']) {
      // New York (UTC−5), its clock at 11:40 there on the day: 21:40 at the venue, where it is 10:15.
      const page = await browser.newPage({ viewport: SIZES[0], locale: 'en-US', timezoneId: 'America/New_York' });
      await page.clock.setFixedTime(new Date('2026-12-05T11:40:00-05:00'));
      await page.goto(`${server.url}${path}`);
      if (path === '/screen') await page.getByRole('button', { name: 'English' }).click();
      else await page.locator('.langs button', { hasText: 'English' }).click();
      // By its own clock in its own zone the master classes would be on, by its clock at the venue's offset the day over.
      await page.locator('.prog-now .prog-item[data-item="opening"]').waitFor();
      await page.locator('.prog-next .prog-item[data-item="performances"]').waitFor();
      await expect.poll(() => page.locator('#clock').textContent()).toMatch(/^10:1\d$/);
      await page.screenshot({ path: `${SHOTS}/${path.slice(1)}-new-york-1280x720.png` });
      await page.close();
    }
  });

  it('a time shifted in /admin reaches an open /screen at once', { timeout: 60_000 }, async () => {
    const screen = await open('/screen', SIZES[1]);
    await screen.getByRole('button', { name: 'English' }).click();
    await screen.locator('.prog-next .prog-item').first().waitFor();

    const admin = await open('/admin', { width: 1366, height: 768 });
    await admin.locator('input[name=username]').fill('programme-org');
    await admin.locator('input[name=password]').fill(STAFF_PASSWORD);
    await admin.keyboard.press('Enter');
    await admin.locator('nav.side').waitFor();
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('link', { name: 'Programme' }).click();
    const row = admin.locator('tr[data-item="performances"]');
    await row.waitFor();
    // A clash is refused in the organiser's language and changes nothing.
    await row.getByLabel('Start: Cultural performances').fill('10:30');
    await row.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Another item is at this place at that time').waitFor();
    // The speakers ran late: the performances start at 10:45.
    await row.getByLabel('Start: Cultural performances').fill('10:45');
    await row.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Cultural performances: now 10:45–11:00').waitFor();
    await row.locator('.pill', { hasText: 'new time' }).waitFor();
    await admin.screenshot({ path: `${SHOTS}/admin-1366x768.png` });

    const shifted = screen.locator('.prog-next .prog-item[data-item="performances"][data-shifted="true"]');
    await shifted.waitFor({ timeout: 3_000 });
    expect(PERFORMANCES.map((text) => `${text.replace('10:40', '10:45')} new time`)).toContain((await strip(screen)).next[0]);
    await screen.screenshot({ path: `${SHOTS}/screen-shifted-1920x1080.png` });
    await screen.close();
    await admin.close();
  });

  it('the assembly hall shows its seats left beside its items and on its row; the exhibition its count', { timeout: 60_000 }, async () => {
    const own = await startServer();
    try {
      const doors = [await kiosk(own.app, 'assembly-hall'), await kiosk(own.app, 'assembly-hall')];
      const expo = await kiosk(own.app, 'exhibition');
      for (let i = 0; i < 4; i++) {
        const a = await register(own.app, `Hall${i}`);
        const r = await own.app.inject({ method: 'POST', url: '/api/scans', headers: doors[i % 2].headers, payload: { id: randomUUID(), badge: a.badge } });
        expect(r.json().outcome).toBe('entered');
      }
      const visitor = await register(own.app, 'Expo');
      await own.app.inject({ method: 'POST', url: '/api/scans', headers: expo.headers, payload: { id: randomUUID(), badge: visitor.badge } });

      const page = await browser.newPage({ viewport: SIZES[1], locale: 'en-US', timezoneId: 'Asia/Almaty' });
      await page.clock.setFixedTime(AT_10_15);
      await page.goto(`${own.url}/screen`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('.prog-now .prog-item[data-item="opening"] .prog-seats', { hasText: '596 seats left' }).waitFor();
      expect(OPENING.map((text) => text.replace('600', '596'))).toContain((await strip(page)).now[0]);
      await page.locator('.row[data-station="assembly-hall"] .ok', { hasText: '596 seats left' }).waitFor();
      await page.locator('.row[data-station="exhibition"] .ok', { hasText: '1 inside' }).waitFor();
      // One more comes in by a door: the screen follows.
      const late = await register(own.app, 'Late');
      await own.app.inject({ method: 'POST', url: '/api/scans', headers: doors[1].headers, payload: { id: randomUUID(), badge: late.badge } });
      await page.locator('.prog-now .prog-item[data-item="opening"] .prog-seats', { hasText: '595 seats left' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/screen-hall-1920x1080.png` });
      const board = await browser.newPage({ viewport: SIZES[0], locale: 'en-US', timezoneId: 'Asia/Almaty' });
      await board.clock.setFixedTime(AT_10_15);
      await board.goto(`${own.url}/board`);
      await board.locator('.langs button', { hasText: 'English' }).click();
      await board.locator('[data-station="assembly-hall"] .wait', { hasText: 'Seats left' }).waitFor();
      await board.locator('.prog-now .prog-seats', { hasText: '595 seats left' }).waitFor();
      await board.screenshot({ path: `${SHOTS}/board-hall-1280x720.png` });
      await board.close();
      await page.close();
    } finally {
      await own.close();
    }
  });

  it('the challenge and the career session: cards on the board, seats on the strip, no word cut at 1280×720 in any language', { timeout: 300_000 }, async () => {
    const own = await startServer();
    try {
      // Two have come in at the challenge's kiosk at 12:45, paired like any station's (still
      // inside at 14:10: their longest stay is 90 minutes; each page is opened at its time).
      vi.setSystemTime(onTheDay('12:45'));
      const door = await kiosk(own.app, 'challenge');
      for (const answer of await comeIn(own.app, door, 'Maker', 2)) expect(answer.outcome).toBe('entered');
      const seats = { kk: '78 бос орын', ru: 'свободно: 78', en: '78 seats left' };
      const names = (page: Page) =>
        page.evaluate(() => [...document.querySelectorAll('.card .name, .row .name')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
      for (const [at, now, next] of [['12:45', 'challenge', 'career-session'], ['14:10', 'career-session', 'closing']]) {
        for (const path of ['/board', '/screen']) {
          for (const lang of ['kk', 'ru', 'en'] as const) {
            const page = await browser.newPage({ viewport: SIZES[0], locale: 'en-US', timezoneId: 'Asia/Almaty' });
            await page.addInitScript((l) => {
              localStorage.setItem('kezek.lang', l);
              localStorage.setItem('kezek.screen.lang', l);
            }, lang);
            vi.setSystemTime(onTheDay(at));
            await page.clock.setFixedTime(new Date(`2026-12-05T${at}:00+05:00`));
            await page.goto(`${own.url}${path}`);
            const where = `${path} ${at} ${lang}`;
            await page.locator(`.prog-now .prog-item[data-item="${now}"]`).waitFor();
            await page.locator(`.prog-next .prog-item[data-item="${next}"]`).waitFor();
            if (now === 'challenge') await page.locator('.prog-now [data-item="challenge"] .prog-seats', { hasText: seats[lang] }).waitFor();
            if (path === '/board') await page.locator('.group-sessions [data-station="challenge"] .count', { hasText: '2 / 80' }).waitFor();
            else await page.locator('.row[data-station="career-session"]').waitFor();
            expect(await names(page), where).toEqual([]);
            const shown = await strip(page);
            expect(shown.cut, where).toEqual([]);
            expect([shown.sideways, shown.down], where).toEqual([false, false]);
            await page.screenshot({ path: `${SHOTS}/${path.slice(1)}-${at.replace(':', '')}-${lang}-1280x720.png` });
            await page.close();
          }
        }
      }
    } finally {
      await own.close();
    }
  });

  it('a tour shows its next departure and the places left on it, beside its item and on its row', { timeout: 120_000 }, async () => {
    // The server's clock at 11:20 of the day, as the page's.
    vi.setSystemTime(onTheDay('11:20'));
    const own = await startServer();
    try {
      const guide = await kiosk(own.app, 'museum');
      for (const answer of await comeIn(own.app, guide, 'Tour', 9)) expect(answer).toMatchObject({ outcome: 'queued', departure: '11:30' });
      const page = await browser.newPage({ viewport: SIZES[0], locale: 'en-US', timezoneId: 'Asia/Almaty' });
      const board = await browser.newPage({ viewport: SIZES[1], locale: 'ru-RU', timezoneId: 'Asia/Almaty' });
      try {
        await page.clock.setFixedTime(new Date('2026-12-05T11:20:00+05:00'));
        await page.goto(`${own.url}/screen`);
        await page.getByRole('button', { name: 'English' }).click();
        // Beside its item, the departure says "next tour" where the title fits with it, else only its time and places.
        await page.locator('.prog-item[data-item="museum-tours"] .prog-tour', { hasText: /^(next tour )?11:30 — 6 places$/ }).waitFor({ timeout: 10_000 });
        await page.locator('.prog-item[data-item="laboratories-tours"] .prog-tour', { hasText: /^(next tour )?12:00 — 12 places$/ }).waitFor({ timeout: 10_000 });
        await page.locator('.row[data-station="museum"] .ok', { hasText: 'next tour 11:30 — 6 places' }).waitFor({ timeout: 10_000 });
        const shown = await strip(page);
        expect([shown.sideways, shown.down, shown.cut]).toEqual([false, false, []]);
        await page.screenshot({ path: `${SHOTS}/screen-tours-1280x720.png` });
        await page.getByRole('button', { name: 'Қазақша' }).click();
        await page.locator('.row[data-station="museum"] .ok', { hasText: 'экскурсия 11:30 — 6 орын' }).waitFor({ timeout: 10_000 });
        await page.setViewportSize(SIZES[2]);
        await page.screenshot({ path: `${SHOTS}/screen-tours-390x844.png` });
        // On a wall display in Russian (the longest words), no title is cut: "Лаборатории" keeps its letters.
        await page.setViewportSize(SIZES[1]);
        await page.getByRole('button', { name: 'Русский' }).click({ timeout: 10_000 });
        await page.locator('.row[data-station="museum"] .ok', { hasText: 'экскурсия 11:30 — мест: 6' }).waitFor({ timeout: 10_000 });
        await expect.poll(async () => (await strip(page)).cut).toEqual([]);
        expect(await page.locator('.prog-item[data-item="laboratories-tours"] .prog-what').textContent()).toBe('Лаборатории');
        await page.screenshot({ path: `${SHOTS}/screen-tours-ru-1920x1080.png` });
        // The board's tour cards on a wall display: the next departure with room, and the places left on it.
        await board.clock.setFixedTime(new Date('2026-12-05T11:20:00+05:00'));
        await board.goto(`${own.url}/board`);
        const card = board.locator('[data-station="museum"]');
        await card.locator('.queue', { hasText: '11:30' }).waitFor({ timeout: 10_000 });
        expect(await card.locator('.wait').textContent()).toContain('6');
        await board.locator('[data-station="laboratories"] .queue', { hasText: '12:00' }).waitFor({ timeout: 10_000 });
        const spill = await board.evaluate(() => document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1);
        expect(spill).toBe(false);
        await board.screenshot({ path: `${SHOTS}/board-tours-ru-1920x1080.png` });
      } finally {
        await page.close();
        await board.close();
      }
    } finally {
      await own.close();
    }
  });
});
