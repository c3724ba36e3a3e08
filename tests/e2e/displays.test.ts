// The board and the attendee screen on the displays venues have, in every language, during a
// busy moment (full stations, long queues, numbers called, a paused station, alerts): nothing
// scrolls sideways, no station name is cut, no two stations read alike, and the figures are big
// enough to read from 5 m on a 1080p wall. Screenshots go to tests/.artifacts/displays/.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '../../shared/i18n.ts';
import { ADMIN, ADMIN_TOKEN, kiosk, register } from '../support/app.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SHOTS = `${ARTIFACTS}/displays`;
const WALLS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const HANDHELD = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
];

/** What a page shows that could be cut or spill: measured in the page. */
interface Layout {
  scrollWidth: number;
  innerWidth: number;
  scrollHeight: number;
  innerHeight: number;
  /** Station names whose text does not fit their box, and texts cut with an ellipsis. */
  cut: string[];
  /** Names shown, per station (rows and cards), to find two that read alike. */
  names: Array<{ station: string; text: string }>;
}

async function measure(page: Page, nameSelector: string, textSelector: string): Promise<Layout> {
  return page.evaluate(
    ([names, texts]) => {
      const cut: string[] = [];
      const over = (el: Element) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      for (const el of document.querySelectorAll(names)) if (over(el)) cut.push(`name: ${el.textContent}`);
      for (const el of document.querySelectorAll(texts)) {
        const style = getComputedStyle(el);
        if (style.textOverflow === 'ellipsis' && over(el)) cut.push(`ellipsis: ${el.textContent}`);
        // A text wider than the box it sits in spills or is hidden by it.
        const box = el.closest('.card, .row, .go, .called, .totals div, .top');
        if (box && el.getBoundingClientRect().right > box.getBoundingClientRect().right + 1) cut.push(`spills: ${el.textContent}`);
      }
      const shown = [...document.querySelectorAll(names)].map((el) => ({ station: el.closest('[data-station]')?.getAttribute('data-station') ?? '', text: el.textContent ?? '' }));
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        scrollHeight: document.documentElement.scrollHeight,
        innerHeight: window.innerHeight,
        cut,
        names: shown,
      };
    },
    [nameSelector, textSelector] as const,
  );
}

/** Font sizes (px) of the first element of each selector. */
function fontSizes(page: Page, selectors: string[]): Promise<Record<string, number>> {
  return page.evaluate(
    (list) => Object.fromEntries(list.map((sel) => [sel, parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize)])),
    selectors,
  );
}

function expectDistinct(names: Layout['names']): void {
  const byText = new Map<string, string>();
  for (const { station, text } of names) {
    const other = byText.get(text);
    expect(other === undefined || other === station, `"${text}" names both ${other} and ${station}`).toBe(true);
    byText.set(text, station);
  }
}

describe('live pages on every display size', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launch();
    const { app } = server;
    const scan = async (headers: { authorization: string }, badge: string) => {
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } });
      expect(r.statusCode).toBeLessThan(300);
    };
    // A busy moment: people at every station, KazZinc and UMZ with long queues, numbers called,
    // a master class in session, a paused station.
    const gate = await kiosk(app, 'entrance');
    const fill: Record<string, number> = { kazzinc: 23, umz: 16, 'college-2': 15, 'grant-4': 7, 'mc-it': 24, 'uk-chp': 9, 'sogrinskaya-chp': 3 };
    let n = 0;
    for (const [station, people] of Object.entries(fill)) {
      const at = await kiosk(app, station);
      const here = [];
      for (let i = 0; i < people; i++) {
        const a = await register(app, `Display${n++}`);
        await scan(gate.headers, a.badge);
        await scan(at.headers, a.badge);
        here.push(a);
      }
      if (station === 'uk-chp') await scan(at.headers, here[0].badge); // one leaves: the next is called
    }
    await app.inject({ method: 'POST', url: '/api/stations/mc-it/session', headers: ADMIN, payload: { action: 'start' } });
    await app.inject({ method: 'PATCH', url: '/api/stations/oesk', headers: ADMIN, payload: { status: 'paused' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (path: string, size: { width: number; height: number }, lang: Lang, staff = false, base = server.url): Promise<Page> => {
    const page = await browser.newPage({ viewport: size, locale: lang === 'kk' ? 'kk-KZ' : lang });
    await page.addInitScript(
      ([l, token]) => {
        localStorage.setItem('kezek.lang', l);
        localStorage.setItem('kezek.screen.lang', l);
        if (token) localStorage.setItem('kezek.adminToken', token);
      },
      [lang, staff ? ADMIN_TOKEN : ''] as const,
    );
    await page.goto(`${base}${path}`);
    return page;
  };

  it('the board fits every wall in every language, names whole and distinct', async () => {
    for (const size of WALLS) {
      for (const lang of LANGUAGES) {
        const page = await open('/board', size, lang, true);
        await page.locator('[data-station="kazzinc"] .count').filter({ hasText: '12 / 12' }).waitFor();
        await page.locator('.alerts li.alert').first().waitFor();
        const layout = await measure(page, '.card .name', '.card .count, .card .foot > span, .card .chip, .totals dt, .totals dd, .top h1, #clock');
        await page.screenshot({ path: `${SHOTS}/board-${size.width}x${size.height}-${lang}.png` });
        expect(layout.scrollWidth, `board ${size.width}×${size.height} ${lang} scrolls sideways`).toBeLessThanOrEqual(layout.innerWidth);
        expect(layout.scrollHeight, `board ${size.width}×${size.height} ${lang} scrolls`).toBeLessThanOrEqual(layout.innerHeight);
        expect(layout.cut, `board ${size.width}×${size.height} ${lang}`).toEqual([]);
        expectDistinct(layout.names);
        await page.close();
      }
    }
  }, 240_000);

  it('the screen fits walls and phones in every language, names whole and distinct', async () => {
    for (const size of [...WALLS, ...HANDHELD]) {
      for (const lang of LANGUAGES) {
        const page = await open('/screen', size, lang);
        await page.locator('[data-station="kazzinc"] .n').filter({ hasText: '11' }).waitFor();
        const layout = await measure(page, '.row .name, .go .name, .called .name', '.row .n, .row .wait, .row .ok, .go .free, .called .numbers, .top h1');
        await page.screenshot({ path: `${SHOTS}/screen-${size.width}x${size.height}-${lang}.png`, fullPage: true });
        const where = `screen ${size.width}×${size.height} ${lang}`;
        expect(layout.scrollWidth, `${where} scrolls sideways`).toBeLessThanOrEqual(layout.innerWidth);
        if (size.width > size.height) expect(layout.scrollHeight, `${where} scrolls`).toBeLessThanOrEqual(layout.innerHeight);
        // A phone scrolls, but at most two screens' worth.
        else expect(layout.scrollHeight, `${where} is too long`).toBeLessThanOrEqual(2 * layout.innerHeight);
        expect(layout.cut, where).toEqual([]);
        expectDistinct(layout.names.filter((x) => x.station));
        await page.close();
      }
    }
  }, 240_000);

  it('before the doors open, the stations with the most room are named whole on every wall in every language', async () => {
    // Every station empty: "go now" lists the largest, among them the longest names of the event.
    const empty = await startServer();
    try {
      for (const size of WALLS) {
        for (const lang of LANGUAGES) {
          const page = await open('/screen', size, lang, false, empty.url);
          await page.locator('.go[data-station="mc-it"]').waitFor({ timeout: 15_000 });
          const layout = await measure(page, '.go .name', '.go .free');
          await page.screenshot({ path: `${SHOTS}/screen-empty-${size.width}x${size.height}-${lang}.png` });
          await page.close();
          const where = `empty screen ${size.width}×${size.height} ${lang}`;
          expect(layout.cut, where).toEqual([]);
          expect(layout.scrollHeight, `${where} scrolls`).toBeLessThanOrEqual(layout.innerHeight);
        }
      }
    } finally {
      await empty.close();
    }
  }, 120_000);

  it('a phone reads the screen in its own language and does not rotate it', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ru-RU' });
    await page.clock.install();
    await page.goto(`${server.url}/screen`);
    await page.locator('.row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.clock.runFor(35_000);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.close();
  }, 60_000);

  it('figures read from 5 m on a 1080p wall: at least 1/60 of the height in cap height', async () => {
    // Cap height is about 0.7 of the font size: 18 px of 1080 needs a font of about 26 px.
    const board = await open('/board', { width: 1920, height: 1080 }, 'ru', true);
    await board.locator('[data-station="kazzinc"] .count').filter({ hasText: '12 / 12' }).waitFor();
    const b = await fontSizes(board, ['.card .count', '[data-station="kazzinc"] .queue b', '[data-station="kazzinc"] .wait b', '.totals dd', '.card .name']);
    for (const sel of ['.card .count', '[data-station="kazzinc"] .queue b', '[data-station="kazzinc"] .wait b', '.totals dd']) {
      expect(b[sel], `board ${sel}`).toBeGreaterThanOrEqual(26);
    }
    expect(b['.card .name'], 'board names, a little smaller at most').toBeGreaterThanOrEqual(22);
    await board.close();

    const screen = await open('/screen', { width: 1920, height: 1080 }, 'ru');
    await screen.locator('[data-station="kazzinc"] .n').filter({ hasText: '11' }).waitFor();
    const s = await fontSizes(screen, ['[data-station="kazzinc"] .n', '[data-station="kazzinc"] .wait', '.called .numbers', '.go .free', '.row .name', '.go .name']);
    for (const sel of ['[data-station="kazzinc"] .n', '[data-station="kazzinc"] .wait', '.called .numbers', '.go .free']) expect(s[sel], `screen ${sel}`).toBeGreaterThanOrEqual(26);
    for (const sel of ['.row .name', '.go .name']) expect(s[sel], `screen ${sel}`).toBeGreaterThanOrEqual(22);
    // The same proportions on a 4K wall.
    await screen.setViewportSize({ width: 3840, height: 2160 });
    const big = await fontSizes(screen, ['[data-station="kazzinc"] .n']);
    expect(big['[data-station="kazzinc"] .n']).toBeCloseTo(2 * s['[data-station="kazzinc"] .n'], 0);
    await screen.close();
  }, 60_000);
});
