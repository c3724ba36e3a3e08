// GET /api/programme and an organiser's shift of an item's time, over HTTP and Socket.IO.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeView } from '../../shared/event.ts';
import { ADMIN, ADMIN_TOKEN, tempDir, testApp } from '../support/app.ts';
import { createStaff } from '../support/staff.ts';
import { connect, until, type LiveSocket } from '../realtime/sockets.ts';

describe('the programme over the API', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  let base: string;
  const sockets: LiveSocket[] = [];
  const shift = (id: string, payload: Record<string, string>, headers: Record<string, string> = ADMIN) =>
    app.inject({ method: 'PUT', url: `/api/programme/items/${id}`, headers, payload });
  const item = (view: ProgrammeView, id: string) => view.items.find((i) => i.id === id)!;

  beforeAll(async () => {
    app = await testApp(tmp.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
    tmp.remove();
  });

  it('gives anyone the event file’s day, nothing shifted', async () => {
    const r = await app.inject({ url: '/api/programme' });
    expect(r.statusCode).toBe(200);
    const view = r.json<ProgrammeView>();
    expect([view.opens, view.closes, view.items.length, view.places.length]).toEqual(['09:30', '15:30', 10, 2]);
    expect(item(view, 'opening')).toMatchObject({ start: '10:00', end: '10:40', place: 'assembly-hall', shifted: false });
  });

  it('lets an organiser shift an item: kept, audit-logged, sent to the screens and the board at once', async () => {
    const screen = connect(base, '/public');
    const board = connect(base, '/staff', { token: ADMIN_TOKEN });
    sockets.push(screen.socket, board.socket);
    await until(() => screen.received.length > 0 && board.received.length > 0, 'snapshots');
    const r = await shift('closing', { start: '14:50', end: '15:20' });
    expect(r.statusCode).toBe(200);
    expect(item(r.json<ProgrammeView>(), 'closing')).toMatchObject({ start: '14:50', end: '15:20', shifted: true });
    for (const { received } of [screen, board]) {
      await until(() => received.some((e) => e.event === 'programme:update'), 'programme:update');
      const sent = received.find((e) => e.event === 'programme:update')!.payload as ProgrammeView;
      expect(item(sent, 'closing')).toMatchObject({ start: '14:50', end: '15:20', shifted: true });
    }
    const again = (await app.inject({ url: '/api/programme' })).json<ProgrammeView>();
    expect(item(again, 'closing')).toMatchObject({ start: '14:50', shifted: true });
    expect(item(again, 'opening').shifted).toBe(false);
    expect(await app.store.programme.times()).toEqual([expect.objectContaining({ itemId: 'closing', start: '14:50', end: '15:20' })]);
    const audit = await app.store.audit.list({ action: 'programme.time' });
    expect(audit.map((a) => [a.target, JSON.parse(a.detail!)])).toEqual([['closing', { from: '14:45–15:15', to: '14:50–15:20' }]]);
  });

  it('refuses times that cannot stand, typed, and changes nothing', async () => {
    const refusals: Array<[string, Record<string, string>, number, string]> = [
      ['nope', { start: '10:00', end: '10:30' }, 404, 'programme_item_not_found'],
      ['opening', { start: '10:40', end: '10:10' }, 422, 'programme_end_before_start'],
      ['opening', { start: '09:00', end: '09:40' }, 422, 'programme_outside_day'],
      ['opening', { start: '15:10', end: '15:40' }, 422, 'programme_outside_day'],
      ['opening', { start: '10:10', end: '10:50' }, 422, 'programme_clash'],
      ['opening', { start: '10:00', end: '25:00' }, 400, 'invalid_request'],
    ];
    for (const [id, body, status, code] of refusals) {
      const r = await shift(id, body);
      expect([r.statusCode, r.json().code], `${id} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect((await app.store.programme.times()).map((t) => t.itemId)).toEqual(['closing']);
  });

  it('is organisers’ only to shift', async () => {
    const deskId = await createStaff(app, 'programme-desk', 'desk');
    const cookie = `kezek_session=${(await app.staffSessions.create(deskId)).token}`;
    expect((await shift('opening', { start: '10:05', end: '10:40' }, { cookie, 'x-kezek': '1' })).statusCode).toBe(403);
    expect((await shift('opening', { start: '10:05', end: '10:40' }, {})).statusCode).toBe(401);
  });
});
