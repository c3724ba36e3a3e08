// The audit log answers "who paused KazZinc?": every kind of staff action is kept with who, when,
// what and from where; organisers read it (filtered, paged, as CSV); scans are not in it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/audit.ts';
import type { ActionAck } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { localTime } from '../../server/reports/stats.ts';
import { ADMIN, kiosk, register, tempDir, testApp, testAppOfEvent } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import type { LiveSocket } from '../realtime/sockets.ts';

describe('audit log', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let organiserId: string;
  let organiser: { cookie: string; 'x-kezek': '1' };

  const page = async (query = ''): Promise<AuditPage> => {
    const r = await app.inject({ method: 'GET', url: `/api/audit${query}`, headers: ADMIN });
    expect(r.statusCode).toBe(200);
    return r.json();
  };
  const latest = async (action: string): Promise<AuditEntry> => (await page(`?action=${action}&limit=1`)).entries[0];

  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
    organiserId = await createStaff(app, 'aigul', 'organiser');
    organiser = await signIn(app, 'aigul');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('keeps sign-ins, refused sign-ins and sign-outs with the address', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, remoteAddress: '10.0.0.7', payload: { username: 'aigul', password: 'guess-guess-guess' } });
    expect(wrong.statusCode).toBe(401);
    expect(await latest('session.sign_in_failed')).toMatchObject({ role: 'public', user: null, target: 'aigul', address: '10.0.0.7' });
    expect(await latest('session.sign_in')).toMatchObject({ role: 'organiser', user: { id: organiserId, username: 'aigul' }, target: 'aigul' });
    const other = await signIn(app, 'aigul');
    await app.inject({ method: 'DELETE', url: '/api/session', headers: other });
    expect(await latest('session.sign_out')).toMatchObject({ user: { id: organiserId }, address: '127.0.0.1' });
  });

  it('keeps attendee, import and badge actions of the desk', async () => {
    await createStaff(app, 'desk-1', 'desk');
    const desk = await signIn(app, 'desk-1');
    const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: desk, payload: { firstName: 'Dana', lastName: 'Audit', category: 'school' } });
    const person = r.json() as { id: string; badgeNo: number };
    expect(await latest('attendee.create')).toMatchObject({ role: 'desk', user: { username: 'desk-1' }, target: String(person.badgeNo), detail: { id: person.id } });
    await app.inject({ method: 'PATCH', url: `/api/attendees/${person.id}`, headers: desk, payload: { grade: '11' } });
    expect(await latest('attendee.edit')).toMatchObject({ target: String(person.badgeNo), detail: { fields: ['grade'] } });
    const csv = 'Фамилия;Имя;Категория\r\nАудитова;Жанна;школа\r\n';
    await app.inject({ method: 'POST', url: '/api/attendees/import?dryRun=1', headers: { ...desk, 'content-type': 'text/csv' }, payload: csv });
    expect((await page('?action=attendee.import')).entries).toEqual([]);
    await app.inject({ method: 'POST', url: '/api/attendees/import', headers: { ...desk, 'content-type': 'text/csv' }, payload: csv });
    expect(await latest('attendee.import')).toMatchObject({ user: { username: 'desk-1' }, detail: { created: 1, updated: 0, unchanged: 0 } });
    await app.inject({ method: 'POST', url: `/api/badges/${person.badgeNo}/revoke`, headers: desk });
    expect(await latest('badge.revoke')).toMatchObject({ target: String(person.badgeNo), user: { username: 'desk-1' } });
    await app.inject({ method: 'POST', url: `/api/badges/${person.badgeNo}/reissue`, headers: desk });
    expect(await latest('badge.reissue')).toMatchObject({ target: String(person.badgeNo) });
  });

  it('answers "who paused KazZinc?", whether it was paused over HTTP or from the board', async () => {
    await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: organiser, payload: { status: 'paused', capacity: 12 } });
    expect(await latest('station.capacity')).toMatchObject({ target: 'kazzinc', detail: { value: 12, via: 'http' }, user: { username: 'aigul' } });
    expect(await latest('station.status')).toMatchObject({ target: 'kazzinc', detail: { value: 'paused', via: 'http' }, user: { username: 'aigul' } });

    const { port } = app.server.address() as { port: number };
    const socket: LiveSocket = io(`http://127.0.0.1:${port}/staff`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: organiser.cookie } });
    const ack = (await socket.timeout(3_000).emitWithAck('station:pause', { stationId: 'kazzinc', paused: false })) as ActionAck<StationView>;
    socket.disconnect();
    expect(ack.data?.status).toBe('open');
    expect(await latest('station.status')).toMatchObject({ target: 'kazzinc', detail: { value: 'open', via: 'socket' }, user: { username: 'aigul' }, address: '127.0.0.1' });
    const who = (await page('?action=station.status')).entries.filter((e) => e.target === 'kazzinc' && (e.detail as { value: string }).value === 'paused');
    expect(who.map((e) => e.user?.username)).toEqual(['aigul']);
  });

  it('keeps the sessions and calls of a station’s own kiosk, and no scan', async () => {
    const k = await kiosk(app, 'mc-metallurgy');
    expect(await latest('kiosk.create')).toMatchObject({ target: k.id, detail: { station: 'mc-metallurgy' }, role: 'organiser', user: null });
    const before = (await page('?limit=500')).entries.length;
    const person = await register(app, 'Scanned');
    await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: person.badge } });
    await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badgeNo: 99999 } });
    expect((await page('?limit=500')).entries.length).toBe(before + 1); // the registration only
    await app.inject({ method: 'POST', url: '/api/stations/mc-metallurgy/session', headers: k.headers, payload: { action: 'start' } });
    expect(await latest('station.session_start')).toMatchObject({ role: 'kiosk', kiosk: { id: k.id, station: 'mc-metallurgy' }, target: 'mc-metallurgy' });
    await app.inject({ method: 'POST', url: '/api/stations/mc-metallurgy/session', headers: k.headers, payload: { action: 'end' } });
    expect(await latest('station.session_end')).toMatchObject({ role: 'kiosk', target: 'mc-metallurgy' });
    const full = await kiosk(app, 'umz');
    await app.inject({ method: 'PATCH', url: '/api/stations/umz', headers: ADMIN, payload: { capacity: 1 } });
    for (const name of ['In', 'Waiting']) {
      const p = await register(app, name);
      await app.inject({ method: 'POST', url: '/api/scans', headers: full.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    expect((await app.inject({ method: 'POST', url: '/api/stations/umz/call-next', headers: ADMIN })).statusCode).toBe(200);
    expect(await latest('station.call_next')).toMatchObject({ role: 'organiser', target: 'umz', detail: { via: 'http' } });
  });

  it('keeps kiosk pairing codes, pairings and revocations, and staff account changes without passwords', async () => {
    const created = (await app.inject({ method: 'POST', url: '/api/kiosks', headers: organiser, payload: { station: 'oesk', label: 'Door' } })).json();
    const code = (await app.inject({ method: 'POST', url: `/api/kiosks/${created.id}/pairing-code`, headers: organiser })).json();
    expect(await latest('kiosk.pairing_code')).toMatchObject({ target: created.id, user: { username: 'aigul' } });
    await app.inject({ method: 'POST', url: '/api/kiosks/pair', payload: { code: code.pairingCode } });
    expect(await latest('kiosk.pair')).toMatchObject({ role: 'public', target: created.id, detail: { station: 'oesk' } });
    await app.inject({ method: 'DELETE', url: `/api/kiosks/${created.id}`, headers: organiser });
    expect(await latest('kiosk.revoke')).toMatchObject({ target: created.id, user: { username: 'aigul' } });

    const id = await createStaff(app, 'temp-desk', 'desk');
    expect(await latest('user.create')).toMatchObject({ target: 'temp-desk', detail: { role: 'desk' } });
    await app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: organiser, payload: { password: `${STAFF_PASSWORD}!`, disabled: true } });
    const edit = await latest('user.edit');
    expect(edit).toMatchObject({ target: 'temp-desk', user: { username: 'aigul' }, detail: { disabled: true, password: 'changed' } });
    expect(JSON.stringify(edit)).not.toMatch(/scrypt|horse/);
  });

  it('filters by user and action, pages newest first, and downloads CSV in the chosen language', async () => {
    const mine = await page(`?user=${organiserId}&limit=500`);
    expect(mine.entries.length).toBeGreaterThan(5);
    expect(mine.entries.every((e) => e.user?.id === organiserId)).toBe(true);
    const all: number[] = [];
    let next: number | null = null;
    do {
      const p: AuditPage = await page(`?limit=3${next ? `&before=${next}` : ''}`);
      all.push(...p.entries.map((e) => e.id));
      next = p.next;
    } while (next !== null);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe((await page('?limit=500')).entries.length);

    const csv = await app.inject({ method: 'GET', url: '/api/audit?format=csv&lang=ru&action=station.status', headers: ADMIN });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Время;Кто;Роль;Действие;Объект;Подробности;Адрес');
    expect(lines.slice(1).some((l) => l.includes('aigul') && l.includes('station.status') && l.includes('kazzinc'))).toBe(true);
  });

  it('is for organisers only', async () => {
    await createStaff(app, 'desk-2', 'desk');
    const desk = await signIn(app, 'desk-2');
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: desk })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });
});

describe('audit log as CSV, on the event’s clock', () => {
  const data = tempDir();
  let app: FastifyInstance;
  beforeAll(async () => {
    // The bundled event moved to UTC+6 (a venue in another zone): the file says so, not the server's default of UTC+5.
    app = await testAppOfEvent(data.dir, (event) => {
      event.utcOffsetMinutes = 360;
    });
    await createStaff(app, 'aigul', 'organiser');
    await signIn(app, 'aigul');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('writes times on the event’s clock unless ?utcOffset names another', async () => {
    const signedIn = ((await app.inject({ method: 'GET', url: '/api/audit?action=session.sign_in&limit=1', headers: ADMIN })).json() as AuditPage).entries[0];
    const time = async (query: string) => {
      const csv = await app.inject({ method: 'GET', url: `/api/audit?format=csv&lang=en&action=session.sign_in${query}`, headers: ADMIN });
      expect(csv.statusCode).toBe(200);
      return csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')[1].split(',')[0];
    };
    const at = Date.parse(signedIn.at);
    expect(await time('')).toBe(localTime(at, 360));
    expect(await time('&utcOffset=-120')).toBe(localTime(at, -120));
    expect((await app.inject({ method: 'GET', url: '/api/audit?format=csv&utcOffset=9999', headers: ADMIN })).statusCode).toBe(400);
  });
});
