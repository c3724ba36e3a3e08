// Registration at the desk and badges issued again or revoked, as the durable store, the live
// store and the badge's own text tell it (server/registration/badge-issue.ts; the routes are in tests/api).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendeeSearchKey } from '../../shared/name-search.ts';
import { FIRST_BADGE_NO, issueBadge, registerAttendee, revokeBadges, servedDesk } from '../../server/registration/badge-issue.ts';
import { tempDir, testApp } from '../support/app.ts';

describe('badges issued at registration and after', () => {
  let app: FastifyInstance;
  const dir = tempDir();
  beforeAll(async () => {
    app = await testApp(dir.dir);
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  /** The badge number and serial a badge's QR text carries (it must verify). */
  const read = (badge: string) => {
    const check = app.badges.check(badge);
    if ('error' in check) throw new Error(check.error);
    return check;
  };

  it('registers with the next badge number, a searchable name, and a signed badge whose PIN is that badge’s', async () => {
    const first = await registerAttendee(app, { firstName: 'Әйгерім', lastName: 'Сейітқали' });
    const second = await registerAttendee(app, { firstName: 'Dana' });
    expect([first.badgeNo, second.badgeNo]).toEqual([FIRST_BADGE_NO, FIRST_BADGE_NO + 1]);
    expect(first.id).not.toBe(second.id);

    const stored = (await app.store.attendees.byId(first.id))!;
    expect(stored).toMatchObject({ badgeNo: first.badgeNo, firstName: 'Әйгерім', lastName: 'Сейітқали' });
    const found = await app.store.attendees.search({ words: attendeeSearchKey({ firstName: 'Әйгерім', lastName: 'Сейітқали' }).split(' ') }, 10, 0);
    expect(found.rows.map((r) => r.id)).toEqual([first.id]);
    // Without a last name the first name alone is the key.
    expect((await app.store.attendees.search({ words: [attendeeSearchKey({ firstName: 'Dana', lastName: '' })] }, 10, 0)).rows.map((r) => r.id)).toEqual([second.id]);

    const { no, serial } = read(first.badge);
    expect(no).toBe(first.badgeNo);
    expect(await app.store.attendees.badgeInForce(first.id)).toBe(serial);
    expect(await app.live.attendee(no)).toMatchObject({ no, firstName: 'Әйгерім', serial });
    expect(first.pin).toMatch(/^\d{6}$/);
    expect(app.attendeeKeys.pinMatches(app.store.eventId, no, serial, first.pin)).toBe(true);
  });

  it('issues a new badge that replaces the one before it, in the store and in the live state', async () => {
    const person = await registerAttendee(app, { firstName: 'Ерлан' });
    const again = await issueBadge(app, person.id);
    expect(again.badgeNo).toBe(person.badgeNo);
    const [before, after] = [read(person.badge), read(again.badge)];
    expect(after.no).toBe(person.badgeNo);
    expect(after.serial).not.toBe(before.serial);
    expect(await app.store.attendees.badgeInForce(person.id)).toBe(after.serial);
    expect((await app.live.attendee(person.badgeNo))?.serial).toBe(after.serial);
    expect(app.attendeeKeys.pinMatches(app.store.eventId, after.no, after.serial, again.pin)).toBe(true);
    expect(again.pin).toBe(app.attendeeKeys.pin(app.store.eventId, after.no, after.serial));
  });

  it('refuses to issue a badge for nobody', async () => {
    await expect(issueBadge(app, 'no-such-attendee')).rejects.toThrow('no attendee no-such-attendee');
  });

  it('revokes every badge of a number, keeping the person; false for a number nobody has', async () => {
    const person = await registerAttendee(app, { firstName: 'Пётр' });
    expect(await revokeBadges(servedDesk(app), person.badgeNo)).toBe(true);
    expect(await app.store.attendees.badgeInForce(person.id)).toBeNull();
    expect(await app.live.attendee(person.badgeNo)).toMatchObject({ no: person.badgeNo, firstName: 'Пётр', serial: null });
    expect(await revokeBadges(servedDesk(app), 999_999)).toBe(false);
    expect(await app.live.attendee(999_999)).toBeNull();
  });
});
