// The attendee's phone page (/me) on a 390×844 phone in Russian: signs in (a wrong PIN said in the
// phone's language), shows the place in line live, rings when called and shows "come now" with the
// time the place is kept, gives and withdraws a consent, survives a reload and shows when the Wi-Fi
// is gone; lists the programme with a time shifted on the day marked, every time on the venue's
// clock from a phone in another time zone. Screenshots in tests/.artifacts/me-*.png.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN, kiosk, register } from '../support/app.ts';
import { ARTIFACTS, openKiosk, serverAndBrowser } from './browser.ts';

const PHONE = { width: 390, height: 844 };
/** Live updates on a loaded machine (the suite runs beside others) may take seconds. */
const POLL = { timeout: 10_000 };

describe('the attendee\'s phone page', () => {
  const { server, browser } = serverAndBrowser();

  const place = (page: Page) => page.locator('#place');

  it('signs in with the badge number and PIN, follows the line live, rings when called, survives a reload and a dropped Wi-Fi', async () => {
    const { app, url } = server();
    const me = await register(app, 'Дана');
    const ahead = await register(app, 'Ерлан');
    const doors = [(await kiosk(app, 'kazzinc')).headers, (await kiosk(app, 'kazzinc')).headers];
    const scan = async (badge: string, door: number) => {
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers: doors[door], payload: { id: randomUUID(), badge } });
      return r.json().outcome as string;
    };
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);

    const context = await browser().newContext({ viewport: PHONE, locale: 'ru-RU', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${url}/me`);
    await page.locator('#sign-in').waitFor();
    expect(await page.locator('#sign-in-title').textContent()).toBe('Моя очередь');
    await page.fill('#badge-no', String(me.badgeNo));
    await page.fill('#pin', '000000' === me.pin ? '111111' : '000000');
    await page.tap('#sign-in-button');
    await expect.poll(() => page.locator('#sign-in-error').textContent(), POLL).toBe('Неверный номер бейджа или PIN-код');
    await page.screenshot({ path: `${ARTIFACTS}/me-1-wrong-pin.png` });

    await page.fill('#pin', `${me.pin.slice(0, 3)} ${me.pin.slice(3)}`);
    await page.tap('#sign-in-button');
    await page.locator('#day').waitFor();
    expect(await page.locator('#hello').textContent()).toBe(`Здравствуйте, Дана · №\u00a0${me.badgeNo}`);
    expect(await place(page).textContent()).toContain('Сейчас вы ни в одной очереди');
    expect(await page.locator('#go-now li').count()).toBeGreaterThan(0);

    expect(await scan(ahead.badge, 0)).toBe('entered');
    expect(await scan(me.badge, 0)).toBe('queued');
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('queued');
    expect(await place(page).textContent()).toContain('В очереди «Казцинк»: 1-й');
    expect(await place(page).textContent()).toMatch(/Ожидание: ≈ \d+ мин|Ожидание: \d+–\d+ мин/);
    await page.screenshot({ path: `${ARTIFACTS}/me-2-queued.png` });

    // The one inside leaves: this phone is called, rings and says how long the place is kept.
    expect(await scan(ahead.badge, 1)).toBe('exited');
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('called');
    expect(await place(page).textContent()).toContain('Ваша очередь! Подойдите сейчас: «Казцинк»');
    expect(await place(page).textContent()).toMatch(/Место держат ещё [45]:\d\d/);
    await expect.poll(() => page.evaluate(() => Number(document.documentElement.dataset.ringing ?? 0)), POLL).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/me-3-called.png` });

    // Let in by the kiosk: inside, and the passport has the visit.
    expect(await scan(me.badge, 1)).toBe('entered');
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('inside');
    await expect.poll(() => page.locator('#passport').textContent(), POLL).toContain('Казцинк');

    // Consent to KazZinc, visited: given, then withdrawn; its lead list follows each time.
    const leads = async () => JSON.stringify((await app.inject({ method: 'GET', url: '/api/reports/leads/kazzinc?format=json', headers: ADMIN })).json());
    const toggle = page.locator('#consents button[data-station="kazzinc"]');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute('aria-pressed'), POLL).toBe('true');
    expect(await toggle.textContent()).toBe('✓ Согласен на связь');
    expect(await leads()).toContain('Дана');
    await page.locator('#consent-card').screenshot({ path: `${ARTIFACTS}/me-5-consent.png` });
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute('aria-pressed'), POLL).toBe('false');
    expect(await leads()).not.toContain('Дана');

    // A reload keeps the session; a dropped Wi-Fi shows the last place, marked.
    await page.reload();
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('inside');
    await context.setOffline(true);
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('#offline').textContent()).toMatch(/Нет связи — данные на \d\d:\d\d/);
    expect(await place(page).getAttribute('data-state')).toBe('inside');
    await page.screenshot({ path: `${ARTIFACTS}/me-4-offline.png`, fullPage: true });
    await context.setOffline(false);
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(false);

    // On localhost (a secure context) the service worker keeps the page: a reload with the Wi-Fi
    // down shows the last day, marked, and the page reconnects when the Wi-Fi returns.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 }).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await place(page).getAttribute('data-state')).toBe('inside');
    await page.screenshot({ path: `${ARTIFACTS}/me-4b-offline-reload.png`, fullPage: true });
    await context.setOffline(false);
    await expect.poll(() => page.locator('#offline').isVisible(), { timeout: 20_000 }).toBe(false);

    // Nothing scrolls sideways on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  }, 60_000);

  it('joins an employer\'s queue from the phone, is called at once, is warned before moving to another queue, and is let in by the kiosk', async () => {
    const { app, url } = server();
    const me = await register(app, 'Gaukhar');
    const context = await browser().newContext({ viewport: PHONE, locale: 'en-GB', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${url}/me`);
    await page.fill('#badge-no', String(me.badgeNo));
    await page.fill('#pin', me.pin);
    await page.tap('#sign-in-button');
    await page.locator('#remote-card').waitFor();
    const join = (station: string) => page.locator(`#remote button[data-station="${station}"]`);
    expect(await join('tmk').textContent()).toBe('Join');
    await page.locator('#remote-card').screenshot({ path: `${ARTIFACTS}/me-6-remote.png` });

    await join('tmk').tap();
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('called');
    expect(await place(page).textContent()).toContain('Your turn! Come to TMK now');
    await expect.poll(() => page.evaluate(() => Number(document.documentElement.dataset.ringing ?? 0)), POLL).toBeGreaterThan(0);

    // Another queue: the page asks first; saying no keeps the place.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await join('oesk').tap();
    await expect.poll(() => asked.length, POLL).toBe(1);
    expect(asked[0]).toBe('Joining the queue at OESK gives up your place at TMK. Go ahead?');
    expect(await place(page).textContent()).toContain('TMK');
    page.once('dialog', (d) => void d.accept());
    await join('oesk').tap();
    await expect.poll(() => place(page).textContent(), POLL).toContain('Your turn! Come to OESK now');

    // The station's kiosk shows who is on the way, and lets the called remote joiner in.
    const panel = await openKiosk(browser(), server(), 'oesk');
    await expect.poll(() => panel.page.locator('#calling').textContent(), POLL).toBe(`Called, on the way: №\u00a0${me.badgeNo} · phone`);
    await panel.page.screenshot({ path: `${ARTIFACTS}/me-7-kiosk-on-the-way.png` });
    await panel.context.close();
    const door = (await kiosk(app, 'oesk')).headers;
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: door, payload: { id: randomUUID(), badge: me.badge } });
    expect(r.json().outcome).toBe('entered');
    await expect.poll(() => place(page).getAttribute('data-state'), POLL).toBe('inside');
    await context.close();
  }, 60_000);

  it('/screen shows a QR of the phone page on a wall, and none on a phone', async () => {
    const { url } = server();
    const svg = await fetch(`${url}/api/me/qr.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    for (const [viewport, shown] of [[{ width: 1920, height: 1080 }, true], [PHONE, false]] as const) {
      const context = await browser().newContext({ viewport, locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${url}/screen`);
      const qr = page.locator('#me-qr');
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), POLL).toBe(true);
      expect(await qr.isVisible()).toBe(shown);
      if (shown) await page.screenshot({ path: `${ARTIFACTS}/me-screen-qr-1920x1080.png` });
      await context.close();
    }
  });

  it('speaks the phone\'s language (Kazakh, English)', async () => {
    const { url } = server();
    for (const [locale, title] of [['kk-KZ', 'Менің кезегім'], ['en-GB', 'My queue']] as const) {
      const context = await browser().newContext({ viewport: PHONE, locale });
      const page = await context.newPage();
      await page.goto(`${url}/me`);
      await page.locator('#sign-in').waitFor();
      expect(await page.locator('#sign-in-title').textContent()).toBe(title);
      await page.screenshot({ path: `${ARTIFACTS}/me-sign-in-${locale}.png` });
      await context.close();
    }
  });

  it('lists the programme on a 360 px phone with the short title where the full one would be cut, in every language', async () => {
    const { app, url } = server();
    const me = await register(app, 'Әлия');
    for (const [locale, lang] of [['kk-KZ', 'kk'], ['ru-RU', 'ru'], ['en-GB', 'en']] as const) {
      const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${url}/me`);
      await page.fill('#badge-no', String(me.badgeNo));
      await page.fill('#pin', me.pin);
      await page.tap('#sign-in-button');
      await page.locator('#programme .item').first().waitFor(POLL);
      const names = await page.locator('#programme .item .name').evaluateAll((els) => els.map((e) => ({ text: e.textContent, cut: e.scrollWidth > e.clientWidth + 1, short: (e as HTMLElement).dataset.short })));
      expect(names.filter((n) => n.cut), lang).toEqual([]);
      expect(names.some((n) => n.short === 'true'), lang).toBe(true);
      await page.locator('#programme-card').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/me-programme-${lang}-360x740.png` });
      await context.close();
    }
  });

  it('marks a time shifted on the day as the screens do, and gives every time on the venue’s clock from a phone in another time zone, in every language', async () => {
    const { app, url } = server();
    const me = await register(app, 'Бота');
    const door = (await kiosk(app, 'umz')).headers;
    // The visit's start on the venue's clock (UTC+5), as the minute may turn meanwhile.
    const venue = (ms: number) => new Date(ms + 300 * 60_000).toISOString().slice(11, 16);
    const before = venue(Date.now());
    expect((await app.inject({ method: 'POST', url: '/api/scans', headers: door, payload: { id: randomUUID(), badge: me.badge } })).json().outcome).toBe('entered');
    const after = venue(Date.now());
    const shift = (start: string) => app.inject({ method: 'PUT', url: '/api/programme/items/performances', headers: ADMIN, payload: { start, end: '11:00' } });
    expect((await shift('10:45')).statusCode).toBe(200);
    try {
      const moved = { kk: 'жаңа уақыт', ru: 'новое время', en: 'new time' };
      for (const [locale, lang] of [['kk-KZ', 'kk'], ['ru-RU', 'ru'], ['en-GB', 'en']] as const) {
        // A phone set to New York (UTC−5): ten hours behind the venue.
        const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale, timezoneId: 'America/New_York', isMobile: true, hasTouch: true });
        const page = await context.newPage();
        await page.goto(`${url}/me`);
        await page.fill('#badge-no', String(me.badgeNo));
        await page.fill('#pin', me.pin);
        await page.tap('#sign-in-button');
        const item = page.locator('#programme .item[data-shifted="true"]');
        await item.waitFor(POLL);
        expect(await page.locator('#programme .item[data-shifted]').count(), lang).toBe(1);
        expect(await item.locator('.time').textContent(), lang).toBe('10:45–11:00');
        expect(await item.locator('.moved').textContent(), lang).toBe(moved[lang]);
        const box = (el: string) => item.locator(el).evaluate((e) => ({ cut: e.scrollWidth > e.clientWidth + 1, right: e.getBoundingClientRect().right }));
        expect([(await box('.moved')).cut, (await box('.moved')).right <= 360], lang).toEqual([false, true]);
        // The passport's visit began at the venue's time, not New York's.
        const visit = (await page.locator('#passport .visit .time').first().textContent()) ?? '';
        expect([`${before}–`, `${after}–`].some((start) => visit.startsWith(start)), `${lang}: ${visit}, venue ${before}`).toBe(true);
        await item.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${ARTIFACTS}/me-moved-${lang}-360x740.png` });
        if (lang === 'en') {
          // Shifted again while the phone is open: it shows the new time at once, not at its next reading of the day a minute on.
          expect((await shift('10:50')).statusCode).toBe(200);
          await expect.poll(() => item.locator('.time').textContent(), POLL).toBe('10:50–11:00');
        }
        await context.close();
      }
    } finally {
      expect((await shift('10:40')).statusCode).toBe(200);
    }
  });
});
