// A returning person registered at one event by two desks at the same moment: one registration and
// one typed refusal (409 already_registered, with the badge number of the one made), never a 500 or
// a second registration, with either durable store (SQLite; PostgreSQL with a database of its own).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, register, tempDir, testApp } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';

const AUTUMN = 'autumn-fair';

describe.each(['sqlite', 'postgres'] as const)('a returning person registered twice at once (%s)', (kind) => {
  const data = tempDir();
  let database: TestDatabase | null = null;
  let app: FastifyInstance;

  beforeAll(async () => {
    if (kind === 'postgres') database = await testDatabase();
    app = await testApp(data.dir, database ? { env: { DATABASE_URL: database.url } } : {});
    expect(app.store.dialect).toBe(kind);
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: { from: 'scratch', id: AUTUMN, name: { kk: 'Күз', ru: 'Осень', en: 'Autumn' }, startsOn: '2027-10-10' } });
    expect(made.statusCode, made.body).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    data.remove();
  });

  it('registers them once: the other desk is told they are registered, with their badge number', async () => {
    const spring = await register(app, 'Айгерім');
    const again = () => app.inject({ method: 'POST', url: `/api/events/${AUTUMN}/attendees/returning`, headers: ADMIN, payload: { event: app.store.eventId, id: spring.id } });
    for (let round = 0; round < 3; round++) {
      const person = round === 0 ? spring : await register(app, `Person${round}`);
      const both = await Promise.all([0, 1, 2].map(() => app.inject({ method: 'POST', url: `/api/events/${AUTUMN}/attendees/returning`, headers: ADMIN, payload: { event: app.store.eventId, id: person.id } })));
      const made = both.filter((r) => r.statusCode === 201);
      expect(both.map((r) => r.statusCode).sort(), both.map((r) => r.body).join('\n')).toEqual([201, 409, 409]);
      const badgeNo = made[0].json().badgeNo as number;
      for (const r of both.filter((x) => x.statusCode === 409)) expect(r.json()).toEqual({ code: 'already_registered', message: expect.any(String), badgeNo });
    }
    expect(Number((await app.inject({ url: `/api/events/${AUTUMN}/attendees`, headers: ADMIN })).headers['x-total-count'])).toBe(3);
    // Asked again later, the same answer.
    const later = await again();
    expect([later.statusCode, later.json().code]).toEqual([409, 'already_registered']);
  });
});
