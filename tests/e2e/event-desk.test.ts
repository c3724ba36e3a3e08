// The desk pages of /admin at a second campus live on the same day, in headless Chromium: switched to
// the campus, the desk registers a walk-in and prints a badge signed for the campus (it scans at the
// campus's kiosk, not at the current event's), the current event's attendees untouched; every desk
// page names the campus at the top, in kk/ru/en, on a laptop and on a phone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, kiosk, register } from '../support/app.ts';
import { decodeBadgeQr } from '../support/badge-qr.ts';
import { badgedAt, CAMPUS, copyOf } from '../support/second-event.ts';
import { asCsv, preRegistration } from '../support/pre-registration.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import { ARTIFACTS, LAPTOP, launch, startServer } from './browser.ts';

const SHOTS = join(ARTIFACTS, 'event-desk');
const PHONE = { width: 390, height: 844 };
const LANGUAGES = [['kk', 'Қазақша', 'Тіркеу үстелі: «Екінші кампус» іс-шарасы'], ['ru', 'Русский', 'Стойка регистрации мероприятия «Второй кампус»'], ['en', 'English', 'The registration desk of “Second campus”']] as const;

describe('the desk pages of /admin at a second campus', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let campusKiosk: { authorization: string };
  let springKiosk: { authorization: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const { app } = server;
    // The organiser makes the campus (and is its first organiser); both events are live today.
    await createStaff(app, 'org', 'organiser');
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: await signIn(app, 'org'), payload: copyOf(app.config.event) });
    expect(made.statusCode, made.body).toBe(201);
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    campusKiosk = (await badgedAt(app.store, CAMPUS, station, 'Bota')).kiosk;
    springKiosk = (await kiosk(app, station)).headers;
    for (const name of ['Aigerim', 'Daulet', 'Saule']) await register(app, name);
    browser = await launch();
    context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/admin#walkIn`);
    await page.locator('input[name=username]').fill('org');
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#event-switcher').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const attendees = async (url: string) => {
    const r = await server.app.inject({ url, headers: ADMIN });
    return { total: Number(r.headers['x-total-count']), names: (r.json() as Array<{ lastName: string }>).map((a) => a.lastName) };
  };
  const scan = async (headers: { authorization: string }, badge: string) =>
    (await server.app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: newScanId(), badge } })).json() as Record<string, unknown>;

  it('registers a walk-in at the campus and prints a badge signed for it, the current event\'s attendees untouched', async () => {
    const spring = await attendees('/api/attendees');
    const campus = await attendees(`/api/events/${CAMPUS}/attendees`);
    await page.locator('#event-switcher').selectOption(CAMPUS);
    await page.locator('#desk-event', { hasText: 'The registration desk of “Second campus”' }).waitFor();
    const firstName = page.locator('#walk-in-firstName');
    await expect.poll(() => firstName.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Әлихан');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Кампусов');
    const popup = context.waitForEvent('page');
    await page.keyboard.press('Enter');
    const label = await popup;
    await expect.poll(() => label.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await label.close();
    const last = page.locator('#last-label');
    await last.waitFor();
    const href = (await last.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^/api/events/${CAMPUS}/badges/\\d+/label\\.pdf$`));
    // The phone PIN, told as at the current event: the campus's phone page signs in with it.
    expect(await page.locator('.last-badge .badge-pin').textContent()).toMatch(/\d{3} \d{3}/);
    await page.screenshot({ path: join(SHOTS, 'walk-in-at-campus-1366x768-en.png'), fullPage: true });

    const pdf = await page.request.get(`${server.url}${href}`);
    expect(pdf.status()).toBe(200);
    const qr = await decodeBadgeQr(await pdf.body(), join(SHOTS, 'campus-badge-label.png'));
    expect(await scan(campusKiosk, qr)).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Әлихан' } });
    expect(await scan(springKiosk, qr)).toMatchObject({ code: 'badge_other_event' });
    const after = await attendees(`/api/events/${CAMPUS}/attendees`);
    expect(after.total).toBe(campus.total + 1);
    expect(after.names).toContain('Кампусов');
    expect(await attendees('/api/attendees')).toEqual(spring);
    // The header's figures are the campus's while the switcher shows it.
    const registered = page.locator('.totals .total b').first();
    await expect.poll(() => registered.textContent(), { timeout: 10_000 }).toBe(String(after.total));

    // Found at the campus's attendees page, not at the current event's.
    await page.locator('nav.side a[href="#attendees"]').click();
    await page.locator('#attendee-search').fill('кампус');
    await page.locator('table.list tbody tr', { hasText: 'Кампусов Әлихан' }).waitFor();
    await page.locator('#event-switcher').selectOption(server.app.config.event.id);
    await page.locator('#desk-event').waitFor({ state: 'detached' });
    await expect.poll(() => registered.textContent(), { timeout: 10_000 }).toBe(String(spring.total));
    await page.locator('#attendee-search').fill('кампус');
    await page.locator('table.list tbody td.empty').waitFor();
    expect(errors).toEqual([]);
  });

  it('finds someone of the current event by name at the campus\'s desk and registers them there, with a badge signed for the campus', async () => {
    const spring = await attendees('/api/attendees');
    const campus = await attendees(`/api/events/${CAMPUS}/attendees`);
    await page.locator('nav.side a[href="#walkIn"]').click();
    await page.locator('#event-switcher').selectOption(CAMPUS);
    await page.locator('#desk-event').waitFor();
    const find = async () => {
      await page.locator('#returning-phone').fill('daulet testova');
      await page.locator('#returning-phone').press('Enter');
    };
    await find();
    const found = page.locator('.returning-list li', { hasText: 'Daulet Testova' });
    await found.waitFor();
    expect(await found.textContent()).toContain(server.app.config.event.name.en);
    const popup = context.waitForEvent('page');
    await found.getByRole('button', { name: 'Register here' }).click();
    const label = await popup;
    await expect.poll(() => label.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await label.close();
    await page.locator('#notice', { hasText: 'Daulet Testova registered' }).waitFor();
    const after = await attendees(`/api/events/${CAMPUS}/attendees`);
    expect(after.total).toBe(campus.total + 1);
    expect(await attendees('/api/attendees')).toEqual(spring);
    // Found again, they are registered at the campus already: no second registration offered.
    await find();
    await found.locator('.pill', { hasText: 'Registered here: badge №' }).waitFor();
    expect(await found.getByRole('button', { name: 'Register here' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'returning-at-campus-1366x768-en.png'), fullPage: true });
    await page.locator('#event-switcher').selectOption(server.app.config.event.id);
    await page.locator('#desk-event').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('imports a pre-registration file at the campus from its import page, and offers its badges to print there', async () => {
    const file = preRegistration();
    const spring = await attendees('/api/attendees');
    const campus = await attendees(`/api/events/${CAMPUS}/attendees`);
    await page.goto(`${server.url}/admin#import`);
    await page.locator('#event-switcher').selectOption(CAMPUS);
    await page.locator('#desk-event').waitFor();
    await page.locator('#import-file').setInputFiles({ name: 'анкеты.csv', mimeType: 'text/csv', buffer: asCsv({ header: file.header, rows: file.rows.slice(0, 5) }) });
    await page.locator('#import-summary').waitFor();
    // No row refused: one button imports the file (the one for the good rows only stays away).
    expect(await page.locator('#import-good').isHidden()).toBe(true);
    await page.locator('#import-all').click();
    await page.locator('.print-batches button').waitFor();
    expect(await page.locator('#import-good').isHidden()).toBe(true);
    expect((await attendees(`/api/events/${CAMPUS}/attendees`)).total).toBe(campus.total + 5);
    expect(await attendees('/api/attendees')).toEqual(spring);
    const popup = context.waitForEvent('page');
    await page.locator('.print-batches button').first().click();
    const sheet = await popup;
    await expect.poll(() => sheet.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await sheet.close();
    await page.screenshot({ path: join(SHOTS, 'imported-at-campus-1366x768-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('names the campus at the top of every desk page, in every language, on a laptop and on a phone', async () => {
    await page.locator('#event-switcher').selectOption(CAMPUS);
    for (const [size, viewport] of [['1366x768', LAPTOP], ['390x844', PHONE]] as const) {
      await page.setViewportSize(viewport);
      for (const [lang, button, words] of LANGUAGES) {
        await page.locator('.langs button', { hasText: button }).click();
        for (const view of ['walkIn', 'attendees', 'import', 'print']) {
          await page.goto(`${server.url}/admin#${view}`);
          await page.locator('#desk-event', { hasText: words }).waitFor();
          if (view === 'attendees') await page.locator('table.list tbody tr', { hasText: 'Кампусов' }).waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${view} ${lang} ${size}`).toBeLessThanOrEqual(0);
          // On a phone the menu is a strip of links above the page, however short the page.
          if (viewport === PHONE) expect(await page.locator('nav.side').evaluate((el) => el.getBoundingClientRect().height), `${view} ${lang}`).toBeLessThan(80);
          await page.screenshot({ path: join(SHOTS, `${view}-at-campus-${size}-${lang}.png`), fullPage: true });
        }
      }
    }
    await page.setViewportSize(LAPTOP);
    await page.locator('.langs button', { hasText: 'English' }).click();
    expect(errors).toEqual([]);
  });
});
