// The attendee's phone page of a second campus (`/e/<campus>/me`) on a 390×844 phone: an attendee of
// the campus signs in with the campus's badge and PIN, sees the campus named and their place at one
// of its stations; the campus's badge typed at the current event's `/me` is refused as the campus's,
// with a link to its page, in kk and en.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app.ts';
import { CAMPUS, copyOf } from '../support/second-event.ts';
import { ARTIFACTS, serverAndBrowser } from './browser.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = join(ARTIFACTS, 'event-me');
/** Another event's phone reads its day every few seconds; a loaded machine may take longer. */
const POLL = { timeout: 20_000 };

describe('the phone page of another event live on the server', () => {
  const { server, browser } = serverAndBrowser();

  it('signs an attendee of the campus in at the campus\'s page, and sends the campus\'s badge from the current event\'s page there', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { app, url } = server();
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) })).statusCode).toBe(201);
    const made = await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/attendees`, headers: ADMIN, payload: { firstName: 'Бота', lastName: 'Кампусова', category: 'college' } });
    expect(made.statusCode, made.body).toBe(201);
    const bota = made.json() as { badgeNo: number; badge: string; pin: string };
    const kiosk = await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/kiosks`, headers: ADMIN, payload: { station: 'kazzinc' } });
    const door = { authorization: `Bearer ${kiosk.json().token}` };

    const context = await browser().newContext({ viewport: PHONE, locale: 'en-GB', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const signIn = async (pin: string) => {
      await page.fill('#badge-no', String(bota.badgeNo));
      await page.fill('#pin', pin);
      await page.tap('#sign-in-button');
    };

    // At the current event's page, the campus's badge is the campus's: told so, with the way there.
    await page.goto(`${url}/me`);
    await page.locator('.langs button', { hasText: 'English' }).tap();
    await signIn(bota.pin);
    await expect.poll(() => page.locator('#sign-in-error').textContent(), POLL).toBe('This badge is of another event: “Second campus”. Go to its page');
    await page.screenshot({ path: join(SHOTS, 'other-event-badge-390x844-en.png') });
    await page.locator('.langs button', { hasText: 'Қазақша' }).tap();
    await signIn(bota.pin);
    await expect.poll(() => page.locator('#sign-in-error').textContent(), POLL).toBe('Бұл бейдж басқа іс-шараның: «Екінші кампус». Оның бетіне өту');
    await page.screenshot({ path: join(SHOTS, 'other-event-badge-390x844-kk.png') });

    // Its link is the campus's page: signed in there, the campus is named and the day is the campus's.
    await page.locator('#sign-in-error a').tap();
    await page.waitForURL(`${url}/e/${CAMPUS}/me`);
    await page.locator('.brand', { hasText: 'Kezek · Екінші кампус' }).waitFor();
    await signIn(bota.pin);
    await page.locator('#day').waitFor();
    expect(await page.locator('#hello').textContent()).toContain(`№\u00a0${bota.badgeNo}`);
    const scan = await app.inject({ method: 'POST', url: '/api/scans', headers: door, payload: { id: randomUUID(), badge: bota.badge } });
    expect(scan.json()).toMatchObject({ outcome: 'entered' });
    await expect.poll(() => page.locator('#place').getAttribute('data-state'), POLL).toBe('inside');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'campus-day-390x844-kk.png') });
    await page.locator('.langs button', { hasText: 'English' }).tap();
    await expect.poll(() => page.locator('#place').textContent()).toContain('KazZinc');
    await page.screenshot({ path: join(SHOTS, 'campus-day-390x844-en.png') });
    // The campus's wall screen shows the QR of the campus's phone page.
    const wall = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${url}/e/${CAMPUS}/screen`);
    await expect.poll(() => wall.locator('#me-qr').getAttribute('src'), POLL).toBe(`/api/events/${CAMPUS}/me/qr.svg`);
    await expect.poll(() => wall.locator('#me-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), POLL).toBe(true);
    await wall.close();
    // The current event's page still knows nobody on this phone.
    expect((await page.request.get(`${url}/api/me/day`)).status()).toBe(401);
    await context.close();
    expect(errors).toEqual([]);
  });
});
