import type { FastifyInstance } from 'fastify';
import { ADMIN } from './app.ts';

export const STAFF_PASSWORD = 'correct horse battery';

/** Creates a staff account through the API (as the admin token) and returns its id. */
export async function createStaff(app: FastifyInstance, username: string, role: 'organiser' | 'desk'): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/users', headers: ADMIN, payload: { username, role, password: STAFF_PASSWORD } });
  if (r.statusCode !== 201) throw new Error(`createStaff: ${r.statusCode} ${r.body}`);
  return r.json().id;
}

/** Signs in through POST /api/session; returns headers that carry the cookie and the CSRF header. */
export async function signIn(app: FastifyInstance, username: string, password = STAFF_PASSWORD): Promise<{ cookie: string; 'x-kezek': '1' }> {
  const r = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`signIn: ${r.statusCode} ${r.body}`);
  const c = r.cookies.find((x) => x.name === 'kezek_session');
  if (!c) throw new Error('signIn: no session cookie');
  return { cookie: `kezek_session=${c.value}`, 'x-kezek': '1' };
}
