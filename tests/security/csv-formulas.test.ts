// Exports are safe in any spreadsheet: no cell of a CSV file starts a formula however it is read
// (`,`, `;` or tab as the separator, quotes honoured or not), and xlsx cells are strings, never formulas.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseFormulas, toCsv, toXlsx } from '../../server/reports/export.ts';
import type { Table } from '../../server/reports/tables.ts';
import { ADMIN, kiosk, tempDir, testApp } from '../support/app.ts';

const HOSTILE = [
  '=1+1',
  '@SUM(A1)',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '\t=1',
  '\r=1',
  'Ivan;=1+1',
  'Ivan,=1+1',
  'Ivan; =HYPERLINK("http://evil")',
  'Ivan;"=1+1"',
  'line\n=1+1',
  'a\tb\t@x',
  '  =1',
];
const HARMLESS = ['Иванов Пётр', '+77011112233', '-5', '8 (705) 123-45-67', 'ivan@mail.ru', 'a - b', '2026-12-04', ''];

/** Whether a cell, as a spreadsheet would take it (leading spaces and a quote dropped), runs as a formula. */
function runs(cell: string): boolean {
  const text = cell.replace(/^[ "]+/, '');
  return /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !/^[+-][\d\s().-]*$/.test(text));
}

/** Every cell of every naive reading: split into lines and by a separator, quotes not honoured. */
function naiveCells(csv: string): string[] {
  const cells: string[] = [];
  for (const line of csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) for (const sep of [',', ';', '\t']) cells.push(...line.split(sep));
  return cells;
}

describe('neutraliseFormulas', () => {
  it('puts an apostrophe before whatever could start a formula, at the start and after any separator', () => {
    expect(neutraliseFormulas('=1+1')).toBe("'=1+1");
    expect(neutraliseFormulas('Ivan;=1+1')).toBe("Ivan;'=1+1");
    expect(neutraliseFormulas('Ivan, =1')).toBe("Ivan, '=1");
    expect(neutraliseFormulas('\t=1')).toBe("'\t'=1");
    for (const text of HOSTILE) {
      const safe = neutraliseFormulas(text);
      expect(naiveCells(safe).filter(runs), JSON.stringify(text)).toEqual([]);
    }
  });

  it('leaves ordinary text, phone numbers and negative numbers as they are', () => {
    for (const text of HARMLESS) expect(neutraliseFormulas(text)).toBe(text);
  });
});

describe('exported files', () => {
  const table: Table = {
    name: 'people',
    title: '=Title;@x',
    columns: [
      { key: 'name', title: 'Name' },
      { key: 'note', title: 'Note;=1' },
      { key: 'n', title: 'N', type: 'number' },
    ],
    rows: HOSTILE.map((name, i) => ({ name, note: HARMLESS[i % HARMLESS.length], n: -i })),
  };

  it('CSV: no cell runs as a formula in a comma, semicolon or tab reading, with or without quotes', () => {
    const csv = toCsv([table, table], { utcOffsetMinutes: 300 }).toString('utf8');
    expect(naiveCells(csv).filter(runs)).toEqual([]);
    // What was written still reads back: the apostrophe is the only change.
    expect(csv).toContain('"Ivan;\'=1+1"');
    expect(csv).toContain('+77011112233');
  });

  it('xlsx: every text is a string cell, never a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx([table], { utcOffsetMinutes: 300 })) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const seen: string[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cell = row.getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      seen.push(String(cell.value));
    });
    expect(seen[0]).toBe('=1+1');
    expect(seen).toHaveLength(HOSTILE.length);
  });
});

describe('reports with what attendees typed', () => {
  const data = tempDir();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('neutralises a hostile name in the lead list and the scan log, in every language and format', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/attendees',
      headers: ADMIN,
      payload: { firstName: 'Ivan;=HYPERLINK("http://evil")', lastName: '@Evil,-cmd', category: 'other', institution: '+x;=1', consent: true },
    });
    expect(r.statusCode).toBe(201);
    const k = await kiosk(app, 'kazzinc');
    expect((await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: r.json().badge } })).statusCode).toBe(200);
    for (const report of ['leads', 'scans']) {
      for (const lang of ['kk', 'ru', 'en']) {
        const csv = await app.inject({ method: 'GET', url: `/api/reports/${report}?format=csv&lang=${lang}`, headers: ADMIN });
        expect(csv.statusCode).toBe(200);
        expect(naiveCells(csv.body).filter(runs), `${report} ${lang}`).toEqual([]);
      }
    }
    const leads = await app.inject({ method: 'GET', url: '/api/reports/leads?format=csv&lang=en', headers: ADMIN });
    expect(leads.body).toContain('Ivan');
  });
});
