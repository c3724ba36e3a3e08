import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import errorsPlugin from '../../server/plugins/errors.ts';
import { useStrictValidation } from '../../server/plugins/validation.ts';
import reportRoutes from '../../server/routes/reports.ts';
import { loadConfig } from '../../server/config.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { DURABLE_KINDS } from '../db/durable-stores.ts';
import { knownDayIn } from './known-day.ts';

// Every route, its files included, on the known day read from either store.
describe.each(DURABLE_KINDS)('/api/reports routes, %s', (kind) => {
  let app: FastifyInstance;
  let store: DurableStore;
  let close: () => Promise<void>;
  const routes: Array<{ method: string; url: string; access: unknown }> = [];

  beforeAll(async () => {
    ({ store, close } = await knownDayIn(kind));
    app = Fastify({ logger: false });
    useStrictValidation(app);
    await app.register(errorsPlugin);
    app.decorate('store', store);
    // The bundled event, as the server loads it (nothing is written).
    app.decorate('config', loadConfig({}));
    app.addHook('onRoute', (r) => {
      if (r.method !== 'HEAD') routes.push({ method: String(r.method), url: r.url, access: r.config?.access });
    });
    await app.register(reportRoutes);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  describe('every route', () => {
    it('every route is for organisers only', () => {
      expect(routes).toEqual(
        ['/api/reports/about', '/api/reports/stations', '/api/reports/stations/:id', '/api/reports/event', '/api/reports/leads', '/api/reports/leads/:stationId', '/api/reports/scans'].map(
          (url) => ({ method: 'GET', url, access: ['organiser'] }),
        ),
      );
    });

    it('GET /api/reports/about names the event for the printed summary', async () => {
      const r = await get('/api/reports/about');
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ id: 'my-profession-my-pride', date: '2026-12-05', name: { en: 'My Profession – My Pride' } });
      // The venue in every language, for a summary printed in any of them.
      expect(r.json().venue).toMatchObject({ ru: expect.stringContaining('Усть-Каменогорск'), kk: expect.stringContaining('Өскемен') });
    });

    it('GET /api/reports/stations answers JSON by default', async () => {
      const r = await get('/api/reports/stations');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const body = r.json();
      expect(body.utcOffsetMinutes).toBe(300);
      expect(body.stations).toHaveLength(29);
      expect(body.stations.find((s: { stationId: string }) => s.stationId === 'umz')).toMatchObject({
        visits: 4,
        longestQueue: 3,
        refusedByReason: { queue_full: 1, station_paused: 2 },
      });
    });

    it('GET /api/reports/stations?format=csv downloads a CSV with the BOM', async () => {
      const r = await get('/api/reports/stations?format=csv&lang=ru');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toBe('attachment; filename="kezek-stations.csv"');
      expect([...r.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = r.rawPayload.toString('utf8').slice(1).split('\r\n');
      // Excel set to Russian or Kazakh splits on `;`, English on `,`; `?sep=` chooses.
      expect(lines[0].startsWith('ID;Станция;Группа;Проводит;Вместимость;Посещения')).toBe(true);
      expect(lines.filter((l) => l !== '')).toHaveLength(30);
      const en = (await get('/api/reports/stations?format=csv&lang=en')).rawPayload.toString('utf8').slice(1);
      expect(en.startsWith('ID,Station,Group,')).toBe(true);
      const kk = (await get('/api/reports/stations?format=csv&lang=kk&sep=,')).rawPayload.toString('utf8').slice(1);
      expect(kk.startsWith('ID,Станция,Топ,')).toBe(true);
      expect((await get('/api/reports/stations?format=csv&sep=|')).statusCode).toBe(400);
    });

    it('GET /api/reports/stations/:id: one station, 404 station_not_found for an unknown one', async () => {
      const r = await get('/api/reports/stations/kazzinc');
      expect(r.statusCode).toBe(200);
      expect(r.json().station).toMatchObject({ stationId: 'kazzinc', visits: 6, uniqueVisitors: 5 });
      expect(r.json().visitsByHour.map((h: { visits: number }) => h.visits)).toEqual([4, 0, 2, 0]);
      const missing = await get('/api/reports/stations/nowhere');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ code: 'station_not_found', message: expect.any(String) });
      const missingCsv = await get('/api/reports/stations/nowhere?format=csv');
      expect(missingCsv.statusCode).toBe(404);
      expect(missingCsv.json().code).toBe('station_not_found');
    });

    it('?table= picks one table of a report for CSV; an unknown table is a 400', async () => {
      const r = await get('/api/reports/stations/kazzinc?format=csv&table=hours&lang=en');
      expect(r.rawPayload.toString('utf8').slice(1).split('\r\n')[0]).toBe('Hour,Hour from,Visits');
      const bad = await get('/api/reports/stations/kazzinc?format=csv&table=nope');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('table_not_found');
    });

    it('GET /api/reports/event with top and utcOffset', async () => {
      const r = await get('/api/reports/event?top=1&utcOffset=360');
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.funnel).toEqual({ registered: 9, arrived: 8, visitedStation: 7, visitedEmployer: 6 });
      expect(body.topStations.map((c: { stations: unknown[] }) => c.stations.length)).toEqual([1, 1, 1]);
      expect(body.heatmap.hours.map((h: { hour: string }) => h.hour)).toEqual(['10:00', '11:00', '12:00', '13:00']);
    });

    it('puts hours and times on the event’s clock when the query names none: its file’s utcOffsetMinutes', async () => {
      const other = Fastify({ logger: false });
      useStrictValidation(other);
      await other.register(errorsPlugin);
      // An event at UTC+6 reading the same known day.
      const event = { ...loadConfig({}).event, utcOffsetMinutes: 360 };
      await other.register(reportRoutes, { of: async () => ({ reports: store.reports, event }) });
      try {
        const hours = async (url: string) => {
          const body = (await other.inject({ method: 'GET', url })).json();
          return [body.utcOffsetMinutes, body.heatmap.hours.map((h: { hour: string }) => h.hour)];
        };
        expect(await hours('/api/reports/event?top=1')).toEqual([360, ['10:00', '11:00', '12:00', '13:00']]);
        expect(await hours('/api/reports/event?top=1&utcOffset=300')).toEqual([300, ['09:00', '10:00', '11:00', '12:00']]);
        // Files too.
        const csv = (await other.inject({ method: 'GET', url: '/api/reports/stations/kazzinc?format=csv&table=hours&lang=en' })).rawPayload.toString('utf8');
        const atSix = (await get('/api/reports/stations/kazzinc?format=csv&table=hours&lang=en&utcOffset=360')).rawPayload.toString('utf8');
        expect(csv).toBe(atSix);
        expect(csv).not.toBe((await get('/api/reports/stations/kazzinc?format=csv&table=hours&lang=en')).rawPayload.toString('utf8'));
      } finally {
        await other.close();
      }
    });

    it('GET /api/reports/event?format=xlsx downloads a workbook', async () => {
      const r = await get('/api/reports/event?format=xlsx&lang=kk');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(r.headers['content-disposition']).toBe('attachment; filename="kezek-event.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets).toHaveLength(6);
      expect(wb.worksheets[1].getRow(2).getCell(1).value).toBe('Мектеп түлегі');
      expect(wb.worksheets[5].name).toBe('Бағдарлама орындары');
    });

    it('GET /api/reports/leads/:stationId: consenting visitors only, in every format', async () => {
      const json = (await get('/api/reports/leads/umz')).json();
      expect(json.leads.map((l: { firstName: string }) => l.firstName)).toEqual(['Dana', 'Мария', 'Айгерім']);
      const csv = (await get('/api/reports/leads/umz?format=csv')).rawPayload.toString('utf8');
      expect(csv).toContain('"O""Neil, Jr"');
      expect(csv).not.toContain('Иван');
      const xlsx = await get('/api/reports/leads/kazzinc?format=xlsx');
      expect(xlsx.headers['content-disposition']).toBe('attachment; filename="kezek-leads-kazzinc.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0].rowCount).toBe(4);
      const all = (await get('/api/reports/leads?format=csv')).rawPayload.toString('utf8');
      for (const name of ['Иван', 'Ерлан', 'Гость']) expect(all).not.toContain(name);
    });

    it('lead list errors: unknown station 404, a station that is not an employer 404 not_employer_station', async () => {
      const missing = await get('/api/reports/leads/nowhere');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('station_not_found');
      const notEmployer = await get('/api/reports/leads/mc-it');
      expect(notEmployer.statusCode).toBe(404);
      expect(notEmployer.json().code).toBe('not_employer_station');
    });

    it('GET /api/reports/scans: filters, pages JSON, files carry every row', async () => {
      const page = (await get('/api/reports/scans?stationId=umz&outcome=queued')).json();
      expect(page.total).toBe(4);
      expect(page.rows.map((r: { queuePosition: number }) => r.queuePosition)).toEqual([1, 2, 3, 3]);
      const limited = (await get('/api/reports/scans?limit=10&offset=40')).json();
      expect([limited.total, limited.rows.length, limited.offset]).toEqual([48, 8, 40]);
      const window = (await get('/api/reports/scans?from=2026-12-05T05:00:00Z&to=2026-12-05T06:00:00Z')).json();
      expect(window.rows.every((r: { at: number }) => r.at >= Date.UTC(2026, 11, 5, 5) && r.at < Date.UTC(2026, 11, 5, 6))).toBe(true);
      const csv = (await get('/api/reports/scans?format=csv')).rawPayload.toString('utf8');
      expect(csv.slice(1).split('\r\n').filter((l) => l !== '')).toHaveLength(49);
      // Stations and kiosks by name beside their ids.
      await store.kiosks.create({ id: 'k-umz', stationId: 'umz', label: 'UMZ, door 2', tokenHash: 'x', createdAt: 0, pairingCodeHash: null, pairingExpiresAt: null });
      const ru = (await get('/api/reports/scans?format=csv&lang=ru&stationId=umz')).rawPayload.toString('utf8').slice(1).split('\r\n');
      expect(ru[0].startsWith('Время;Станция;ID станции;Киоск;ID киоска;')).toBe(true);
      expect(ru[1].split(';').slice(1, 5)).toEqual(['АО «УМЗ»', 'umz', '"UMZ, door 2"', 'k-umz']);
      expect(page.rows[0]).toMatchObject({ stationId: 'umz', stationName: { en: 'UMZ JSC' } });
    });

    it('rejects bad query parameters with invalid_request', async () => {
      for (const url of ['/api/reports/stations?format=pdf', '/api/reports/event?lang=de', '/api/reports/scans?from=yesterday', '/api/reports/stations?utcOffset=abc']) {
        const r = await get(url);
        expect(r.statusCode, url).toBe(400);
        expect(r.json().code).toBe('invalid_request');
      }
    });
  });
});
