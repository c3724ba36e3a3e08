// What only PostgreSQL's log does: a commit is a round trip, so entries are appended while one is on its way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../server/db/postgres-store.ts';
import { StorageFailure } from '../../server/db/storage-failure.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { makeDurable, type DurableUnderTest } from './durable-stores.ts';

const entry = (id: string, at: number): LogEntry => ({ kind: 'action', id, stationId: 'tmk', at, action: 'call_next', value: null, effects: [] });
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('PostgreSQL log', () => {
  let under: DurableUnderTest<PostgresStore>;
  beforeEach(async () => {
    under = await makeDurable('postgres');
  });
  afterEach(async () => {
    await under.close();
  });

  it('commits what was appended while a commit was on its way as the next group, in order', async () => {
    const first = under.store.log.append(entry('a', 1));
    await nextTurn();
    const rest = [under.store.log.append(entry('b', 2)), under.store.log.append(entry('c', 2))];
    await Promise.all([first, ...rest]);
    expect((await under.store.log.read()).actions.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('fails what was appended behind a commit that fails, undoing the last appended first', async () => {
    await under.store.pool.query('ALTER TABLE station_actions RENAME TO station_actions_away');
    const order: string[] = [];
    const first = under.store.log.append(entry('a', 1), () => order.push('undo a'));
    await nextTurn();
    const second = under.store.log.append(entry('b', 2), () => order.push('undo b'));
    const results = await Promise.allSettled([first, second]);
    expect(order).toEqual(['undo b', 'undo a']);
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof StorageFailure)).toEqual([true, true]);
  });
});
