// Badge printing and the pre-registration import at an event other than the served one
// (`/api/events/:event/badges/…`, `/api/events/:event/attendees/import`), with two events live at
// once on one server (either live store): a badge printed at the campus is signed for it, an import there lands there
// only, a desk volunteer needs a role at the campus, and an archived campus prints and imports nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newScanId } from '../../shared/scan-id.ts';
import { pinText } from '../../shared/me-contract.ts';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { decodeBadgeQr, pdfText } from '../support/badge-qr.ts';
import { asCsv, asXlsx, preRegistration } from '../support/pre-registration.ts';
import { badgedAt, CAMPUS, copyOf } from '../support/second-event.ts';
import { createStaff, signIn } from '../support/staff.ts';

type Headers = Record<string, string>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const file = preRegistration();
// The first rows are all good: Kazakh and Russian names, a school with the separator in its name, a college with a line break.
const first = { header: file.header, rows: file.rows.slice(0, 40) };
const more = { header: file.header, rows: file.rows.slice(40, 60) };

describe.each([
  { store: 'in-process', redis: false },
  { store: 'Redis', redis: true },
])('printing and importing at another event of the installation ($store live store)', ({ redis }) => {
  const data = tempDir();
  let app: FastifyInstance;
  let campusKiosk: Headers;
  let springKiosk: Headers;
  const campus = `/api/events/${CAMPUS}`;

  beforeAll(async () => {
    app = await testApp(data.dir, { redis });
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) })).statusCode).toBe(201);
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    campusKiosk = (await badgedAt(app.store, CAMPUS, station, 'Bota')).kiosk;
    springKiosk = (await kiosk(app, station)).headers;
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const get = (url: string, headers: Headers = ADMIN) => app.inject({ method: 'GET', url, headers });
  const scan = (headers: Headers, badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: newScanId(), badge } });
  const total = async (url: string) => Number((await get(url)).headers['x-total-count']);
  const upload = (url: string, body: Buffer, headers: Headers = ADMIN, type = 'text/csv') =>
    app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': type }, payload: body });

  it('prints a campus badge signed for the campus: it scans at its kiosk and is refused at the served event\'s', async () => {
    const aigerim = await register(app, 'Aigerim');
    const made = await app.inject({ method: 'POST', url: `${campus}/attendees`, headers: ADMIN, payload: { firstName: 'Сәуле', lastName: 'Кампусова', category: 'school' } });
    const { badgeNo } = made.json() as { badgeNo: number };
    const label = await get(`${campus}/badges/${badgeNo}/label.pdf`);
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toBe('application/pdf');
    const qr = await decodeBadgeQr(label.rawPayload);
    expect((await scan(campusKiosk, qr)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Сәуле' } });
    expect((await scan(springKiosk, qr)).json()).toMatchObject({ code: 'badge_other_event' });
    // The label names the campus, and prints the campus's phone page and the badge's PIN there.
    const text = await pdfText(label.rawPayload);
    expect(text).toContain('Екінші кампус');
    expect(text).toContain(`/e/${CAMPUS}/me`);
    expect(text).toContain(`PIN ${pinText((made.json() as { pin: string }).pin)}`);
    // Badge numbers are each event's own: one number prints the campus's attendee at its path and the served event's at today's.
    const [there, here] = [await get(`${campus}/badges/${aigerim.badgeNo}/label.pdf`), await get(`/api/badges/${aigerim.badgeNo}/label.pdf`)];
    expect((await scan(campusKiosk, await decodeBadgeQr(there.rawPayload))).json()).toMatchObject({ attendee: { firstName: 'Bota' } });
    expect((await scan(springKiosk, await decodeBadgeQr(here.rawPayload))).json()).toMatchObject({ attendee: { firstName: 'Aigerim' } });
  });

  it('prints a sheet of campus badges, issuing one signed for the campus to whoever never had one', async () => {
    const { badgeNo } = (await app.inject({ method: 'POST', url: `${campus}/attendees`, headers: ADMIN, payload: { firstName: 'Мадина', lastName: 'Листова', category: 'college' } })).json() as { badgeNo: number };
    const sheet = await get(`${campus}/badges/sheet.pdf?from=${badgeNo}&to=${badgeNo}`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-disposition']).toContain(`badges-${badgeNo}-${badgeNo}.pdf`);
    expect(await pdfText(sheet.rawPayload)).toContain('Листова');
    const qr = await decodeBadgeQr(sheet.rawPayload);
    expect((await scan(campusKiosk, qr)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Мадина' } });

    // Someone written at the campus without a badge gets one as the sheet prints, told to the campus's live state.
    await app.store.forEvent(CAMPUS).attendees.register('campus-unbadged', { firstName: 'Ерлан', lastName: 'Безбейджев' }, 'ерлан безбейджев', Date.now());
    const unbadged = (await app.store.forEvent(CAMPUS).attendees.byId('campus-unbadged'))!.badgeNo;
    const issued = await get(`${campus}/badges/sheet.pdf?ids=campus-unbadged`);
    expect(issued.statusCode).toBe(200);
    const fresh = await decodeBadgeQr(issued.rawPayload);
    expect((await scan(campusKiosk, fresh)).json()).toMatchObject({ attendee: { firstName: 'Ерлан', badgeNo: unbadged } });
    expect((await scan(springKiosk, fresh)).json()).toMatchObject({ code: 'badge_other_event' });
    // A campus attendee's id means nothing at the served event's sheet.
    expect((await get('/api/badges/sheet.pdf?ids=campus-unbadged')).json()).toMatchObject({ code: 'no_badges' });
  });

  it('imports a pre-registration file (CSV with a BOM and semicolons, then .xlsx) at the campus only', async () => {
    const springBefore = await total('/api/attendees');
    const campusBefore = await total(`${campus}/attendees`);
    const dry = await upload(`${campus}/attendees/import?dryRun=1`, asCsv(first));
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, separator: ';' });
    expect(dry.json().created).toHaveLength(40);
    expect(await total(`${campus}/attendees`)).toBe(campusBefore);

    const done = await upload(`${campus}/attendees/import`, asCsv(first));
    expect(done.statusCode, done.body).toBe(200);
    const created = done.json().created as Array<{ badgeNo: number; lastName: string }>;
    expect(created).toHaveLength(40);
    expect(created[0]).toMatchObject({ lastName: 'Нұрланқызы' });
    expect(await total(`${campus}/attendees`)).toBe(campusBefore + 40);
    expect(await total('/api/attendees')).toBe(springBefore);
    expect((await get(`/api/attendees?q=${encodeURIComponent('нурланкызы')}`)).json()).toEqual([]);
    const found = (await get(`${campus}/attendees?q=${encodeURIComponent('нурланкызы әлия')}`)).json() as Array<{ lastName: string; firstName: string }>;
    expect(found.map((a) => `${a.lastName} ${a.firstName}`)).toContain('Нұрланқызы Әлия');

    // The imported badges are the campus's: issued at import, they scan at its kiosk at once.
    const qr = await decodeBadgeQr((await get(`${campus}/badges/${created[0].badgeNo}/label.pdf`)).rawPayload);
    expect((await scan(campusKiosk, qr)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Әлия' } });
    expect((await scan(springKiosk, qr)).json()).toMatchObject({ code: 'badge_other_event' });

    const xlsx = await upload(`${campus}/attendees/import`, await asXlsx(more), ADMIN, XLSX);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.json().created).toHaveLength(20);
    expect(await total(`${campus}/attendees`)).toBe(campusBefore + 60);
    expect(await total('/api/attendees')).toBe(springBefore);

    await app.flushAudit();
    expect((await app.store.forEvent(CAMPUS).audit.list({})).filter((e) => e.action === 'attendee.import')).toHaveLength(2);
    expect((await app.store.audit.list({})).filter((e) => e.action === 'attendee.import')).toEqual([]);
  });

  it('a desk volunteer of the served event prints and imports nothing at the campus until given the desk there', async () => {
    const deskId = await createStaff(app, 'spring-desk', 'desk');
    const desk = await signIn(app, 'spring-desk');
    const before = await total(`${campus}/attendees`);
    for (const r of [
      await get(`${campus}/badges/1001/label.pdf`, desk),
      await get(`${campus}/badges/sheet.pdf?from=1001&to=1010`, desk),
      await upload(`${campus}/attendees/import`, asCsv(first), desk),
      await upload(`${campus}/attendees/import?dryRun=1`, asCsv(first), desk),
    ]) expect([r.statusCode, r.json().code]).toEqual([403, 'forbidden']);
    expect(await total(`${campus}/attendees`)).toBe(before);
    // Their own event's desk is theirs.
    expect((await get('/api/badges/1001/label.pdf', desk)).statusCode).toBe(200);

    expect((await app.inject({ method: 'PATCH', url: `${campus}/users/${deskId}`, headers: ADMIN, payload: { role: 'desk' } })).statusCode).toBe(200);
    const again = await signIn(app, 'spring-desk');
    expect((await get(`${campus}/badges/1001/label.pdf`, again)).statusCode).toBe(200);
    expect((await upload(`${campus}/attendees/import?dryRun=1`, asCsv(first), again)).statusCode).toBe(200);
    expect((await get('/api/events/no-such-event/badges/1001/label.pdf')).json()).toMatchObject({ code: 'event_not_found' });
  });

  it('an archived campus prints and imports nothing (nothing scans its badges any more), its attendees still read', async () => {
    for (const status of ['closed', 'archived']) {
      expect((await app.inject({ method: 'PATCH', url: campus, headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    const before = await total(`${campus}/attendees`);
    for (const r of [
      await get(`${campus}/badges/1001/label.pdf`),
      await get(`${campus}/badges/sheet.pdf?from=1001&to=1010`),
      await upload(`${campus}/attendees/import?dryRun=1`, asCsv(more)),
      await upload(`${campus}/attendees/import`, asCsv(more)),
    ]) expect([r.statusCode, r.json().code]).toEqual([409, 'event_archived']);
    expect(await total(`${campus}/attendees`)).toBe(before);
  });
});
