import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EventReport, LeadList, StationsReport } from '../../shared/reports.ts';
import { ARTIFACTS, LAPTOP, launch, startServer } from './browser.ts';
import { ADMIN, kiosk } from '../support/app.ts';
import { createStaff, STAFF_PASSWORD } from '../support/staff.ts';

const PEOPLE = [
  { firstName: 'Aigerim', lastName: 'Seitova', category: 'school', institution: 'School-lyceum No. 1', phone: '+77011112233', consent: true },
  { firstName: 'Ivan', lastName: 'Petrov', category: 'college', institution: 'EKTC', phone: '+77012223344', consent: false },
  { firstName: 'Dana', lastName: 'Omarova', category: 'university', institution: 'EKTU', consent: true },
  { firstName: 'Guest', lastName: 'Visitor', category: 'other', consent: false },
] as const;

/** Pages in a PDF, as poppler's pdfinfo counts them. */
function pdfPages(pdf: Buffer, name: string): number {
  const file = join(ARTIFACTS, name);
  writeFileSync(file, pdf);
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

describe('reports in a browser', () => {
  let server: { app: FastifyInstance; url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    await createStaff(server.app, 'org', 'organiser');

    // A small day through the real API: four registered, three arrive, two reach an employer.
    const badges: string[] = [];
    for (const p of PEOPLE) {
      const r = await server.app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: p });
      expect(r.statusCode).toBe(201);
      badges.push(r.json().badge);
    }
    const [aigerim, ivan, dana] = badges;
    const gate = await kiosk(server.app, 'entrance');
    const masterClass = await kiosk(server.app, 'mc-it');
    const kazzincIn = await kiosk(server.app, 'kazzinc');
    const kazzincOut = await kiosk(server.app, 'kazzinc');
    const scan = async (k: { headers: { authorization: string } }, badge: string, status = 200): Promise<Record<string, unknown>> => {
      // Scans a few milliseconds apart, as at a real station: a departure in the same millisecond
      // as an arrival counts first, which would change the expected peak.
      await new Promise((r) => setTimeout(r, 5));
      const r = await server.app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge } });
      expect(r.statusCode, r.body).toBe(status);
      return r.json();
    };
    for (const b of [aigerim, ivan, dana]) expect(await scan(gate, b)).toMatchObject({ outcome: 'entered' });
    expect(await scan(masterClass, aigerim)).toMatchObject({ outcome: 'entered' });
    expect(await scan(masterClass, dana)).toMatchObject({ outcome: 'entered' });
    expect(await scan(kazzincIn, aigerim)).toMatchObject({ outcome: 'entered', leftStation: 'mc-it' });
    expect(await scan(kazzincIn, ivan)).toMatchObject({ outcome: 'entered' });
    // Another kiosk at the same station, so this is a deliberate check-out, not a camera re-read.
    expect(await scan(kazzincOut, aigerim)).toMatchObject({ outcome: 'exited' });
    expect(await scan(kazzincIn, 'not-a-badge', 422)).toMatchObject({ outcome: 'rejected', reason: 'badge_invalid' });

    context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/admin`);
    await page.locator('input[name=username]').fill('org');
    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('nav.side').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  /** JSON of a report, asked with the page's own session cookie. */
  async function report<T>(url: string): Promise<T> {
    const r = await page.request.get(`${server.url}${url}`);
    expect(r.status()).toBe(200);
    return (await r.json()) as T;
  }

  it('shows per-station figures as the API has them, a chart per station, the event and the lead lists of consenting attendees only', { timeout: 60_000 }, async () => {
    await page.locator('nav.side a[href="#reports"]').click();
    const kazzincRow = page.locator('.report-stations tr[data-station="kazzinc"]');
    await kazzincRow.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/reports-1-stations.png`, fullPage: true });

    const stations = await report<StationsReport>('/api/reports/stations');
    const figures = (id: string) => stations.stations.find((s) => s.stationId === id)!;
    // The day as built: the API agrees with what happened, and the page with the API.
    expect(figures('kazzinc')).toMatchObject({ visits: 2, uniqueVisitors: 2, peakOccupancy: 2, refusedScans: 1 });
    expect(figures('mc-it')).toMatchObject({ visits: 2, uniqueVisitors: 2, peakOccupancy: 2, refusedScans: 0 });
    expect(figures('entrance')).toMatchObject({ visits: 3, uniqueVisitors: 3 });
    for (const s of stations.stations) {
      const row = page.locator(`.report-stations tr[data-station="${s.stationId}"]`);
      const cell = (field: string) => row.locator(`td[data-field="${field}"]`);
      expect(await cell('visits').textContent()).toBe(String(s.visits));
      expect(await cell('uniqueVisitors').textContent()).toBe(String(s.uniqueVisitors));
      expect(await cell('peakOccupancy').locator('.figure').textContent()).toBe(String(s.peakOccupancy));
      expect(await cell('longestQueue').locator('.figure').textContent()).toBe(String(s.longestQueue));
      expect(await cell('refusedScans').textContent()).toBe(String(s.refusedScans));
    }

    // On a laptop the names get the room, the figures' headings wrap instead: no station name over two lines, in Kazakh either.
    for (const button of ['Қазақша', 'Русский', 'English']) {
      await page.locator('.langs button', { hasText: button }).click();
      await kazzincRow.waitFor();
      const lines = await page.locator('.report-stations .station-name').evaluateAll((els) =>
        els.map((e) => Math.round(e.getBoundingClientRect().height / (parseFloat(getComputedStyle(e).fontSize) * 1.2))),
      );
      expect(Math.max(...lines), button).toBeLessThanOrEqual(2);
    }
    await page.screenshot({ path: `${ARTIFACTS}/reports-1-stations-en.png`, fullPage: true });

    // A station's detail: visits by hour drawn by uPlot, the refusal with its reason.
    await kazzincRow.locator('button.station-name').click();
    const detail = page.locator('.station-detail[data-station="kazzinc"]');
    await detail.locator('.chart canvas').waitFor();
    const canvas = await detail.locator('.chart canvas').evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height }));
    expect(canvas.w).toBeGreaterThan(300);
    expect(canvas.h).toBeGreaterThan(100);
    expect(await detail.locator('.tile[data-field="visits"] .value').textContent()).toBe('2');
    expect(await detail.locator('table[data-table="refusals"] tr[data-key="badge_invalid"] td.num').textContent()).toBe('1');
    expect(await detail.locator('table[data-table="refusals"] tbody tr').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/reports-2-station.png`, fullPage: true });

    await page.locator('#report-tab-event').click();
    await page.locator('.event-report .funnel').waitFor();
    const event = await report<EventReport>('/api/reports/event');
    expect(event.funnel).toEqual({ registered: 4, arrived: 3, visitedStation: 3, visitedEmployer: 2 });
    for (const [step, n] of Object.entries(event.funnel)) {
      expect(await page.locator(`.funnel li[data-step="${step}"] .n`).textContent()).toBe(String(n));
    }
    const heatRow = page.locator('table.heatmap tr[data-station="kazzinc"] td');
    expect(await heatRow.allTextContents()).toEqual(event.heatmap.stations.find((s) => s.stationId === 'kazzinc')!.visits.map((n) => (n ? String(n) : '·')));
    expect(await page.locator('table[data-table="categories"] tr[data-key="school"] td').first().textContent()).toBe('School graduate');
    await page.screenshot({ path: `${ARTIFACTS}/reports-3-event.png`, fullPage: true });

    await page.locator('#report-tab-leads').click();
    const kazzincLeads = page.locator('.lead-list[data-station="kazzinc"]');
    await kazzincLeads.waitFor();
    const leads = await report<LeadList>('/api/reports/leads/kazzinc');
    expect(leads.leads.map((l) => l.firstName)).toEqual(['Aigerim']);
    expect(await kazzincLeads.locator('.lead-name').allTextContents()).toEqual(['Aigerim Seitova']);
    // Ivan visited KazZinc but did not consent; Dana consented but never went to an employer.
    const text = await page.locator('.report-body').textContent();
    expect(text).not.toContain('Petrov');
    expect(text).not.toContain('Omarova');
    expect(await page.locator('.lead-list[data-station="umz"] .none').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/reports-4-leads.png`, fullPage: true });

    await page.locator('#report-tab-files').click();
    await page.locator('.report-files').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/reports-5-files.png`, fullPage: true });
    for (const path of ['/api/reports/stations', '/api/reports/event', '/api/reports/leads', '/api/reports/scans', '/api/reports/leads/kazzinc', '/api/reports/stations/kazzinc']) {
      const row = page.locator(`.report-files tr[data-file="${path}"]`);
      expect(await row.locator('a.csv').getAttribute('href')).toBe(`${path}?format=csv&lang=en`);
      expect(await row.locator('a.xlsx').getAttribute('href')).toBe(`${path}?format=xlsx&lang=en`);
    }
    const csv = await page.request.get(`${server.url}${await page.locator('.report-files tr[data-file="/api/reports/leads/kazzinc"] a.csv').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('Seitova');
    expect(body.toString('utf8')).not.toContain('Petrov');
    const xlsx = await page.request.get(`${server.url}${await page.locator('.report-files tr[data-file="/api/reports/scans"] a.xlsx').getAttribute('href')}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');

    // The page speaks the organiser's language, and its files follow it.
    await page.locator('.langs button', { hasText: 'Русский' }).click();
    await expect.poll(() => page.locator('.report-files tr[data-file="/api/reports/event"] a.csv').getAttribute('href')).toBe('/api/reports/event?format=csv&lang=ru');
    expect(await page.locator('nav.side a[href="#reports"]').textContent()).toBe('Отчёты');
    await page.locator('.langs button', { hasText: 'English' }).click();
    expect(errors).toEqual([]);
  });

  it('prints the event summary on one A4 page, a busy day too', { timeout: 60_000 }, async () => {
    const summary = await context.newPage();
    summary.on('pageerror', (err) => errors.push(err.message));
    await summary.goto(`${server.url}/summary`);
    await summary.locator('body[data-ready="true"] #event-name').waitFor();
    expect(await summary.locator('#event-name').textContent()).toBe('My Profession – My Pride');
    expect(await summary.locator('.tile[data-field="registered"] .value').textContent()).toBe('4');
    expect(await summary.locator('.tile[data-field="visits"] .value').textContent()).toBe('4');
    expect(await summary.locator('.funnel li[data-step="visitedEmployer"] .n').textContent()).toBe('2');
    expect(await summary.locator('[data-list="top-employers"] li').first().getAttribute('data-station')).toBe('kazzinc');
    await summary.screenshot({ path: `${ARTIFACTS}/reports-6-summary.png`, fullPage: true });
    await summary.emulateMedia({ media: 'print' });
    expect(pdfPages(await summary.pdf({ format: 'A4', printBackground: true }), 'reports-summary.pdf')).toBe(1);

    // A whole day: ten hours of heat map (09:00–19:00 at UTC+5), every station visited, in Russian (the longest names).
    const real = await report<EventReport>('/api/reports/event');
    const hours = Array.from({ length: 10 }, (_, i) => ({ start: Date.UTC(2026, 11, 5, 4 + i), hour: `${String(9 + i).padStart(2, '0')}:00` }));
    const busy: EventReport = {
      ...real,
      funnel: { registered: 4812, arrived: 3977, visitedStation: 3650, visitedEmployer: 2104 },
      heatmap: { hours, stations: real.heatmap.stations.map((s, k) => ({ ...s, visits: hours.map((_, i) => ((k * 37 + i * 53) % 140) + (i === 3 ? 90 : 0)) })) },
      // The opening ceremony nearly filled the hall at 10:35; the exhibition drew most of the day; each tour ran five groups of 12.
      places: real.places.map((p) =>
        p.mode === 'hall'
          ? { ...p, visits: 1203, uniqueVisitors: 1011, peakOccupancy: 587, peakOccupancyAt: Date.UTC(2026, 11, 5, 5, 35) }
          : p.mode === 'tour'
            ? { ...p, visits: 52, uniqueVisitors: 52, peakOccupancy: 12, peakOccupancyAt: Date.UTC(2026, 11, 5, 6, 30), tours: { departures: 5, booked: 60, went: 52, noShows: 8, places: 60 } }
            : { ...p, visits: 2310, uniqueVisitors: 1964, peakOccupancy: 164, peakOccupancyAt: Date.UTC(2026, 11, 5, 6, 10) },
      ),
    };
    await summary.route('**/api/reports/event', (route) => route.fulfill({ json: busy }));
    await summary.evaluate(() => localStorage.setItem('kezek.lang', 'ru'));
    await summary.emulateMedia({ media: 'screen' });
    await summary.reload();
    await summary.locator('body[data-ready="true"] #event-name').waitFor();
    expect(await summary.locator('#event-name').textContent()).toBe('«Моя профессия – моя гордость»');
    expect(await summary.locator('.tile[data-field="busiestHour"] .value').textContent()).toBe('12:00–13:00');
    expect(await summary.locator('.tile[data-field="place-assembly-hall"] .note').textContent()).toBe('пик 587 из 600 в 10:35');
    // The tours together: who went, the groups run, the no-shows and how full they went (each tour is in the event report).
    const tourCount = busy.places.filter((p) => p.mode === 'tour').length;
    expect(tourCount).toBeGreaterThan(0);
    expect(await summary.locator('.tile[data-field="tours"] .value').textContent()).toBe(String(52 * tourCount));
    expect(await summary.locator('.tile[data-field="tours"] .note').textContent()).toBe(`групп: ${5 * tourCount} · не пришли: ${8 * tourCount} · заполнено 87 %`);
    await summary.screenshot({ path: `${ARTIFACTS}/reports-7-summary-busy.png`, fullPage: true });
    await summary.emulateMedia({ media: 'print' });
    const fits = await summary.locator('.sheet').evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
    expect(fits).toBe(true);
    expect(pdfPages(await summary.pdf({ format: 'A4', printBackground: true }), 'reports-summary-busy.pdf')).toBe(1);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', join(ARTIFACTS, 'reports-summary-busy.pdf'), join(ARTIFACTS, 'reports-8-summary-busy-print')]);
    await summary.evaluate(() => localStorage.setItem('kezek.lang', 'en'));
    await summary.close();

    // The same day in /admin's event report, in Russian and Kazakh: the hall, the exhibition and each tour's departures.
    await page.route('**/api/reports/event', (route) => route.fulfill({ json: busy }));
    for (const [lang, button] of [['ru', 'Русский'], ['kk', 'Қазақша']] as const) {
      await page.locator('.langs button', { hasText: button }).click();
      await page.locator('#report-tab-stations').click();
      await page.locator('#report-tab-event').click();
      const tours = page.locator('table[data-table="tours"] tbody tr');
      await expect.poll(() => tours.count()).toBe(tourCount);
      for (const row of await tours.all()) {
        expect((await row.locator('td').allTextContents()).slice(1)).toEqual(['5', '60', '52', '8', expect.stringMatching(/^87\s?%$/)]);
      }
      // Nothing runs off the laptop's screen sideways, in the longest words either.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/reports-9-event-busy-${lang}.png`, fullPage: true });
    }
    await page.unroute('**/api/reports/event');
    await page.locator('.langs button', { hasText: 'English' }).click();
    expect(errors).toEqual([]);
  });

  it('asks for an organiser sign-in before showing the summary', async () => {
    const stranger = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const p = await stranger.newPage();
    await p.goto(`${server.url}/summary`);
    const hint = p.locator('#sign-in-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('Sign in as an organiser');
    expect(await hint.locator('a').getAttribute('href')).toBe('/admin#reports');
    expect(await p.locator('#event-name').count()).toBe(0);
    await p.screenshot({ path: `${ARTIFACTS}/reports-9-summary-signed-out.png` });
    await stranger.close();
  });
});
