// TRUST_PROXY: only behind a proxy it names (or counts) do X-Forwarded-For and X-Forwarded-Proto
// decide the client's address (rate limits) and whether the session cookie is Secure.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { tempDir, testApp } from '../support/app.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';

type Forwarded = { remoteAddress?: string; for?: string; proto?: string };

function signIn(app: FastifyInstance, password: string, via: Forwarded = {}) {
  const headers: Record<string, string> = { 'x-kezek': '1' };
  if (via.for) headers['x-forwarded-for'] = via.for;
  if (via.proto) headers['x-forwarded-proto'] = via.proto;
  return app.inject({ method: 'POST', url: '/api/session', remoteAddress: via.remoteAddress ?? '127.0.0.1', headers, payload: { username: 'proxied', password } });
}

/** Whether a sign-in's session cookie is marked Secure (undefined: no cookie). */
async function secureCookie(app: FastifyInstance, via: Forwarded): Promise<boolean | undefined> {
  const r = await signIn(app, STAFF_PASSWORD, via);
  expect(r.statusCode, r.body).toBe(200);
  return r.cookies.find((c) => c.name === 'kezek_session')?.secure === true;
}

describe('TRUST_PROXY', () => {
  const opened: Array<{ app: FastifyInstance; remove: () => void }> = [];
  const appWith = async (trustProxy?: string) => {
    const data = tempDir();
    const app = await testApp(data.dir, { limits: 'configured', env: trustProxy ? { TRUST_PROXY: trustProxy } : {} });
    opened.push({ app, remove: data.remove });
    await createStaff(app, 'proxied', 'organiser');
    return app;
  };
  afterEach(async () => {
    for (const { app, remove } of opened.splice(0)) {
      await app.close();
      remove();
    }
  });

  it('takes addresses, CIDRs, named ranges or a hop count, and names what it cannot read', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback, fd00::/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(/TRUST_PROXY must be .* got "proxy.local"/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/got "10.0.0.0\/33"/);
    expect(() => loadConfig({ TRUST_PROXY: '0' })).toThrow(/TRUST_PROXY must be an integer from 1 to 10/);
  });

  it('unset: forwarded headers are ignored, so they neither make a cookie Secure nor dodge a limit', async () => {
    const app = await appWith();
    expect(await secureCookie(app, { proto: 'https' })).toBe(false);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(app, `wrong-${i}`, { for: `198.51.100.${i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('set to the proxy: the client address and scheme come from it, and only from it', async () => {
    const app = await appWith('127.0.0.1');
    expect(await secureCookie(app, { proto: 'https' })).toBe(true);
    expect(await secureCookie(app, { proto: 'http' })).toBe(false);
    // Someone else on the LAN sending the same headers is not believed.
    expect(await secureCookie(app, { remoteAddress: '192.168.1.50', proto: 'https' })).toBe(false);
    // An attacker behind the proxy is locked out by their own address; the user behind it is not.
    for (let i = 0; i < 5; i++) expect((await signIn(app, `wrong-${i}`, { for: '203.0.113.5' })).statusCode).toBe(401);
    expect((await signIn(app, 'wrong-5', { for: '203.0.113.5' })).statusCode).toBe(429);
    expect((await signIn(app, STAFF_PASSWORD, { for: '203.0.113.6' })).statusCode).toBe(200);
    // The direct caller forging X-Forwarded-For is counted by its own address.
    for (let i = 0; i < 5; i++) expect((await signIn(app, `forged-${i}`, { remoteAddress: '192.168.1.50', for: `198.51.100.${i}` })).statusCode).toBe(401);
    expect((await signIn(app, 'forged-5', { remoteAddress: '192.168.1.50', for: '198.51.100.99' })).statusCode).toBe(429);
  });

  it('a hop count: the nearest proxy is believed, whoever it is', async () => {
    const app = await appWith('1');
    expect(await secureCookie(app, { remoteAddress: '10.1.1.1', proto: 'https' })).toBe(true);
    for (let i = 0; i < 5; i++) expect((await signIn(app, `wrong-${i}`, { for: '203.0.113.7' })).statusCode).toBe(401);
    expect((await signIn(app, 'wrong-5', { for: '203.0.113.7' })).statusCode).toBe(429);
    expect((await signIn(app, STAFF_PASSWORD, { for: '203.0.113.8' })).statusCode).toBe(200);
  });
});
