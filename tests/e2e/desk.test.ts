import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, LAPTOP, launch, startServer } from './browser.ts';
import { attendees } from '../../server/db/schema.ts';
import { kiosk } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import { asCsv, preRegistration } from '../support/pre-registration.ts';
import { parse } from 'csv-parse/sync';
import { decodeBadgeQr } from '../support/badge-qr.ts';

async function signInAt(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(STAFF_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('nav.side').waitFor();
}

describe('registration desk in a browser', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    // The organiser is made with the admin token; the organiser makes the desk account, signed in.
    await createStaff(server.app, 'org', 'organiser');
    const organiser = await signIn(server.app, 'org');
    const r = await server.app.inject({ method: 'POST', url: '/api/users', headers: organiser, payload: { username: 'desk', displayName: 'Desk 1', role: 'desk', password: STAFF_PASSWORD } });
    expect(r.statusCode).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, registers a walk-in by keyboard, prints a badge that scans at a station and shows on the board', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.locator('input[name=username]').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/desk-1-sign-in.png` });
    await page.keyboard.type('desk');
    await page.keyboard.press('Tab');
    await page.keyboard.type(STAFF_PASSWORD);
    await page.keyboard.press('Enter');

    // The walk-in form comes up with the cursor in the first name; the desk never touches the mouse.
    const firstName = page.locator('#walk-in-firstName');
    await expect.poll(() => firstName.evaluate((el) => el === document.activeElement)).toBe(true);
    // The language field starts as the page's.
    expect(await page.locator('#walk-in-language').inputValue()).toBe('ru');
    expect(await page.locator('nav.side a').count()).toBe(4);
    const popup = context.waitForEvent('page', { timeout: 10_000 });
    const started = Date.now();
    await page.keyboard.type('Әсем');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Қасымова');
    await page.keyboard.press('Tab'); // category: school graduate by default
    await page.keyboard.press('Tab');
    await page.keyboard.type('Школа-лицей № 7');
    await page.keyboard.press('Tab');
    await page.keyboard.type('11');
    await page.keyboard.press('Tab');
    await page.keyboard.type('8 777 123 45 67');
    await page.screenshot({ path: `${ARTIFACTS}/desk-2-walk-in-typed.png` });
    await page.keyboard.press('Enter');
    const last = page.locator('#last-label');
    await last.waitFor({ timeout: 5000 }).catch(async (err) => {
      await page.screenshot({ path: `${ARTIFACTS}/desk-debug.png` });
      throw err;
    });
    const labelTab = await popup;
    expect(Date.now() - started).toBeLessThan(30_000);
    // The desk can tell the attendee the PIN of their phone page (it is on the badge too).
    expect(await page.locator('.last-badge .badge-pin').textContent()).toMatch(/PIN[^0-9]*[0-9]{3} [0-9]{3}/);
    // The tab opened inside the key press (so no popup blocker stops it) is sent to the label PDF.
    // The PDF is fetched first (an error would be shown on the page, translated) and then shown in that tab.
    await expect.poll(() => labelTab.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await labelTab.close();
    // Ready for the next person: names empty, the institution kept, the cursor back in the first name.
    expect(await firstName.inputValue()).toBe('');
    expect(await page.locator('#walk-in-institution').inputValue()).toBe('Школа-лицей № 7');
    await expect.poll(() => firstName.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/desk-3-walk-in-done.png` });

    const href = (await last.getAttribute('href'))!;
    const pdf = await page.request.get(`${server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const qr = await decodeBadgeQr(await pdf.body(), join(ARTIFACTS, 'desk-badge-label.png'));
    const badge = server.app.badges.check(qr);
    expect(badge).toMatchObject({ no: Number(/badges\/(\d+)\//.exec(href)![1]) });
    if ('error' in badge) throw new Error('badge signature refused');
    const [registered] = (await server.app.inject({ method: 'GET', url: `/api/attendees?q=${badge.no}`, headers: await signIn(server.app, 'desk') })).json();
    expect(registered).toMatchObject({ firstName: 'Әсем', lastName: 'Қасымова', category: 'school', phone: '+77771234567', grade: '11', badgeActive: true });

    // The badge as printed: through the entrance, then into a master class.
    const entrance = await kiosk(server.app, 'entrance');
    const station = await kiosk(server.app, 'mc-metallurgy');
    for (const k of [entrance, station]) {
      const scan = await server.app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: qr } });
      expect(scan.statusCode).toBe(200);
      expect(scan.json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Әсем', badgeNo: badge.no } });
    }
    const stations = (await server.app.inject({ method: 'GET', url: '/api/stations' })).json() as { id: string; occupancy: number; visits: number }[];
    expect(stations.find((s) => s.id === 'mc-metallurgy')).toMatchObject({ occupancy: 1, visits: 1 });
    const totals = (await server.app.inject({ method: 'GET', url: '/api/totals' })).json();
    expect(totals).toEqual({ registered: 1, onSite: 1, visits: 1, queued: 0 });

    // The header totals of the admin page follow.
    await expect.poll(() => page.locator('.totals').innerText(), { timeout: 10_000 }).toMatch(/1\s+Сейчас на месте/);

    // The attendee is found by a lower-case Cyrillic part of the name.
    await page.locator('nav.side a[href="#attendees"]').click();
    await page.locator('#attendee-search').fill('қасым');
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(1);
    await expect.poll(() => page.locator('table.list tbody').innerText()).toContain('Қасымова Әсем');
    await expect.poll(() => page.locator('table.list tbody').innerText()).toContain('+77771234567');
    await page.screenshot({ path: `${ARTIFACTS}/desk-4-attendees.png` });

    const board = await context.newPage();
    await board.goto(`${server.url}/board`);
    const count = board.locator('[data-station="mc-metallurgy"] .count');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('1 / 20');
    await board.screenshot({ path: `${ARTIFACTS}/desk-5-board.png` });
    await context.close();
  });

  it('shows the organiser stations, kiosks with a pairing code, staff, and a dry-run import report', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const page = await context.newPage();
    await signInAt(page, server.url, 'org');
    expect(await page.locator('nav.side a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(
      ['#walkIn', '#attendees', '#import', '#print', '#stations', '#programme', '#kiosks', '#users', '#events', '#reports', '#audit'],
    );

    await page.locator('nav.side a[href="#stations"]').click();
    const row = page.locator('tr[data-station="mc-mining"]');
    await row.locator('input.capacity').fill('25');
    await row.locator('input.capacity').press('Enter');
    await expect.poll(() => row.innerText()).toContain('0 / 25');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.innerText()).toContain('paused');
    await page.screenshot({ path: `${ARTIFACTS}/desk-6-stations.png` });

    await page.locator('nav.side a[href="#kiosks"]').click();
    await page.locator('#kiosk-station').selectOption('mc-power');
    await page.locator('#kiosk-label').fill('Tablet 3');
    await page.keyboard.press('Enter');
    await page.locator('.pairing').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/desk-7-kiosks.png` });

    await page.locator('nav.side a[href="#users"]').click();
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(2);
    await page.screenshot({ path: `${ARTIFACTS}/desk-8-users.png` });

    await page.locator('nav.side a[href="#import"]').click();
    const csv = 'Фамилия;Имя;Категория;Телефон\nСерікова;Айгерім;колледж;87011112233\n;Болат;студент;123\n';
    await page.locator('#import-file').setInputFiles({ name: 'pre.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('.report table').waitFor();
    expect(await page.locator('.report tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.report tbody').innerText()).toMatch(/^3\s/);
    await page.screenshot({ path: `${ARTIFACTS}/desk-9-import-refused.png` });
    await page.locator('#import-file').setInputFiles({ name: 'pre.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.split('\n').slice(0, 2).join('\n')) });
    await expect.poll(() => page.locator('.report').innerText()).toContain('1 new');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.report').innerText()).toContain('Imported: 1 new');
    await page.screenshot({ path: `${ARTIFACTS}/desk-10-import-done.png` });
    await context.close();
  });

  it('takes a 3,000-row export through the whole desk: dry run, the good rows, refused rows file, re-import, search, badges in batches, kiosk pairing, page-language messages', { timeout: 240_000 }, async () => {
    const PHONE = { width: 390, height: 844 };
    const WIDE = { width: 1280, height: 720 };
    // The browser speaks English; the page is switched to Russian, and every message must follow the page.
    const context = await browser.newContext({ viewport: WIDE, locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await signInAt(page, server.url, 'org');
    await page.getByRole('button', { name: 'Русский' }).click();
    const registered = server.app.db.select().from(attendees).all().length;

    await page.locator('nav.side a[href="#import"]').click();
    const file = preRegistration();
    await page.locator('#import-file').setInputFiles({ name: 'анкеты.csv', mimeType: 'text/csv', buffer: asCsv(file) });
    const summary = page.locator('#import-summary');
    await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toContain('2982 новых');
    expect(await summary.innerText()).toContain('18 строк не принято');
    expect(await page.locator('#import-all').isDisabled()).toBe(true);
    expect(await page.locator('.namesakes tbody tr').count()).toBeGreaterThan(100);
    await page.screenshot({ path: `${ARTIFACTS}/desk-11-import-checked.png`, fullPage: false });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-refused').click()]);
    const refusedCsv = readFileSync((await download.path())!, 'utf8');
    const records = parse(refusedCsv, { delimiter: ';', bom: true }) as string[][];
    expect(records[0]).toEqual([...file.header, 'Причина']);
    expect(records.slice(1).map((r) => r.slice(0, -1))).toEqual([...file.bad.keys()].map((i) => file.rows[i]));
    expect(records[3].at(-1)).toMatch(/^Неизвестная категория: /);

    await page.locator('#import-good').click();
    await expect.poll(() => summary.innerText(), { timeout: 60_000 }).toContain('Импортировано: 2982 новых');
    const batches = page.locator('.print-batches button');
    expect(await batches.allInnerTexts()).toEqual([`Печать №\u00a0${registered + 1001}–${registered + 3000}`, `Печать №\u00a0${registered + 3001}–${registered + 3982}`]);
    await page.screenshot({ path: `${ARTIFACTS}/desk-12-import-done.png` });
    const popup = context.waitForEvent('page');
    await batches.nth(1).click();
    const pdfTab = await popup;
    await expect.poll(() => pdfTab.url(), { timeout: 60_000 }).toMatch(/^blob:/);
    await pdfTab.close();

    // The same file again: nobody added, nobody changed.
    await page.locator('#import-file').setInputFiles({ name: 'анкеты.csv', mimeType: 'text/csv', buffer: asCsv(file) });
    await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toContain('0 новых, 0 изменится, 2982 без изменений');

    // Found as a Russian keyboard types her.
    await page.locator('nav.side a[href="#attendees"]').click();
    await page.locator('#attendee-search').fill('нурланкызы алия');
    await expect.poll(() => page.locator('table.list tbody').innerText()).toContain('Нұрланқызы Әлия');
    await page.locator('#attendee-search').fill('иванов');
    await expect.poll(() => page.locator('#attendee-count').innerText()).toMatch(/^Показаны 1–100 из \d{3}$/);
    await page.screenshot({ path: `${ARTIFACTS}/desk-13-search.png` });
    await page.locator('#attendee-next').click();
    await expect.poll(() => page.locator('#attendee-count').innerText()).toMatch(/^Показаны 101–/);

    // A range with no badges: the error is told on the page in Russian, and no tab shows JSON.
    await page.locator('nav.side a[href="#print"]').click();
    await page.locator('#print-from').fill('');
    await page.locator('#print-from').press('Enter');
    expect(await page.locator('#print-from').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('Заполните это поле');
    await page.locator('#print-from').fill('90000');
    await page.locator('#print-to').fill('90010');
    const emptyTab = context.waitForEvent('page');
    await page.locator('#print-to').press('Enter');
    const blank = await emptyTab;
    await expect.poll(() => page.locator('#notice').innerText()).toBe('В этом диапазоне нет бейджей для печати');
    await expect.poll(() => blank.isClosed()).toBe(true);
    await page.locator('#print-from').fill('1001');
    await page.locator('#print-to').fill('6000');
    await page.locator('#print-to').press('Enter');
    expect(await page.locator('.print-batches button').count()).toBe(3);

    // Kiosks: every row shows its pairing code again and makes a new one.
    await page.locator('nav.side a[href="#kiosks"]').click();
    await page.locator('#kiosk-station').selectOption('mc-power');
    await page.locator('#kiosk-label').fill('Планшет 4');
    await page.keyboard.press('Enter');
    const code = page.locator('#pairing-code');
    await code.waitFor();
    const first = await code.innerText();
    await page.reload();
    await page.locator('tr', { hasText: 'Планшет 4' }).locator('button.show-pairing').click();
    await expect.poll(() => code.innerText()).toBe(first);
    await page.locator('#pairing-renew').click();
    await expect.poll(() => code.innerText()).not.toBe(first);
    await page.screenshot({ path: `${ARTIFACTS}/desk-14-kiosks.png` });

    // The same pages on a phone.
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/desk-15-kiosks-phone.png`, fullPage: true });
    await page.locator('nav.side a[href="#attendees"]').click();
    await page.locator('#attendee-search').fill('нурланкызы');
    await expect.poll(() => page.locator('table.list tbody').innerText()).toContain('Нұрланқызы');
    await page.screenshot({ path: `${ARTIFACTS}/desk-16-search-phone.png`, fullPage: true });
    await page.locator('nav.side a[href="#import"]').click();
    await page.locator('#import-file').setInputFiles({ name: 'анкеты.csv', mimeType: 'text/csv', buffer: asCsv(file) });
    await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toContain('2982 без изменений');
    await page.screenshot({ path: `${ARTIFACTS}/desk-17-import-phone.png` });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
