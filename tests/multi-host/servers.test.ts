// PUBLIC_URLS: the event's servers as a page learns them (pairing, GET /api/servers), which of
// them answer, and pages of the other servers allowed to call this one (and no other page).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, tempDir, testApp } from '../support/app.ts';
import { freePort } from '../support/server-process.ts';

describe('the event’s servers (PUBLIC_URLS)', () => {
  const dir = tempDir();
  let app: FastifyInstance;
  let own: string;
  let dead: string;
  const peer = 'http://192.0.2.7:3000';

  beforeAll(async () => {
    dead = `http://127.0.0.1:${await freePort()}`;
    const port = await freePort();
    own = `http://127.0.0.1:${port}`;
    app = await testApp(dir.dir, { env: { PUBLIC_URLS: `${own},${dead}`, PORT: String(port) } });
    await app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('names every server at pairing and says which answer', async () => {
    const made = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'entrance' } });
    expect(made.json().servers).toEqual([own, dead]);
    const paired = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: made.json().pairingCode } });
    expect(paired.json().servers).toEqual([own, dead]);
    let list: Array<{ url: string; alive: boolean; checkedAt: string | null }> = [];
    // The first look may come before this server listens: the next, 3 s later, finds it.
    for (let i = 0; i < 100 && !list.some((s) => s.url === own && s.alive); i++) {
      list = (await app.inject({ method: 'GET', url: '/api/servers' })).json().servers;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(list.map(({ url, alive }) => ({ url, alive }))).toEqual([
      { url: own, alive: true },
      { url: dead, alive: false },
    ]);
  });

  it('lets pages of the other servers call it with a bearer token, and no other page', async () => {
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/scans', headers: { origin: dead, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(dead);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const stations = await app.inject({ method: 'GET', url: '/api/stations', headers: { origin: dead } });
    expect(stations.headers['access-control-allow-origin']).toBe(dead);
    expect(stations.headers['access-control-allow-credentials']).toBeUndefined();
    const stranger = await app.inject({ method: 'GET', url: '/api/stations', headers: { origin: peer } });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const page = await app.inject({ method: 'GET', url: '/kiosk' });
    const csp = String(page.headers['content-security-policy']);
    expect(/connect-src[^;]*/.exec(csp)?.[0]).toContain(`${dead} ${dead.replace('http', 'ws')}`);
  });
});
