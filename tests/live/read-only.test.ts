// What the live stores hand out is read-only to their callers. These are checks of types: `npm run
// typecheck` (tsc) fails on them; under vitest they only run.
import { describe, expectTypeOf, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { CommandOutcome, LiveStore } from '../../server/live/live-store.ts';
import type { MemoryStore } from '../../server/live/memory-store.ts';
import type { RedisStore } from '../../server/live/redis-store.ts';
import type { ReadonlyOccupants } from '../../server/flow/occupants.ts';

type Handed<K extends 'station' | 'attendee'> = NonNullable<Awaited<ReturnType<LiveStore[K]>>>;
type Station = Handed<'station'>;

describe('stores hand out read-only views', () => {
  it('a station: its numbers, its lists and the records in them', () => {
    expectTypeOf<Awaited<ReturnType<LiveStore['stations']>>[number]>().toEqualTypeOf<Station>();
    expectTypeOf<Pick<Station, 'capacity' | 'visits'>>().toEqualTypeOf<{ readonly capacity: number; readonly visits: number }>();
    expectTypeOf<Pick<Station, 'capacity'>>().not.toEqualTypeOf<{ capacity: number }>();
    expectTypeOf<Station['occupants']>().toEqualTypeOf<ReadonlyOccupants>();
    expectTypeOf<ReturnType<Station['occupants']['first']>>().toEqualTypeOf<readonly [no: number, since: number] | undefined>();
    expectTypeOf<Station['queue']>().toEqualTypeOf<readonly number[]>();
    expectTypeOf<Station['called']>().toEqualTypeOf<ReadonlyArray<{ readonly no: number; readonly at: number }>>();
    expectTypeOf<Station['recent'][number]['answer']>().not.toEqualTypeOf<Omit<ScanAnswer, 'station' | 'attendee'>>();
    expectTypeOf<Station['def']>().not.toEqualTypeOf<StationDef>();
    expectTypeOf<Station['def']['name']>().toEqualTypeOf<{ readonly kk: string; readonly ru: string; readonly en: string }>();
  });

  it('an attendee', () => {
    expectTypeOf<Handed<'attendee'>>().toEqualTypeOf<{
      readonly no: number;
      readonly firstName: string;
      readonly serial: string | null;
      readonly stationId: string | null;
      readonly onSiteSince: number | null;
      readonly version: number;
    }>();
  });

  it('the station a command leaves', () => {
    expectTypeOf<NonNullable<CommandOutcome['station']>>().toEqualTypeOf<Station>();
  });

  it('both stores, called as themselves', () => {
    expectTypeOf<ReturnType<MemoryStore['stations']>>().toEqualTypeOf<ReturnType<LiveStore['stations']>>();
    expectTypeOf<ReturnType<RedisStore['stations']>>().toEqualTypeOf<ReturnType<LiveStore['stations']>>();
    expectTypeOf<ReturnType<MemoryStore['station']>>().toEqualTypeOf<ReturnType<LiveStore['station']>>();
    expectTypeOf<ReturnType<RedisStore['station']>>().toEqualTypeOf<ReturnType<LiveStore['station']>>();
    expectTypeOf<ReturnType<MemoryStore['attendee']>>().toEqualTypeOf<ReturnType<LiveStore['attendee']>>();
    expectTypeOf<ReturnType<RedisStore['attendee']>>().toEqualTypeOf<ReturnType<LiveStore['attendee']>>();
  });
});
