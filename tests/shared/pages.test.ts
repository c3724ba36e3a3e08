// Rules of shared/ that every page runs at start: the language it opens in, the event its address
// names (and whether this server serves that event live), and which of the event's servers it talks to.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EVENT, eventNamespace, eventOfPath, liveSource } from '../../shared/event-path.ts';
import { pickLanguage } from '../../shared/i18n.ts';
import { PUBLIC_NAMESPACE, STAFF_NAMESPACE } from '../../shared/realtime.ts';
import { ServerRotation } from '../../shared/server-rotation.ts';
import { freePort } from '../support/server-process.ts';
import { ADMIN, tempDir, testApp } from '../support/app.ts';

describe('the language a page opens in', () => {
  it('is the one chosen on this device when it is one of ours', () => {
    expect(pickLanguage('ru', ['en-US', 'kk'])).toBe('ru');
    expect(pickLanguage('en', [])).toBe('en');
  });

  it('else the first browser language we have, by its base tag in any case', () => {
    expect(pickLanguage(null, ['de-DE', 'RU-ru', 'en'])).toBe('ru');
    expect(pickLanguage('', ['fr', 'en-GB'])).toBe('en');
    expect(pickLanguage('de', ['kk-KZ', 'ru'])).toBe('kk');
  });

  it('else Kazakh', () => {
    expect(pickLanguage(null, [])).toBe('kk');
    expect(pickLanguage('xx', ['de', 'fr-FR'])).toBe('kk');
    // A base tag must be ours whole, not a part of one.
    expect(pickLanguage(null, ['e', 'r-RU', 'english'])).toBe('kk');
  });
});

describe('the event a page address names', () => {
  it('is the first segment after /e/: lower-case letters, digits and hyphens, up to 64, not starting with a hyphen', () => {
    expect(eventOfPath('/e/campus-two/board')).toBe('campus-two');
    expect(eventOfPath('/e/2027-open-day/screen')).toBe('2027-open-day');
    const longest = `a${'b'.repeat(63)}`;
    expect(eventOfPath(`/e/${longest}/kiosk`)).toBe(longest);
    expect(eventOfPath(`/e/${longest}b/kiosk`)).toBeNull();
    expect(eventOfPath('/e/-campus/board')).toBeNull();
    expect(eventOfPath('/e/Campus/board')).toBeNull();
    expect(eventOfPath('/e/campus two/board')).toBeNull();
  });

  it('is none on today’s paths, at /e/ alone, or on a path that only contains /e/', () => {
    expect(eventOfPath('/board')).toBeNull();
    expect(eventOfPath('/e/campus')).toBeNull();
    expect(eventOfPath('/e//board')).toBeNull();
    expect(eventOfPath('/x/e/campus/board')).toBeNull();
  });

  it('has its own Socket.IO namespace', () => {
    expect(eventNamespace('campus-two')).toBe('/e/campus-two');
  });
});

describe('which event’s live counts a page reads (against a running server)', () => {
  let app: FastifyInstance;
  let origin: string;
  const dir = tempDir();

  beforeAll(async () => {
    app = await testApp(dir.dir);
    const { date, id } = app.config.event;
    const names = { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' };
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: { from: 'copy', source: id, id: 'campus-two', name: names, startsOn: date } });
    if (made.statusCode !== 201) throw new Error(`event: ${made.statusCode} ${made.body}`);
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('on today’s paths, the served event’s public namespace, without asking', async () => {
    expect(await liveSource('http://127.0.0.1:1', '/board')).toEqual(CURRENT_EVENT);
    expect(CURRENT_EVENT).toMatchObject({ other: false, ns: PUBLIC_NAMESPACE, staffNs: STAFF_NAMESPACE, programme: '/api/programme' });
  });

  it('at /e/<the served event>/, the same as today’s paths', async () => {
    expect(await liveSource(origin, `/e/${app.config.event.id}/screen`)).toEqual(CURRENT_EVENT);
  });

  it('at /e/<another event live here>/, that event’s own namespaces, programme and name', async () => {
    expect(await liveSource(origin, '/e/campus-two/board')).toEqual({
      other: true,
      ns: '/e/campus-two',
      staffNs: '/e/campus-two/staff',
      programme: '/api/events/campus-two/programme',
      name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' },
    });
  });

  it('when the server refuses the event or does not answer, still that event’s namespace (its socket then says why)', async () => {
    const other = { other: true, ns: '/e/no-such-event', staffNs: '/e/no-such-event/staff', programme: '/api/events/no-such-event/programme', name: null };
    expect(await liveSource(origin, '/e/no-such-event/board')).toEqual(other);
    expect(await liveSource(`http://127.0.0.1:${await freePort()}`, '/e/no-such-event/board')).toEqual(other);
  });
});

describe('which of the event’s servers a page talks to', () => {
  const own = 'http://10.0.0.1:3000';
  const [b, c] = ['http://10.0.0.2:3000', 'http://10.0.0.3:3000'];

  it('starts at its own, naming it by its origin but addressing it relatively', () => {
    const r = new ServerRotation(own);
    expect(r.all).toEqual(['']);
    expect([r.current, r.origin]).toEqual(['', own]);
    expect(r.next()).toBe('');
  });

  it('lists every other server once, in the given order, without its own or blanks', () => {
    const r = new ServerRotation(own, [b, own, '', c, b, c]);
    expect(r.all).toEqual(['', b, c]);
  });

  it('turns to each server in turn after a failure, then back to its own', () => {
    const r = new ServerRotation(own, [own, b, c]);
    expect(r.next()).toBe(b);
    expect([r.current, r.origin]).toEqual([b, b]);
    expect(r.next()).toBe(c);
    expect(r.next()).toBe('');
    expect(r.origin).toBe(own);
  });

  it('stays with the current server when the list changes and it is still in it; else goes back to its own', () => {
    const r = new ServerRotation(own, [b, c]);
    r.next();
    r.next();
    expect(r.current).toBe(c);
    r.update([c, b]);
    expect(r.all).toEqual(['', c, b]);
    expect(r.current).toBe(c);
    expect(r.next()).toBe(b);
    r.update([c]);
    expect(r.current).toBe('');
    expect(r.next()).toBe(c);
  });
});
