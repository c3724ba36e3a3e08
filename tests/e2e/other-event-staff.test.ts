// /admin for staff whose roles are all at an event other than the current one, in headless Chromium:
// a desk volunteer of the second campus only opens at the campus's desk, with a switcher listing it
// alone (with their role), registers and finds its attendees, and the page never asks anything of
// the current event; an organiser of the campus who is a desk volunteer at the current event sees
// each event's pages as their role there; an account with no role anywhere is told so, in kk/ru/en.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, register } from '../support/app.ts';
import { badgedAt, CAMPUS, copyOf } from '../support/second-event.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SHOTS = join(ARTIFACTS, 'other-event-staff');
const LAPTOP = { width: 1280, height: 720 };
const DESK_VIEWS = ['#walkIn', '#attendees', '#import', '#print'];
const NO_ROLE = {
  kk: ['Қазақша', 'ешбір іс-шарада рөлі жоқ'],
  ru: ['Русский', 'нет роли ни на одном мероприятии'],
  en: ['English', 'This account has no role at any event'],
} as const;

describe('/admin for staff of another event than the current one', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  /** Every API request the page made, as method and path. */
  const asked: string[] = [];

  const addAccount = async (url: string, username: string, role: 'organiser' | 'desk') => {
    const r = await server.app.inject({ method: 'POST', url, headers: ADMIN, payload: { username, role, password: STAFF_PASSWORD } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const signIn = async (username: string) => {
    await page.goto(`${server.url}/admin`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
  };
  const signOut = async () => {
    await page.locator('header.top button.link').click();
    await page.locator('input[name=username]').waitFor();
  };
  const menu = () => page.locator('nav.side a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const { app } = server;
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) });
    expect(made.statusCode, made.body).toBe(201);
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    await badgedAt(app.store, CAMPUS, station, 'Bota');
    await register(app, 'Aigerim');
    await addAccount(`/api/events/${CAMPUS}/users`, 'campus-desk', 'desk');
    const both = await createStaff(app, 'two-roles', 'desk');
    expect((await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}/users/${both}`, headers: ADMIN, payload: { role: 'organiser' } })).statusCode).toBe(200);
    const none = await createStaff(app, 'no-role', 'desk');
    expect((await app.inject({ method: 'PATCH', url: `/api/users/${none}`, headers: ADMIN, payload: { role: null } })).statusCode).toBe(200);
    browser = await launch();
    context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) asked.push(`${r.method()} ${url.pathname}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('opens at the campus\'s desk for a desk volunteer of the campus only, and never asks anything of the current event', async () => {
    asked.length = 0;
    await signIn('campus-desk');
    await page.locator('#desk-event', { hasText: 'The registration desk of “Second campus”' }).waitFor();
    // The switcher lists the campus alone, with the role there; the menu is the desk's.
    const options = await page.locator('#event-switcher option').allTextContents();
    expect(options).toHaveLength(1);
    expect(options[0]).toMatch(/^Second campus · .* — Registration desk$/);
    expect(await menu()).toEqual(DESK_VIEWS);
    expect(await page.locator('header .who').textContent()).toBe('campus-desk · Registration desk');
    await page.screenshot({ path: join(SHOTS, 'campus-desk-walk-in-1280x720-en.png'), fullPage: true });

    // A walk-in registered here is the campus's.
    await page.locator('#walk-in-firstName').fill('Әлихан');
    await page.locator('#walk-in-lastName').fill('Кампусов');
    const popup = context.waitForEvent('page');
    await page.locator('#walk-in-lastName').press('Enter');
    const label = await popup;
    await expect.poll(() => label.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    await label.close();
    await page.locator('#last-label').waitFor();
    const campus = (await server.app.inject({ url: `/api/events/${CAMPUS}/attendees`, headers: ADMIN })).json() as Array<{ lastName: string }>;
    expect(campus.map((a) => a.lastName)).toContain('Кампусов');
    const spring = (await server.app.inject({ url: '/api/attendees', headers: ADMIN })).json() as Array<{ firstName: string }>;
    expect(spring.map((a) => a.firstName)).toEqual(['Aigerim']);

    // The campus's attendees are found; the current event's are not there to find.
    await page.locator('nav.side a[href="#attendees"]').click();
    await page.locator('table.list tbody tr', { hasText: 'Кампусов' }).waitFor();
    await page.locator('#attendee-search').fill('Aigerim');
    await page.locator('table.list tbody td.empty').waitFor();
    await page.locator('nav.side a[href="#print"]').click();
    await page.locator('#desk-event').waitFor();
    await page.locator('.langs button', { hasText: 'Қазақша' }).click();
    await page.locator('nav.side a[href="#walkIn"]').click();
    await page.locator('#desk-event', { hasText: '«Екінші кампус»' }).waitFor();
    expect((await page.locator('#event-switcher option').allTextContents())[0]).toMatch(/ — Тіркеу үстелі$/);
    await page.screenshot({ path: join(SHOTS, 'campus-desk-walk-in-1280x720-kk.png'), fullPage: true });
    await page.locator('.langs button', { hasText: 'English' }).click();

    const elsewhere = asked.filter((r) => !/^(GET|POST|DELETE) \/api\/session$/.test(r) && !r.includes(`/api/events/${CAMPUS}/`));
    expect(elsewhere).toEqual([]);
    expect(asked.some((r) => r === `POST /api/events/${CAMPUS}/attendees`)).toBe(true);
    // Read again, the page opens at the campus again.
    await page.reload();
    await page.locator('#desk-event', { hasText: 'Second campus' }).waitFor();
    await signOut();
    expect(errors).toEqual([]);
  });

  it('shows each event\'s pages as the role there: the desk\'s at the current event, an organiser\'s at the campus', async () => {
    await signIn('two-roles');
    await page.locator('#event-switcher').waitFor();
    const options = await page.locator('#event-switcher option').allTextContents();
    expect(options).toHaveLength(2);
    expect(options.find((o) => o.startsWith('Second campus'))).toMatch(/ — Organiser$/);
    expect(options.find((o) => o.includes('(current)'))).toMatch(/ — Registration desk$/);
    // The current event first: its desk.
    expect(await page.locator('#event-switcher').inputValue()).toBe(server.app.config.event.id);
    expect(await menu()).toEqual(DESK_VIEWS);
    await page.locator('#event-switcher').selectOption(CAMPUS);
    // At the campus, its organiser's pages, but not the current event's stations nor the events' list.
    await expect.poll(menu).toEqual([...DESK_VIEWS, '#programme', '#kiosks', '#users', '#reports', '#audit']);
    expect(await page.locator('header .who').textContent()).toBe('two-roles · Organiser');
    await page.locator('nav.side a[href="#users"]').click();
    await page.locator('table.list tbody tr', { hasText: 'campus-desk' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'organiser-at-campus-staff-1280x720-en.png'), fullPage: true });
    await page.locator('#event-switcher').selectOption(server.app.config.event.id);
    await expect.poll(menu).toEqual(DESK_VIEWS);
    await signOut();
    expect(errors).toEqual([]);
  });

  it('tells an account with no role at any event so, in its language', async () => {
    for (const [lang, [button, words]] of Object.entries(NO_ROLE)) {
      await page.goto(`${server.url}/admin`);
      await page.locator('.langs button', { hasText: button }).click();
      await signIn('no-role');
      await page.locator('form.sign-in .error', { hasText: words }).waitFor();
      expect(await page.locator('nav.side').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `no-role-1280x720-${lang}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
