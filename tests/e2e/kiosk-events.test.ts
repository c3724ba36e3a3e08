// The kiosk page with several events in one installation, in headless Chromium: a closed event's
// refusal in words, a kiosk of a second campus scanning for its own event at /e/<event>/kiosk,
// with either live store, and the refusal in words once that event is closed; a second campus's kiosk
// made at its event's path starts its own session.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import { ADMIN, register } from '../support/app.ts';
import { ARTIFACTS, TABLET, launch, openKiosk, scanWedge, startServer, verdictFor } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A test server for the describe it is called in: started before its tests, closed after them. */
function serverPerSuite(opts: Parameters<typeof startServer>[0] = {}): () => Awaited<ReturnType<typeof startServer>> {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  beforeAll(async () => {
    server = await startServer(opts);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

/** A second campus copied from the current event, with one registered attendee and a kiosk at `station`; its token and the attendee's badge. */
async function secondCampus(app: FastifyInstance, station: string): Promise<{ token: string; badge: string; badgeNo: number }> {
  const copy = { from: 'copy', source: app.config.event.id, id: 'campus-two', name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' }, startsOn: app.config.event.date };
  expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copy })).statusCode).toBe(201);
  const campus = app.store.forEvent('campus-two');
  await campus.attendees.register('campus-bota', { firstName: 'Bota' }, 'bota', Date.now());
  const badgeNo = (await campus.attendees.byId('campus-bota'))!.badgeNo;
  await campus.attendees.issueBadge('campus-bota', badgeNo, 'serialBota', Date.now());
  const token = `campus-kiosk-${randomUUID()}`;
  await campus.kiosks.create({ id: 'campus-kiosk', stationId: station, label: 'Campus', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
  return { token, badge: (await BadgeSigner.load(app.store.secrets, 'campus-two')).issue(badgeNo, 'serialBota'), badgeNo };
}

/** The kiosk page at `path`, paired as that kiosk (the pairing it keeps, as a device paired earlier keeps it). */
async function pairedKiosk(url: string, path: string, station: string, token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: TABLET, locale: 'en-GB' });
  await context.addInitScript((p) => localStorage.setItem('kezek.kiosk', JSON.stringify(p)), { id: 'campus-kiosk', station, token });
  const page = await context.newPage();
  await page.goto(`${url}${path}`);
  await page.locator('#app').waitFor({ state: 'visible' });
  return { context, page };
}

describe('kiosks and events, in-process', () => {
  const server = serverPerSuite();

  it('says the event is closed, in the volunteer\'s language, and scans again once it is opened', async () => {
    const person = await register(server().app, 'Aruzhan');
    const { page, context } = await openKiosk(browser, server(), 'umz', TABLET);
    const course = (status: string) => server().app.inject({ method: 'PATCH', url: `/api/events/${server().app.config.event.id}`, headers: ADMIN, payload: { status } });
    await course('closed');
    await page.getByRole('button', { name: 'Қазақша' }).first().click();
    await scanWedge(page, person.badge);
    expect(await verdictFor(page, null)).toMatchObject({ tone: 'refused', title: 'Іс-шара жабық', pending: false });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-event-closed-tablet-kk.png` });
    expect(await page.locator('#pending').getAttribute('data-count')).toBe('0');
    await course('open');
    await page.locator('#feedback').waitFor({ state: 'hidden' });
    await scanWedge(page, person.badge);
    expect(await verdictFor(page, person.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Aruzhan' });
    await context.close();
  });

  it('a second campus\'s kiosk at /e/<event>/kiosk scans its own attendees and refuses the current event\'s badges as another event\'s', async () => {
    const campus = await secondCampus(server().app, 'tmk');
    const { page, context } = await pairedKiosk(server().url, '/e/campus-two/kiosk', 'tmk', campus.token);
    // Its live state open (rebuilt from its log), as the page's first read opens it: on a loaded
    // machine that may take longer than a kiosk waits for an answer, and the kiosk would give its
    // own verdict (a badge number, no name) instead of the server's.
    await server().app.liveEvents.of('campus-two');
    await scanWedge(page, campus.badge);
    expect(await verdictFor(page, campus.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Bota' });
    await expect.poll(() => page.locator('#occupancy').textContent()).toMatch(/^1\b/);
    await page.locator('#feedback').waitFor({ state: 'hidden' });
    const here = await register(server().app, 'Dana');
    await scanWedge(page, here.badge);
    expect(await verdictFor(page, null)).toMatchObject({ tone: 'refused', title: 'This badge is for another event' });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-second-campus-tablet.png` });
    await context.close();
  });

  it('a second campus\'s kiosk made at its event\'s path starts its session there, the current event\'s station untouched', async () => {
    const app = server().app;
    const talk = app.config.event.stations.find((s) => s.mode === 'sessions')!.id;
    const made = await app.inject({ method: 'POST', url: '/api/events/campus-two/kiosks', headers: ADMIN, payload: { station: talk, label: 'Campus talk' } });
    expect(made.statusCode).toBe(201);
    const { page, context } = await pairedKiosk(server().url, '/e/campus-two/kiosk', talk, (made.json() as { token: string }).token);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.locator('#session-start').click();
    const started = async (url: string) => ((await app.inject({ url })).json().stations as Array<{ id: string; sessionStartedAt: string | null }>).find((s) => s.id === talk)!.sessionStartedAt;
    await expect.poll(() => started('/api/events/campus-two/live')).not.toBeNull();
    await page.locator('#session-end').waitFor({ state: 'visible' });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-second-campus-session-tablet.png` });
    expect(await started(`/api/events/${app.config.event.id}/live`)).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a kiosk of an archived event', () => {
  const server = serverPerSuite();

  it('locks, saying in the volunteer\'s language that its event is archived, keeps the scan it could not send, and says so again after a reload', async () => {
    const campus = await secondCampus(server().app, 'tmk');
    const { page, context } = await pairedKiosk(server().url, '/e/campus-two/kiosk', 'tmk', campus.token);
    // The badge's number typed by hand: one field's input, not a scanner's keys, which a loaded machine may space out.
    const typeNumber = async () => {
      await page.locator('#number').fill(String(campus.badgeNo));
      await page.locator('#number').press('Enter');
    };
    await typeNumber();
    expect(await verdictFor(page, campus.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Bota' });
    for (const status of ['closed', 'archived']) {
      expect((await server().app.inject({ method: 'PATCH', url: '/api/events/campus-two', headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    await page.locator('#feedback').waitFor({ state: 'hidden' });
    await typeNumber();
    const lock = page.locator('#lock');
    await lock.waitFor({ state: 'visible' });
    expect(await lock.locator('h1').textContent()).toBe('Event archived');
    expect(await lock.locator('#lock-text').textContent()).toContain('archived: it takes no more scans');
    expect(await lock.locator('#lock-unsent').textContent()).toBe('Scans not sent: 1');
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-event-archived-tablet-en.png` });
    for (const [language, title] of [['Қазақша', 'Іс-шара мұрағатта'], ['Русский', 'Мероприятие в архиве']]) {
      await lock.getByRole('button', { name: language }).click();
      expect(await lock.locator('h1').textContent()).toBe(title);
    }
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-event-archived-tablet-ru.png` });
    // Opened again, with no scan typed: its first heartbeat locks it, in the language it was left in.
    await page.reload();
    await lock.waitFor({ state: 'visible' });
    expect(await lock.locator('h1').textContent()).toBe('Мероприятие в архиве');
    await context.close();
  }, 90_000);
});

describe('kiosks and events, with Redis', () => {
  const server = serverPerSuite({ redis: true });

  it('a second campus\'s kiosk scans for its own event, and says so in words once that event is closed', async () => {
    const campus = await secondCampus(server().app, 'tmk');
    const { page, context } = await pairedKiosk(server().url, '/e/campus-two/kiosk', 'tmk', campus.token);
    // Its live state open (Redis seeded from its log, its archiver started), as the page's first
    // read opens it: on a loaded machine that takes longer than a kiosk waits for an answer, and
    // the kiosk would give its own verdict (a badge number, no name) instead of the server's.
    await server().app.liveEvents.of('campus-two');
    await scanWedge(page, campus.badge);
    expect(await verdictFor(page, campus.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Bota' });
    expect((await server().app.inject({ method: 'PATCH', url: '/api/events/campus-two', headers: ADMIN, payload: { status: 'closed' } })).statusCode).toBe(200);
    await page.locator('#feedback').waitFor({ state: 'hidden' });
    await scanWedge(page, campus.badge);
    expect(await verdictFor(page, null)).toMatchObject({ tone: 'refused', title: 'The event is closed', pending: false });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-other-event-closed-tablet.png` });
    await context.close();
  });
});
