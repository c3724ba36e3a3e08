// Many events in one installation, through the API: today's paths serve the current event, and
// what belongs to another event (its badges, its kiosks) is refused with a typed error.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import type { EventDef } from '../../shared/event.ts';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';

describe('two events in one installation', () => {
  let app: FastifyInstance;
  let dir: ReturnType<typeof tempDir>;
  let autumn: EventDef;

  beforeAll(async () => {
    dir = tempDir();
    app = await testApp(dir.dir);
    autumn = { ...app.config.event, id: 'autumn-open-day', date: '2027-10-10' };
    await app.store.events.create(autumn, autumn.date, autumn.date, Date.now());
    await app.store.forEvent(autumn.id).stations.save(autumn.stations);
    app.badges.knowEvents([app.config.event.id, autumn.id]);
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('refuses a badge signed for another event of the installation as that, and a forged one as invalid', async () => {
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const desk = await kiosk(app, station);
    const person = await register(app, 'Aigerim');
    const autumnBadge = (await BadgeSigner.load(app.store.secrets, autumn.id)).issue(person.badgeNo, 'autumnSerial1');
    const scan = (badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id: randomUUID(), badge } });
    const other = await scan(autumnBadge);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'badge_other_event', outcome: 'rejected', reason: 'badge_other_event' });
    const forged = await scan(autumnBadge.slice(0, -4) + (autumnBadge.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    expect(forged.json()).toMatchObject({ code: 'badge_invalid' });
    expect((await scan(person.badge)).json()).toMatchObject({ outcome: 'entered' });
  });

  it('refuses a kiosk paired to a station of another event, and its event comes with its token', async () => {
    const token = `autumn-kiosk-${randomUUID()}`;
    const station = autumn.stations[1].id;
    await app.store.forEvent(autumn.id).kiosks.create({
      id: 'autumn-kiosk', stationId: station, label: 'Autumn', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null,
    });
    expect(await app.store.kiosks.byTokenHash(tokenHash(token))).toMatchObject({ id: 'autumn-kiosk', eventId: autumn.id });
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${token}` }, payload: { id: randomUUID(), badgeNo: 1001 } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'kiosk_other_event' });
    const list = (await app.inject({ method: 'GET', url: '/api/kiosks', headers: { authorization: `Bearer ${app.config.adminToken}` } })).json() as Array<{ id: string }>;
    expect(list.map((k) => k.id)).not.toContain('autumn-kiosk');
  });
});
