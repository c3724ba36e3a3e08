// A staff sign-in is in the audit log of each event where the account has a role: an organiser of a
// second campus reads in the campus's log who signed in to work there, and the current event's log
// keeps only those with a role at it; an archived event's log is left as it was.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/audit.ts';
import { ADMIN, tempDir, testApp } from '../support/app.ts';
import { CAMPUS, copyOf } from '../support/second-event.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';

describe('staff sign-ins in the audit log of their events', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let campusOrganiser: { cookie: string; 'x-kezek': '1' };

  const entries = async (url: string, headers: Record<string, string>, action: string): Promise<AuditEntry[]> => {
    const r = await app.inject({ url: `${url}?action=${action}`, headers });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as AuditPage).entries;
  };
  const usernames = (list: AuditEntry[]) => list.map((e) => e.user?.username);

  beforeAll(async () => {
    app = await testApp(data.dir);
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event, 'old-fair') })).statusCode).toBe(201);
    const account = async (url: string, username: string, role: 'organiser' | 'desk') => {
      const r = await app.inject({ method: 'POST', url, headers: ADMIN, payload: { username, role, password: STAFF_PASSWORD } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    await account(`/api/events/${CAMPUS}/users`, 'campus-org', 'organiser');
    await account(`/api/events/${CAMPUS}/users`, 'campus-desk', 'desk');
    const both = await createStaff(app, 'two-desks', 'desk');
    expect((await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}/users/${both}`, headers: ADMIN, payload: { role: 'desk' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url: `/api/events/old-fair/users/${both}`, headers: ADMIN, payload: { role: 'desk' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url: '/api/events/old-fair', headers: ADMIN, payload: { status: 'archived' } })).statusCode).toBe(200);
    await app.readEventCourse();
    campusOrganiser = await signIn(app, 'campus-org');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('writes a sign-in of staff of the campus only in the campus\'s log, read there by its organiser', async () => {
    await signIn(app, 'campus-desk');
    const campus = await entries(`/api/events/${CAMPUS}/audit`, campusOrganiser, 'session.sign_in');
    expect(campus.find((e) => e.user?.username === 'campus-desk')).toMatchObject({ role: 'desk', target: 'campus-desk' });
    expect(campus.find((e) => e.user?.username === 'campus-org')).toMatchObject({ role: 'organiser', target: 'campus-org' });
    const here = await entries('/api/audit', ADMIN, 'session.sign_in');
    expect(usernames(here)).not.toContain('campus-desk');
    expect(usernames(here)).not.toContain('campus-org');
  });

  it('writes a sign-in of staff of both events in each log, with the role there; an archived event\'s log stays as it was', async () => {
    const before = (await entries('/api/events/old-fair/audit', ADMIN, 'session.sign_in')).length;
    const session = await signIn(app, 'two-desks');
    expect((await entries(`/api/events/${CAMPUS}/audit`, campusOrganiser, 'session.sign_in')).find((e) => e.user?.username === 'two-desks')).toMatchObject({ role: 'desk' });
    expect((await entries('/api/audit', ADMIN, 'session.sign_in')).find((e) => e.user?.username === 'two-desks')).toMatchObject({ role: 'desk' });
    expect(await entries('/api/events/old-fair/audit', ADMIN, 'session.sign_in')).toHaveLength(before);
    // Signing out is written where signing in was.
    await app.inject({ method: 'DELETE', url: '/api/session', headers: session });
    expect(usernames(await entries(`/api/events/${CAMPUS}/audit`, campusOrganiser, 'session.sign_out'))).toContain('two-desks');
    expect(usernames(await entries('/api/audit', ADMIN, 'session.sign_out'))).toContain('two-desks');
  });
});
