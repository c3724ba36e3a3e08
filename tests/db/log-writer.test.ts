// The log is written on every scan: its statements must find their rows through an index that
// stays small, whatever the size of the log (or of the other events' logs).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { LATEST_ANSWERS_OF_EVENT, SCAN_IDS_OF_EVENT } from '../../server/db/journal.ts';
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

  it('reads an event\'s scan ids from its (event_id, id) index alone, and its latest answers by walking it back', () => {
    const { sqlite } = openDatabase(':memory:');
    try {
      const plan = (sql: string, ...args: unknown[]) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((p) => p.detail);
      expect(plan(SCAN_IDS_OF_EVENT, 'autumn')).toEqual(['SEARCH scans USING COVERING INDEX scans_event_id (event_id=?)']);
      expect(plan(LATEST_ANSWERS_OF_EVENT, 'autumn', 20_000)).toEqual(['SEARCH scans USING INDEX scans_event_id (event_id=?)']);
    } finally {
      sqlite.close();
    }
  });
});
