// Sessions end everywhere at once: signing out, disabling an account, or changing its role or
// password closes that person's live /staff connections within a second, on every server process
// (two apps sharing Redis and its Socket.IO adapter), and every staff action checks the session again.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionAck } from '../../shared/realtime.ts';
import type { StationView } from '../../shared/station.ts';
import { ADMIN, ADMIN_TOKEN, deleteRedisKeys, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import type { LiveSocket } from '../realtime/sockets.ts';

/** A /staff socket signed in by a session cookie (or the admin token); resolves once connected. */
async function staffSocket(base: string, auth: { cookie?: string; token?: string }): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${base}/staff`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: auth.token ? { token: auth.token } : {},
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * Resolves with how long after `since` (when the change was answered) the server closed the socket
 * (0 when it closed it before answering); fails when it stays open 5 s.
 */
function closedBy(socket: LiveSocket, since: () => number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket stayed open')), 5_000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      const closedAt = Date.now();
      if (reason !== 'io server disconnect') reject(new Error(`closed for another reason: ${reason}`));
      // The change may still be on its way (a new password is hashed first): count from its answer.
      else setImmediate(() => resolve(Math.max(0, closedAt - since())));
    });
  });
}

const pause = (s: LiveSocket, paused = true) => s.timeout(3_000).emitWithAck('station:pause', { stationId: 'kazzinc', paused }) as Promise<ActionAck<StationView>>;

async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

describe('staff sessions end everywhere at once', () => {
  const data = tempDir();
  const prefix = `kezek-test-${randomUUID()}`;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let urlA: string;
  let urlB: string;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    // Two server processes' worth of apps: one database, one Redis, one Socket.IO adapter.
    a = await testApp(data.dir, { redis: true, prefix });
    b = await testApp(data.dir, { redis: true, prefix });
    urlA = await listening(a);
    urlB = await listening(b);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a.close(), b.close()]);
    await deleteRedisKeys(prefix);
    data.remove();
  });

  const connectedOrganiser = async (name: string, url: string) => {
    const id = await createStaff(a, name, 'organiser');
    const cookie = await signIn(a, name);
    const socket = await staffSocket(url, { cookie: cookie.cookie });
    sockets.push(socket);
    expect((await pause(socket, false)).data?.id).toBe('kazzinc');
    return { id, cookie, socket };
  };

  it('closes a disabled organiser’s socket on another process within 1 s, and refuses it afterwards', async () => {
    const o = await connectedOrganiser('disabled-org', urlB);
    let at = Infinity;
    const closed = closedBy(o.socket, () => at);
    const r = await a.inject({ method: 'PATCH', url: `/api/users/${o.id}`, headers: ADMIN, payload: { disabled: true } });
    at = Date.now();
    expect(r.statusCode).toBe(200);
    expect(await closed).toBeLessThan(1_000);
    // Connecting again with the same cookie is refused.
    await expect(staffSocket(urlB, { cookie: o.cookie.cookie })).rejects.toThrow('unauthorized');
  });

  it('closes the socket of a session signed out, and leaves the same person’s other session alone', async () => {
    const o = await connectedOrganiser('signout-org', urlB);
    const other = await signIn(a, 'signout-org');
    const otherSocket = await staffSocket(urlA, { cookie: other.cookie });
    sockets.push(otherSocket);
    let at = Infinity;
    const closed = closedBy(o.socket, () => at);
    expect((await a.inject({ method: 'DELETE', url: '/api/session', headers: o.cookie })).statusCode).toBe(204);
    at = Date.now();
    expect(await closed).toBeLessThan(1_000);
    expect(otherSocket.connected).toBe(true);
    expect((await pause(otherSocket, false)).data?.id).toBe('kazzinc');
  });

  it('closes every socket of an organiser made desk staff, and of one whose password changed', async () => {
    const demoted = await connectedOrganiser('demoted-org', urlB);
    const second = await staffSocket(urlA, { cookie: demoted.cookie.cookie });
    sockets.push(second);
    let at = Infinity;
    const closedB = closedBy(demoted.socket, () => at);
    const closedA = closedBy(second, () => at);
    await a.inject({ method: 'PATCH', url: `/api/users/${demoted.id}`, headers: ADMIN, payload: { role: 'desk' } });
    at = Date.now();
    expect(Math.max(await closedA, await closedB)).toBeLessThan(1_000);

    const renamed = await connectedOrganiser('password-org', urlA);
    at = Infinity;
    const closed = closedBy(renamed.socket, () => at);
    await b.inject({ method: 'PATCH', url: `/api/users/${renamed.id}`, headers: ADMIN, payload: { password: `${STAFF_PASSWORD} 2` } });
    at = Date.now();
    expect(await closed).toBeLessThan(1_000);
  });

  it('checks the session again before every action: an ended session cannot act even if its socket stayed', async () => {
    const o = await connectedOrganiser('recheck-org', urlA);
    // The session row goes without the notice (as if the message between processes were lost).
    a.sqlite.prepare('DELETE FROM sessions WHERE user_id = ?').run(o.id);
    const closed = closedBy(o.socket, () => 0);
    const ack = await pause(o.socket);
    expect(ack.error?.code).toBe('unauthorized');
    await closed;
    const station = (await a.inject({ method: 'GET', url: '/api/stations' })).json().find((s: StationView) => s.id === 'kazzinc');
    expect(station.status).toBe('open');
  });

  it('keeps the admin token’s socket working through all of this', async () => {
    const admin = await staffSocket(urlB, { token: ADMIN_TOKEN });
    sockets.push(admin);
    expect((await pause(admin, false)).data?.id).toBe('kazzinc');
  });

  it('refuses a revoked kiosk at once on the other process too', async () => {
    const k = await kiosk(a, 'kazzinc');
    const person = await register(a);
    const scan = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: person.badge } });
    // B has just seen the token (and keeps it for a moment without reading the database).
    expect((await scan(b)).statusCode).toBe(200);
    expect((await a.inject({ method: 'DELETE', url: `/api/kiosks/${k.id}`, headers: ADMIN })).statusCode).toBe(204);
    const started = Date.now();
    let status = 0;
    while (status !== 401 && Date.now() - started < 3_000) {
      status = (await scan(b)).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
