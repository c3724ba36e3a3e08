import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSummary } from '../../shared/events.ts';
import type { EventReport, LeadList, StationsReport } from '../../shared/reports.ts';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import { ADMIN } from '../support/app.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';
import { ARTIFACTS, launch, startServer } from './browser.ts';

const SHOTS = join(ARTIFACTS, 'events');
const SIZES = { laptop: { width: 1280, height: 720 }, phone: { width: 390, height: 844 } } as const;

describe('events in /admin', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launch();
    await createStaff(server.app, 'org', 'organiser');
    context = await browser.newContext({ viewport: SIZES.laptop, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/admin#events`);
    await page.locator('input[name=username]').fill('org');
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('table.events-list tbody tr').first().waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('creates an event by copying the current one, lists it, and reads its reports through the switcher', async () => {
    const current = server.app.config.event;
    // The file field only for an event file; the event's own fields only otherwise.
    expect(await page.locator('#event-file').isVisible()).toBe(false);
    await page.locator('#event-from').selectOption('file');
    expect(await page.locator('#event-file').isVisible()).toBe(true);
    expect(await page.locator('#event-id').isVisible()).toBe(false);
    await page.locator('#event-from').selectOption(`copy:${current.id}`);
    await page.locator('#event-id').fill('autumn-open-day');
    await page.locator('#event-name-kk').fill('Күзгі ашық есік күні');
    await page.locator('#event-name-ru').fill('День открытых дверей осенью');
    await page.locator('#event-name-en').fill('Autumn open day');
    await page.locator('#event-starts').fill('2027-10-10');
    await page.locator('#event-ends').fill('2027-10-11');
    await page.locator('form.new-event button[type=submit]').click();
    const row = page.locator('tr[data-event="autumn-open-day"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(String(current.stations.length));
    expect(await page.locator('#notice').textContent()).toContain('Autumn open day');

    const listed = (await server.app.inject({ method: 'GET', url: '/api/events', headers: ADMIN })).json() as EventSummary[];
    expect(listed.find((e) => e.id === 'autumn-open-day')).toMatchObject({ startsOn: '2027-10-10', endsOn: '2027-10-11', current: false, stations: current.stations.length });
    // The switcher lists it; the current event is still marked current.
    const options = await page.locator('#event-switcher option').allTextContents();
    expect(options.some((o) => o.startsWith('Autumn open day · 2027-10-10 – 2027-10-11'))).toBe(true);
    expect(options.some((o) => o.includes('(current)'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'events-1280x720-en.png'), fullPage: true });

    // Its reports: the copy's stations, no visits yet.
    await row.getByRole('button', { name: 'Reports' }).click();
    await page.locator('#reports-event').waitFor();
    expect(await page.locator('#reports-event').textContent()).toBe('Reports of “Autumn open day”');
    expect(await page.locator('#event-switcher').inputValue()).toBe('autumn-open-day');
    await page.locator('.report-body[aria-busy=false] table').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'reports-of-another-event-1280x720-en.png'), fullPage: true });
    // Back to the current event through the switcher.
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#reports-event').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('gives staff a role at the event the switcher shows: an account of the installation, a role per event', async () => {
    const current = server.app.config.event;
    await page.goto(`${server.url}/admin#users`);
    await page.locator('#event-switcher').selectOption('autumn-open-day');
    await page.locator('#users-event', { hasText: 'Autumn open day' }).waitFor();
    await page.locator('#user-username').fill('autumn-desk');
    await page.locator('#user-role').selectOption('desk');
    await page.locator('#user-password').fill(STAFF_PASSWORD);
    await page.locator('#user-username').press('Enter');
    const select = page.getByRole('combobox', { name: 'Role: autumn-desk' });
    await select.waitFor();
    expect(await select.inputValue()).toBe('desk');
    // Whoever made the autumn event is its organiser.
    expect(await page.getByRole('combobox', { name: 'Role: org' }).inputValue()).toBe('organiser');
    await page.screenshot({ path: join(SHOTS, 'staff-roles-of-another-event-1280x720-en.png'), fullPage: true });
    const roleOf = async (url: string) => ((await server.app.inject({ method: 'GET', url, headers: ADMIN })).json() as Array<{ username: string; role: string | null }>).find((u) => u.username === 'autumn-desk')?.role;
    expect(await roleOf('/api/events/autumn-open-day/users')).toBe('desk');
    expect(await roleOf('/api/users')).toBeNull();

    // At the current event the account has no role until one is given here.
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#users-event', { hasText: '(current)' }).waitFor();
    const here = page.getByRole('combobox', { name: 'Role: autumn-desk' });
    expect(await here.inputValue()).toBe('');
    await here.selectOption('desk');
    await page.locator('#notice', { hasText: 'Role saved' }).waitFor();
    expect(await roleOf('/api/users')).toBe('desk');
    expect(errors).toEqual([]);
  });

  it('reads the audit log and shifts the programme of the event the switcher shows', async () => {
    const current = server.app.config.event;
    await page.goto(`${server.url}/admin#audit`);
    await page.locator('#event-switcher').selectOption('autumn-open-day');
    await page.locator('#audit-event', { hasText: 'The log of “Autumn open day”' }).waitFor();
    // The account made there in the test before is in its log; in the current one it was only given a role.
    const made = page.locator('#audit-list tbody tr', { hasText: 'Staff account added' }).filter({ hasText: 'autumn-desk' });
    await made.first().waitFor();
    expect(await page.locator('#audit-csv').getAttribute('href')).toMatch(/^\/api\/events\/autumn-open-day\/audit\?/);
    await page.screenshot({ path: join(SHOTS, 'audit-of-another-event-1280x720-en.png'), fullPage: true });
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#audit-event').waitFor({ state: 'detached' });
    await page.locator('#audit-list tbody tr', { hasText: 'Staff account changed' }).filter({ hasText: 'autumn-desk' }).first().waitFor();
    expect(await made.count()).toBe(0);

    await page.goto(`${server.url}/admin#programme`);
    await page.locator('#event-switcher').selectOption('autumn-open-day');
    await page.locator('#programme-event', { hasText: 'Autumn open day' }).waitFor();
    const opening = page.locator('tr[data-item="opening"]');
    await opening.locator('input[type=time]').first().fill('10:05');
    await opening.getByRole('button').click();
    await page.locator('#notice', { hasText: '10:05' }).waitFor();
    const start = async (url: string) => ((await server.app.inject({ url })).json() as { items: Array<{ id: string; start: string }> }).items.find((i) => i.id === 'opening')?.start;
    expect(await start('/api/events/autumn-open-day/programme')).toBe('10:05');
    expect(await start('/api/programme')).toBe('10:00');
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#programme-event').waitFor({ state: 'detached' });
    expect(await page.locator('tr[data-item="opening"] td.num').first().textContent()).toBe('10:00–10:40');
    expect(errors).toEqual([]);
  });

  it('makes a kiosk of the event the switcher shows, with its pairing code, and lists each event\'s kiosks apart', async () => {
    const current = server.app.config.event;
    await page.goto(`${server.url}/admin#kiosks`);
    await page.locator('#event-switcher').selectOption('autumn-open-day');
    await page.locator('#kiosks-event', { hasText: 'The kiosks of “Autumn open day”' }).waitFor();
    await page.locator('#kiosk-label').fill('Autumn hall');
    await page.locator('#kiosk-label').press('Enter');
    const code = (await page.locator('#pairing-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9-]{8,}$/);
    await page.locator('table.list tbody tr', { hasText: 'Autumn hall' }).waitFor();
    expect(await page.locator('.pairing img').getAttribute('src')).toMatch(/^\/api\/events\/autumn-open-day\/kiosks\/[^/]+\/pairing-qr\.svg/);
    await page.screenshot({ path: join(SHOTS, 'kiosks-of-another-event-1280x720-en.png'), fullPage: true });
    await page.setViewportSize(SIZES.phone);
    await page.locator('.langs button', { hasText: 'Қазақша' }).click();
    await page.locator('#kiosks-event', { hasText: 'іс-шарасының киосктері' }).waitFor();
    await page.locator('table.list tbody tr', { hasText: 'Autumn hall' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'kiosks-of-another-event-390x844-kk.png'), fullPage: true });
    await page.locator('.langs button', { hasText: 'English' }).click();
    await page.setViewportSize(SIZES.laptop);
    const kiosks = async (url: string) => ((await server.app.inject({ url, headers: ADMIN })).json() as Array<{ label: string }>).map((k) => k.label);
    expect(await kiosks('/api/events/autumn-open-day/kiosks')).toContain('Autumn hall');
    expect(await kiosks('/api/kiosks')).not.toContain('Autumn hall');
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#kiosks-event').waitFor({ state: 'detached' });
    await page.locator('table.list thead').waitFor();
    expect(await page.locator('table.list tbody tr', { hasText: 'Autumn hall' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('finds someone of another event by phone at the walk-in desk and registers them here with a new badge', async () => {
    await server.app.store.forEvent('autumn-open-day').attendees.register('autumn-aigerim', { firstName: 'Aigerim', lastName: 'Serikova', institution: 'School 12', phone: '+77012345678' }, 'serikova aigerim', Date.now());
    await page.goto(`${server.url}/admin#walkIn`);
    await page.locator('#returning-phone').fill('8 701 234 56 78');
    await page.locator('#returning-phone').press('Enter');
    const found = page.locator('li[data-attendee="autumn-aigerim"]');
    await found.waitFor();
    expect(await found.textContent()).toContain('Autumn open day (2027-10-10)');
    await page.screenshot({ path: join(SHOTS, 'returning-attendee-1280x720-en.png'), fullPage: true });
    const popup = page.context().waitForEvent('page');
    await found.getByRole('button', { name: 'Register here' }).click();
    await (await popup).close();
    await page.locator('#notice', { hasText: 'Aigerim Serikova registered' }).waitFor();
    const here = (await server.app.inject({ method: 'GET', url: '/api/attendees?q=serikova', headers: ADMIN })).json() as Array<{ firstName: string; phone: string; consent: boolean }>;
    expect(here).toMatchObject([{ firstName: 'Aigerim', phone: '+77012345678', consent: false }]);
    expect(errors).toEqual([]);
  });

  it('puts the autumn event beside the current one: registered, arrived, visits per employer', async () => {
    await page.goto(`${server.url}/admin#events`);
    const row = page.locator('tr[data-event="autumn-open-day"]');
    await row.getByRole('button', { name: 'Compare with the current one' }).click();
    const card = page.locator('.event-comparison');
    await card.waitFor();
    const registered = await card.locator('[data-table="funnel"] tbody tr').first().locator('td').allTextContents();
    expect(registered).toEqual(['Registered', '1', '1']);
    // Aigerim, registered here again from the autumn event, never came to either.
    expect(await card.locator('[data-figure="returning"]').textContent()).toBe('Registered at both: 1, came to both: 0');
    expect(await card.locator('[data-table="employers"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'events-compared-1280x720-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('archives the autumn event in /admin and reads its reports beside the current one\'s: the same figures as before archiving', async () => {
    const { app } = server;
    // Dana, who agreed to be contacted, visits KazZinc at the autumn event: its reports have a visit and a lead.
    const autumn = app.store.forEvent('autumn-open-day');
    await autumn.attendees.register('autumn-dana', { firstName: 'Dana', lastName: 'Bekova', consent: true }, 'bekova dana', Date.now());
    const no = (await autumn.attendees.byId('autumn-dana'))!.badgeNo;
    await autumn.attendees.issueBadge('autumn-dana', no, 'serialDana', Date.now());
    // The autumn event is live here since its programme was shifted: its live state learns of her as the desk's badge issue tells it.
    await (await server.app.liveEvents.of('autumn-open-day'))!.live.putAttendee({ no, firstName: 'Dana', serial: 'serialDana' });
    const badge = (await BadgeSigner.load(app.store.secrets, 'autumn-open-day')).issue(no, 'serialDana');
    const token = `autumn-kiosk-${randomUUID()}`;
    await autumn.kiosks.create({ id: 'autumn-kiosk', stationId: 'kazzinc', label: 'Autumn', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
    const scanned = await app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${token}` }, payload: { id: randomUUID(), badge } });
    expect(scanned.json()).toMatchObject({ outcome: 'entered' });
    const reports = async () =>
      Promise.all(['event', 'stations', 'leads/kazzinc'].map(async (r) => (await app.inject({ method: 'GET', url: `/api/events/autumn-open-day/reports/${r}`, headers: ADMIN })).json()));
    const [event, stations, leads] = (await reports()) as [EventReport, StationsReport, LeadList];
    expect(event.funnel).toMatchObject({ registered: 2, visitedEmployer: 1 });
    expect(leads.leads.map((l) => l.firstName)).toEqual(['Dana']);

    await page.goto(`${server.url}/admin#events`);
    const row = page.locator('tr[data-event="autumn-open-day"]');
    await row.getByRole('combobox', { name: 'Status' }).selectOption('archived');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-event="autumn-open-day"].muted').waitFor();
    expect((await app.store.events.byId('autumn-open-day'))?.status).toBe('archived');
    // The archived event's reports: as they were before, through the API and on the page.
    expect(await reports()).toEqual([event, stations, leads]);
    await row.getByRole('button', { name: 'Reports' }).click();
    await page.locator('#reports-event', { hasText: 'Autumn open day' }).waitFor();
    const kazzinc = page.locator('.report-stations tr[data-station="kazzinc"]');
    await kazzinc.waitFor();
    const autumnKazzinc = stations.stations.find((x) => x.stationId === 'kazzinc')!;
    expect(autumnKazzinc.visits).toBe(1);
    expect(await kazzinc.locator('td[data-field="visits"]').textContent()).toBe('1');
    await page.locator('#report-tab-event').click();
    await page.locator('.event-report .funnel').waitFor();
    for (const [step, n] of Object.entries(event.funnel)) expect(await page.locator(`.funnel li[data-step="${step}"] .n`).textContent()).toBe(String(n));
    await page.locator('#report-tab-leads').click();
    await page.locator('.lead-list[data-station="kazzinc"] .lead-name').first().waitFor();
    expect(await page.locator('.lead-list[data-station="kazzinc"] .lead-name').allTextContents()).toEqual(['Dana Bekova']);
    await page.screenshot({ path: join(SHOTS, 'archived-event-leads-1280x720-en.png'), fullPage: true });

    // Beside it, the current event's: its own figures (the walk-in registered here, nobody at KazZinc).
    const current = server.app.config.event;
    await page.locator('#event-switcher').selectOption(current.id);
    await page.locator('#reports-event').waitFor({ state: 'detached' });
    await page.locator('#report-tab-stations').click();
    const here = (await app.inject({ method: 'GET', url: '/api/reports/stations', headers: ADMIN })).json() as StationsReport;
    await expect.poll(() => kazzinc.locator('td[data-field="visits"]').textContent()).toBe(String(here.stations.find((x) => x.stationId === 'kazzinc')!.visits));
    await page.locator('#event-switcher').selectOption('autumn-open-day');
    await page.locator('#reports-event', { hasText: 'Autumn open day' }).waitFor();
    await expect.poll(() => kazzinc.locator('td[data-field="visits"]').textContent()).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'archived-event-stations-1280x720-en.png'), fullPage: true });
    await page.locator('#event-switcher').selectOption(current.id);
    expect(errors).toEqual([]);
  });

  it('opens at the desk of their event for a desk volunteer of another event only, in their language', async () => {
    const campus = { from: 'scratch', id: 'second-campus', name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' }, startsOn: '2027-11-01' };
    expect((await server.app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: campus })).statusCode).toBe(201);
    const made = await server.app.inject({ method: 'POST', url: '/api/events/second-campus/users', headers: ADMIN, payload: { username: 'campus-desk', role: 'desk', password: STAFF_PASSWORD } });
    expect(made.statusCode).toBe(201);
    const own = await browser.newContext({ viewport: SIZES.laptop, locale: 'kk-KZ' });
    const desk = await own.newPage();
    desk.on('pageerror', (err) => errors.push(err.message));
    await desk.goto(`${server.url}/admin`);
    await desk.locator('.langs button', { hasText: 'Қазақша' }).click();
    await desk.locator('input[name=username]').fill('campus-desk');
    await desk.locator('input[name=password]').fill(STAFF_PASSWORD);
    await desk.keyboard.press('Enter');
    // Signing in takes a scrypt of the password: wait for the answer, not for a time.
    await desk.locator('#desk-event', { hasText: 'Тіркеу үстелі: «Екінші кампус» іс-шарасы' }).waitFor();
    expect(await desk.locator('#event-switcher option').allTextContents()).toEqual(['Екінші кампус · 2027-11-01 — Тіркеу үстелі']);
    await desk.screenshot({ path: join(SHOTS, 'staff-of-another-event-1280x720-kk.png'), fullPage: true });
    await own.close();
    expect(errors).toEqual([]);
  });

  it('fits a phone in every language', async () => {
    await page.setViewportSize(SIZES.phone);
    for (const [lang, name] of [['kk', 'Қазақша'], ['ru', 'Русский'], ['en', 'English']] as const) {
      await page.goto(`${server.url}/admin#events`);
      await page.locator('.langs button', { hasText: name }).click();
      await page.locator('table.events-list tbody tr').first().waitFor();
      await page.locator('form.new-event').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, lang).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `events-390x844-${lang}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
