import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, kiosk, tempDir, testApp } from '../support/app.ts';

describe('kiosk tokens across server processes', () => {
  let dir: ReturnType<typeof tempDir>;
  let here: FastifyInstance;
  let elsewhere: FastifyInstance;

  beforeAll(async () => {
    dir = tempDir();
    here = await testApp(dir.dir);
    // A second server on the same database, as a second process is.
    elsewhere = await testApp(dir.dir);
  });
  afterAll(async () => {
    await here.close();
    await elsewhere.close();
    dir.remove();
  });

  const heartbeat = (headers: { authorization: string }) =>
    here.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers, payload: { appVersion: '1', pending: 0, camera: 'on' } });

  it('a kiosk revoked by another server stops being let in here within 2 s', async () => {
    const k = await kiosk(here, 'umz');
    expect((await heartbeat(k.headers)).statusCode).toBeLessThan(300);
    expect((await elsewhere.inject({ method: 'DELETE', url: `/api/kiosks/${k.id}`, headers: ADMIN })).statusCode).toBe(204);
    await new Promise((r) => setTimeout(r, 2_050));
    const refused = await heartbeat(k.headers);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('kiosk_revoked');
  });

  it('a kiosk revoked here is refused at once', async () => {
    const k = await kiosk(here, 'tmk');
    expect((await heartbeat(k.headers)).statusCode).toBeLessThan(300);
    expect((await here.inject({ method: 'DELETE', url: `/api/kiosks/${k.id}`, headers: ADMIN })).statusCode).toBe(204);
    expect((await heartbeat(k.headers)).json().code).toBe('kiosk_revoked');
  });
});
