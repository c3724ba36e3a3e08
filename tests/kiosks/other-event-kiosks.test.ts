// The kiosks of any event of the installation (/api/events/:event/kiosks): made, paired, listed and
// revoked at that event by its organisers; a kiosk of another event live here acts on its own event.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ADMIN, appPerSuite, register } from '../support/app.ts';
import { CAMPUS, copyOf, secondCampus } from '../support/second-event.ts';
import { createStaff, signIn } from '../support/staff.ts';

describe('the kiosks of another event, two events live at once', () => {
  let app: FastifyInstance;
  appPerSuite((started) => {
    app = started;
  });
  const at = (path: string) => `/api/events/${CAMPUS}/kiosks${path}`;

  it('makes and pairs a kiosk of the second campus that starts a session and calls the queue there, the first campus untouched', async () => {
    const spring = app.config.event;
    const talk = spring.stations.find((s) => s.mode === 'sessions')!.id;
    const { badges } = await secondCampus(app, talk);
    const made = await app.inject({ method: 'POST', url: at(''), headers: ADMIN, payload: { station: talk, label: 'Hall B' } });
    expect(made.statusCode).toBe(201);
    const { id, pairingCode } = made.json() as { id: string; pairingCode: string };
    // Today's paths know nothing of it; its event's do.
    expect(((await app.inject({ method: 'GET', url: '/api/kiosks', headers: ADMIN })).json() as Array<{ id: string }>).map((k) => k.id)).not.toContain(id);
    expect(((await app.inject({ method: 'GET', url: at(''), headers: ADMIN })).json() as Array<{ id: string; label: string }>).find((k) => k.id === id)).toMatchObject({ label: 'Hall B', station: talk });
    // A device pairs at its event's path, or at today's (the /kiosk page) while its event is live here.
    expect((await app.inject({ method: 'POST', url: `/api/events/${app.config.event.id}/kiosks/pair`, payload: { code: pairingCode } })).statusCode).toBe(404);
    const paired = await app.inject({ method: 'POST', url: at('/pair'), payload: { code: pairingCode } });
    expect(paired.json()).toMatchObject({ id, station: talk });
    const headers = { authorization: `Bearer ${(paired.json() as { token: string }).token}` };

    const start = await app.inject({ method: 'POST', url: `/api/stations/${talk}/session`, headers, payload: { action: 'start' } });
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({ id: talk, sessionStartedAt: expect.any(String) });
    const scan = await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge: badges[0] } });
    expect(scan.json()).toMatchObject({ station: { id: talk, occupancy: 1 } });
    const call = await app.inject({ method: 'POST', url: `/api/stations/${talk}/call-next`, headers });
    expect(call.json()).toMatchObject({ code: 'queue_empty' });

    const station = (list: Array<{ id: string; occupancy: number; sessionStartedAt: string | null }>) => list.find((s) => s.id === talk)!;
    expect(station((await app.inject({ method: 'GET', url: `/api/events/${CAMPUS}/live` })).json().stations)).toMatchObject({ occupancy: 1, sessionStartedAt: expect.any(String) });
    expect(station((await app.inject({ method: 'GET', url: '/api/stations' })).json())).toMatchObject({ occupancy: 0, sessionStartedAt: null });
    // Its event's audit log has the pairing and the session; today's has neither.
    const actions = async (url: string) => ((await app.inject({ method: 'GET', url, headers: ADMIN })).json() as { entries: Array<{ action: string; target: string }> }).entries.filter((e) => e.target === id || e.target === talk).map((e) => e.action);
    expect(await actions(`/api/events/${CAMPUS}/audit`)).toEqual(expect.arrayContaining(['kiosk.create', 'kiosk.pair', 'station.session_start']));
    expect(await actions('/api/audit')).toEqual([]);

    // Health and revoking, at its event.
    expect(((await app.inject({ method: 'GET', url: at('/health'), headers: ADMIN })).json() as Array<{ id: string }>).map((k) => k.id)).toContain(id);
    const code = (await app.inject({ method: 'POST', url: at(`/${id}/pairing-code`), headers: ADMIN })).json() as { pairingCode: string };
    expect((await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: code.pairingCode } })).json()).toMatchObject({ id, station: talk });
    expect((await app.inject({ method: 'DELETE', url: `/api/kiosks/${id}`, headers: ADMIN })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: at(`/${id}`), headers: ADMIN })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/stations', headers })).statusCode).toBe(401);
  });

  it('an organiser of the first campus only is told the second does not exist; an archived event\'s kiosks are read, never changed', async () => {
    if (!(await app.store.events.byId(CAMPUS))) await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) });
    await createStaff(app, 'spring-organiser', 'organiser');
    const organiser = await signIn(app, 'spring-organiser');
    const station = app.config.event.stations[0].id;
    for (const r of [
      await app.inject({ method: 'GET', url: at(''), headers: organiser }),
      await app.inject({ method: 'POST', url: at(''), headers: organiser, payload: { station } }),
      await app.inject({ method: 'GET', url: at('/health'), headers: organiser }),
    ]) expect(r.json()).toMatchObject({ code: 'event_not_found' });
    expect((await app.inject({ method: 'POST', url: '/api/kiosks', headers: organiser, payload: { station } })).statusCode).toBe(201);

    const made = (await app.inject({ method: 'POST', url: at(''), headers: ADMIN, payload: { station } })).json() as { id: string };
    for (const status of ['closed', 'archived']) {
      expect((await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}`, headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    for (const r of [
      await app.inject({ method: 'POST', url: at(''), headers: ADMIN, payload: { station } }),
      await app.inject({ method: 'POST', url: at(`/${made.id}/pairing-code`), headers: ADMIN }),
      await app.inject({ method: 'DELETE', url: at(`/${made.id}`), headers: ADMIN }),
    ]) expect(r.json()).toMatchObject({ code: 'event_archived' });
    expect((await app.inject({ method: 'GET', url: at(''), headers: ADMIN })).statusCode).toBe(200);
    expect((await register(app, 'Aigerim')).badgeNo).toBeGreaterThan(0);
  });
});
