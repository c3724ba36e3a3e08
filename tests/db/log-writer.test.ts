// The log is written on every scan: its statements must find their rows through an index that
// stays small, whatever the size of the log (or of the other events' logs).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { CLOSE_VISIT } from '../../server/db/log-writer.ts';

describe('log writer', () => {
  it('closes a visit through the open visits’ index', () => {
    const { sqlite } = openDatabase(':memory:');
    try {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${CLOSE_VISIT}`).all(1, 'scan', 7, 'tmk', 1, 'spring-open-day') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail)).toEqual(['SEARCH visits USING INDEX visits_open (event_id=? AND badge_no=? AND station_id=? AND out_at=?)']);
    } finally {
      sqlite.close();
    }
  });
});
