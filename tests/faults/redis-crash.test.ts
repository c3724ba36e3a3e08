// kill -9 of a Redis that keeps an append-only file (appendfsync always), while kiosks send scans
// to two server processes, then its restart: no acknowledged scan lost, none counted twice, and
// the counts exact afterwards, in Redis and in the archive alike (SQLite, and PostgreSQL).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { startServer, stopServer } from '../support/server-process.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { DURABLE_KINDS, testDurable, type TestDurable } from '../support/archive.ts';

const PEOPLE = 600;

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

for (const kind of DURABLE_KINDS) describe(`Redis killed mid-stream and restarted (${kind} durable store)`, () => {
  const dir = tempDir();
  let redis: TestRedis;
  let durable: TestDurable;
  afterAll(async () => {
    await redis?.remove();
    await durable?.drop();
    dir.remove();
  });

  it('loses no acknowledged scan and counts none twice (two server processes)', async () => {
    redis = await startRedis('aof');
    durable = await testDurable(kind, dir.dir);
    const env = { DATA_DIR: dir.dir, ADMIN_TOKEN, REDIS_URL: redis.url, REDIS_DURABILITY: '', ...durable.env };
    const servers = [await startServer(env), await startServer(env)];
    try {
      const k = await post(`${servers[0].url}/api/kiosks`, { station: 'entrance' }, ADMIN);
      const kioskAuth = { authorization: `Bearer ${k.body.token as string}` };
      const badges: string[] = [];
      for (let i = 0; i < PEOPLE; i++) {
        const r = await post(`${servers[i % 2].url}/api/attendees`, { firstName: `P${i}`, lastName: 'Test', category: 'school' }, ADMIN);
        badges.push(r.body.badge as string);
      }

      // Each attendee arrives once at the entrance gate: a scan counted twice would check them out again.
      const answers: Array<Record<string, unknown>> = [];
      let refusals = 0;
      const send = async (i: number) => {
        const id = randomUUID();
        for (;;) {
          try {
            const r = await post(`${servers[i % 2].url}/api/scans`, { id, badge: badges[i] }, kioskAuth);
            if (r.status === 200) {
              answers.push(r.body);
              return;
            }
            expect(r.body.code).toBe('live_store_unavailable');
            refusals++;
          } catch {
            // no answer in time: the kiosk's outbox sends the same id again
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      let next = 0;
      const worker = async () => {
        while (next < PEOPLE) await send(next++);
      };
      const clients = Promise.all(Array.from({ length: 16 }, worker));
      while (answers.length < PEOPLE / 3) await new Promise((r) => setTimeout(r, 2));
      await redis.stop('SIGKILL');
      const acknowledgedBeforeKill = answers.length;
      await new Promise((r) => setTimeout(r, 300));
      await redis.restart();
      await clients;

      expect(acknowledgedBeforeKill).toBeLessThan(PEOPLE);
      expect(refusals).toBeGreaterThan(0);
      expect(answers).toHaveLength(PEOPLE);
      expect(answers.filter((a) => a.outcome !== 'entered')).toEqual([]);
      for (const s of servers) {
        const stations = (await (await fetch(`${s.url}/api/stations`)).json()) as Array<{ id: string; occupancy: number; visits: number }>;
        expect(stations.find((st) => st.id === 'entrance')).toMatchObject({ occupancy: PEOPLE, visits: PEOPLE });
      }
      console.log(`fault figures: Redis kill -9 with AOF (${kind}): ${acknowledgedBeforeKill} scans acknowledged before the kill, ${refusals} answers 503 meanwhile, scans lost: 0`);
    } finally {
      // Stopping drains the log stream into the durable store.
      for (const s of servers) await stopServer(s.child);
    }
    expect(await durable.counts()).toEqual({ entered: { n: PEOPLE, people: PEOPLE }, other: 0, openAtEntrance: PEOPLE });
  }, 180_000);
});
