// With DATABASE_URL nothing a second server needs is in one server's DATA_DIR: the SQLite file is
// never opened, and the HTTPS certificate authority is kept in PostgreSQL. Two servers with data
// folders of their own, on one database, see the same badge key, kiosks, staff sessions and
// authority; each signs its own certificate with it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../server/make-certificate.ts';
import { openPostgresStore } from '../../server/db/postgres-store.ts';
import { ADMIN, kiosk, tempDir, testApp } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';
import { createStaff, signIn } from '../support/staff.ts';
import { log } from '../live/stores.ts';

describe('two servers with data folders of their own on one PostgreSQL database', () => {
  let database: TestDatabase;
  const dirs = [tempDir(), tempDir()];
  const apps: FastifyInstance[] = [];
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    database = await testDatabase();
    // Each server's own certificate, as `npm run certificate` makes it on each machine.
    const store = await openPostgresStore(database.url, log);
    try {
      for (const dir of dirs) await makeCertificate(dir.dir, store.secrets);
    } finally {
      await store.close();
    }
    for (const dir of dirs) apps.push(await testApp(dir.dir, { env: { DATABASE_URL: database.url, HTTPS: '1' } }));
    [a, b] = apps;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.drop();
    for (const dir of dirs) dir.remove();
  });

  it('keeps only its own HTTPS certificate in DATA_DIR: no SQLite file, no secret', () => {
    for (const dir of dirs) expect(readdirSync(dir.dir).sort()).toEqual(['https-cert.pem', 'https-key.pem']);
    expect(() => a.sqlite).toThrow(/DATABASE_URL/);
  });

  it('gives the same certificate authority from either server, which signed both servers’ certificates', async () => {
    const [fromA, fromB] = await Promise.all([a, b].map((app) => app.inject({ method: 'GET', url: '/kiosk-certificate.crt' })));
    expect(fromA.statusCode).toBe(200);
    expect(fromA.body).toContain('BEGIN CERTIFICATE');
    expect(fromB.body).toBe(fromA.body);
    const work = mkdtempSync(join(tmpdir(), 'kezek-ca-'));
    try {
      writeFileSync(join(work, 'ca.pem'), fromA.body);
      for (const dir of dirs) {
        expect(execFileSync('openssl', ['verify', '-CAfile', join(work, 'ca.pem'), join(dir.dir, 'https-cert.pem')], { encoding: 'utf8' })).toMatch(/: OK/);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('gives the same badge key from either server', async () => {
    const [fromA, fromB] = await Promise.all([a, b].map((app) => app.inject({ method: 'GET', url: '/api/badge-key' })));
    expect(fromA.statusCode).toBe(200);
    expect(fromB.body).toBe(fromA.body);
  });

  it('knows on one server the kiosks made on the other', async () => {
    const made = await kiosk(a, 'tmk');
    const listed = (await b.inject({ method: 'GET', url: '/api/kiosks', headers: ADMIN })).json() as Array<{ id: string }>;
    expect(listed.map((k) => k.id)).toContain(made.id);
  });

  it('keeps a staff member signed in on one server signed in on the other', async () => {
    await createStaff(a, 'desk-anna', 'desk');
    const session = await signIn(a, 'desk-anna');
    const me = await b.inject({ method: 'GET', url: '/api/session', headers: session });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'desk', user: { username: 'desk-anna' } });
  });
});

describe('a server with no certificate made', () => {
  it('answers 404 no_certificate for the authority, in either store', async () => {
    const dir = tempDir();
    const database = await testDatabase();
    try {
      for (const env of [{}, { DATABASE_URL: database.url }] as Array<Record<string, string>>) {
        const app = await testApp(dir.dir, { env });
        try {
          const r = await app.inject({ method: 'GET', url: '/kiosk-certificate.crt' });
          expect(r.statusCode).toBe(404);
          expect(r.json().code).toBe('no_certificate');
        } finally {
          await app.close();
        }
      }
    } finally {
      await database.drop();
      dir.remove();
    }
  });
});
