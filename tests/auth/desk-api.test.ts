import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ADMIN, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn } from '../support/staff.ts';

type Found = { id: string; badgeNo: number; firstName: string; lastName: string };

const CSV = [
  'Фамилия;Имя;Категория;Учебное заведение;Телефон;Согласие',
  'Серікова;Айгерім;колледж студенті;ВКТК;8 701 111 22 33;иә',
  'ИВАНОВ;Пётр;выпускник школы;Школа № 12;;нет',
  'Smith;John;guest;;+44 20 7946 0958;yes',
].join('\r\n');

describe('desk API: attendees, import, badges, totals', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let desk: Record<string, string>;

  beforeAll(async () => {
    app = await testApp(data.dir);
    await createStaff(app, 'desk', 'desk');
    desk = await signIn(app, 'desk');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const get = async (url: string) => app.inject({ method: 'GET', url, headers: desk });
  const search = async (q: string): Promise<Found[]> => (await get(`/api/attendees?q=${encodeURIComponent(q)}`)).json();

  it('dry-runs an import, refuses bad rows by line, then imports once however often it is sent', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/attendees/import', headers: { ...desk, 'content-type': 'text/csv' }, payload: `${CSV}\r\n;Болат;студент;;123;` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [5, 'missing_last_name'],
      [5, 'bad_category'],
      [5, 'bad_phone'],
    ]);
    const dry = await app.inject({ method: 'POST', url: '/api/attendees/import?dryRun=1', headers: { ...desk, 'content-type': 'text/csv' }, payload: CSV });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, separator: ';', ignoredColumns: [] });
    expect(dry.json().created).toHaveLength(3);
    expect(await search('')).toHaveLength(0);
    for (const round of [3, 0]) {
      const r = await app.inject({ method: 'POST', url: '/api/attendees/import', headers: { ...desk, 'content-type': 'text/csv' }, payload: CSV });
      expect(r.statusCode).toBe(200);
      expect(r.json().created).toHaveLength(round);
    }
    expect(await search('')).toHaveLength(3);
  });

  it('finds people by any-case Cyrillic name parts, badge number and phone', async () => {
    expect((await search('айгерім')).map((a) => a.lastName)).toEqual(['Серікова']);
    expect((await search('СЕРІК айг')).map((a) => a.firstName)).toEqual(['Айгерім']);
    expect((await search('иванов')).map((a) => a.firstName)).toEqual(['Пётр']);
    expect((await search('петр')).map((a) => a.lastName)).toEqual(['ИВАНОВ']);
    expect((await search('1002')).map((a) => a.badgeNo)).toEqual([1002]);
    expect((await search('8 701 111-22-33')).map((a) => a.firstName)).toEqual(['Айгерім']);
    expect(await search('Жоқ')).toEqual([]);
  });

  it('edits an attendee and refuses bad values field by field', async () => {
    const [a] = await search('john');
    const ok = await app.inject({ method: 'PATCH', url: `/api/attendees/${a.id}`, headers: desk, payload: { firstName: 'Jon', consent: false } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ firstName: 'Jon', lastName: 'Smith', category: 'other', consent: false, badgeActive: true });
    const bad = await app.inject({ method: 'PATCH', url: `/api/attendees/${a.id}`, headers: desk, payload: { email: 'not-an-address@' } });
    expect(bad.statusCode).toBe(400);
    expect((await get(`/api/attendees/${a.id}`)).json().firstName).toBe('Jon');
  });

  it('prints labels and sheets; a revoked badge prints only after reissue', async () => {
    const label = await get('/api/badges/1001/label.pdf?w=54&h=86');
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toBe('application/pdf');
    expect(label.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sheet = await get('/api/badges/sheet.pdf?from=1001&to=1003');
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-disposition']).toContain('badges-1001-1003.pdf');

    expect((await app.inject({ method: 'POST', url: '/api/badges/1002/revoke', headers: desk })).statusCode).toBe(204);
    expect((await get('/api/badges/1002/label.pdf')).json().code).toBe('badge_revoked');
    expect((await get('/api/badges/sheet.pdf?from=1002&to=1002')).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/badges/1002/reissue', headers: desk })).statusCode).toBe(200);
    expect((await get('/api/badges/1002/label.pdf')).statusCode).toBe(200);
    expect((await get('/api/badges/sheet.pdf')).statusCode).toBe(400);
  });

  it('counts registered attendees in the public totals', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/totals' });
    expect(r.json()).toEqual({ registered: 3, onSite: 0, visits: 0, queued: 0 });
    expect((await app.inject({ method: 'GET', url: '/api/attendees', headers: ADMIN })).statusCode).toBe(200);
  });
});
