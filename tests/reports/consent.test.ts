import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import { visits } from '../../server/db/schema.ts';
import { leadList, leadLists } from '../../server/reports/queries.ts';
import { leadTables } from '../../server/reports/tables.ts';
import { toCsv } from '../../server/reports/export.ts';
import { DayWriter, PEOPLE, knownDay, t, type Person } from './known-day.ts';

const EMPLOYERS = ['kazzinc', 'umz', 'tmk', 'oesk', 'sogrinskaya-chp', 'uk-chp', 'shygys-zhylu'];

const person = (no: number, consent: boolean): Person => ({
  ...PEOPLE[0],
  no,
  firstName: `Person${no}x`,
  lastName: consent ? 'Yes' : 'No',
  phone: `+7701${String(no).padStart(7, '0')}`,
  consent,
});

describe('lead lists never hold anyone who did not consent', () => {
  it('on the known day: none of 2, 4, 6 anywhere, in data or file', async () => {
    const refused = PEOPLE.filter((p) => !p.consent);
    const lists = await leadLists(knownDay().reports);
    const csv = toCsv(leadTables(lists, 'en'), { utcOffsetMinutes: 300 }).toString('utf8');
    for (const p of refused) {
      expect(lists.flatMap((l) => l.leads).some((l) => l.firstName === p.firstName)).toBe(false);
      expect(csv).not.toContain(p.firstName);
      if (p.phone) expect(csv).not.toContain(p.phone);
    }
  });

  it('for any consent flags and any visits: exactly the consenting visitors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }),
        fc.array(
          fc.record({
            who: fc.nat(),
            station: fc.constantFrom(...EMPLOYERS, 'mc-it', 'entrance'),
            minute: fc.integer({ min: 0, max: 480 }),
            stay: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
          }),
          { maxLength: 60 },
        ),
        async (consents, stays) => {
          const { db, sqlite } = openDatabase(':memory:');
          const { reports } = sqliteStore(sqlite, new Journal(sqlite), tmpdir());
          try {
            const people = consents.map((c, i) => person(i + 1, c));
            new DayWriter(db).stations().people(people);
            stays.forEach((s, i) => {
              const no = (s.who % people.length) + 1;
              const inAt = t(9, 0) + s.minute * 60_000;
              db.insert(visits)
                .values({
                  badgeNo: no,
                  stationId: s.station,
                  inAt,
                  outAt: s.stay === null ? null : inAt + s.stay * 60_000,
                  outReason: s.stay === null ? null : 'scan',
                  scanId: `v${i}`,
                })
                .run();
            });
            for (const station of EMPLOYERS) {
              const list = (await leadList(reports, station))!;
              const expected = new Set(
                stays.filter((s) => s.station === station).map((s) => (s.who % people.length) + 1).filter((no) => consents[no - 1]),
              );
              const got = list.leads.map((l) => Number(l.firstName.slice(6, -1)));
              expect(new Set(got)).toEqual(expected);
              expect(got).toHaveLength(expected.size);
              expect(list.leads.every((l) => l.lastName === 'Yes')).toBe(true);
            }
            const csv = toCsv(leadTables(await leadLists(reports), 'ru'), { utcOffsetMinutes: 300 }).toString('utf8');
            for (const p of people) if (!p.consent) expect(csv).not.toContain(p.firstName);
          } finally {
            sqlite.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
