// The Redis live store on its own, without the archiver thread or SQLite: each test opens its
// stores on a key prefix of its own and reads what they wrote into Redis. The contract suite
// (contract.test.ts) runs the behaviour both stores share, with the archiver and a restart.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScanInput } from '../../server/flow/state.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { occupancy as inside } from '../../server/flow/rules.ts';
import { LiveStoreUnavailable } from '../../server/live/live-store.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { deltasIn, MAX_DELTAS } from '../../server/live/station-doc.ts';
import { redisClient } from '../../server/live/redis-client.ts';
import { eventKeyPrefix, RedisStore } from '../../server/live/redis-store.ts';
import { newScanId } from '../../shared/scan-id.ts';
import { REDIS_URL, deleteRedisKeys } from '../support/app.ts';
import { event, log } from './stores.ts';

const MIN = 60_000;
const stores: RedisStore[] = [];
const prefixes: string[] = [];
let admin: Redis;

beforeAll(() => {
  admin = new Redis(REDIS_URL);
});
afterAll(async () => {
  await admin.quit();
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const p of prefixes.splice(0)) await deleteRedisKeys(p);
});

const empty = () => rebuild({ people: [], scans: [], actions: [], answers: [] }, event, Date.now());

/** A store seeded empty; a second one on the same prefix is another server process of the event. */
async function open(prefix = `kezek-test-${randomUUID()}`): Promise<RedisStore> {
  if (!prefixes.includes(prefix)) prefixes.push(prefix);
  const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
  stores.push(s);
  await s.seed(empty);
  return s;
}

const scanOf = (no: number, stationId = 'tmk', at = Date.now(), id: string = randomUUID()): ScanInput => ({ id, kioskId: 'k1', stationId, at, badge: { no, serial: `s${no}` } });
const scan = (s: RedisStore, i: ScanInput) => s.scan(i, { clientAt: null });
async function people(s: RedisStore, n: number): Promise<void> {
  for (let no = 1; no <= n; no++) await s.putAttendee({ no, firstName: `Әлия${no}`, serial: `s${no}` });
}
/** The prefix a store was opened with (its keys start with `<prefix>:{<event>}:`). */
const opened = (s: RedisStore): string => s.prefix.slice(0, s.prefix.indexOf(':{'));
/** Two servers on one Redis, with attendees 1 to `n` put in by the first. */
async function twoServers(n: number): Promise<[RedisStore, RedisStore]> {
  const s = await open();
  const t = await open(opened(s));
  await people(s, n);
  return [s, t];
}
const occupancy = async (s: RedisStore, id = 'tmk') => inside((await s.station(id))!);

/** Holds every commit of `s` that comes before `open()`: `reached(i)` resolves once the i-th (from 0) has come; `count()` says how many came. */
function holdCommits(s: RedisStore): { reached: (i: number) => Promise<void>; open: () => void; count: () => number } {
  const commit = s.redis.kzCommit;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const arrivals: Array<() => void> = [];
  const reached = [0, 1, 2, 3].map((i) => new Promise<void>((r) => (arrivals[i] = r)));
  let commits = 0;
  s.redis.kzCommit = async (args) => {
    arrivals[commits++]?.();
    await gate;
    return commit(args);
  };
  return { reached: (i) => reached[i], open, count: () => commits };
}

describe('Redis live store, its keys', () => {
  it('keeps every key of the event under its hash tag: documents, versions, where attendees are, answers, the log stream', async () => {
    expect(eventKeyPrefix('kz', 'ev-1')).toBe('kz:{ev-1}:');
    const s = await open();
    expect(s.kind).toBe('redis');
    expect(s.prefix).toBe(`${opened(s)}:{${event.id}}:`);
    expect(s.streamKey).toBe(`${s.prefix}log`);
    expect(s.archiverKeys).toEqual({ stream: `${s.prefix}log`, lock: `${s.prefix}archiver` });
    await people(s, 1);
    const i = scanOf(1);
    await scan(s, i);
    expect(JSON.parse((await admin.hget(`${s.prefix}d`, 'a:1'))!)).toMatchObject({ no: 1, firstName: 'Әлия1', stationId: 'tmk' });
    expect(await admin.hget(`${s.prefix}w`, 'a:1')).toBe('tmk');
    expect(await admin.hget(`${s.prefix}v`, 's:tmk')).toMatch(/^[0-9a-f]{8}\.[0-9a-z]+$/);
    expect(await occupancy(await open(opened(s)))).toBe(1);
    expect(JSON.parse((await admin.get(`${s.prefix}scan:${i.id}`))!)).toMatchObject({ outcome: 'entered' });
    const ttl = await admin.ttl(`${s.prefix}scan:${i.id}`);
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    expect(await admin.xlen(s.streamKey)).toBe(1);
    expect(await admin.exists(`${s.prefix}seeded`)).toBe(1);
  });

  it('takes over the keys written before they carried the hash tag, leaving one that exists under its new name', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    await admin.set(`${prefix}:${event.id}:x`, 'old');
    await admin.set(`${prefix}:${event.id}:y`, 'old');
    await admin.set(`${prefix}:{${event.id}}:y`, 'new');
    const s = await open(prefix);
    expect(await admin.get(`${s.prefix}x`)).toBe('old');
    expect(await admin.exists(`${prefix}:${event.id}:x`)).toBe(0);
    expect(await admin.get(`${s.prefix}y`)).toBe('new');
  });

  it('removes the event’s keys, keeping a log stream not yet archived until it is empty; another prefix alike in a pattern is left', async () => {
    const base = `kezek-test-${randomUUID()}`;
    const s = await open(`${base}-a*`);
    const other = await open(`${base}-ab`);
    await people(s, 1);
    await people(other, 1);
    await scan(s, scanOf(1));
    await s.removeKeys();
    expect(await admin.keys(`${base}-a\\**`)).toEqual([s.streamKey]);
    expect((await admin.keys(`${base}-ab*`)).length).toBeGreaterThan(3);
    await admin.xtrim(s.streamKey, 'MAXLEN', 0);
    await s.removeKeys();
    expect(await admin.keys(`${base}-a\\**`)).toEqual([]);
    expect(await other.attendee(1)).toMatchObject({ firstName: 'Әлия1' });
  });

  it('removes every key of the event however many there are: SCAN is asked until Redis says it is through', async () => {
    const s = await open();
    // Far more than one SCAN step (COUNT 500) looks at.
    const batch = admin.pipeline();
    for (let i = 0; i < 3000; i++) batch.set(`${s.prefix}scan:x${i}`, '1', 'EX', 600);
    await batch.exec();
    await s.removeKeys();
    expect(await admin.keys(`${opened(s)}:*`)).toEqual([]);
  });
});

describe('Redis live store, scans', () => {
  it('answers a scan once, and the same id sent again at once or later as a replay of that answer', async () => {
    const s = await open();
    await people(s, 1);
    const i = scanOf(1);
    const [first, twin] = await Promise.all([scan(s, i), scan(s, i)]);
    expect(first).toMatchObject({ replayed: false, answer: { outcome: 'entered' } });
    expect(twin).toEqual({ answer: first.answer, replayed: true });
    const other = await open(opened(s));
    expect(await scan(other, i)).toEqual({ answer: first.answer, replayed: true });
    expect(await occupancy(s)).toBe(1);
    expect(await admin.xlen(s.streamKey)).toBe(1);
  });

  it('counts a scan id sent to two servers at once once: one answers it, the other replays that answer', async () => {
    const [s, t] = await twoServers(3);
    // Both hold the station and the attendee, so both decide at once and commit without reading.
    await scan(s, scanOf(2));
    await scan(t, scanOf(3));
    await scan(s, scanOf(1, 'oesk'));
    await scan(t, scanOf(1, 'oesk'));
    const i = scanOf(1);
    const answers = await Promise.all([scan(s, i), scan(t, i)]);
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true]);
    expect(answers[0].answer).toEqual(answers[1].answer);
    expect(await occupancy(s)).toBe(3);
  });

  it('decides on what another server committed: a station or attendee it holds is read again when Redis has a newer one', async () => {
    const [s, t] = await twoServers(4);
    await scan(s, scanOf(1));
    await scan(t, scanOf(2));
    await scan(s, scanOf(3));
    await scan(t, scanOf(4));
    expect(await occupancy(s)).toBe(4);
    expect(inside((await s.stations()).find((st) => st.def.id === 'tmk')!)).toBe(4);
    expect((await t.stations()).map((st) => st.def.id)).toEqual(event.stations.map((d) => d.id));
    // Moved on by the other server: this one held attendee 1 at tmk.
    await scan(t, scanOf(1, 'oesk'));
    await scan(s, scanOf(1, 'uk-chp'));
    expect([await occupancy(s), await occupancy(s, 'oesk'), await occupancy(s, 'uk-chp')]).toEqual([3, 0, 1]);
    expect(await t.attendee(1)).toMatchObject({ stationId: 'uk-chp' });
  });

  it('decides a group of many scans in one commit, and each scan of it as the ones before it left the station', async () => {
    const s = await open();
    await people(s, 30);
    await scan(s, scanOf(30));
    const answers = await Promise.all(Array.from({ length: 29 }, (_, i) => scan(s, scanOf(i + 1))));
    expect(answers.filter((a) => a.answer.outcome === 'entered')).toHaveLength(9);
    expect(answers.filter((a) => a.answer.outcome === 'queued')).toHaveLength(20);
    expect(await occupancy(s)).toBe(10);
    expect(await admin.xlen(s.streamKey)).toBe(2);
  });

  it('decides a group in which one attendee is scanned twice on what the first of the two did', async () => {
    const s = await open();
    await people(s, 2);
    // Arriving in one turn of the event loop, each pair is one group.
    const [atTmk, atOesk] = await Promise.all([scan(s, scanOf(1)), scan(s, scanOf(1, 'oesk'))]);
    expect([atTmk.answer.outcome, atOesk.answer.outcome]).toEqual(['entered', 'entered']);
    expect([await occupancy(s), await occupancy(s, 'oesk')]).toEqual([0, 1]);
    expect(await s.attendee(1)).toMatchObject({ stationId: 'oesk' });
    // A second scan that changes nothing (read again at once) keeps what the first wrote.
    const [first, again] = await Promise.all([scan(s, scanOf(2)), scan(s, scanOf(2))]);
    expect(first.answer.outcome).toBe('entered');
    expect(again.replayed).toBe(false);
    expect(await s.attendee(2)).toMatchObject({ stationId: 'tmk' });
    expect(await admin.hget(`${s.prefix}w`, 'a:2')).toBe('tmk');
    expect(await occupancy(await open(opened(s)))).toBe(1);
    // Read again on its own: the attendee's document is not written again.
    const version = await admin.hget(`${s.prefix}v`, 'a:2');
    expect((await scan(s, scanOf(2))).replayed).toBe(false);
    expect(await admin.hget(`${s.prefix}v`, 'a:2')).toBe(version);
  });

  it('appends a delta to a station’s document per commit and writes it whole after MAX_DELTAS, counting the deltas it holds', async () => {
    const s = await open();
    await people(s, 2 * MAX_DELTAS + 3);
    const deltas: number[] = [];
    // One server alone: after the first read it decides every scan on the station it holds.
    for (let no = 1; no <= 2 * MAX_DELTAS + 3; no++) {
      await scan(s, scanOf(no, 'uk-chp'));
      deltas.push(deltasIn((await admin.hget(`${s.prefix}d`, 's:uk-chp'))!));
    }
    const cycle = Array.from({ length: MAX_DELTAS + 1 }, (_, i) => (i + 1) % (MAX_DELTAS + 1));
    expect(deltas).toEqual([...cycle, ...cycle, 1].slice(0, deltas.length));
  });

  it('answers a badge Redis does not know, and counts the attendee once registration puts them', async () => {
    const s = await open();
    expect((await scan(s, scanOf(5))).answer).toMatchObject({ outcome: 'rejected' });
    await s.putAttendee({ no: 5, firstName: 'Дана', serial: 's5' });
    expect((await scan(s, scanOf(5))).answer).toMatchObject({ outcome: 'entered' });
  });

  it('answers a badge Redis does not know at each station it is shown at, as the first', async () => {
    const s = await open();
    expect((await scan(s, scanOf(9))).answer).toMatchObject({ outcome: 'rejected' });
    // This station is not held yet: it is read with the unknown attendee this process remembers.
    expect((await scan(s, scanOf(9, 'oesk'))).answer).toMatchObject({ outcome: 'rejected' });
  });

  it('moves an attendee another server placed from a station this one never read, when only their name was put here', async () => {
    const [s, t] = await twoServers(2);
    await scan(s, scanOf(2));
    await scan(t, scanOf(1, 'oesk'));
    // Putting the name again holds attendee 1 here as placed at oesk, a station this server has not read.
    await s.putAttendee({ no: 1, firstName: 'Әлия', serial: 's1' });
    expect((await scan(s, scanOf(1))).answer).toMatchObject({ outcome: 'entered' });
    expect([await occupancy(s), await occupancy(s, 'oesk')]).toEqual([2, 0]);
  });

  it('answers a badge that failed its check in the same group as others, checking no attendee for it', async () => {
    const s = await open();
    await people(s, 1);
    const invalid: ScanInput = { ...scanOf(0), badge: { error: 'badge_invalid' } };
    for (let round = 0; round < 2; round++) {
      const [bad, good] = await Promise.all([scan(s, { ...invalid, id: randomUUID() }), scan(s, scanOf(1, round === 0 ? 'tmk' : 'oesk'))]);
      expect(bad.answer).toMatchObject({ outcome: 'rejected', reason: 'badge_invalid' });
      expect(good.answer).toMatchObject({ outcome: 'entered' });
    }
    expect(await admin.hexists(`${s.prefix}d`, 'a:0')).toBe(0);
  });

  it('refuses to seed from a log read without the scans’ answers', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    await expect(s.seed(() => ({ ...empty(), answers: [['scan-1', null]] }))).rejects.toThrow('seeding Redis needs the scans’ answers');
  });

  it('seeds the answers of the latest scans by id alone, however the log lists them, and says where they begin', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    // Ids listed out of order, as a log read by time may list them (a kiosk clock behind).
    const ids = Array.from({ length: 300 }, (_, i) => `${String(i).padStart(4, '0')}-scan`);
    const listed = ids.map((_, i) => ids[(i * 17) % 300]);
    const answer = JSON.stringify({ outcome: 'rejected', reason: 'badge_invalid' });
    await s.seed(() => ({ ...empty(), answers: listed.map((id): [string, string] => [id, answer]) }), { latest: 100, answerOf: async () => null });
    const seeded = await Promise.all(ids.map((id) => admin.exists(`${s.prefix}scan:${id}`)));
    expect(seeded).toEqual(ids.map((_, i) => (i >= 200 ? 1 : 0)));
    expect(await admin.get(`${s.prefix}seeded-from`)).toBe(ids[200]);
    // Exactly as many as seeding takes: all of them, from the least id.
    const all = new RedisStore(redisClient(REDIS_URL, log), event, `${prefix}-all`);
    prefixes.push(`${prefix}-all`);
    stores.push(all);
    await all.seed(() => ({ ...empty(), answers: listed.map((id): [string, string] => [id, answer]) }), { latest: 300, answerOf: async () => null });
    expect(await admin.get(`${all.prefix}seeded-from`)).toBe(ids[0]);
  });

  it('answers a scan sent again with an id older than the answers seeded as the log says; a log that fails leaves it to be sent again', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    const answer = JSON.stringify({ outcome: 'rejected', reason: 'badge_invalid' });
    const logged: ScanAnswer = { outcome: 'rejected', reason: 'badge_other_event', station: { id: 'tmk', occupancy: 0, capacity: 10, queue: 0 } };
    const asked: string[] = [];
    let failing = true;
    const answerOf = async (id: string) => {
      asked.push(id);
      if (failing) throw new Error('the log cannot be read');
      return id === '0000-scan' ? logged : null;
    };
    await s.seed(() => ({ ...empty(), answers: [['0000-scan', answer], ['0001-scan', answer]] }), { latest: 1, answerOf });
    await expect(scan(s, scanOf(1, 'tmk', Date.now(), '0000-scan'))).rejects.toThrow('the log cannot be read');
    failing = false;
    expect(await scan(s, scanOf(1, 'tmk', Date.now(), '0000-scan'))).toEqual({ replayed: true, answer: logged });
    expect(asked).toEqual(['0000-scan', '0000-scan']);
    // Not in the log either: a scan of its own, decided now.
    await s.putAttendee({ no: 1, firstName: 'Әлия', serial: 's1' });
    expect(await scan(s, scanOf(1, 'tmk', Date.now(), '0000-other'))).toMatchObject({ replayed: false, answer: { outcome: 'entered' } });
    expect(await scan(s, scanOf(1, 'tmk', Date.now(), '0001-scan'))).toMatchObject({ replayed: true, answer: { reason: 'badge_invalid' } });
    expect(asked).toEqual(['0000-scan', '0000-scan', '0000-other']);
  });

  it('seeds where each attendee is: the station of one placed, none for one who is not', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    const people = [1, 2].map((no) => ({ no, firstName: `Әлия${no}`, serial: `s${no}` }));
    await s.seed(() => {
      const state = rebuild({ people, scans: [], actions: [], answers: [] }, event, Date.now());
      state.attendees.find((a) => a.no === 1)!.stationId = 'tmk';
      return state;
    });
    expect(await admin.hgetall(`${s.prefix}w`)).toEqual({ 'a:1': 'tmk', 'a:2': '' });
    expect(await s.attendee(1)).toMatchObject({ stationId: 'tmk' });
  });

  it('asks the log about no scan when every answer was seeded, whatever a seeding that died left', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    // A seeding that died after saying where its answers begin, before Redis was seeded.
    await admin.set(`${s.prefix}seeded-from`, 'ffff');
    const asked: string[] = [];
    const answer = JSON.stringify({ outcome: 'rejected', reason: 'badge_invalid' });
    await s.seed(() => ({ ...empty(), answers: [['0000-scan', answer]] }), { latest: 100, answerOf: async (id) => (asked.push(id), null) });
    expect(await admin.exists(`${s.prefix}seeded-from`)).toBe(0);
    await s.putAttendee({ no: 1, firstName: 'Әлия', serial: 's1' });
    expect(await scan(s, scanOf(1, 'tmk', Date.now(), newScanId()))).toMatchObject({ replayed: false, answer: { outcome: 'entered' } });
    expect(await scan(s, scanOf(1, 'tmk', Date.now(), '0000-scan'))).toMatchObject({ replayed: true, answer: { reason: 'badge_invalid' } });
    expect(asked).toEqual([]);
  });

  it('leaves seeding to the process holding the lock: rebuilds nothing itself and does not take the lock away', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    const lock = `${s.prefix}seeding`;
    await admin.set(lock, 'another process', 'EX', 60);
    // Known once this store has asked for the lock and been refused it.
    const send = s.redis.sendCommand.bind(s.redis);
    const asked = new Promise<void>((resolve) => {
      s.redis.sendCommand = (...args: Parameters<typeof send>) => {
        if (args[0].name === 'set' && args[0].args.includes('NX')) resolve();
        return send(...args);
      };
    });
    let rebuilt = 0;
    const seeding = s.seed(() => (rebuilt++, empty()));
    await Promise.race([asked, seeding]);
    // The other process has written its snapshot.
    await admin.set(`${s.prefix}seeded`, '1');
    await seeding;
    expect(rebuilt).toBe(0);
    expect(await admin.get(lock)).toBe('another process');
  });

  it('seeds many documents, answers and station actions’ ids, past what one script call writes, and keeps what Redis has already', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    const people = Array.from({ length: 700 }, (_, i) => ({ no: i + 1, firstName: `Әлия${i + 1}`, serial: `s${i + 1}` }));
    const ids = Array.from({ length: 2500 }, (_, i) => `${String(i).padStart(5, '0')}-scan`);
    const answer = JSON.stringify({ outcome: 'rejected', reason: 'badge_invalid' });
    // Already in Redis (another process answered it): seeding leaves it as it is.
    await admin.set(`${s.prefix}scan:${ids[1234]}`, 'kept');
    const acts = ids.map((id) => `${id}-act`);
    await s.seed(() => ({ ...rebuild({ people, scans: [], actions: [], answers: [] }, event, Date.now()), answers: ids.map((id): [string, string] => [id, answer]), actionIds: acts }));
    expect(await admin.hlen(`${s.prefix}d`)).toBe(700 + event.stations.length);
    expect(JSON.parse((await admin.hget(`${s.prefix}d`, 'a:700'))!)).toMatchObject({ no: 700, firstName: 'Әлия700' });
    const seeded = await admin.mget(ids.map((id) => `${s.prefix}scan:${id}`));
    expect(seeded.filter((a) => a === answer)).toHaveLength(2499);
    expect(seeded[1234]).toBe('kept');
    expect(await admin.ttl(`${s.prefix}scan:${ids[2499]}`)).toBeGreaterThan(7 * 24 * 3600 - 60);
    // Each action's id as a command marks it, for as long: the same id sent again is a replay.
    expect(new Set(await admin.mget(acts.map((id) => `${s.prefix}act:${id}`)))).toEqual(new Set(['1']));
    expect(await admin.ttl(`${s.prefix}act:${acts[2499]}`)).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect((await s.command('tmk', { action: 'capacity', value: 3 }, acts[0], Date.now())).replayed).toBe(true);
  });

  it('fails to seed when Redis refuses a write, and says it is not seeded', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    // The documents' versions are a hash: a string there makes every seeding call fail.
    await admin.set(`${s.prefix}v`, 'not a hash');
    await expect(s.seed(empty)).rejects.toThrow(/WRONGTYPE/);
    expect(await admin.exists(`${s.prefix}seeded`)).toBe(0);
  });

  it('seeds Redis again from the log when it finds it emptied, and goes on', async () => {
    const s = await open();
    await people(s, 1);
    await scan(s, scanOf(1));
    await deleteRedisKeys(opened(s));
    await admin.del(s.streamKey);
    const again = await scan(s, scanOf(1, 'oesk'));
    expect(again.answer).toMatchObject({ outcome: 'rejected' });
    expect(await admin.exists(`${s.prefix}seeded`)).toBe(1);
  });

  it('seeds Redis again from the log when a station command or a read of stations finds it emptied, and decides the command on what it seeded', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    // The log: one action applied (its id), the station's capacity 3.
    const logged = () => {
      const r = empty();
      r.stations.find((st) => st.def.id === 'tmk')!.capacity = 3;
      return { ...r, actionIds: ['c1'] };
    };
    await s.seed(logged);
    await deleteRedisKeys(prefix);
    expect(await s.station('tmk')).toMatchObject({ capacity: 3 });
    await deleteRedisKeys(prefix);
    expect((await s.stations()).map((st) => [st.def.id, st.capacity])).toEqual(event.stations.map((d) => [d.id, d.id === 'tmk' ? 3 : d.capacity]));
    await deleteRedisKeys(prefix);
    expect(await s.command('tmk', { action: 'capacity', value: 5 }, 'c1', Date.now())).toMatchObject({ replayed: true, station: { capacity: 3 } });
    await deleteRedisKeys(prefix);
    expect((await s.command('tmk', { action: 'capacity', value: 5 }, 'c2', Date.now())).station).toMatchObject({ capacity: 5 });
    expect(await admin.exists(`${s.prefix}seeded`)).toBe(1);
    expect(await admin.xlen(s.streamKey)).toBe(1);
  });

  it('tells listeners which stations a scan changed, and commit listeners how long Redis took', async () => {
    const s = await open();
    await people(s, 1);
    const changed: string[][] = [];
    const seconds: number[] = [];
    s.onChange((ids) => changed.push(ids));
    s.onCommit((x) => seconds.push(x));
    await scan(s, scanOf(1));
    await scan(s, scanOf(1, 'oesk'));
    // A badge Redis does not know changes no station: no listener is told.
    await scan(s, scanOf(9, 'oesk'));
    expect(changed).toEqual([['tmk'], ['oesk', 'tmk']]);
    expect(seconds).toHaveLength(3);
    for (const x of seconds) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(5);
    }
  });
});

describe('Redis live store, commands, attendees and settling', () => {
  it('commits an organiser’s command once, logs it and tells listeners; refuses one the rules refuse, logging nothing', async () => {
    const s = await open();
    const changed: string[][] = [];
    s.onChange((ids) => changed.push(ids));
    expect(await s.command('nowhere', { action: 'capacity', value: 3 }, 'c0', Date.now())).toEqual({ station: null, error: 'station_not_found' });
    expect(await s.station('nowhere')).toBeNull();
    expect(await s.command('tmk', { action: 'call_next' }, 'c1', Date.now())).toEqual({ station: null, error: 'queue_empty' });
    expect([changed, await admin.xlen(s.streamKey)]).toEqual([[], 0]);
    expect((await s.command('tmk', { action: 'capacity', value: 3 }, 'c2', Date.now())).station).toMatchObject({ capacity: 3 });
    expect(changed).toEqual([['tmk']]);
    expect(await admin.exists(`${s.prefix}act:c2`)).toBe(1);
    // The same command id again (a retry) is not applied twice: another server sees one change.
    const t = await open(opened(s));
    const told: string[][] = [];
    t.onChange((ids) => told.push(ids));
    expect(await t.command('tmk', { action: 'capacity', value: 3 }, 'c2', Date.now())).toMatchObject({ replayed: true, station: { capacity: 3 } });
    expect([await admin.xlen(s.streamKey), told]).toEqual([1, []]);
    expect((await t.command('tmk', { action: 'capacity', value: 5 }, 'c3', Date.now())).station).toMatchObject({ capacity: 5 });
    expect((await s.command('tmk', { action: 'capacity', value: 6 }, 'c4', Date.now())).station).toMatchObject({ capacity: 6 });
    expect(await t.station('tmk')).toMatchObject({ capacity: 6 });
  });

  it('puts an attendee new at version 1 and again at the next version, keeping where they are; names of any length and script arrive whole', async () => {
    const s = await open();
    expect(await s.attendee(1)).toBeNull();
    await s.putAttendee({ no: 1, firstName: 'Әлия', serial: 's1' });
    expect(await s.attendee(1)).toEqual({ no: 1, firstName: 'Әлия', serial: 's1', stationId: null, onSiteSince: null, version: 1 });
    // Placed nowhere: the attendees' stations say so, as seeding does.
    expect(await admin.hget(`${s.prefix}w`, 'a:1')).toBe('');
    await scan(s, scanOf(1));
    const long = 'Әйгерім-'.repeat(150);
    const t = await open(opened(s));
    expect(await admin.hget(`${s.prefix}w`, 'a:1')).toBe('tmk');
    await t.putAttendee({ no: 1, firstName: long, serial: 'new' });
    expect(await s.attendee(1)).toMatchObject({ firstName: long, serial: 'new', stationId: 'tmk', version: 3 });
    await s.putAttendee({ no: 1, firstName: 'Әлия', serial: 'newer' });
    expect(await t.attendee(1)).toMatchObject({ serial: 'newer', version: 4 });
  });

  it('settles stations: nothing written before a stay runs out, the check-out logged and told after', async () => {
    const s = await open();
    await people(s, 1);
    const at = Date.now();
    await scan(s, scanOf(1, 'tmk', at));
    const changed: string[][] = [];
    s.onChange((ids) => changed.push(ids));
    await s.settle(at + MIN);
    expect([changed, await admin.xlen(s.streamKey)]).toEqual([[], 1]);
    await s.settle(at + 31 * MIN);
    expect(changed).toEqual([['tmk']]);
    expect(await occupancy(s)).toBe(0);
    expect(await admin.xlen(s.streamKey)).toBe(2);
    // The station this store settled is held: a scan decided on it commits, nothing read first.
    const reads = vi.spyOn(s.redis, 'pipeline');
    try {
      expect((await scan(s, scanOf(1, 'tmk', at + 32 * MIN))).answer).toMatchObject({ outcome: 'entered' });
      expect(reads).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('tells no listener of a check-out another server settled first, and decides the next scan on what that server wrote', async () => {
    const [s, t] = await twoServers(1);
    const at = Date.now();
    await scan(s, scanOf(1, 'tmk', at));
    const held = holdCommits(s);
    const changed: string[][] = [];
    s.onChange((ids) => changed.push(ids));
    // This server has read the station and decided the check-out; the other commits the same first.
    const settling = s.settle(at + 31 * MIN);
    await held.reached(0);
    await t.settle(at + 31 * MIN);
    held.open();
    await settling;
    expect(changed).toEqual([]);
    expect(await admin.xlen(s.streamKey)).toBe(2);
    expect((await scan(s, scanOf(1, 'tmk', at + 32 * MIN))).answer).toMatchObject({ outcome: 'entered' });
  });

  it('writes a new station’s document for a station Redis has none of when a read of it, of every station or a command finds it; settling passes it by', async () => {
    const s = await open();
    await people(s, 1);
    const at = Date.now();
    await scan(s, scanOf(1, 'tmk', at));
    const oesk = event.stations.find((d) => d.id === 'oesk')!;
    const lose = () => Promise.all([admin.hdel(`${s.prefix}v`, 's:oesk'), admin.hdel(`${s.prefix}d`, 's:oesk')]);
    await s.command('oesk', { action: 'capacity', value: oesk.capacity + 1 }, 'c1', at);
    await lose();
    const changed: string[][] = [];
    s.onChange((ids) => changed.push(ids));
    await s.settle(at + 31 * MIN);
    expect(changed).toEqual([['tmk']]);
    expect(await admin.hexists(`${s.prefix}v`, 's:oesk')).toBe(0);
    // As the event file has it: with no document, the station has no history in Redis.
    expect(await s.station('oesk')).toMatchObject({ capacity: oesk.capacity, version: 0 });
    await lose();
    expect((await s.stations()).map((st) => st.def.id)).toEqual(event.stations.map((d) => d.id));
    await lose();
    expect((await s.command('oesk', { action: 'capacity', value: 3 }, 'c2', at)).station).toMatchObject({ capacity: 3 });
    expect(await occupancy(s)).toBe(0);
  });

  it('gives a station the event file gained after Redis was seeded a document at the next start, without a rebuild: scanned, listed and commanded', async () => {
    const earlier = { ...event, stations: event.stations.filter((d) => d.id !== 'oesk') };
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const first = new RedisStore(redisClient(REDIS_URL, log), earlier, prefix);
    await first.seed(() => rebuild({ people: [], scans: [], actions: [], answers: [] }, earlier, Date.now()));
    await people(first, 2);
    await scan(first, scanOf(1));
    await first.close();
    // The servers start again on the event file with a station more; Redis kept its data.
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    let rebuilt = 0;
    await s.seed(() => (rebuilt++, empty()));
    expect([rebuilt, await admin.hexists(`${s.prefix}v`, 's:oesk')]).toEqual([0, 1]);
    expect((await scan(s, scanOf(2, 'oesk'))).answer).toMatchObject({ outcome: 'entered' });
    expect((await s.stations()).map((st) => st.def.id)).toEqual(event.stations.map((d) => d.id));
    expect((await s.command('oesk', { action: 'capacity', value: 3 }, 'c1', Date.now())).station).toMatchObject({ capacity: 3 });
    expect(await occupancy(s)).toBe(1);
    expect(await occupancy(s, 'oesk')).toBe(1);
    expect(rebuilt).toBe(0);
  });

  it('answers for a station the event no longer has as for no station, though Redis still holds its document', async () => {
    const s = await open();
    const [versions, docs] = await Promise.all([admin.hget(`${s.prefix}v`, 's:tmk'), admin.hget(`${s.prefix}d`, 's:tmk')]);
    await admin.hset(`${s.prefix}v`, 's:gone', versions!);
    await admin.hset(`${s.prefix}d`, 's:gone', docs!);
    expect(await s.station('gone')).toBeNull();
    expect(await s.command('gone', { action: 'capacity', value: 3 }, 'c1', Date.now())).toEqual({ station: null, error: 'station_not_found' });
    expect((await s.stations()).map((st) => st.def.id)).toEqual(event.stations.map((d) => d.id));
  });

  it('decides the scan of an attendee last placed at a station the event no longer has as of one placed nowhere, as in-process', async () => {
    const s = await open();
    await people(s, 2);
    await scan(s, scanOf(1, 'oesk'));
    await scan(s, scanOf(2, 'tmk'));
    await s.close();
    // The servers start again on the event file without that station; Redis keeps its document.
    const later = new RedisStore(redisClient(REDIS_URL, log), { ...event, stations: event.stations.filter((d) => d.id !== 'oesk') }, opened(s));
    stores.push(later);
    await later.seed(empty);
    const r = await scan(later, scanOf(1, 'tmk'));
    expect(r.answer).toMatchObject({ outcome: 'entered', station: { occupancy: 2 } });
    expect(r.answer.leftStation).toBeUndefined();
    expect(await later.attendee(1)).toMatchObject({ stationId: 'tmk' });
    expect((await scan(later, scanOf(1, 'umz'))).answer).toMatchObject({ outcome: 'entered', leftStation: 'tmk' });
    expect(await admin.hexists(`${s.prefix}d`, 's:oesk')).toBe(1);
  });

  it('hands out every station when it holds each at the version Redis has, reading no document', async () => {
    const s = await open();
    for (const [i, d] of event.stations.entries()) await s.command(d.id, { action: 'capacity', value: 3 }, `c${i}`, Date.now());
    const all = await s.stations();
    expect(all.map((st) => [st.def.id, st.capacity])).toEqual(event.stations.map((d) => [d.id, 3]));
  });

  it('counts Redis away when it refuses to read a document, and says so', async () => {
    const s = await open();
    await people(s, 1);
    // The versions' hash made a string: Redis answers the read with an error.
    await admin.del(`${s.prefix}v`);
    await admin.set(`${s.prefix}v`, 'not a hash');
    await expect(s.attendee(1)).rejects.toBeInstanceOf(LiveStoreUnavailable);
    expect(s.available).toBe(false);
  });

  it('refuses to answer a scan from an empty Redis it was never told how to seed', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    prefixes.push(prefix);
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    stores.push(s);
    await s.connected();
    await expect(scan(s, scanOf(1))).rejects.toThrow('the Redis live store was never seeded');
  });

  it('counts on site who came through the gate and has not left', async () => {
    const s = await open();
    await people(s, 3);
    await scan(s, scanOf(1, 'entrance'));
    await scan(s, scanOf(2, 'entrance'));
    expect(await s.onSite()).toBe(2);
  });

  it('counts on site among more attendees than one HSCAN step returns, asking until Redis says it is through', async () => {
    const s = await open();
    // Written as seeding writes them: 2,500 documents, every fifth one on site.
    const docs: Record<string, string> = {};
    for (let no = 1; no <= 2500; no++) {
      docs[`a:${no}`] = JSON.stringify({ no, firstName: `P${no}`, serial: `s${no}`, stationId: null, onSiteSince: no % 5 === 0 ? 1 : null, version: 1 });
    }
    await admin.hset(`${s.prefix}d`, docs);
    expect(await s.onSite()).toBe(500);
  });
});

describe('Redis live store while Redis is away', () => {
  it('fails every call at once with LiveStoreUnavailable, settles nothing, and answers again once Redis is back', async () => {
    const s = await open();
    await people(s, 1);
    const id = await s.redis.client('ID');
    await admin.client('KILL', 'ID', String(id));
    await expect.poll(() => s.available).toBe(false);
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await expect(s.command('tmk', { action: 'capacity', value: 2 }, 'c1', Date.now())).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await expect(s.settle(Date.now())).resolves.toBeUndefined();
    await expect.poll(() => s.available, { timeout: 5000 }).toBe(true);
    expect((await scan(s, scanOf(1))).answer).toMatchObject({ outcome: 'entered' });
  });

  it('counts Redis away after a failed command until a PING answers, on the same connection', async () => {
    const s = await open();
    await people(s, 1);
    // The store's stream key made a string: the commit script fails, the connection stays open.
    await admin.set(s.streamKey, 'not a stream');
    const sent: string[] = [];
    const send = s.redis.sendCommand.bind(s.redis);
    s.redis.sendCommand = (...args: Parameters<typeof send>) => {
      sent.push(args[0].name);
      return send(...args);
    };
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    expect(s.available).toBe(false);
    // Reads too fail at once, without asking Redis (which would answer them).
    const read = s.station('tmk');
    const readAll = s.stations();
    // The script failed, not Redis's copy of it missing: it is not sent again in full.
    expect(sent).toContain('evalsha');
    expect(sent).not.toContain('eval');
    await expect(read).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await expect(readAll).rejects.toBeInstanceOf(LiveStoreUnavailable);
    expect(sent.filter((name) => name === 'hget' || name === 'hmget' || name === 'multi')).toEqual([]);
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await admin.del(s.streamKey);
    await expect.poll(() => s.available, { timeout: 5000 }).toBe(true);
    expect((await scan(s, scanOf(1))).answer).toMatchObject({ outcome: 'entered' });
  });

  it('decides a scan sent again after it failed, as the kiosk resends it: the failure is not kept as its answer', async () => {
    const s = await open();
    await people(s, 1);
    await admin.set(s.streamKey, 'not a stream');
    const i = scanOf(1);
    await expect(scan(s, i)).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await admin.del(s.streamKey);
    await expect.poll(() => s.available, { timeout: 5000 }).toBe(true);
    expect(await scan(s, i)).toMatchObject({ replayed: false, answer: { outcome: 'entered' } });
    expect(await scan(s, i)).toMatchObject({ replayed: true, answer: { outcome: 'entered' } });
  });

  it('decides the scan after a failed commit on what Redis has, not on what the failed group would have written', async () => {
    const s = await open();
    await people(s, 2);
    await scan(s, scanOf(2));
    // Held here: the station and attendee 1 are decided at once, and the commit fails.
    const commit = s.redis.kzCommit;
    s.redis.kzCommit = async () => {
      throw new Error('connection lost');
    };
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    let commits = 0;
    s.redis.kzCommit = (args) => {
      commits++;
      return commit(args);
    };
    await expect.poll(() => s.available, { timeout: 5000 }).toBe(true);
    expect((await scan(s, scanOf(1))).answer).toMatchObject({ outcome: 'entered' });
    // Read first, then committed once: no commit refused for versions Redis never had.
    expect(commits).toBe(1);
    expect(await occupancy(s)).toBe(2);
  });

  it('waits for its first connection, refusing calls until it is made, and fails when it cannot be made; it leaves no listener on its client', async () => {
    const listeners = (s: RedisStore, events = ['ready', 'end', 'close']) => events.map((e) => s.redis.listenerCount(e));
    const s = new RedisStore(redisClient(REDIS_URL, log), event, `kezek-test-${randomUUID()}`);
    stores.push(s);
    expect(s.available).toBe(false);
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    // (The client's own `ready` listener goes with the first connection.)
    const before = listeners(s, ['end', 'close']);
    await s.connected();
    await s.connected();
    expect(s.available).toBe(true);
    expect(listeners(s, ['end', 'close'])).toEqual(before);
    const away = new RedisStore(redisClient('redis://127.0.0.1:1', log), event, 'kezek-test-away');
    stores.push(away);
    const awayBefore = listeners(away);
    await expect(away.connected()).rejects.toBeInstanceOf(LiveStoreUnavailable);
    expect(away.available).toBe(false);
    expect(listeners(away)).toEqual(awayBefore);
  });

  it('ends a wait for the first connection when the store is closed meanwhile', async () => {
    const s = new RedisStore(redisClient(REDIS_URL, log), event, `kezek-test-${randomUUID()}`);
    const listeners = () => ['ready', 'end', 'close'].map((e) => s.redis.listenerCount(e));
    const before = listeners();
    const waiting = s.connected();
    await s.close();
    await expect(waiting).rejects.toBeInstanceOf(LiveStoreUnavailable);
    expect(listeners()).toEqual(before);
  });

  it('asks again when a probe’s PING fails, and counts Redis back once one answers', async () => {
    const s = await open();
    await people(s, 1);
    await admin.set(s.streamKey, 'not a stream');
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    await admin.del(s.streamKey);
    // The first probe finds Redis still busy.
    const ping = s.redis.ping.bind(s.redis);
    let pings = 0;
    s.redis.ping = (() => (++pings === 1 ? Promise.reject(new Error('busy')) : ping())) as typeof s.redis.ping;
    await expect.poll(() => s.available, { timeout: 5000 }).toBe(true);
    expect(pings).toBeGreaterThan(1);
    expect((await scan(s, scanOf(1))).answer).toMatchObject({ outcome: 'entered' });
  });

  it('counts Redis back the moment a new connection is ready, its probe not yet answered', async () => {
    const s = await open();
    await people(s, 1);
    const id = await s.redis.client('ID');
    // Listened to after the store's own listener: a scan sent as the connection becomes ready.
    const sent = new Promise<Promise<unknown>>((resolve) => s.redis.once('ready', () => resolve(scan(s, scanOf(1)))));
    await admin.client('KILL', 'ID', String(id));
    expect((await (await sent)) as object).toMatchObject({ replayed: false, answer: { outcome: 'entered' } });
  });

  it('asks Redis nothing more once closed while it was counted away: the probe is called off', async () => {
    const s = await open();
    await people(s, 1);
    await admin.set(s.streamKey, 'not a stream');
    await expect(scan(s, scanOf(1))).rejects.toBeInstanceOf(LiveStoreUnavailable);
    const sent: string[] = [];
    const send = s.redis.sendCommand.bind(s.redis);
    s.redis.sendCommand = (...args: Parameters<typeof send>) => {
      sent.push(args[0].name);
      return send(...args);
    };
    await s.close();
    // Several times as long as a probe waits before it asks.
    await new Promise((r) => setTimeout(r, 1000));
    expect(sent.filter((name) => name === 'ping')).toEqual([]);
  });

  it('asks a closed store’s Redis nothing more: its connection closing does not count Redis away', async () => {
    const s = await open();
    const sent: string[] = [];
    const send = s.redis.sendCommand.bind(s.redis);
    s.redis.sendCommand = (...args: Parameters<typeof send>) => {
      sent.push(args[0].name);
      return send(...args);
    };
    await s.close();
    await expect.poll(() => s.redis.status).toBe('end');
    // Several times as long as a probe waits before it asks.
    await new Promise((r) => setTimeout(r, 1000));
    expect(sent.filter((name) => name === 'ping')).toEqual([]);
  });
});

describe('Redis live store under contention', () => {
  it('gives up a command after 100 commits another process won, pausing a little longer after each', async () => {
    const s = await open();
    let commits = 0;
    s.redis.kzCommit = async () => {
      commits++;
      return ['conflict'];
    };
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const timer = vi.spyOn(globalThis, 'setTimeout');
    try {
      await expect(s.command('tmk', { action: 'capacity', value: 3 }, 'c1', Date.now())).rejects.toThrow('command on tmk: too much contention');
    } finally {
      vi.restoreAllMocks();
    }
    expect(commits).toBe(100);
    // A random pause after each conflict but the first: up to 2 ms × the conflicts before it, at most 20 ms.
    const pauses = timer.mock.calls.map(([, ms]) => ms).filter((ms) => ms !== undefined && ms > 0 && ms <= 10);
    expect(pauses).toEqual(Array.from({ length: 99 }, (_, i) => 0.5 * Math.min(20, (i + 1) * 2)));
    await expect(s.putAttendee({ no: 1, firstName: 'Әлия', serial: 's1' })).rejects.toThrow('attendee 1: too much contention');
  });

  it('gives up a group of scans after 100 attempts, saying how many scans it held', async () => {
    const s = await open();
    await people(s, 1);
    let commits = 0;
    s.redis.kzCommit = async () => {
      commits++;
      return ['conflict'];
    };
    vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      await expect(scan(s, scanOf(1))).rejects.toThrow('1 scans: too much contention');
    } finally {
      vi.restoreAllMocks();
    }
    // Each commit another process won makes the next attempt read the documents again.
    expect(commits).toBe(50);
  });

  it('commits a group that keeps losing to another process in halves, so that each of its scans is answered', async () => {
    const s = await open();
    await people(s, 4);
    const commit = s.redis.kzCommit;
    const sizes: number[] = [];
    // Another process always changes something the group reads, unless it commits a single scan.
    s.redis.kzCommit = async (args) => {
      const scans = Number(args[0]) - 4;
      sizes.push(scans);
      return scans > 1 ? ['conflict'] : commit(args);
    };
    vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      const answers = await Promise.all([1, 2, 3, 4].map((no) => scan(s, scanOf(no))));
      expect(answers.map((a) => a.answer.outcome)).toEqual(['entered', 'entered', 'entered', 'entered']);
    } finally {
      vi.restoreAllMocks();
    }
    // Four scans, then two, then one at a time: two conflicts before each halving.
    expect(sizes).toEqual([4, 4, 2, 2, 1, 1, 2, 2, 1, 1]);
    expect(await occupancy(s)).toBe(4);
  });

  it('decides scans in the order they came: a scan that must read waits for a group on its way, which another server may make come back first', async () => {
    const [s, t] = await twoServers(3);
    await t.putAttendee({ no: 4, firstName: 'Дана', serial: 's4' });
    await s.command('tmk', { action: 'capacity', value: 3 }, 'c1', Date.now());
    await scan(s, scanOf(1));
    // The other server takes a place: the station this one holds is out of date, one place is left.
    await scan(t, scanOf(3));
    const held = holdCommits(s);
    // Attendee 2 is held here: decided at once and sent; attendee 4 is not, and must be read.
    const first = scan(s, scanOf(2));
    await new Promise((r) => setImmediate(r));
    const second = scan(s, scanOf(4));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    held.open();
    expect((await first).answer).toMatchObject({ outcome: 'entered' });
    expect((await second).answer).toMatchObject({ outcome: 'queued' });
  });

  it('decides a scan that must read after the group before it is answered, even when that group is slow to commit', async () => {
    const [s, t] = await twoServers(2);
    await s.command('tmk', { action: 'capacity', value: 1 }, 'c1', Date.now());
    // The other server holds nothing: each scan there must read first.
    const held = holdCommits(t);
    const first = scan(t, scanOf(1));
    await held.reached(0);
    const second = scan(t, scanOf(2));
    // The second waits for the first; were it decided meanwhile, it would be answered before the gate opens.
    await Promise.race([second, new Promise((r) => setTimeout(r, 1000))]);
    held.open();
    expect((await first).answer).toMatchObject({ outcome: 'entered' });
    expect((await second).answer).toMatchObject({ outcome: 'queued' });
    expect(held.count()).toBe(2);
  });

  it('puts groups another server made come back first in the line, in the order they came, before the scans that waited behind them', async () => {
    const [s, t] = await twoServers(5);
    await s.command('tmk', { action: 'capacity', value: 3 }, 'c1', Date.now());
    // The other server takes a place: the station this one holds is out of date, two places are left.
    await scan(t, scanOf(5));
    const held = holdCommits(s);
    // Two groups on their way, each of one scan decided on the station held; two scans wait behind them.
    const a = scan(s, scanOf(1));
    await held.reached(0);
    const b = scan(s, scanOf(2));
    await held.reached(1);
    const later = [scan(s, scanOf(3)), scan(s, scanOf(4))];
    held.open();
    const answers = await Promise.all([a, b, ...later]);
    expect(answers.map((x) => x.answer.outcome)).toEqual(['entered', 'entered', 'queued', 'queued']);
  });

  it('takes turns per station within a process: its commands on one station never make each other commit again', async () => {
    const s = await open();
    const commit = s.redis.kzCommit;
    let commits = 0;
    s.redis.kzCommit = (args) => {
      commits++;
      return commit(args);
    };
    await Promise.all([2, 3].map((value) => s.command('tmk', { action: 'capacity', value }, `c${value}`, Date.now())));
    expect([commits, (await s.station('tmk'))!.capacity]).toEqual([2, 3]);
    // A third comes while the second waits for the first: it waits for both.
    commits = 0;
    const first = s.command('tmk', { action: 'capacity', value: 4 }, 'c4', Date.now());
    const second = s.command('tmk', { action: 'capacity', value: 5 }, 'c5', Date.now());
    await first;
    await s.command('tmk', { action: 'capacity', value: 6 }, 'c6', Date.now());
    await second;
    expect([commits, (await s.station('tmk'))!.capacity]).toEqual([3, 6]);
  });
});
