// Two server processes on one Redis serve the same event: scans sent to both at once at the
// same station give exact counts, and both processes answer with the same numbers.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, REDIS_URL, deleteRedisKeys, tempDir } from '../support/app.ts';
import { startServer, stopServer } from '../support/server-process.ts';

const prefix = `kezek-test-${randomUUID()}`;
const dir = tempDir();

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('two server processes with Redis', () => {
  afterAll(async () => {
    await deleteRedisKeys(prefix);
    dir.remove();
  });

  it('agree on every count while scanning at the same station at once', async () => {
    const env = { DATA_DIR: dir.dir, ADMIN_TOKEN, REDIS_URL, REDIS_PREFIX: prefix };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      const kioskA = await post(`${a.url}/api/kiosks`, { station: 'kazzinc' }, ADMIN);
      const kioskB = await post(`${b.url}/api/kiosks`, { station: 'kazzinc' }, ADMIN);
      const badges: string[] = [];
      for (let i = 0; i < 120; i++) {
        const server = i % 2 === 0 ? a : b;
        const r = await post(`${server.url}/api/attendees`, { firstName: `P${i}`, lastName: 'Test', category: 'college' }, ADMIN);
        badges.push(r.body.badge as string);
      }
      const send = (i: number) => {
        const [server, k] = i % 2 === 0 ? [a, kioskA] : [b, kioskB];
        return post(`${server.url}/api/scans`, { id: randomUUID(), badge: badges[i] }, { authorization: `Bearer ${k.body.token as string}` });
      };
      const answers = await Promise.all(badges.map((_, i) => send(i)));
      const outcomes = answers.map((r) => (r.body.reason as string) ?? (r.body.outcome as string));
      // KazZinc holds 12; the queue holds 100; the rest are refused.
      expect(outcomes.filter((o) => o === 'entered')).toHaveLength(12);
      expect(outcomes.filter((o) => o === 'queued')).toHaveLength(100);
      expect(outcomes.filter((o) => o === 'queue_full')).toHaveLength(8);

      const view = async (url: string) =>
        ((await (await fetch(`${url}/api/stations`)).json()) as Array<{ id: string; occupancy: number; queue: number }>).find((s) => s.id === 'kazzinc');
      expect(await view(a.url)).toMatchObject({ occupancy: 12, queue: 100 });
      expect(await view(b.url)).toEqual(await view(a.url));
      expect((await (await fetch(`${b.url}/health`)).json()).store).toBe('redis');
    } finally {
      await stopServer(a.child);
      await stopServer(b.child);
    }
  }, 90_000);
});
