import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { attendees } from '../../server/db/schema.ts';
import { tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn } from '../support/staff.ts';
import { asCsv, asXlsx, csvLines, preRegistration } from '../support/pre-registration.ts';

type RowError = { line: number; code: string; reason: string };
type Report = {
  created: { line: number; badgeNo: number }[];
  updated: { line: number; badgeNo: number; changes: { field: string; from: unknown; to: unknown }[] }[];
  unchanged: { line: number }[];
  refused: RowError[];
  refusedRows: { line: number; cells: string[] }[];
  namesakes: { line: number; kind: string; others: { line: number | null; badgeNo: number | null }[] }[];
  header: string[];
  fingerprint: string;
};
type Found = { badgeNo: number; firstName: string; lastName: string; institution: string; grade: string; phone: string | null };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const file = preRegistration();
const lines = csvLines(file);
const badLines = [...file.bad.keys()].map((i) => lines[i]);

describe('a 3,000-row organiser export at the desk API', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let desk: Record<string, string>;

  beforeAll(async () => {
    app = await testApp(data.dir);
    await createStaff(app, 'desk', 'desk');
    desk = await signIn(app, 'desk');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const send = (query: string, body: Buffer, type = 'text/csv') =>
    app.inject({ method: 'POST', url: `/api/attendees/import?${query}`, headers: { ...desk, 'content-type': type }, payload: body });
  const snapshot = () => app.db.select().from(attendees).all();
  const search = async (q: string, more = '') => {
    const r = await app.inject({ method: 'GET', url: `/api/attendees?q=${encodeURIComponent(q)}${more}`, headers: desk });
    return { found: r.json() as Found[], total: Number(r.headers['x-total-count']) };
  };

  it('dry-runs the file: every column recognised, the 18 bad rows refused by line, namesakes listed, nobody merged', async () => {
    const all = await send('dryRun=1', asCsv(file));
    expect(all.statusCode).toBe(422);
    expect([...new Set((all.json().errors as RowError[]).map((e) => e.line))]).toEqual(badLines);

    const dry = await send('dryRun=1&skipInvalid=1', asCsv(file));
    expect(dry.statusCode).toBe(200);
    const r = dry.json() as Report & { separator: string; ignoredColumns: string[] };
    expect(r.separator).toBe(';');
    expect(r.ignoredColumns).toEqual([]);
    expect(r.created).toHaveLength(3000 - 18);
    expect(r.updated).toEqual([]);
    expect([...new Set(r.refused.map((e) => e.line))]).toEqual(badLines);
    expect(r.refused.map((e) => e.code)).toEqual([...file.bad.values()]);
    expect(r.namesakes.filter((n) => n.kind === 'namesake').length).toBeGreaterThan(100);
    // The refused rows come back in the file's own columns, as written (the quoted separator and line break kept).
    expect(r.header).toEqual(file.header);
    expect(r.refusedRows.map((row) => row.cells)).toEqual([...file.bad.keys()].map((i) => file.rows[i]));
    expect(snapshot()).toEqual([]);
  });

  it('imports the good rows in one pass; a second import adds and changes nobody', { timeout: 120_000 }, async () => {
    const first = await send('skipInvalid=1', asCsv(file));
    expect(first.statusCode).toBe(200);
    expect((first.json() as Report).created).toHaveLength(2982);
    const before = snapshot();
    expect(before).toHaveLength(2982);

    const again = await send('skipInvalid=1', asCsv(file));
    expect(again.statusCode).toBe(200);
    const r = again.json() as Report;
    expect([r.created.length, r.updated.length, r.unchanged.length]).toEqual([0, 0, 2982]);
    expect(r.refused.length).toBeGreaterThanOrEqual(18);
    expect(snapshot()).toEqual(before);
  });

  it('a second file of namesakes without contacts adds them as new people and changes nobody', async () => {
    const before = snapshot();
    const contactless = before.filter((a) => a.phone === null && a.email === null).slice(0, 81);
    const second = {
      header: ['ID', 'Фамилия', 'Имя', 'Категория', 'Учебное заведение', 'Класс'],
      rows: contactless.map((a, i) => [`B-${i + 1}`, a.lastName, a.firstName, 'студент колледжа', `Колледж № ${i + 1}`, '1 курс']),
    };
    const dry = (await send('dryRun=1', asCsv(second))).json() as Report;
    expect([dry.created.length, dry.updated.length, dry.unchanged.length]).toEqual([81, 0, 0]);
    const listed = dry.namesakes.filter((n) => n.kind === 'namesake');
    expect(listed).toHaveLength(81);
    expect(listed.every((n) => n.others.some((o) => o.badgeNo !== null))).toBe(true);
    const done = await send('', asCsv(second));
    expect(done.statusCode).toBe(200);
    const after = snapshot();
    expect(after).toHaveLength(before.length + 81);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('shows an update before it happens and makes only the one it showed', async () => {
    const edited = { header: file.header, rows: file.rows.map((r) => [...r]) };
    edited.rows[0][5] = '10';
    const dry = (await send('dryRun=1&skipInvalid=1', asCsv(edited))).json() as Report;
    expect(dry.updated).toEqual([expect.objectContaining({ line: 2, badgeNo: 1001, changes: [{ field: 'grade', from: '11', to: '10' }] })]);
    expect((await send('skipInvalid=1', asCsv(edited))).json()).toMatchObject({ code: 'updates_not_confirmed' });
    const done = (await send(`skipInvalid=1&confirm=${dry.fingerprint}`, asCsv(edited))).json() as Report;
    expect(done.updated.map((u) => u.badgeNo)).toEqual([1001]);
  });

  it('reads the same export as .xlsx: same columns, same refusals, numbers as Excel stores them', async () => {
    const r = await send('dryRun=1&skipInvalid=1', await asXlsx(file), XLSX);
    expect(r.statusCode).toBe(200);
    const report = r.json() as Report & { separator: string | null };
    expect(report.separator).toBeNull();
    // Rows are lines in a sheet; the grade of the first row was changed above, so it would update.
    expect(report.refused.filter((e) => e.code !== 'duplicate_in_file').map((e) => [e.line, e.code])).toEqual(
      [...file.bad].filter(([, code]) => code !== 'duplicate_in_file').map(([i, code]) => [i + 2, code]),
    );
    expect(report.created).toEqual([]);
    expect(report.unchanged.length + report.updated.length).toBe(2982);
    const broken = await send('dryRun=1', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]), XLSX);
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors).toMatchObject([{ line: 1, code: 'bad_spreadsheet' }]);
  });

  it('finds people as staff type them: case, Kazakh letters on a Russian keyboard, Latin letters; pages through many', async () => {
    for (const q of ['Нұрланқызы Әлия', 'нурланкызы', 'НУРЛАНКЫЗЫ алия', 'Nurlankyzy', 'aliya nurlan']) {
      const { found } = await search(q);
      expect(found.some((a) => a.lastName === 'Нұрланқызы' && a.firstName === 'Әлия'), q).toBe(true);
      expect(found.every((a) => /Нұрланқызы|Нурланкызы/.test(a.lastName) || /Әлия|Алия/.test(a.firstName)), q).toBe(true);
    }
    const { found, total } = await search('иванов');
    expect(total).toBeGreaterThan(100);
    expect(found).toHaveLength(50);
    const page = await search('иванов', `&limit=100&offset=100`);
    expect(page.total).toBe(total);
    expect(page.found.length).toBe(Math.min(100, total - 100));
    expect(found[0]).toHaveProperty('grade');
    expect(found[0]).toHaveProperty('phone');
    const phone = snapshot().find((a) => a.phone !== null)!.phone!;
    const typed = `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    expect((await search(typed)).found.map((a) => a.phone)).toEqual([phone]);
  });

  it('prints the 3,000 new badges in batches of at most 2,000 per PDF', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kezek-print-'));
    try {
      const pages: number[] = [];
      for (const [from, to] of [
        [1001, 3000],
        [3001, 5000],
      ]) {
        const r = await app.inject({ method: 'GET', url: `/api/badges/sheet.pdf?from=${from}&to=${to}`, headers: desk });
        expect(r.statusCode).toBe(200);
        writeFileSync(join(dir, 'b.pdf'), r.rawPayload);
        pages.push(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'b.pdf')], { encoding: 'utf8' }))![1]));
      }
      // 2,982 + 81 attendees, 8 a page.
      expect(pages).toEqual([250, Math.ceil((2982 + 81 - 2000) / 8)]);
      const tooMany = await app.inject({ method: 'GET', url: '/api/badges/sheet.pdf?from=1001&to=4000', headers: desk });
      expect(tooMany.json()).toMatchObject({ code: 'too_many_badges' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
