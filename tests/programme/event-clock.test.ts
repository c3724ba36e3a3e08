// The event's clock (shared/event-clock.ts): programme times turned into instants and instants into
// the day's minute on the venue's clock, whatever the time zone of the machine doing it; and the
// server's clock as a page reads it when its own clock is wrong.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { clockTimeAt, instantOf, minuteOfDay, offsetAt, PageClock } from '../../shared/event-clock.ts';
import { clockTime, minuteOf, nowAndNext } from '../../shared/programme-rules.ts';

const MINUTE = 60_000;
const zone = process.env.TZ;

/** Runs the rest of a test as a machine in time zone `tz` (Node reads TZ afresh when it changes). */
function inZone(tz: string): void {
  process.env.TZ = tz;
}

afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('the event’s clock', () => {
  it('puts 11:30 in Oskemen (UTC+5) at 06:30 UTC, and reads it back as 11:30', () => {
    const at = instantOf('2026-12-05', '11:30', 300);
    expect(new Date(at).toISOString()).toBe('2026-12-05T06:30:00.000Z');
    expect(minuteOfDay(at, 300)).toBe(minuteOf('11:30'));
    expect(clockTimeAt(at + 59_999, 300)).toBe('11:30');
    expect(clockTimeAt(at + MINUTE, 300)).toBe('11:31');
  });

  it('at UTC itself, a programme time is the same time UTC', () => {
    const at = instantOf('2026-12-05', '09:00', 0);
    expect(new Date(at).toISOString()).toBe('2026-12-05T09:00:00.000Z');
    expect(clockTimeAt(at, 0)).toBe('09:00');
    expect(clockTimeAt(at, 300)).toBe('14:00');
  });

  it('west of UTC (a negative offset), an evening is the next day UTC and reads back the same', () => {
    // 22:30 at UTC−3:30 is 02:00 UTC the next morning.
    const at = instantOf('2026-12-05', '22:30', -210);
    expect(new Date(at).toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(minuteOfDay(at, -210)).toBe(minuteOf('22:30'));
    expect(clockTimeAt(at, -300)).toBe('21:00');
    expect(clockTimeAt(at, 0)).toBe('02:00');
  });

  it('crosses midnight: 01:00 in Oskemen is 20:00 UTC the evening before', () => {
    const at = Date.parse('2026-12-04T20:00:00Z');
    expect(minuteOfDay(at, 300)).toBe(60);
    expect(instantOf('2026-12-05', '01:00', 300)).toBe(at);
  });

  it('gives every time of the day back on every clock from UTC−12 to UTC+14', () => {
    fc.assert(
      fc.property(fc.integer({ min: -720, max: 840 }), fc.integer({ min: 0, max: 1439 }), (offset, minute) => {
        const at = instantOf('2026-12-05', clockTime(minute), offset);
        expect(minuteOfDay(at, offset)).toBe(minute);
        expect(minuteOfDay(at + 59_999, offset)).toBe(minute);
      }),
    );
  });

  it('a machine in another time zone reads the same minute of the event’s day', () => {
    const at = instantOf('2026-12-05', '11:30', 300);
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Europe/Moscow']) {
      inZone(tz);
      expect(minuteOfDay(at, 300), tz).toBe(690);
      expect(clockTimeAt(at, 300), tz).toBe('11:30');
      expect(instantOf('2026-12-05', '11:30', 300), tz).toBe(at);
      // The programme seen from there: the tour under way, the lunch next.
      const items = [{ id: 'tour', start: '11:30', end: '12:00' }, { id: 'lunch', start: '12:00', end: '13:00' }];
      expect(nowAndNext(items, minuteOfDay(at + 10 * MINUTE, 300)), tz).toEqual({ now: [items[0]], next: [items[1]] });
    }
  });

  it('an event file that names no clock is on the machine’s own time zone', () => {
    inZone('America/Los_Angeles');
    // 5 December: Pacific standard time, UTC−8.
    const at = instantOf('2026-12-05', '11:30', null);
    expect(new Date(at).toISOString()).toBe('2026-12-05T19:30:00.000Z');
    expect(offsetAt(at, null)).toBe(-480);
    expect(clockTimeAt(at, null)).toBe('11:30');
    expect(offsetAt(at, 300)).toBe(300);
    inZone('Asia/Tokyo');
    expect(clockTimeAt(at, null)).toBe('04:30');
  });
});

describe('the server’s clock as a page reads it', () => {
  it('is the device’s own until the server told its time', () => {
    let device = 1_000_000;
    const clock = new PageClock(() => device);
    expect(clock.now()).toBe(1_000_000);
    device += 5_000;
    expect(clock.now()).toBe(1_005_000);
  });

  it('follows the server when the device’s clock is hours wrong, and runs on between messages', () => {
    const server = instantOf('2026-12-05', '10:15', 300);
    // A device set to another day, three hours and some seconds off.
    let device = server - 3 * 3_600_000 - 17_000 - 86_400_000;
    const clock = new PageClock(() => device);
    clock.see(server);
    expect(clockTimeAt(clock.now(), 300)).toBe('10:15');
    device += 5 * MINUTE;
    expect(clockTimeAt(clock.now(), 300)).toBe('10:20');
  });

  it('keeps step with a server whose day runs fast (a rehearsal) from each message', () => {
    let device = 0;
    const clock = new PageClock(() => device);
    const opens = instantOf('2026-12-05', '09:00', 300);
    // 60 times as fast: a real second is a minute of the day.
    for (let s = 0; s <= 120; s += 30) {
      device = s * 1000;
      clock.see(opens + s * 1000 * 60);
      expect(clockTimeAt(clock.now(), 300)).toBe(clockTime(9 * 60 + s));
    }
  });
});
