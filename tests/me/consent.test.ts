// Consent per employer from the attendee's phone: only employers they visited; the lead list
// follows at once (both ways, whatever was said at registration); the audit log records it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ADMIN, appPerSuite, kiosk, signInPhone } from '../support/app.ts';

describe('consent per employer, from the phone', () => {
  let app: FastifyInstance;
  appPerSuite(async (made) => {
    app = made;
    await made.ready();
  });

  const registerWith = async (firstName: string, consent: boolean) => {
    const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName, lastName: 'Testova', category: 'school', consent } });
    return r.json() as { badgeNo: number; badge: string; pin: string };
  };
  const visit = async (badge: string, station: string) => {
    for (let i = 0; i < 2; i++) {
      const k = await kiosk(app, station);
      await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge } });
    }
  };
  const phone = (p: { badgeNo: number; pin: string }) => signInPhone(app, p);
  const leadNames = async (station: string) =>
    ((await app.inject({ method: 'GET', url: `/api/reports/leads/${station}?format=json`, headers: ADMIN })).json() as { leads?: Array<{ firstName: string }> } | Array<{ firstName: string }>);
  const names = (body: Awaited<ReturnType<typeof leadNames>>) => JSON.stringify(body);

  it('gives and withdraws consent per employer visited; the lead lists follow at once; the audit log has it', async () => {
    const a = await registerWith('Saule', false);
    await visit(a.badge, 'kazzinc');
    await visit(a.badge, 'umz');
    await visit(a.badge, 'college-1');
    const headers = await phone(a);
    const day = (await app.inject({ method: 'GET', url: '/api/me/day', headers })).json();
    expect(day.consents).toEqual([
      { stationId: 'kazzinc', given: false },
      { stationId: 'umz', given: false },
    ]);
    expect(names(await leadNames('kazzinc'))).not.toContain('Saule');

    const given = await app.inject({ method: 'PUT', url: '/api/me/consents/kazzinc', headers, payload: { given: true } });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toEqual([{ stationId: 'kazzinc', given: true }, { stationId: 'umz', given: false }]);
    expect(names(await leadNames('kazzinc'))).toContain('Saule');
    expect(names(await leadNames('umz'))).not.toContain('Saule');

    await app.inject({ method: 'PUT', url: '/api/me/consents/kazzinc', headers, payload: { given: false } });
    expect(names(await leadNames('kazzinc'))).not.toContain('Saule');

    await app.flushAudit();
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?limit=10', headers: ADMIN })).json().entries as Array<{ action: string; target: string; role: string; detail: unknown }>;
    expect(audit.filter((e) => e.action.startsWith('consent.')).map((e) => [e.action, e.target, e.role])).toEqual([
      ['consent.withdraw', 'kazzinc', 'attendee'],
      ['consent.give', 'kazzinc', 'attendee'],
    ]);
  });

  it('withdraws consent given at registration for one employer only; refuses stations not visited or not employers', async () => {
    const b = await registerWith('Timur', true);
    await visit(b.badge, 'kazzinc');
    await visit(b.badge, 'tmk');
    await visit(b.badge, 'college-2');
    const headers = await phone(b);
    expect((await app.inject({ method: 'PUT', url: '/api/me/consents/tmk', headers, payload: { given: false } })).statusCode).toBe(200);
    expect(names(await leadNames('tmk'))).not.toContain('Timur');
    expect(names(await leadNames('kazzinc'))).toContain('Timur');
    for (const station of ['umz', 'college-2', 'nowhere']) {
      const r = await app.inject({ method: 'PUT', url: `/api/me/consents/${station}`, headers, payload: { given: true } });
      expect(r.statusCode, station).toBe(409);
      expect(r.json().code).toBe('not_visited');
    }
    // Without the phone's session, or without the CSRF header, nothing changes.
    expect((await app.inject({ method: 'PUT', url: '/api/me/consents/tmk', payload: { given: true } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: '/api/me/consents/tmk', headers: { cookie: headers.cookie }, payload: { given: true } })).statusCode).toBe(403);
    expect(names(await leadNames('tmk'))).not.toContain('Timur');
  });
});
