// The audit log in /admin: an organiser sees who paused a station, filters by action, in their language.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, LAPTOP, launch, startServer } from '../e2e/browser.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';

describe('audit log page', () => {
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

  it('shows who paused a station, filtered by action, in Russian', async () => {
    await createStaff(server.app, 'marat', 'organiser');
    const marat = await signIn(server.app, 'marat');
    await server.app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: marat, payload: { status: 'paused' } });
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin#audit`);
    await page.locator('input[name=username]').fill('marat');
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#audit-list tbody tr').first().waitFor();
    expect(await page.locator('h1').first().textContent()).toBe('Журнал действий сотрудников');
    await page.locator('#audit-action').selectOption('station.status');
    await expect.poll(() => page.locator('#audit-list tbody tr').count()).toBe(1);
    const cells = await page.locator('#audit-list tbody tr td').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['marat', 'Статус станции (пауза)', 'kazzinc']);
    expect(cells[4]).toContain('paused');
    expect(await page.getByRole('button', { name: 'Более ранние записи' }).isVisible()).toBe(false);
    expect(await page.locator('#audit-csv').getAttribute('href')).toBe('/api/audit?format=csv&lang=ru&action=station.status');
    // The sign-in that opened this page is in the log too.
    await page.locator('#audit-action').selectOption('');
    await expect.poll(() => page.locator('#audit-list tbody tr', { hasText: 'Вход' }).count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: `${ARTIFACTS}/admin-audit-ru.png`, fullPage: true });
    await context.close();
  });
});
