import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ADMIN, ADMIN_TOKEN, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import { hashPassword, verifyPassword } from '../../server/staff/passwords.ts';
import { SESSION_TTL_MS } from '../../server/staff/sessions.ts';

const walkIn = { firstName: 'Әсем', lastName: 'Қасымова', category: 'school' };

describe('staff passwords', () => {
  it('hashes with scrypt N=2^15, r=8, p=1 and a fresh salt', async () => {
    const a = await hashPassword('пароль-дастархан');
    const b = await hashPassword('пароль-дастархан');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('пароль-дастархан', a)).toBe(true);
    expect(await verifyPassword('пароль-дастарxан', a)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('staff sign-in', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let deskId: string;

  beforeAll(async () => {
    app = await testApp(data.dir);
    deskId = await createStaff(app, 'desk1', 'desk');
    await createStaff(app, 'boss', 'organiser');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const payload of [{ username: 'desk1', password: 'wrong password' }, { username: 'nobody', password: STAFF_PASSWORD }]) {
      const r = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload });
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('bad_credentials');
      expect(r.cookies).toHaveLength(0);
    }
  });

  it('sets an HttpOnly, SameSite=Strict session cookie for 12 hours and says who you are', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'Desk1', password: STAFF_PASSWORD } });
    expect(r.statusCode).toBe(200);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/kezek_session=[A-Za-z0-9_-]{43}/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(setCookie).not.toContain('Secure');
    const cookie = `kezek_session=${r.cookies[0].value}`;
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(me.json()).toMatchObject({ role: 'desk', user: { id: deskId, username: 'desk1' } });
    const forged = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: 'kezek_session=forged-token-forged-token-forged' } });
    expect(forged.json()).toMatchObject({ role: 'public' });
  });

  it('refuses sign-in without the CSRF header', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'desk1', password: STAFF_PASSWORD } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('csrf');
  });

  it('lets the desk register with the cookie only when the CSRF header comes too', async () => {
    const { cookie } = await signIn(app, 'desk1');
    const bare = await app.inject({ method: 'POST', url: '/api/attendees', headers: { cookie }, payload: walkIn });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().code).toBe('csrf');
    const ok = await app.inject({ method: 'POST', url: '/api/attendees', headers: { cookie, 'x-kezek': '1' }, payload: walkIn });
    expect(ok.statusCode).toBe(201);
    // Reading needs no header: GET changes nothing.
    expect((await app.inject({ method: 'GET', url: '/api/attendees?q=әсем', headers: { cookie } })).json()).toHaveLength(1);
  });

  it('keeps the desk out of staff accounts and station settings', async () => {
    const headers = await signIn(app, 'desk1');
    expect((await app.inject({ method: 'GET', url: '/api/users', headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/mc-mining', headers, payload: { capacity: 5 } })).statusCode).toBe(403);
    const boss = await signIn(app, 'boss');
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/mc-mining', headers: boss, payload: { capacity: 5 } })).statusCode).toBe(200);
  });

  it('signs out: the cookie stops working', async () => {
    const headers = await signIn(app, 'desk1');
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers })).statusCode).toBe(204);
    const me = await app.inject({ method: 'GET', url: '/api/session', headers });
    expect(me.json()).toEqual({ role: 'public', user: null });
    expect((await app.inject({ method: 'GET', url: '/api/attendees', headers })).statusCode).toBe(401);
  });

  it('ends every session when an organiser disables the account or changes its password', async () => {
    const headers = await signIn(app, 'desk1');
    const off = await app.inject({ method: 'PATCH', url: `/api/users/${deskId}`, headers: ADMIN, payload: { disabled: true } });
    expect(off.json()).toMatchObject({ disabled: true });
    expect((await app.inject({ method: 'GET', url: '/api/attendees', headers })).statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'desk1', password: STAFF_PASSWORD } });
    expect(again.statusCode).toBe(401);
    await app.inject({ method: 'PATCH', url: `/api/users/${deskId}`, headers: ADMIN, payload: { disabled: false } });
    const fresh = await signIn(app, 'desk1');
    await app.inject({ method: 'PATCH', url: `/api/users/${deskId}`, headers: ADMIN, payload: { password: 'a brand new password' } });
    expect((await app.inject({ method: 'GET', url: '/api/attendees', headers: fresh })).statusCode).toBe(401);
    await signIn(app, 'desk1', 'a brand new password');
  });

  it('forgets expired sessions', async () => {
    const { token } = await app.staffSessions.create(deskId, Date.now() - SESSION_TTL_MS - 1);
    const r = await app.inject({ method: 'GET', url: '/api/attendees', headers: { cookie: `kezek_session=${token}` } });
    expect(r.statusCode).toBe(401);
  });

  it('refuses a taken username and keeps an organiser from locking themselves out', async () => {
    const taken = await app.inject({ method: 'POST', url: '/api/users', headers: ADMIN, payload: { username: 'BOSS', role: 'desk', password: STAFF_PASSWORD } });
    expect(taken.statusCode).toBe(409);
    const boss = await signIn(app, 'boss');
    const me = (await app.inject({ method: 'GET', url: '/api/session', headers: boss })).json();
    const r = await app.inject({ method: 'PATCH', url: `/api/users/${me.user.id}`, headers: boss, payload: { role: 'desk' } });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('own_account');
    const list = (await app.inject({ method: 'GET', url: '/api/users', headers: boss })).json();
    expect(list.map((u: { username: string }) => u.username)).toEqual(['boss', 'desk1']);
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });
});

describe('the first sign-in', () => {
  const data = tempDir();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(data.dir);
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('signs the first organiser in as admin with the admin token, and nobody with a wrong one', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'admin', password: 'not-the-admin-token' } });
    expect(wrong.statusCode).toBe(401);
    const r = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'admin', password: ADMIN_TOKEN } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ role: 'organiser', user: { username: 'admin' } });
    const cookie = `kezek_session=${r.cookies[0].value}`;
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(users.statusCode).toBe(200);
    // Signing in again reuses the account.
    await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'admin', password: ADMIN_TOKEN } });
    expect(app.sqlite.prepare("SELECT count(*) AS n FROM users WHERE username = 'admin'").get()).toEqual({ n: 1 });
  });
});
