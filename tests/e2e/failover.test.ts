// A kiosk page and a board served by A keep working when A is killed: the kiosk sends its outbox
// and new scans to B (the same scan ids), the board reconnects to B and shows A not answering.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { freePort, startServer, stopServer } from '../support/server-process.ts';
import { ARTIFACTS, LAPTOP, TABLET, launch, scanWedge, verdictFor } from './browser.ts';

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...ADMIN }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as Record<string, unknown>;
}

describe('failover in the browser', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let browser: Browser;
  const dirs = [tempDir(), tempDir()];
  const children: ChildProcess[] = [];
  let urls: string[];

  beforeAll(async () => {
    database = await testDatabase();
    redis = await startRedis('aof');
    browser = await launch();
    const ports = [await freePort(), await freePort()];
    urls = ports.map((p) => `http://127.0.0.1:${p}`);
    for (const [i, port] of ports.entries()) {
      const server = await startServer({
        PORT: String(port),
        DATA_DIR: dirs[i].dir,
        ADMIN_TOKEN,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'kezek-browser-failover',
        REDIS_DURABILITY: 'aof',
        PUBLIC_URLS: urls.join(','),
      });
      children.push(server.child);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(children.map((c) => stopServer(c)));
    await redis?.remove();
    await database?.drop();
    for (const d of dirs) d.remove();
  });

  it('a kiosk whose server is killed sends its scans to another, each once; the board follows and shows the dead one', async () => {
    const [a, b] = urls;
    const people = [];
    for (let i = 0; i < 6; i++) people.push((await post(`${a}/api/attendees`, { firstName: `Қонақ${i}`, lastName: 'Failover', category: 'school' })) as { badge: string; badgeNo: number });
    const made = (await post(`${a}/api/kiosks`, { station: 'entrance' })) as { pairingCode: string };

    const kioskContext = await browser.newContext({ viewport: TABLET, locale: 'en-GB' });
    await kioskContext.grantPermissions(['camera'], { origin: a });
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`${a}/kiosk#pair=${made.pairingCode}`);
    await kiosk.locator('#app').waitFor({ state: 'visible' });
    await kiosk.waitForFunction(() => document.getElementById('occupancy')?.textContent !== '–');

    const board = await (await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' })).newPage();
    await board.goto(`${a}/board`);
    await board.locator('#servers .server.up').nth(1).waitFor({ timeout: 15_000 });
    expect(await board.locator('#servers').textContent()).toContain('Servers:');

    const scanned = new Map<string, string>();
    kiosk.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/scans')) scanned.set(JSON.parse(req.postData() ?? '{}').id as string, new URL(req.url()).origin);
    });
    for (const p of people.slice(0, 3)) {
      await scanWedge(kiosk, p.badge);
      expect((await verdictFor(kiosk, p.badgeNo)).tone).toBe('welcome');
    }

    await stopServer(children[0], 'SIGKILL');
    for (const p of people.slice(3)) {
      await scanWedge(kiosk, p.badge);
      expect((await verdictFor(kiosk, p.badgeNo)).tone).toBe('welcome');
    }
    await kiosk.locator('#pending[data-count="0"]').waitFor({ timeout: 30_000 });
    await kiosk.screenshot({ path: `${ARTIFACTS}/failover-kiosk-tablet.png` });
    // Every scan id went to B in the end; B counts each person once.
    expect(scanned.size).toBe(6);
    expect([...scanned.values()].filter((origin) => origin === b).length).toBeGreaterThanOrEqual(3);
    const stations = (await (await fetch(`${b}/api/stations`)).json()) as Array<{ id: string; occupancy: number; visits: number }>;
    expect(stations.find((s) => s.id === 'entrance')).toMatchObject({ occupancy: 6, visits: 6 });

    // The board reconnected to B, and says A does not answer.
    await board.locator(`#servers .server.down[data-url="${a}"]`).waitFor({ timeout: 20_000 });
    await board.locator('#conn:not(.down)').waitFor({ timeout: 20_000 });
    await board.locator(`#servers .server.up[data-url="${b}"]`).waitFor();
    await board.screenshot({ path: `${ARTIFACTS}/failover-board-laptop.png` });
  }, 180_000);
});
