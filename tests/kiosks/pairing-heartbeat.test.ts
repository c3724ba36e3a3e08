import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ADMIN, register, tempDir, testApp } from '../support/app.ts';

let app: FastifyInstance;
const tmp = tempDir();

beforeAll(async () => {
  app = await testApp(tmp.dir);
});
afterAll(async () => {
  await app.close();
  tmp.remove();
});

async function createKiosk(station = 'kazzinc') {
  const r = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station, label: 'tablet 1' } });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string; station: string; token: string; pairingCode: string; pairingExpiresAt: string };
}

describe('kiosk pairing', () => {
  it('gives an 8-character code, valid a day, that pairs exactly once', async () => {
    const k = await createKiosk();
    expect(k.pairingCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const hours = (Date.parse(k.pairingExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    // Typed as a volunteer might: lower case, with a dash.
    const typed = `${k.pairingCode.slice(0, 4).toLowerCase()}-${k.pairingCode.slice(4)}`;
    const first = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: typed } });
    expect(first.statusCode).toBe(200);
    const paired = first.json();
    expect(paired).toMatchObject({ id: k.id, station: 'kazzinc' });
    expect(paired.token).not.toBe(k.token);

    const again = await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: k.pairingCode } });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('pairing_code_invalid');

    // The paired token scans; the one shown at creation no longer works.
    const { badge } = await register(app, 'Daulet');
    const scan = (token: string) =>
      app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${token}` }, payload: { id: crypto.randomUUID(), badge } });
    expect((await scan(paired.token)).json().outcome).toBe('entered');
    expect((await scan(k.token)).statusCode).toBe(401);
  });

  it('refuses a wrong code and a code of a revoked kiosk', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: 'ABCDEFGH' } })).statusCode).toBe(404);
    const k = await createKiosk();
    await app.inject({ method: 'DELETE', url: `/api/kiosks/${k.id}`, headers: ADMIN });
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: k.pairingCode } })).statusCode).toBe(404);
  });

  it('draws the pairing QR for organisers only, and a new code replaces the old one', async () => {
    const k = await createKiosk();
    const qr = await app.inject({ method: 'GET', url: `/api/kiosks/${k.id}/pairing-qr.svg`, headers: ADMIN });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toContain('<svg');
    expect((await app.inject({ method: 'GET', url: `/api/kiosks/${k.id}/pairing-qr.svg` })).statusCode).toBe(401);

    const fresh = await app.inject({ method: 'POST', url: `/api/kiosks/${k.id}/pairing-code`, headers: ADMIN });
    expect(fresh.statusCode).toBe(200);
    const { pairingCode } = fresh.json();
    expect(pairingCode).not.toBe(k.pairingCode);
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: k.pairingCode } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: pairingCode } })).statusCode).toBe(200);
    const used = await app.inject({ method: 'GET', url: `/api/kiosks/${k.id}/pairing-qr.svg`, headers: ADMIN });
    expect(used.statusCode).toBe(409);
  });

  it('encodes /kiosk#pair=<code> on this server in the QR', async () => {
    const k = await createKiosk();
    const qr = await app.inject({ method: 'GET', url: `/api/kiosks/${k.id}/pairing-qr.svg`, headers: { ...ADMIN, host: 'kezek.local:8080' } });
    const { default: QRCode } = await import('qrcode');
    const expected = await QRCode.toString(`http://kezek.local:8080/kiosk#pair=${k.pairingCode}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    expect(qr.body).toBe(expected);
  });
});

describe('kiosk heartbeat', () => {
  it('stores version, pending scans and camera state, shown in the health list', async () => {
    const k = await createKiosk('umz');
    const paired = (await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: k.pairingCode } })).json();
    const headers = { authorization: `Bearer ${paired.token}` };
    const beatFrom = Date.now();
    const beat = await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers, payload: { appVersion: '1.2.3', pending: 7, camera: 'denied' } });
    const beatTo = Date.now();
    expect(beat.statusCode).toBe(204);
    const health = await app.inject({ method: 'GET', url: '/api/kiosks/health', headers: ADMIN });
    const row = health.json().find((h: { id: string }) => h.id === k.id);
    expect(row).toMatchObject({ station: 'umz', label: 'tablet 1', pending: 7, appVersion: '1.2.3', camera: 'denied' });
    // Seen when it beat, however long the machine took to answer.
    expect(Date.parse(row.lastSeenAt)).toBeGreaterThanOrEqual(beatFrom);
    expect(Date.parse(row.lastSeenAt)).toBeLessThanOrEqual(beatTo);
    expect(await app.kioskHealth.list()).toContainEqual(row);
    const listed = (await app.inject({ method: 'GET', url: '/api/kiosks', headers: ADMIN })).json().find((l: { id: string }) => l.id === k.id);
    expect(listed).toMatchObject({ lastSeenAt: row.lastSeenAt, pending: 7 });

    expect((await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers, payload: { appVersion: '1', pending: -1, camera: 'on' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers: ADMIN, payload: { appVersion: '1', pending: 0, camera: 'on' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/kiosks/health', headers })).statusCode).toBe(403);
  });

  it('stores the battery where the kiosk tells it, and forgets it when a later heartbeat does not', async () => {
    const k = await createKiosk('umz');
    const paired = (await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: k.pairingCode } })).json();
    const headers = { authorization: `Bearer ${paired.token}` };
    const beat = (payload: object) => app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers, payload: { appVersion: '1', pending: 0, camera: 'on', ...payload } });
    const battery = async () => (await app.kioskHealth.list()).find((h) => h.id === k.id)!.battery;
    expect(await battery()).toBeNull();
    expect((await beat({ battery: { level: 0.15, charging: false } })).statusCode).toBe(204);
    expect(await battery()).toEqual({ level: 0.15, charging: false });
    const listed = (await app.inject({ method: 'GET', url: '/api/kiosks', headers: ADMIN })).json().find((l: { id: string }) => l.id === k.id);
    expect(listed.battery).toEqual({ level: 0.15, charging: false });
    expect((await beat({ battery: { level: 0.9, charging: true } })).statusCode).toBe(204);
    expect(await battery()).toEqual({ level: 0.9, charging: true });
    expect((await beat({})).statusCode).toBe(204);
    expect(await battery()).toBeNull();

    const bad = await beat({ battery: { level: 1.5, charging: false } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBeTypeOf('string');
    expect((await beat({ battery: { level: 0.5 } })).statusCode).toBe(400);
  });

  it('leaves revoked kiosks out of the health list, and a revoked kiosk gets kiosk_revoked', async () => {
    const k = await createKiosk('umz');
    await app.inject({ method: 'DELETE', url: `/api/kiosks/${k.id}`, headers: ADMIN });
    expect((await app.kioskHealth.list()).some((h) => h.id === k.id)).toBe(false);
    const beat = await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers: { authorization: `Bearer ${k.token}` }, payload: { appVersion: '1', pending: 0, camera: 'on' } });
    expect(beat.statusCode).toBe(401);
    expect(beat.json().code).toBe('kiosk_revoked');
  });
});
