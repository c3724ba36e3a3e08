// A group commit that Redis refuses with an error (here: the log stream's key is not a stream, so
// the script's XADD fails) must leave the live state exactly as it was, in Redis and in what this
// process holds: the scans are answered LiveStoreUnavailable, and the next groups are decided on
// what was committed.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanInput } from '../../server/flow/state.ts';
import { LiveStoreUnavailable, type LiveStore } from '../../server/live/live-store.ts';
import type { RedisStore } from '../../server/live/redis-store.ts';
import { REDIS_URL } from '../support/app.ts';
import { makeStore, type StoreUnderTest } from '../live/stores.ts';

const PEOPLE = 30;

describe('Redis live store when a commit fails', () => {
  let t: StoreUnderTest;
  let redis: Redis;
  beforeEach(async () => {
    t = await makeStore('redis');
    redis = new Redis(REDIS_URL);
    for (let no = 1; no <= PEOPLE; no++) await t.store.putAttendee({ no, firstName: `Әлия${no}`, serial: `s${no}` });
  });
  afterEach(async () => {
    await redis.quit();
    await t.close();
  });

  const input = (no: number, stationId: string, at: number): ScanInput => ({ id: randomUUID(), kioskId: `kiosk-${stationId}`, stationId, at, badge: { no, serial: `s${no}` } });
  /** People arrive at two small stations (filling them, queueing), some move on to a third. */
  const group = (at: number) => {
    const scans: ScanInput[] = [];
    for (let no = 1; no <= PEOPLE; no++) scans.push(input(no, no % 2 ? 'uk-chp' : 'tmk', at));
    for (let no = 1; no <= PEOPLE; no += 3) scans.push(input(no, 'oesk', at + 1));
    return scans;
  };
  /** A copy: the stations a store hands out are live ones. */
  const state = async (store: LiveStore) =>
    structuredClone({
      stations: await store.stations(),
      attendees: await Promise.all(Array.from({ length: PEOPLE }, (_, i) => store.attendee(i + 1))),
    });

  it('keeps the state as it was, answers LiveStoreUnavailable, and decides the next groups on what was committed', async () => {
    const store = t.store as RedisStore;
    await Promise.all(group(Date.now() - 600_000).map((s) => store.scan(s, { clientAt: null })));
    await t.archive();
    const before = await state(store);

    // The log stream replaced by a string: the commit script fails at its XADD.
    await redis.del(store.streamKey);
    await redis.set(store.streamKey, 'not a stream');
    const changed: string[] = [];
    store.onChange((ids) => changed.push(...ids));
    const failed = group(Date.now());
    const results = await Promise.allSettled(failed.map((s) => store.scan(s, { clientAt: null })));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof LiveStoreUnavailable)).toBe(true);
    expect(changed).toEqual([]);
    await redis.del(store.streamKey);
    await expect.poll(() => store.available).toBe(true);
    // Redis holds what it held, and so does this process (it reads afresh what it dropped).
    expect(await state(await t.twin())).toEqual(before);
    expect(await state(store)).toEqual(before);

    // The kiosks send the same scans again: decided on the committed state, as if the failure never was.
    const again = await Promise.all(failed.map((s) => store.scan(s, { clientAt: null })));
    expect(again.every((o) => !o.replayed)).toBe(true);
    expect(await state(await t.twin())).toEqual(await state(store));
  });
});
