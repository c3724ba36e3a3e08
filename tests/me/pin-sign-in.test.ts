// The attendee's phone signs in with the badge number and the PIN printed on the badge: the PIN is
// not in the QR, changes with every reissue, and wrong guesses are throttled per badge (from any
// address) and per address.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, appPerSuite, register, tempDir } from '../support/app.ts';
import { ATTENDEE_COOKIE, PIN_DIGITS } from '../../shared/me.ts';

const signIn = (app: FastifyInstance, badgeNo: number, pin: string, remoteAddress = '10.1.1.1', headers: Record<string, string> = { 'x-kezek': '1' }) =>
  app.inject({ method: 'POST', url: '/api/me/session', remoteAddress, headers, payload: { badgeNo, pin } });

/** The attendee cookie a sign-in set, as a Cookie header. */
function cookieOf(r: LightMyRequestResponse): string {
  const c = r.cookies.find((x) => x.name === ATTENDEE_COOKIE);
  if (!c) throw new Error(`no ${ATTENDEE_COOKIE} cookie: ${r.statusCode} ${r.body}`);
  return `${ATTENDEE_COOKIE}=${c.value}`;
}

/** Another PIN than this one, of the same length. */
const wrong = (pin: string) => String((Number(pin) + 1) % 10 ** PIN_DIGITS).padStart(PIN_DIGITS, '0');

describe('PIN sign-in on the phone', () => {
  // Where the printed badges are read back.
  const prints = tempDir();
  afterAll(() => prints.remove());
  let app: FastifyInstance;
  appPerSuite(async (made) => {
    app = made;
    await made.ready();
  });

  it('the desk is told a six-digit PIN that is not in the QR; it signs the phone in with an HttpOnly cookie', async () => {
    const a = await register(app, 'Dana');
    expect(a.pin).toMatch(/^[0-9]{6}$/);
    const pin = a.pin;
    expect(a.badge).not.toContain(pin);
    const r = await signIn(app, a.badgeNo, pin);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ badgeNo: a.badgeNo, firstName: 'Dana', language: 'kk' });
    const cookie = r.cookies.find((c) => c.name === ATTENDEE_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await app.inject({ method: 'GET', url: '/api/me/session', headers: { cookie: cookieOf(r) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().badgeNo).toBe(a.badgeNo);
    // Typed with the space printed on the badge, it works too.
    expect((await signIn(app, a.badgeNo, `${pin.slice(0, 3)} ${pin.slice(3)}`)).statusCode).toBe(200);
  });

  it('a wrong PIN, another badge\'s PIN or an unknown badge is refused alike (401 pin_wrong); sign-in needs the CSRF header', async () => {
    const a = await register(app, 'Erlan');
    const b = await register(app, 'Farida');
    const pinA = a.pin;
    for (const r of [await signIn(app, a.badgeNo, wrong(pinA)), await signIn(app, b.badgeNo, pinA === b.pin ? wrong(pinA) : pinA), await signIn(app, 99_999, pinA)]) {
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('pin_wrong');
      expect(r.cookies.find((c) => c.name === ATTENDEE_COOKIE)).toBeUndefined();
    }
    const noHeader = await signIn(app, a.badgeNo, pinA, '10.1.1.1', {});
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('csrf');
  });

  it('without a session, or with a forged or another badge\'s cookie, the phone is not signed in', async () => {
    const a = await register(app, 'Gulnar');
    const good = cookieOf(await signIn(app, a.badgeNo, a.pin));
    const forged = good.replace(/\.([0-9]+)\./, (_m, no: string) => `.${Number(no) + 1}.`);
    for (const cookie of [undefined, forged, `${ATTENDEE_COOKIE}=nonsense`]) {
      const r = await app.inject({ method: 'GET', url: '/api/me/session', headers: cookie ? { cookie } : {} });
      expect(r.statusCode, String(cookie)).toBe(401);
    }
  });

  it('a reissued badge has a new PIN: the old PIN and the phones signed in with the old badge are out', async () => {
    const a = await register(app, 'Hasan');
    const oldPin = a.pin;
    const phone = cookieOf(await signIn(app, a.badgeNo, oldPin));
    const reissued = await app.inject({ method: 'POST', url: `/api/badges/${a.badgeNo}/reissue`, headers: ADMIN });
    const newPin = reissued.json().pin as string;
    expect(newPin).toMatch(/^[0-9]{6}$/);
    expect(newPin).not.toBe(oldPin);
    expect((await app.inject({ method: 'GET', url: '/api/me/session', headers: { cookie: phone } })).statusCode).toBe(401);
    expect((await signIn(app, a.badgeNo, oldPin)).statusCode).toBe(401);
    expect((await signIn(app, a.badgeNo, newPin)).statusCode).toBe(200);
    // Revoked: no PIN signs in.
    await app.inject({ method: 'POST', url: `/api/badges/${a.badgeNo}/revoke`, headers: ADMIN });
    expect((await signIn(app, a.badgeNo, newPin)).statusCode).toBe(401);
  });

  it('signing out clears the cookie', async () => {
    const r = await app.inject({ method: 'DELETE', url: '/api/me/session', headers: { 'x-kezek': '1' } });
    expect(r.statusCode).toBe(204);
    expect(r.cookies.find((c) => c.name === ATTENDEE_COOKIE)?.value).toBe('');
  });

  it('the badge prints the /me address and the PIN (the same PIN on every print)', async () => {
    const a = await register(app, 'Ilyas');
    const pin = a.pin;
    const text = (url: string) => {
      const file = join(prints.dir, `print-${Math.random()}.pdf`);
      return app.inject({ method: 'GET', url, headers: { ...ADMIN, host: '192.168.7.20:3000' } }).then((r) => {
        expect(r.statusCode, r.body).toBe(200);
        writeFileSync(file, r.rawPayload);
        return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      });
    };
    const printed = `PIN ${pin.slice(0, 3)} ${pin.slice(3)}`;
    for (const url of [`/api/badges/${a.badgeNo}/label.pdf`, `/api/badges/sheet.pdf?from=${a.badgeNo}&to=${a.badgeNo}`]) {
      const t = await text(url);
      expect(t, url).toContain('192.168.7.20:3000/me');
      expect(t, url).toContain(printed);
    }
  });
});

describe('PIN sign-in throttle at its defaults', () => {
  let app: FastifyInstance;
  appPerSuite(
    async (made) => {
      app = made;
      await made.ready();
    },
    { limits: 'configured', env: { LIMIT_ATTENDEES: '1000' } },
  );

  it('5 wrong PINs for one badge from any addresses lock that badge (429 with Retry-After), even for the right PIN; other badges still sign in', async () => {
    const a = await register(app, 'Zhanna');
    const b = await register(app, 'Kairat');
    const pin = a.pin;
    for (let i = 0; i < 5; i++) expect((await signIn(app, a.badgeNo, wrong(pin), `10.2.0.${i}`)).statusCode).toBe(401);
    const locked = await signIn(app, a.badgeNo, pin, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Too many requests: try again in \d+ s$/) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await signIn(app, b.badgeNo, b.pin, '10.2.0.99')).statusCode).toBe(200);
  });

  it('20 wrong PINs from one address, over many badges, lock that address; another address still signs in', async () => {
    const people = [];
    for (let i = 0; i < 21; i++) people.push(await register(app, `P${i}`));
    for (let i = 0; i < 20; i++) expect((await signIn(app, people[i].badgeNo, wrong(people[i].pin), '10.3.0.1')).statusCode).toBe(401);
    const last = people[20];
    expect((await signIn(app, last.badgeNo, last.pin, '10.3.0.1')).statusCode).toBe(429);
    expect((await signIn(app, last.badgeNo, last.pin, '10.3.0.2')).statusCode).toBe(200);
  });
});
