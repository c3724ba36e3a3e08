// The attendee's phone over Socket.IO (`/me`): only with a phone session, and only that attendee's
// own place — inside, in line with place and wait, called — on connect and whenever it changes.
// Every payload each phone gets is read for anyone else's data. GET /api/me/day: the passport.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, appPerSuite, kiosk, register, signInPhone } from '../support/app.ts';
import { until } from '../realtime/sockets.ts';
import { ME_NAMESPACE, type MyDay, type MyPlaceMessage, type RemoteStationsMessage } from '../../shared/me.ts';

type Person = Awaited<ReturnType<typeof register>>;

describe('the /me namespace', () => {
  let app: FastifyInstance;
  let base: string;
  let door: { authorization: string };
  // A second kiosk at the door: the same badge at the same kiosk within 5 s is a camera re-read.
  let door2: { authorization: string };
  const sockets: Socket[] = [];

  const cookieOf = async (p: Person): Promise<string> => (await signInPhone(app, p)).cookie;
  const phone = async (p: Person) => {
    const socket = io(`${base}${ME_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie: await cookieOf(p) }, reconnection: false, forceNew: true });
    sockets.push(socket);
    const got: Array<{ event: string; payload: unknown }> = [];
    socket.onAny((event: string, payload: unknown) => got.push({ event, payload }));
    await until(() => got.length > 0, 'the first place');
    const last = () => (got.filter((g) => g.event === 'me:place').at(-1)!.payload as MyPlaceMessage).place;
    return { socket, got, last };
  };
  const scan = async (p: Person, at = door) => {
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: at, payload: { id: randomUUID(), badge: p.badge } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { outcome: string };
  };

  appPerSuite(async (made) => {
    app = made;
    await made.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(made.server.address() as { port: number }).port}`;
  });
  beforeAll(async () => {
    door = (await kiosk(app, 'kazzinc')).headers;
    door2 = (await kiosk(app, 'kazzinc')).headers;
    const r = await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: ADMIN, payload: { capacity: 1 } });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
  });

  it('refuses a socket without a phone session', async () => {
    const socket = io(`${base}${ME_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
  });

  it('tells each phone its own place as it changes, and nothing of anyone else', async () => {
    const [inside, first, second] = [await register(app, 'Aruzhan'), await register(app, 'Bolat'), await register(app, 'Cholpan')];
    const phones = { first: await phone(first), second: await phone(second) };
    expect(phones.first.last()).toBeNull();

    expect((await scan(inside)).outcome).toBe('entered');
    expect((await scan(first)).outcome).toBe('queued');
    expect((await scan(second)).outcome).toBe('queued');
    await until(() => phones.second.last()?.state === 'queued', 'the second in line told');
    expect(phones.first.last()).toMatchObject({ stationId: 'kazzinc', state: 'queued', position: 1 });
    expect(phones.second.last()).toMatchObject({ stationId: 'kazzinc', state: 'queued', position: 2 });
    const firstWait = (phones.first.last() as { waitMinutes: number }).waitMinutes;
    expect((phones.second.last() as { waitMinutes: number }).waitMinutes).toBeGreaterThan(firstWait);

    // The one inside leaves: the first in line is called, the second moves up.
    expect((await scan(inside, door2)).outcome).toBe('exited');
    await until(() => phones.first.last()?.state === 'called', 'the call');
    await until(() => phones.second.last()?.state === 'queued' && (phones.second.last() as { position: number }).position === 1, 'the line moving');
    const called = phones.first.last() as { calledUntil: number };
    expect(called.calledUntil - Date.now()).toBeGreaterThan(4 * 60_000);

    // The called one comes in.
    expect((await scan(first, door2)).outcome).toBe('entered');
    await until(() => phones.first.last()?.state === 'inside', 'inside');

    // Nothing another attendee could be known by, in any payload of either phone.
    for (const [me, other] of [[phones.first, [inside, second]], [phones.second, [inside, first]]] as const) {
      const text = JSON.stringify(me.got);
      for (const p of other) {
        expect(text).not.toContain(String(p.badgeNo));
        expect(text).not.toContain(p.badge);
      }
      for (const name of ['Aruzhan', 'Bolat', 'Cholpan']) expect(text).not.toContain(name);
      expect(me.got.every((g) => g.event === 'me:place')).toBe(true);
    }
  });

  it('lets an organiser allow or stop joining a queue from the phone: audited, every phone told at once', async () => {
    const p = await register(app, 'Erlan');
    const cookie = await cookieOf(p);
    const mine = await phone(p);
    const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: '/api/stations/college-1', headers: ADMIN, payload });
    const told = () => mine.got.filter((g) => g.event === 'me:stations').map((g) => (g.payload as RemoteStationsMessage).stationIds);
    const join = () => app.inject({ method: 'POST', url: '/api/me/queue/college-1', headers: { cookie, 'x-kezek': '1' } });

    expect((await join()).json().code).toBe('remote_not_allowed');
    const allowed = await patch({ remoteQueue: true });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toMatchObject({ id: 'college-1', remoteQueue: true });
    await until(() => told().length === 1, 'the phone told');
    expect(told()[0]).toEqual(expect.arrayContaining(['college-1', 'kazzinc']));
    const day = (await app.inject({ method: 'GET', url: '/api/me/day', headers: { cookie } })).json() as MyDay;
    expect(day.stations.find((s) => s.id === 'college-1')?.remoteQueue).toBe(true);
    expect((await join()).json()).toMatchObject({ place: { stationId: 'college-1' } });

    // Not a boolean: refused, nothing changed.
    expect((await patch({ remoteQueue: 'yes' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/stations' })).json().find((s: { id: string }) => s.id === 'college-1').remoteQueue).toBe(true);

    expect((await patch({ remoteQueue: false })).json().remoteQueue).toBe(false);
    await until(() => told().length === 2, 'the phone told again');
    expect(told()[1]).toContain('kazzinc');
    expect(told()[1]).not.toContain('college-1');
    expect((await join()).json().code).toBe('remote_not_allowed');
    await app.flushAudit();
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?action=station.remote_queue', headers: ADMIN })).json().entries as Array<{ target: string; detail: { value: boolean } }>;
    expect(audit.map((e) => [e.target, e.detail.value])).toEqual([['college-1', false], ['college-1', true]]);
  });

  it('tells the phones of a burst of scans at one station, more than it keeps as recent, each its place', async () => {
    const people = await Promise.all(Array.from({ length: 14 }, (_, k) => register(app, `Zhan${k}`)));
    const watched = [await phone(people[0]), await phone(people[7]), await phone(people[13])];
    const door = (await kiosk(app, 'tmk')).headers;
    await Promise.all(people.map((p) => app.inject({ method: 'POST', url: '/api/scans', headers: door, payload: { id: randomUUID(), badge: p.badge } })));
    // TMK holds 10: whoever came later waits (30 s would pass before a missed phone were read again).
    for (const w of watched) await until(() => w.last()?.stationId === 'tmk', 'every phone told its place at TMK');
  });

  it('gives the day: the passport of visits with times, where to go now among stations not visited', async () => {
    const p = await register(app, 'Dias');
    const cookie = await cookieOf(p);
    await scan(p, (await kiosk(app, 'college-1')).headers);
    await scan(p, (await kiosk(app, 'college-1')).headers);
    const r = await app.inject({ method: 'GET', url: '/api/me/day', headers: { cookie } });
    expect(r.statusCode, r.body).toBe(200);
    const day = r.json() as MyDay;
    expect(day.me).toMatchObject({ badgeNo: p.badgeNo, firstName: 'Dias' });
    expect(day.place).toBeNull();
    expect(day.visits).toEqual([{ stationId: 'college-1', inAt: expect.any(Number), outAt: expect.any(Number) }]);
    expect(day.goNow.length).toBeGreaterThan(0);
    expect(day.goNow).not.toContain('college-1');
    expect(day.goNow).not.toContain('entrance');
    // The hall and the exhibition are free nearly all day: never where "go now" points.
    expect(day.goNow).not.toContain('assembly-hall');
    expect(day.goNow).not.toContain('exhibition');
    // Nor the challenge and the career session: they are on at their programme times.
    expect(day.goNow).not.toContain('challenge');
    expect(day.stations.find((s) => s.id === 'kazzinc')?.name.en).toBeTruthy();
    expect((await app.inject({ method: 'GET', url: '/api/me/day' })).statusCode).toBe(401);
  });
});

describe('joining a queue from the phone', () => {
  let app: FastifyInstance;
  appPerSuite(async (made) => {
    app = made;
    await made.ready();
  });

  it('joins where the organiser allows it, one place at a time, is called and let in by the kiosk; refuses where it does not', async () => {
    const p = await register(app, 'Gaukhar');
    const headers = await signInPhone(app, p);
    const day = (await app.inject({ method: 'GET', url: '/api/me/day', headers })).json() as MyDay;
    expect(day.stations.find((s) => s.id === 'kazzinc')?.remoteQueue).toBe(true);
    expect(day.stations.find((s) => s.id === 'college-1')?.remoteQueue).toBeUndefined();

    const refused = await app.inject({ method: 'POST', url: '/api/me/queue/college-1', headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('remote_not_allowed');

    // KazZinc has free places: called at once, the place kept.
    const joined = await app.inject({ method: 'POST', url: '/api/me/queue/kazzinc', headers });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ place: { stationId: 'kazzinc', state: 'called' }, leftStation: null });
    // Another employer: KazZinc is left (the page warned first).
    const moved = await app.inject({ method: 'POST', url: '/api/me/queue/umz', headers });
    expect(moved.json()).toMatchObject({ place: { stationId: 'umz', state: 'called' } });
    const kazzinc = (await app.inject({ method: 'GET', url: '/api/stations' })).json().find((s: { id: string }) => s.id === 'kazzinc');
    expect(kazzinc.calling).toEqual([]);
    // The kiosk lets the called remote joiner in.
    const door = (await kiosk(app, 'umz')).headers;
    const scanned = await app.inject({ method: 'POST', url: '/api/scans', headers: door, payload: { id: randomUUID(), badge: p.badge } });
    expect(scanned.json()).toMatchObject({ outcome: 'entered' });
    // Leaving a queue one is not in changes nothing.
    const left = await app.inject({ method: 'DELETE', url: '/api/me/queue/kazzinc', headers });
    expect(left.json().place).toMatchObject({ stationId: 'umz', state: 'inside' });
    expect((await app.inject({ method: 'POST', url: '/api/me/queue/kazzinc' })).statusCode).toBe(401);

    // The scan log names the phone's joins and leaves in the organiser's language.
    const phoneRows = async (lang: string) => {
      const log = await app.inject({ method: 'GET', url: `/api/reports/scans?lang=${lang}`, headers: ADMIN });
      expect(log.statusCode, log.body).toBe(200);
      return (log.json().rows as Array<{ kioskId: string; kioskLabel: string | null }>).filter((row) => row.kioskId.startsWith('phone:'));
    };
    const en = await phoneRows('en');
    expect(new Set(en.map((row) => `${row.kioskId} ${row.kioskLabel}`))).toEqual(
      new Set(['phone:join Attendee’s phone: joined the queue', 'phone:leave Attendee’s phone: left the queue']),
    );
    expect((await phoneRows('ru')).find((row) => row.kioskId === 'phone:join')?.kioskLabel).toBe('Телефон участника: встал в очередь');
    const csv = await app.inject({ method: 'GET', url: '/api/reports/scans?format=csv&lang=kk', headers: ADMIN });
    expect(csv.body).toContain('Қатысушының телефоны: кезекке тұру');
  });
});
