import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { tokenHash } from '../plugins/auth.ts';

type StaffFromCookie = (cookieHeader: string) => Promise<{ role: string } | null> | { role: string } | null;

/**
 * Decides whether a `/staff` socket is an organiser: the admin token in `handshake.auth.token`,
 * or a staff session cookie when the sessions plugin is present.
 */
export function staffCheck(app: FastifyInstance): (token: unknown, cookie: string | undefined) => Promise<boolean> {
  const adminHash = (): Buffer | null => {
    if (app.config.adminToken) return Buffer.from(tokenHash(app.config.adminToken), 'hex');
    // The auth plugin made the token on first start and kept only its hash here.
    const file = join(app.config.dataDir, 'admin-token.sha256');
    return existsSync(file) ? Buffer.from(readFileSync(file, 'utf8').trim(), 'hex') : null;
  };
  const hash = adminHash();
  return async (token, cookie) => {
    if (typeof token === 'string' && token.length >= 8 && token.length <= 200 && hash) {
      if (timingSafeEqual(Buffer.from(tokenHash(token), 'hex'), hash)) return true;
    }
    const fromCookie = (app as unknown as { staffFromCookie?: StaffFromCookie }).staffFromCookie;
    if (cookie && typeof fromCookie === 'function') {
      const staff = await fromCookie.call(app, cookie);
      return staff?.role === 'organiser';
    }
    return false;
  };
}
