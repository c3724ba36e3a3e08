// A server with DATABASE_URL keeps what has moved behind the durable store in PostgreSQL: a scan
// answered before a restart is answered the same after it, and live state is rebuilt from there.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newToken, tokenHash } from '../../server/plugins/auth.ts';
import { register, tempDir, testApp } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';

describe('a server with DATABASE_URL', () => {
  let database: TestDatabase;
  let dir: ReturnType<typeof tempDir>;
  const apps: FastifyInstance[] = [];
  const start = async (dataDir = dir.dir, redis = false) => {
    const app = await testApp(dataDir, { env: { DATABASE_URL: database.url }, redis });
    apps.push(app);
    return app;
  };

  beforeEach(async () => {
    database = await testDatabase();
    dir = tempDir();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await database.drop();
    dir.remove();
  });

  it('answers a scan id again after a restart as first answered, with the occupancy rebuilt from PostgreSQL', async () => {
    const first = await start();
    expect(first.store.dialect).toBe('postgres');
    const person = await register(first, 'Аружан');
    const token = newToken();
    await first.store.kiosks.create({ id: 'k1', stationId: 'tmk', label: '', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
    const headers = { authorization: `Bearer ${token}` };
    const scan = { id: randomUUID(), badge: person.badge };
    const answered = await first.inject({ method: 'POST', url: '/api/scans', headers, payload: scan });
    expect(answered.json()).toMatchObject({ outcome: 'entered', station: { id: 'tmk', occupancy: 1 } });
    await first.close();
    apps.length = 0;

    // Another data folder: nothing of the first start's DATA_DIR is needed for this.
    const other = tempDir();
    try {
      const second = await start(other.dir);
      const again = await second.inject({ method: 'POST', url: '/api/scans', headers, payload: scan });
      expect(again.json()).toEqual({ ...answered.json(), replayed: true });
      const stations = (await second.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; occupancy: number }>;
      expect(stations.find((s) => s.id === 'tmk')?.occupancy).toBe(1);
      // The badge verifies with the key kept in PostgreSQL, and its attendee is known from there.
      const later = await second.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge: person.badge } });
      expect(later.statusCode).toBe(200);
      expect(later.json().outcome).not.toBe('rejected');
    } finally {
      for (const app of apps.splice(0)) await app.close();
      other.remove();
    }
  });

  it('with REDIS_URL too, archives the Redis log into PostgreSQL and seeds Redis from there', async () => {
    const app = await start(dir.dir, true);
    const person = await register(app, 'Бекзат');
    const token = newToken();
    await app.store.kiosks.create({ id: 'k2', stationId: 'tmk', label: '', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
    const scan = { id: randomUUID(), badge: person.badge };
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${token}` }, payload: scan });
    expect(r.json()).toMatchObject({ outcome: 'entered' });
    await app.archiver!.drain();
    expect(await app.store.log.answerOf(scan.id)).toEqual(r.json());
    expect((await app.store.log.read()).people.map((p) => p.no)).toEqual([person.badgeNo]);
  });
});
