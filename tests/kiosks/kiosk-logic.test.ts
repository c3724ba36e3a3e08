import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BadgeVerifier, badgeNumber, localCheck } from '../../kiosk/kiosk/badge-check.ts';
import { STRINGS } from '../../kiosk/kiosk/strings.ts';
import { offlineVerdict, verdictOf } from '../../kiosk/kiosk/verdict.ts';
import { register, tempDir, testApp } from '../support/app.ts';

let app: FastifyInstance;
const tmp = tempDir();
beforeAll(async () => {
  app = await testApp(tmp.dir);
});
afterAll(async () => {
  await app.close();
  tmp.remove();
});

describe('offline badge check on the kiosk (WebCrypto)', () => {
  it('accepts what the server signed and refuses a changed number, another key or another event', async () => {
    const key = (await app.inject({ method: 'GET', url: '/api/badge-key' })).json();
    const { badge, badgeNo } = await register(app);
    const verifier = new BadgeVerifier(key);
    expect(await verifier.check(badge)).toEqual({ no: badgeNo, verified: true });
    expect(badgeNumber(badge)).toBe(badgeNo);
    const [p, , serial, sig] = badge.split('.');
    expect(await verifier.check([p, badgeNo + 1, serial, sig].join('.'))).toEqual({ error: 'badge_invalid' });
    expect(await verifier.check('hello')).toEqual({ error: 'badge_invalid' });
    expect(await new BadgeVerifier({ ...key, eventId: 'another-event' }).check(badge)).toEqual({ error: 'badge_invalid' });
    // A kiosk of the installation's other event knows this one as another event: its badge is that, not forged.
    const other = new BadgeVerifier({ ...key, eventId: 'another-event', otherEvents: ['job-fair', key.eventId] });
    expect(await other.check(badge)).toEqual({ error: 'badge_other_event' });
    expect(await other.check([p, badgeNo + 1, serial, sig].join('.'))).toEqual({ error: 'badge_invalid' });
  });
});

describe('verdicts', () => {
  const names = (id: string) => ({ kazzinc: 'KazZinc LLP' })[id] ?? id;
  const station = { id: 'umz', occupancy: 3, capacity: 10, queue: 0 };
  it('says what happened in words, in every language', () => {
    const moved = verdictOf({ outcome: 'entered', attendee: { firstName: 'Aigerim', badgeNo: 1001 }, station, leftStation: 'kazzinc' }, STRINGS.en, names);
    expect(moved).toMatchObject({ tone: 'welcome', title: 'Welcome', who: 'Aigerim', detail: ['Moved from KazZinc LLP', 'Badge 1001'] });
    expect(verdictOf({ outcome: 'queued', attendee: { firstName: 'A', badgeNo: 1 }, station, queuePosition: 4 }, STRINGS.en, names).title).toBe('Queued — 4th in line');
    expect(verdictOf({ outcome: 'queued', attendee: { firstName: 'A', badgeNo: 1 }, station, queuePosition: 2 }, STRINGS.ru, names).title).toBe('В очереди — 2-й');
    expect(verdictOf({ outcome: 'exited', attendee: { firstName: 'A', badgeNo: 1 }, station, leftQueue: true }, STRINGS.kk, names)).toMatchObject({ tone: 'wait', title: 'Кезектен шықты' });
    expect(verdictOf({ outcome: 'exited', attendee: { firstName: 'A', badgeNo: 1 }, station }, STRINGS.en, names)).toMatchObject({ tone: 'goodbye', title: 'Goodbye' });
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const v = verdictOf({ outcome: 'rejected', reason: 'queue_full', station }, STRINGS[lang], names);
      expect(v.tone).toBe('refused');
      expect(v.title).toBe(STRINGS[lang].reasons.queue_full);
    }
  });
  it('marks an offline verdict as waiting to be sent, and as unchecked without WebCrypto', () => {
    const v = offlineVerdict(1001, false, false, null, STRINGS.en);
    expect(v).toMatchObject({ tone: 'welcome', who: 'Badge 1001' });
    expect(v.detail).toEqual([STRINGS.en.pendingNote, STRINGS.en.uncheckedNote]);
    expect(offlineVerdict(1001, true, true, 'Aigerim', STRINGS.en)).toMatchObject({ tone: 'goodbye', who: 'Aigerim' });
  });
  it('takes a typed number offline, saying that only the server can check it', async () => {
    const check = await localCheck({ badgeNo: 1002 }, null);
    expect(check).toEqual({ no: 1002, verified: 'typed' });
    if ('error' in check) throw new Error('refused');
    expect(offlineVerdict(check.no, false, check.verified, null, STRINGS.ru).detail).toEqual([STRINGS.ru.pendingNote, STRINGS.ru.typedNote]);
    expect(await localCheck({ badge: 'not a badge' }, null)).toEqual({ error: 'badge_invalid' });
  });
});
