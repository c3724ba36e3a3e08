import fp from 'fastify-plugin';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ApiFailure } from './errors.ts';

export type Role = 'organiser' | 'desk' | 'kiosk' | 'public';

export type Principal =
  | { role: 'organiser' | 'desk'; userId: string | null }
  | { role: 'kiosk'; kioskId: string; stationId: string }
  | { role: 'public' };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Every /api route says so; without it only organisers may. */
    access?: Role[];
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Set when this start made the admin token: main prints it once. */
    issuedAdminToken: string | null;
  }
}

/** SHA-256 of a random bearer token, as stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random bearer token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function adminTokenHash(dataDir: string, configured: string | null): { hash: Buffer; issued: string | null } {
  if (configured) return { hash: Buffer.from(tokenHash(configured), 'hex'), issued: null };
  const file = join(dataDir, 'admin-token.sha256');
  if (existsSync(file)) return { hash: Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'), issued: null };
  const token = newToken();
  writeFileSync(file, tokenHash(token), { mode: 0o600 });
  return { hash: Buffer.from(tokenHash(token), 'hex'), issued: token };
}

function kioskLookup(sqlite: Database.Database) {
  const stmt = sqlite.prepare('SELECT id, station_id AS stationId, revoked_at AS revokedAt FROM kiosks WHERE token_hash = ?');
  return (token: string) => stmt.get(tokenHash(token)) as { id: string; stationId: string; revokedAt: number | null } | undefined;
}

/**
 * Who is calling, and whether they may: decided here for every route from its `access` list.
 * Bearer tokens: the admin token (organiser) and kiosk tokens.
 */
export default fp(
  async (app) => {
    const admin = adminTokenHash(app.config.dataDir, app.config.adminToken);
    app.decorate('issuedAdminToken', admin.issued);
    const findKiosk = kioskLookup(app.sqlite);
    app.decorateRequest('principal', null as never);

    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      let principal: Principal = { role: 'public' };
      if (header) {
        const m = /^Bearer ([A-Za-z0-9_\-.~+/=]{8,200})$/.exec(header);
        if (!m) throw new ApiFailure(401, 'unauthorized', 'Authorization must be "Bearer <token>"');
        const token = m[1];
        const hash = Buffer.from(tokenHash(token), 'hex');
        if (timingSafeEqual(hash, admin.hash)) principal = { role: 'organiser', userId: null };
        else {
          const kiosk = findKiosk(token);
          if (!kiosk) throw new ApiFailure(401, 'unauthorized', 'Unknown token');
          if (kiosk.revokedAt !== null) throw new ApiFailure(401, 'kiosk_revoked', 'This kiosk was revoked by an organiser');
          principal = { role: 'kiosk', kioskId: kiosk.id, stationId: kiosk.stationId };
        }
      }
      request.principal = principal;
      const url = request.routeOptions.url;
      const access = request.routeOptions.config.access ?? (url?.startsWith('/api') ? ['organiser'] : ['public']);
      if (access.includes('public') || access.includes(principal.role)) return;
      if (principal.role === 'public') throw new ApiFailure(401, 'unauthorized', 'Sign in or send a bearer token');
      throw new ApiFailure(403, 'forbidden', `A ${principal.role} may not do this`);
    });
  },
  { name: 'auth', dependencies: ['config', 'db'] },
);
