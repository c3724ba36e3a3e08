import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_EVENT, loadConfig, loadEvent } from '../../server/config.ts';
import { tempDir } from '../support/app.ts';

describe('configuration', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const bundled = JSON.parse(readFileSync(BUNDLED_EVENT, 'utf8'));
  const write = (name: string, value: unknown) => {
    const file = join(dir.dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('has embedded defaults and the bundled event: 21 stations of the article, the entrance, the assembly hall, the exhibition, three tours, the challenge and the career session', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: './data', redisUrl: null, adminToken: null });
    const groups = c.event.stations.reduce<Record<string, number>>((n, s) => ({ ...n, [s.group]: (n[s.group] ?? 0) + 1 }), {});
    expect(groups).toEqual({ entrance: 1, 'master-class': 6, college: 4, employer: 7, grant: 4, programme: 7 });
  });

  it('stops with a message naming the broken field', () => {
    const badCapacity = structuredClone(bundled);
    badCapacity.stations[3].capacity = 0;
    expect(() => loadEvent(write('cap.json', badCapacity))).toThrow(/\/stations\/3\/capacity must be >= 1/);
    const missingName = structuredClone(bundled);
    delete missingName.stations[1].name.kk;
    expect(() => loadEvent(write('name.json', missingName))).toThrow(/\/stations\/1\/name must have required property 'kk'/);
    const extra = structuredClone(bundled);
    extra.stations[0].colour = 'red';
    expect(() => loadEvent(write('extra.json', extra))).toThrow(/\/stations\/0\/colour must NOT have additional properties/);
    const twice = structuredClone(bundled);
    twice.stations[2].id = twice.stations[1].id;
    expect(() => loadEvent(write('twice.json', twice))).toThrow(/\/stations\/2\/id "mc-metallurgy" is used twice/);
    expect(() => loadEvent(write('broken.json', '{ "id": '))).toThrow(/broken\.json: .*JSON/);
  });

  it('wants departures, earliest first, at tours and only there', () => {
    const tour = (bad: (stations: Array<Record<string, unknown>>) => void) => {
      const e = structuredClone(bundled);
      bad(e.stations);
      return () => loadEvent(write('tour.json', e));
    };
    const museum = bundled.stations.findIndex((s: { id: string }) => s.id === 'museum');
    expect(tour((s) => delete s[museum].departures)).toThrow(`/stations/${museum}/departures are missing: a tour needs its departures`);
    expect(tour((s) => (s[museum].departures = ['11:30', '11:30']))).toThrow(`/stations/${museum}/departures/1 11:30 is not after 11:30`);
    expect(tour((s) => (s[museum].departures = ['11:30', '25:00']))).toThrow(/\/stations\/\d+\/departures\/1 must match pattern/);
    expect(tour((s) => (s[1].departures = ['11:30']))).toThrow('/stations/1/departures are only for tours');
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
  });

  it('warns of low disk space below 200 MB unless MIN_FREE_MB says otherwise', () => {
    expect(loadConfig({}).minFreeMb).toBe(200);
    expect(loadConfig({ MIN_FREE_MB: '1024' }).minFreeMb).toBe(1024);
    expect(() => loadConfig({ MIN_FREE_MB: '-5' })).toThrow(/MIN_FREE_MB must be an integer/);
  });

  it("takes the event's servers from PUBLIC_URLS as origins, and names a bad one in one line, its password left out", () => {
    expect(loadConfig({}).publicUrls).toEqual([]);
    expect(loadConfig({ PUBLIC_URLS: ' http://192.168.1.10:3000/ , https://kezek-b.local:3443,http://192.168.1.10:3000' }).publicUrls).toEqual([
      'http://192.168.1.10:3000',
      'https://kezek-b.local:3443',
    ]);
    const message = (got: string) => `PUBLIC_URLS must be server addresses such as http://192.168.1.10:3000 separated by commas, got "${got}"`;
    for (const bad of ['192.168.1.10:3000', 'ftp://a.local', 'http://a.local/kiosk', 'http://a.local?x=1']) {
      expect(() => loadConfig({ PUBLIC_URLS: `http://b.local:3000,${bad}` })).toThrow(message(bad));
    }
    expect(() => loadConfig({ PUBLIC_URLS: 'http://user:secret@a.local:3000' })).toThrow(message('http://…@a.local:3000'));
  });
});
