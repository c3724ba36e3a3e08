// Rate limits at their configured defaults (README "Security"): sign-in per user name and address
// and per address, pairing codes and anonymous reads per address, scans and typed numbers per
// kiosk, attendees per staff member; a refusal is 429 with Retry-After and a typed body. In Redis
// mode the counts live in Redis (another process sees them). The pages say it in the reader's
// language, and a kiosk's outbox waits as told and loses no scan.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, deleteRedisKeys, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import { LAPTOP, TABLET, launch, openKiosk, startServer, verdictFor } from '../e2e/browser.ts';

const signInFrom = (app: FastifyInstance, remoteAddress: string, username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/session', remoteAddress, headers: { 'x-kezek': '1' }, payload: { username, password } });

/** A 429 as the API promises it: Retry-After in whole seconds and `{ code: 'rate_limited', message }`. */
function expectRateLimited(r: LightMyRequestResponse): number {
  expect(r.statusCode, r.body).toBe(429);
  expect(r.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Too many requests: try again in \d+ s$/) });
  const seconds = Number(r.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  return seconds;
}

describe('rate limits at their defaults', () => {
  const data = tempDir();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await testApp(data.dir, { limits: 'configured' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('brute force on a user gets 429 by the 11th wrong password, with a growing wait; the user signs in from elsewhere', async () => {
    await createStaff(app, 'victim', 'organiser');
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await signInFrom(app, '10.0.0.66', 'victim', `guess-${i}`);
      statuses.push(r.statusCode);
      if (r.statusCode === 429) waits.push(expectRateLimited(r));
      else expect(r.json().code).toBe('bad_credentials');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429, 429]);
    // Each attempt while locked doubles the wait: a minute, two, four…
    expect(waits[0]).toBeGreaterThanOrEqual(59);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(2 * waits[i - 1] - 1);
    // Even the right password is refused from the attacker's address while it is locked…
    expectRateLimited(await signInFrom(app, '10.0.0.66', 'victim', STAFF_PASSWORD));
    // …but the user at their own desk signs in, and so does another user from the attacker's address.
    expect((await signInFrom(app, '10.0.0.7', 'victim', STAFF_PASSWORD)).statusCode).toBe(200);
    await createStaff(app, 'colleague', 'desk');
    expect((await signInFrom(app, '10.0.0.66', 'colleague', STAFF_PASSWORD)).statusCode).toBe(200);
  });

  it('an address that tries many user names is stopped after 20 failures a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await signInFrom(app, '10.0.0.88', `nobody-${i}`, 'secret')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await signInFrom(app, '10.0.0.89', 'nobody-0', 'secret')).statusCode).toBe(401);
  });

  it('guessing pairing codes gets 429 after 10 a minute from one address, not from another', async () => {
    const guess = (remoteAddress: string) => app.inject({ method: 'POST', url: '/api/kiosks/pair', remoteAddress, payload: { code: randomUUID().slice(0, 8) } });
    for (let i = 0; i < 10; i++) expect((await guess('10.0.1.1')).json().code).toBe('pairing_code_invalid');
    expectRateLimited(await guess('10.0.1.1'));
    expect((await guess('10.0.1.2')).json().code).toBe('pairing_code_invalid');
    // A real code from the limited address waits too: the limit counts attempts, not only failures.
    const created = (await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'kazzinc' } })).json();
    expectRateLimited(await app.inject({ method: 'POST', url: '/api/kiosks/pair', remoteAddress: '10.0.1.1', payload: { code: created.pairingCode } }));
  });

  it('a kiosk flooding scans gets 429 with Retry-After after a burst of 30; other kiosks scan on', async () => {
    const flooder = await kiosk(app, 'umz');
    const neighbour = await kiosk(app, 'tmk');
    const a = await register(app, 'Flood');
    const scan = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge: a.badge } });
    const answers = await Promise.all(Array.from({ length: 40 }, () => scan(flooder.headers)));
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(30);
    expect(limited).toHaveLength(10);
    for (const r of limited) expect(expectRateLimited(r)).toBeLessThanOrEqual(3);
    // Refused scans never reached the log: the kiosk keeps them and sends them again later.
    expect(app.sqlite.prepare('SELECT count(*) AS n FROM scans WHERE kiosk_id = ?').get(flooder.id)).toEqual({ n: 30 });
    expect((await scan(neighbour.headers)).statusCode).toBe(200);
  });

  it('typed badge numbers: 20 a minute per kiosk, known or not; QR scans go on', async () => {
    const k = await kiosk(app, 'mc-metallurgy');
    const other = await kiosk(app, 'mc-it');
    const a = await register(app, 'Typed');
    const scan = (headers: Record<string, string>, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), ...payload } });
    // Guessing sequential numbers: each is a scan, and the twenty-first in a minute is refused.
    for (let i = 0; i < 20; i++) expect((await scan(k.headers, { badgeNo: a.badgeNo + 1 + i })).json().reason).toBe('badge_unknown');
    expectRateLimited(await scan(k.headers, { badgeNo: a.badgeNo }));
    expect((await scan(k.headers, { badge: a.badge })).statusCode).toBe(200);
    expect((await scan(other.headers, { badgeNo: a.badgeNo })).statusCode).toBe(200);
  });

  it('anonymous reads: 600 a minute per address; kiosks and staff are not counted', async () => {
    const k = await kiosk(app, 'oesk');
    const read = (remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/api/totals', remoteAddress, headers });
    for (let i = 0; i < 600; i++) expect((await read('10.0.2.1')).statusCode).toBe(200);
    expectRateLimited(await read('10.0.2.1'));
    expectRateLimited(await app.inject({ method: 'GET', url: '/board', remoteAddress: '10.0.2.1' }));
    expect((await read('10.0.2.2')).statusCode).toBe(200);
    expect((await read('10.0.2.1', k.headers)).statusCode).toBe(200);
    expect((await read('10.0.2.1', ADMIN)).statusCode).toBe(200);
  });
});

describe('rate limits set lower', () => {
  const data = tempDir();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await testApp(data.dir, { limits: 'configured', env: { LIMIT_ATTENDEES: '3' } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('attendees registered per staff member', async () => {
    await createStaff(app, 'desk-1', 'desk');
    await createStaff(app, 'desk-2', 'desk');
    const one = await signIn(app, 'desk-1');
    const two = await signIn(app, 'desk-2');
    const add = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/attendees', headers, payload: { firstName: 'Walk', lastName: 'In', category: 'school' } });
    for (let i = 0; i < 3; i++) expect((await add(one)).statusCode).toBe(201);
    expectRateLimited(await add(one));
    expect((await add(two)).statusCode).toBe(201);
  });
});

describe('rate limits in Redis', () => {
  const data = tempDir();
  const prefix = `kezek-test-${randomUUID()}`;
  afterAll(async () => {
    await deleteRedisKeys(prefix);
    data.remove();
  });

  it('are shared: another server process sees the counts', async () => {
    const guess = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/kiosks/pair', remoteAddress: '10.0.3.1', payload: { code: 'WRONG123' } });
    const first = await testApp(data.dir, { redis: true, prefix, limits: 'configured' });
    for (let i = 0; i < 10; i++) expect((await guess(first)).statusCode).toBe(404);
    await first.close();
    const second = await testApp(data.dir, { redis: true, prefix, limits: 'configured' });
    try {
      expectRateLimited(await guess(second));
      expect((await signInFrom(second, '10.0.3.1', 'admin', 'wrong')).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe('the pages say it in the reader’s language', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    // Three scans at once, one a second: an outage's outbox meets the limit at once.
    server = await startServer({ limits: 'configured', env: { LIMIT_SCAN_BURST: '3', LIMIT_SCANS_PER_SECOND: '1' } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the admin sign-in, in Russian', async () => {
    await createStaff(server.app, 'org', 'organiser');
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    const error = page.locator('form .error, [role=alert]').first();
    for (let i = 0; i < 6; i++) {
      await page.locator('input[name=username]').fill('org');
      await page.locator('input[name=password]').fill(`wrong-${i}`);
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    }
    await expect.poll(() => error.textContent()).toMatch(/^Слишком много попыток\. Повторите через 60 с\.$/);
    await page.screenshot({ path: 'tests/.artifacts/admin-sign-in-rate-limited.png' });
    await context.close();
  });

  it('a kiosk back from an outage sends its outbox as fast as allowed, says so, and loses no scan', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => register(server.app, `Queue${i}`)));
    const { page, context, kioskId, errors } = await openKiosk(browser, server, 'entrance', TABLET);
    await page.waitForFunction(() => localStorage.getItem('kezek.badge-key') !== null);
    await context.setOffline(true);
    // Numbers typed by hand (a scanner's keystrokes can straggle on a busy test machine).
    for (const p of people) {
      await page.locator('#number').fill(String(p.badgeNo));
      await page.locator('#number').press('Enter');
      expect((await verdictFor(page, p.badgeNo, 20_000)).pending).toBe(true);
    }
    await page.locator('#pending[data-count="8"]').waitFor();
    await context.setOffline(false);
    await page.locator('#panel-note.warn', { hasText: /^Scans too fast: the next ones are kept on this tablet and sent in \d s\.$/ }).waitFor();
    if (await page.locator('#feedback').isVisible()) await page.locator('#feedback').click();
    await page.screenshot({ path: 'tests/.artifacts/kiosk-scans-throttled-tablet.png' });
    await page.locator('#pending[data-count="0"]').waitFor({ timeout: 20_000 });
    const logged = server.app.sqlite.prepare('SELECT badge_no AS no FROM scans WHERE kiosk_id = ? ORDER BY badge_no').all(kioskId) as Array<{ no: number }>;
    expect(logged.map((r) => r.no)).toEqual(people.map((p) => p.badgeNo).sort((x, y) => x - y));
    expect(await page.locator('#net').textContent()).toBe('Online');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
