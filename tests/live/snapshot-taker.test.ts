// The periodic snapshot of the live state, taken in a thread of its own on its own connection.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { MemoryStore } from '../../server/live/memory-store.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { LiveSnapshots } from '../../server/live/snapshot.ts';
import type { Snapshot } from '../../server/live/snapshot-body.ts';
import { SnapshotTaker, type SnapshotThreadData } from '../../server/live/snapshot-taker.ts';
import { openPostgresStore } from '../../server/db/postgres-store.ts';
import { tempDir } from '../support/app.ts';
import { testDatabase } from '../support/postgres.ts';
import { event, log } from './stores.ts';

describe.each(['sqlite', 'postgres'] as const)('snapshots taken in a thread of their own: %s', (kind) => {
  let store: DurableStore;
  /** Where the thread finds the same durable log. */
  let where: Omit<SnapshotThreadData, 'event'>;
  let close: () => Promise<void>;
  beforeEach(async () => {
    if (kind === 'postgres') {
      const database = await testDatabase();
      store = await openPostgresStore(database.url, log);
      where = { file: '', databaseUrl: database.url };
      close = async () => {
        await store.close();
        await database.drop();
      };
    } else {
      const dir = tempDir();
      const file = join(dir.dir, 'event.sqlite');
      const { sqlite } = openDatabase(file);
      store = sqliteStore(sqlite, new Journal(sqlite), dir.dir);
      where = { file, databaseUrl: null };
      close = async () => {
        await store.close();
        sqlite.close();
        dir.remove();
      };
    }
    await store.stations.save(event.stations);
  });
  afterEach(async () => close());

  /** Scans through the in-process store, `n` at a time, moving 20 attendees between stations (of the current event, or of `eventId`). */
  async function day(eventId?: string) {
    const records = eventId ? store.forEvent(eventId) : store;
    const eventLog = eventId ? store.logOf(eventId) : store.log;
    const people: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      const no = await records.attendees.register(id, { firstName: `P${i}` }, `p${i}`, 1);
      await records.attendees.issueBadge(id, no, `s${no}`, 1);
      people.push(no);
    }
    let t = Date.now() - 3_600_000;
    const live = new MemoryStore(event, rebuild(await eventLog.read(), event, t), eventLog);
    return {
      scans: async (n: number, seed: number) => {
        for (let i = 0; i < n; i++) {
          const no = people[(i * 7 + seed) % people.length];
          const station = event.stations[(i * 3 + seed) % event.stations.length];
          t += 1_000 + (i % 5) * 40_000;
          await live.scan({ id: randomUUID(), kioskId: 'k1', stationId: station.id, at: t, badge: { no, serial: `s${no}` } }, { clientAt: null });
        }
      },
      now: () => t,
    };
  }

  const storedPlace = async () => (JSON.parse((await store.log.readSnapshot())!.body) as Snapshot).place.scans;

  it('writes the snapshot a replay of the log gives, and renews it as the log grows', async () => {
    const d = await day();
    await d.scans(120, 1);
    const taker = new SnapshotTaker({ ...where, event }, log);
    try {
      await taker.take();
      expect(await storedPlace()).toBe(120);
      await d.scans(80, 2);
      await taker.take();
      expect(await storedPlace()).toBe(200);
    } finally {
      await taker.stop();
    }
    const now = d.now() + 60_000;
    const warnings: string[] = [];
    const restored = await new LiveSnapshots(store.log, event, (_d, message) => warnings.push(message)).restore(now, 'answers');
    const whole = rebuild(await store.log.read(), event, now);
    const sorted = (s: typeof whole) => ({ ...s, answers: [...s.answers].sort((a, b) => a[0].localeCompare(b[0])) });
    expect(sorted(restored)).toEqual(sorted(whole));
    expect(warnings).toEqual([]);
  });

  it('takes another event\'s snapshot from that event\'s log, and leaves the current event\'s alone', async () => {
    const campus = { ...event, id: 'campus' };
    await store.events.create(campus, campus.date, campus.date, Date.now());
    const d = await day(campus.id);
    await d.scans(50, 4);
    const taker = new SnapshotTaker({ ...where, event: campus, eventId: campus.id }, log);
    try {
      await taker.take();
    } finally {
      await taker.stop();
    }
    expect((JSON.parse((await store.logOf(campus.id).readSnapshot())!.body) as Snapshot).place.scans).toBe(50);
    expect(await store.log.readSnapshot()).toBeNull();
  });

  it('takes nothing once stopped, and a stop before any snapshot starts no thread', async () => {
    const d = await day();
    await d.scans(30, 3);
    const taker = new SnapshotTaker({ ...where, event }, log);
    await taker.stop();
    await taker.take();
    expect(await store.log.readSnapshot()).toBeNull();
  });
});

describe('the snapshot thread', () => {
  it('ends with each snapshot: one that fails rejects, and the next starts a thread of its own', async () => {
    const dir = tempDir();
    const taker = new SnapshotTaker({ file: join(dir.dir, 'no such folder', 'event.sqlite'), databaseUrl: null, event }, log);
    try {
      await expect(taker.take()).rejects.toThrow();
      await expect(taker.take()).rejects.toThrow();
    } finally {
      await taker.stop();
      dir.remove();
    }
  });
});
