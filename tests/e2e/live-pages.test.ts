// The wall board and the attendee screen in headless Chromium, served by a test app on port 0:
// scans posted through the API change the numbers on the pages. Screenshots at wall and phone
// size go to tests/.artifacts/ to be looked at.
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { launch } from './browser.ts';

const ARTIFACTS = 'tests/.artifacts';

describe('live pages in a browser', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  const external: string[] = [];

  const scan = async (headers: { authorization: string }, badge: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } });
    expect(r.statusCode).toBeLessThan(300);
  };
  const page = async (path: string, width: number, height: number, init?: (p: Page) => Promise<unknown>): Promise<Page> => {
    const p = await browser.newPage({ viewport: { width, height }, locale: 'en-US' });
    p.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) external.push(req.url());
    });
    if (init) await init(p);
    await p.goto(`${base}${path}`);
    return p;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await testApp(tmp.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    tmp.remove();
  });

  it('the board shows every station and follows scans; an organiser pauses a station from it', async () => {
    const board = await page('/board', 1920, 1080, (p) => p.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN));
    await board.locator('.card').first().waitFor();
    expect(await board.locator('.card').count()).toBe(app.config.event.stations.length);
    await board.getByText('Live · Organiser').waitFor();

    const gate = await kiosk(app, 'entrance');
    const employer = await kiosk(app, 'kazzinc');
    await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: ADMIN, payload: { capacity: 5 } });
    for (let i = 0; i < 7; i++) {
      const a = await register(app, `Board${i}`);
      await scan(gate.headers, a.badge);
      await scan(employer.headers, a.badge);
    }
    const card = board.locator('[data-station="kazzinc"]');
    await expect.poll(() => card.locator('.count').textContent()).toBe('5 / 5');
    await expect.poll(() => card.locator('.queue').textContent()).toBe('Queue 2');
    expect(await card.getAttribute('data-level')).toBe('red');
    // Who is on site is counted every 2 s (POLL_MS in server/realtime/realtime-plugin.ts), not on each scan.
    await expect.poll(() => board.locator('#t-onSite').textContent(), { timeout: 6_000 }).toBe('7');

    await card.click();
    await board.locator('#sd-pause').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('paused');
    await board.locator('#station-dialog .close').click();
    // Fits a 1920×1080 wall: nothing scrolls.
    const overflow = await board.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
    expect(overflow[0]).toBeLessThanOrEqual(1080);
    expect(overflow[1]).toBeLessThanOrEqual(1920);
    await board.screenshot({ path: `${ARTIFACTS}/board-1920x1080.png` });
    await board.setViewportSize({ width: 390, height: 844 });
    expect(await board.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await board.screenshot({ path: `${ARTIFACTS}/board-390x844.png`, fullPage: true });
    await board.close();
  });

  it('the board sends a call clicked again after its acknowledgement was lost with the id it went with: nobody more is called', async () => {
    // The board's calls as the server gets them (their tap ids), and the first call's acknowledgement lost on the way back.
    const calls: Array<{ ack: string; id: string }> = [];
    let upgraded = false;
    let dropped = false;
    const board = await page('/board', 1920, 1080, async (p) => {
      await p.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN);
      await p.routeWebSocket(/\/socket\.io\//, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((m) => {
          const call = /^42[^,]*,(\d+)\["queue:call-next",(.*)\]$/.exec(String(m));
          if (call) calls.push({ ack: call[1], id: (JSON.parse(call[2]) as { id: string }).id });
          if (m === '5') upgraded = true;
          server.send(m);
        });
        server.onMessage((m) => {
          if (!dropped && calls.length === 1 && String(m).startsWith('43') && String(m).includes(`,${calls[0].ack}[`)) dropped = true;
          else ws.send(m);
        });
      });
    });
    await board.getByText('Live · Organiser').waitFor();
    await expect.poll(() => upgraded).toBe(true);

    await app.inject({ method: 'PATCH', url: '/api/stations/oesk', headers: ADMIN, payload: { capacity: 1 } });
    const door = await kiosk(app, 'oesk');
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await register(app, `Call${i}`));
    for (const p of people) await scan(door.headers, p.badge);
    const card = board.locator('[data-station="oesk"]');
    await expect.poll(() => card.locator('.queue').textContent()).toBe('Queue 2');
    await card.click();
    await board.locator('#sd-call').click();
    // No acknowledgement within 5 s: the board says it is offline, the call made all the same.
    await expect.poll(() => board.locator('#sd-result').textContent(), { timeout: 8_000 }).toBe('No connection');
    expect(dropped).toBe(true);
    await board.locator('#sd-call').click();
    await expect.poll(() => board.locator('#sd-result').textContent()).toContain('✓');
    expect(calls).toHaveLength(2);
    expect(calls[1].id).toBe(calls[0].id);
    const oesk = (await app.inject({ method: 'GET', url: '/api/stations' })).json<Array<{ id: string; queue: number; calling: number[] }>>().find((s) => s.id === 'oesk');
    expect(oesk).toMatchObject({ queue: 1, calling: [people[1].badgeNo] });
    // A click after an answer is a new call.
    await board.locator('#sd-call').click();
    await expect.poll(() => calls.length).toBe(3);
    expect(calls[2].id).not.toBe(calls[0].id);
    await board.close();
  }, 30_000);

  it('the screen shows queues, waits, called badge numbers and where to go now, rotating languages', async () => {
    const screen = await page('/screen', 1920, 1080, (p) => p.clock.install());
    await screen.locator('.row').first().waitFor();
    expect(await screen.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(await screen.locator('.row').count()).toBe(app.config.event.stations.filter((s) => s.mode !== 'gate').length);
    await expect.poll(() => screen.locator('#go-now .go').count()).toBeGreaterThan(0);

    await app.inject({ method: 'PATCH', url: '/api/stations/umz', headers: ADMIN, payload: { capacity: 1 } });
    const door = await kiosk(app, 'umz');
    const exit = await kiosk(app, 'umz');
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await register(app, `Screen${i}`));
    for (const p of people) await scan(door.headers, p.badge);
    const row = screen.locator('[data-station="umz"]');
    await expect.poll(() => row.locator('.n').textContent()).toBe('2');
    await scan(exit.headers, people[0].badge);
    await expect.poll(() => screen.locator('#calling .numbers').first().textContent()).toBe(`№${people[1].badgeNo}`);
    await expect.poll(() => row.locator('.n').textContent()).toBe('1');
    expect(await screen.locator('#go-now').textContent()).not.toContain('UMZ');

    await screen.clock.runFor(10_500);
    expect(await screen.evaluate(() => document.documentElement.lang)).toBe('ru');
    await screen.clock.runFor(10_000);
    expect(await screen.evaluate(() => document.documentElement.lang)).toBe('en');
    await screen.screenshot({ path: `${ARTIFACTS}/screen-1920x1080.png` });
    const overflow = await screen.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth]);
    expect(overflow[0]).toBeLessThanOrEqual(1080);
    await screen.setViewportSize({ width: 390, height: 844 });
    expect(await screen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screen.screenshot({ path: `${ARTIFACTS}/screen-390x844.png`, fullPage: true });
    await screen.close();
  });

  it('opens each page at its address typed or printed with a slash at the end', async () => {
    for (const [path, ready] of [['/screen/', '.row'], ['/board/', '.card'], ['/me/', '#sign-in'], ['/kiosk/', '#pair-code'], ['/admin/', 'input[name=username]']] as const) {
      const p = await page(path, 1280, 720, (x) => x.addInitScript((token) => localStorage.setItem('kezek.adminToken', token), ADMIN_TOKEN));
      await p.locator(ready).first().waitFor({ timeout: 10_000 });
      expect(await p.evaluate(() => document.title), path).toMatch(/^Kezek/);
      await p.close();
    }
  });

  it('shows a browser at an address that is no page the event’s pages in the three languages; a script gets JSON', async () => {
    const p = await page('/programme', 390, 844);
    expect(await p.locator('p[lang="ru"]').textContent()).toBe('Такой страницы нет. Страницы мероприятия:');
    expect(await p.locator('p[lang="kk"]').textContent()).toBe('Мұндай бет жоқ. Іс-шараның беттері:');
    expect(await p.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['/screen', '/me', '/kiosk', '/board', '/admin']);
    await p.locator('a[href="/screen"]').click();
    await p.locator('.row').first().waitFor();
    await p.close();
    const status = await fetch(`${base}/programme`, { headers: { accept: 'text/html' } });
    expect([status.status, status.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    const script = await fetch(`${base}/programme`);
    expect([script.status, await script.json()]).toEqual([404, { code: 'not_found', message: 'GET /programme does not exist' }]);
    const api = await fetch(`${base}/api/nothing`, { headers: { accept: 'text/html' } });
    expect([api.status, (await api.json()).code]).toEqual([404, 'not_found']);
  });

  it('loads nothing from outside the server', () => {
    expect(external).toEqual([]);
  });
});
