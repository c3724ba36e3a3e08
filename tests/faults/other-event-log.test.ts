// Two events live at once on one server, and the log of the one that is not current cannot be
// committed (its rows refused by the database, the current event's written as ever): /health names
// that event and says degraded, its kiosks are answered a typed refusal, never a 500, and the
// current event keeps scanning; once the database takes its rows again, the scans sent again are kept.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';
import { badgedAt, CAMPUS, copyOf } from '../support/second-event.ts';

/** How a store is made to refuse one event's scans: a trigger on `scans` for that event only. */
interface Refusal {
  store: string;
  /** What /health says of that event's log while it is refused, and the status its kiosks get. */
  reason: 'storage_full' | 'storage_unavailable';
  status: number;
  refuse(app: FastifyInstance, eventId: string): Promise<void>;
  allow(app: FastifyInstance): Promise<void>;
}

let database: TestDatabase | null = null;
const postgres = async (sql: string) => {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const STORES: Refusal[] = [
  {
    store: 'SQLite',
    // SQLite has no per-row "disk full": the trigger's abort fails the whole commit of that event's group.
    reason: 'storage_unavailable',
    status: 503,
    refuse: async (app, eventId) =>
      void app.sqlite.exec(`CREATE TRIGGER refuse_event BEFORE INSERT ON scans WHEN NEW.event_id = '${eventId}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`),
    allow: async (app) => void app.sqlite.exec('DROP TRIGGER refuse_event'),
  },
  {
    store: 'PostgreSQL',
    // disk_full (53100), as PostgreSQL answers when it finds no room.
    reason: 'storage_full',
    status: 507,
    refuse: async (_app, eventId) => {
      await postgres(`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$`);
      await postgres(`CREATE TRIGGER refuse_event BEFORE INSERT ON scans FOR EACH ROW WHEN (NEW.event_id = '${eventId}') EXECUTE FUNCTION refuse_event()`);
    },
    allow: async () => {
      await postgres('DROP TRIGGER refuse_event ON scans');
      await postgres('DROP FUNCTION refuse_event()');
    },
  },
];

describe.each(STORES)('another event\'s log failing ($store)', (refusal) => {
  let app: FastifyInstance;
  const dir = tempDir();
  beforeAll(async () => {
    if (refusal.store === 'PostgreSQL') database = await testDatabase();
    app = await testApp(dir.dir, refusal.store === 'PostgreSQL' ? { env: { DATABASE_URL: database!.url } } : {});
  });
  afterAll(async () => {
    await app?.close();
    dir.remove();
    await database?.drop();
    database = null;
  });

  it('names that event on /health as degraded, refuses its scans typed, and the current event keeps scanning', async () => {
    const spring = app.config.event;
    const station = spring.stations.find((s) => s.group === 'employer')!.id;
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(spring) })).statusCode).toBe(201);
    const bota = await badgedAt(app.store, CAMPUS, station, 'Bota');
    const aru = await badgedAt(app.store, CAMPUS, station, 'Aru');
    const springKiosk = (await kiosk(app, station)).headers;
    const scan = (headers: Record<string, string>, badge: string, id = newScanId()) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id, badge } });
    const health = async () => {
      const r = await app.inject({ method: 'GET', url: '/health' });
      return { status: r.statusCode, body: r.json() as { status: string; reasons: string[]; events: Array<{ event: string; reasons: string[] }> } };
    };
    expect((await scan(bota.kiosk, bota.badge)).json()).toMatchObject({ outcome: 'entered' });
    expect((await health()).body).toMatchObject({ status: 'ok', events: [{ event: CAMPUS, reasons: [] }] });

    await refusal.refuse(app, CAMPUS);
    const refusedId = newScanId();
    const refused = await scan(aru.kiosk, aru.badge, refusedId);
    expect(refused.statusCode).toBe(refusal.status);
    expect(refused.json()).toMatchObject({ code: refusal.reason });
    // The current event's log is well: /health answers (200), degraded for the other event's.
    expect(await health()).toMatchObject({ status: 200, body: { status: 'degraded', reasons: [], events: [{ event: CAMPUS, reasons: [refusal.reason] }] } });
    for (const name of ['Dana', 'Erlan', 'Gulnar']) {
      expect((await scan(springKiosk, (await register(app, name)).badge)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: name } });
    }
    // Nothing of the refused scan reached the campus's live state.
    const occupancy = async (event: string) => ((await app.inject({ method: 'GET', url: `/api/events/${event}/live` })).json().stations as Array<{ id: string; occupancy: number }>).find((s) => s.id === station)?.occupancy;
    expect([await occupancy(spring.id), await occupancy(CAMPUS)]).toEqual([3, 1]);

    // The database takes its rows again: the scan sent again (its kiosk's outbox) is kept, and /health is well.
    await refusal.allow(app);
    expect((await scan(aru.kiosk, aru.badge, refusedId)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Aru' }, station: { occupancy: 2 } });
    expect((await health()).body).toMatchObject({ status: 'ok', events: [{ event: CAMPUS, reasons: [] }] });
  });
});
