import { api, ApiRequestError } from './api.ts';
import type { AdminContext } from './context.ts';
import { printLinks } from './print.ts';
import { field, h, replace } from './dom.ts';
import { deskPath, viewedEventNote } from './event-choice.ts';
import type { AdminText } from './strings.ts';

type RowError = { line: number; code: string; reason: string };
type Lookalike = { line: number | null; badgeNo: number | null; lastName: string; firstName: string; institution: string; grade: string };
type Report = {
  dryRun: boolean;
  separator: string | null;
  ignoredColumns: string[];
  header: string[];
  created: { line: number; badgeNo: number; firstName: string; lastName: string }[];
  updated: { line: number; badgeNo: number; firstName: string; lastName: string; changes: { field: string; from: unknown; to: unknown }[] }[];
  unchanged: { line: number }[];
  refused: RowError[];
  refusedRows: { line: number; cells: string[] }[];
  namesakes: (Omit<Lookalike, 'line' | 'badgeNo'> & { line: number; kind: 'namesake' | 'shared_contact'; others: Lookalike[] })[];
  fingerprint: string;
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV cell: quoted when it holds the separator, a quote or a line break. */
function csvCell(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The refused rows in the file's own columns plus a reason column, UTF-8 with a BOM (Excel reads it so). */
function refusedFile(r: Report, explain: (code: string) => string, t: AdminText): Blob {
  const separator = r.separator ?? ';';
  const reasons = new Map<number, string[]>();
  for (const e of r.refused) reasons.set(e.line, [...(reasons.get(e.line) ?? []), `${explain(e.code)}: ${e.reason}`]);
  const width = Math.max(r.header.length, ...r.refusedRows.map((row) => row.cells.length));
  const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
  const lines = [
    [...pad(r.header), t.importCsv.reason],
    ...r.refusedRows.map((row) => [...pad(row.cells), (reasons.get(row.line) ?? []).join('; ')]),
  ].map((cells) => cells.map((c) => csvCell(c, separator)).join(separator));
  return new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

const show = (v: unknown, t: AdminText): string => (v === null || v === '' ? '—' : typeof v === 'boolean' ? (v ? t.importCsv.yes : t.importCsv.no) : String(v));

// The server's reason names the value ("123" is not a phone number); the code says what is wrong in the staff member's language.
const explain = (code: string, t: AdminText): string => (t.fieldErrors as Record<string, string>)[code] ?? t.importCsv.fileErrors[code] ?? t.errors.generic;
const fieldName = (f: string, t: AdminText): string => (t.field as Record<string, string>)[f] ?? f;
const person = (o: Omit<Lookalike, 'line' | 'badgeNo'>): string =>
  `${o.lastName} ${o.firstName}${o.institution || o.grade ? ` (${[o.institution, o.grade].filter(Boolean).join(', ')})` : ''}`;
const who = (o: Lookalike, t: AdminText): string => `${o.line !== null ? `${t.importCsv.line} ${o.line}` : `№\u00a0${o.badgeNo}`}: ${person(o)}`;
/** How many lines have at least one refusal. */
const refusedLines = (errors: RowError[]): number => new Set(errors.map((e) => e.line)).size;

/** The file chosen: its bytes, its type and its name. */
type ImportFile = { data: ArrayBuffer; type: string; name: string };

/** Refused rows, a line each, with the reason in the staff member's language and the server's detail. */
function errorsTable(errors: RowError[], t: AdminText): HTMLElement {
  return h(
    'table',
    { class: 'list errors' },
    h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t.importCsv.line), h('th', {}, t.importCsv.reason))),
    h('tbody', {}, ...errors.map((e) => h('tr', {}, h('td', { class: 'num' }, e.line), h('td', {}, h('b', {}, explain(e.code, t)), h('div', { class: 'hint' }, e.reason))))),
  );
}

function refusedSection(r: Report, fileName: string, t: AdminText): HTMLElement {
  const download = (): void => {
    const a = h('a', { href: URL.createObjectURL(refusedFile(r, (code) => explain(code, t), t)), download: `${fileName.replace(/\.[^.]+$/, '')}-refused.csv` });
    a.click();
  };
  return h(
    'section',
    { class: 'refused' },
    h('h2', {}, t.importCsv.refusedHeading),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'download-refused', onclick: download }, t.importCsv.download)),
    errorsTable(r.refused, t),
  );
}

/** Attendees the file changes: each field, old → new. */
function updatesSection(r: Report, t: AdminText): HTMLElement {
  const row = (u: Report['updated'][number]) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, u.line),
      h('td', {}, `№\u00a0${u.badgeNo} · ${u.lastName} ${u.firstName}`),
      h('td', {}, ...u.changes.map((c) => h('div', {}, h('b', {}, fieldName(c.field, t)), `: ${show(c.from, t)} → ${show(c.to, t)}`))),
    );
  return h(
    'section',
    { class: 'updates' },
    h('h2', {}, t.importCsv.updatesHeading),
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t.importCsv.line), h('th', {}, t.attendees.name), h('th', {}, t.importCsv.changes))),
      h('tbody', {}, ...r.updated.map(row)),
    ),
  );
}

/** New people who look like someone registered (same name, or same phone or e-mail). */
function namesakesSection(r: Report, t: AdminText): HTMLElement {
  const row = (n: Report['namesakes'][number]) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, n.line),
      h('td', {}, person(n)),
      h('td', {}, h('div', { class: 'hint' }, n.kind === 'namesake' ? t.importCsv.sameName : t.importCsv.sameContact), ...n.others.map((o) => h('div', {}, who(o, t)))),
    );
  return h(
    'section',
    { class: 'namesakes' },
    h('h2', {}, t.importCsv.namesakesHeading),
    h('p', { class: 'hint' }, t.importCsv.namesakesHint),
    h(
      'table',
      { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t.importCsv.line), h('th', {}, t.importCsv.newPerson), h('th', {}, t.importCsv.lookalike))),
      h('tbody', {}, ...r.namesakes.map(row)),
    ),
  );
}

/** What a dry run found: a summary, then the refused rows, the updates and the namesakes, each when there are any. */
function dryRunReport(r: Report, fileName: string, t: AdminText): HTMLElement[] {
  const good = r.created.length + r.updated.length + r.unchanged.length;
  return [
    h('p', { class: r.refused.length > 0 ? 'notice warn' : 'notice ok', id: 'import-summary' }, t.importCsv.ready(r.created.length, r.updated.length, r.unchanged.length, refusedLines(r.refused))),
    r.ignoredColumns.length > 0 ? h('p', { class: 'hint' }, `${t.importCsv.ignored}: ${r.ignoredColumns.join(', ')}`) : null,
    r.refused.length > 0 ? refusedSection(r, fileName, t) : null,
    r.updated.length > 0 ? updatesSection(r, t) : null,
    r.namesakes.length > 0 ? namesakesSection(r, t) : null,
    good === 0 ? h('p', { class: 'hint' }, t.importCsv.nothingToImport) : null,
  ].filter((el): el is HTMLElement => el !== null);
}

/** What an import did, the links to print the new badges, and the rows it left out. */
function importedReport(ctx: AdminContext, r: Report, fileName: string): HTMLElement[] {
  const { t } = ctx;
  const badgeNos = r.created.map((c) => c.badgeNo);
  return [
    h('p', { class: 'notice ok', id: 'import-summary' }, t.importCsv.done(r.created.length, r.updated.length, r.unchanged.length, refusedLines(r.refused))),
    ...(badgeNos.length > 0 ? [h('h2', {}, t.importCsv.printNew), printLinks(ctx, Math.min(...badgeNos), Math.max(...badgeNos))] : []),
    ...(r.refused.length > 0 ? dryRunReport({ ...r, created: [], updated: [], unchanged: [], namesakes: [] }, fileName, t).slice(1) : []),
  ];
}

/**
 * Import of a CSV or .xlsx file: a dry run lists refused rows, updates (field old → new) and
 * possible namesakes; the organiser then imports the whole file (when no row is refused) or the
 * good rows, and can download the refused rows to fix them. After the import, badges print in batches.
 */
export function importView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const file = h('input', { type: 'file', accept: `.csv,.xlsx,text/csv,${XLSX_TYPE}`, id: 'import-file' });
  const check = h('button', { type: 'button', disabled: true }, t.importCsv.check);
  const runAll = h('button', { type: 'button', class: 'primary', disabled: true, id: 'import-all' }, t.importCsv.run);
  const runGood = h('button', { type: 'button', class: 'primary', disabled: true, hidden: true, id: 'import-good' }, t.importCsv.runGood(0));
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  let body: ImportFile | null = null;
  let fingerprint = '';

  /** After a dry run: the whole file may go in when no row is refused, the good rows when some are. */
  const offer = (r: Report): void => {
    const good = r.created.length + r.updated.length;
    runAll.disabled = refusedLines(r.refused) > 0 || good === 0;
    runGood.hidden = refusedLines(r.refused) === 0;
    runGood.disabled = good === 0;
    runGood.textContent = t.importCsv.runGood(r.created.length + r.updated.length + r.unchanged.length);
  };
  const send = async (mode: 'dry' | 'all' | 'good'): Promise<void> => {
    if (body === null) return;
    runAll.disabled = true;
    runGood.disabled = true;
    const query = mode === 'dry' ? 'dryRun=1&skipInvalid=1' : `skipInvalid=${mode === 'good' ? 1 : 0}&confirm=${encodeURIComponent(fingerprint)}`;
    try {
      const r = await api<Report>('POST', deskPath(`/api/attendees/import?${query}`), body.data, body.type);
      if (mode === 'dry') {
        fingerprint = r.fingerprint;
        replace(report, ...dryRunReport(r, body.name, t));
        offer(r);
        return;
      }
      replace(report, ...importedReport(ctx, r, body.name));
      runGood.hidden = true;
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'import_refused') {
        const errors = (err.body.errors ?? []) as RowError[];
        replace(report, h('p', { class: 'notice error' }, t.importCsv.refused(refusedLines(errors))), errorsTable(errors, t));
      } else if (err instanceof ApiRequestError && err.code === 'updates_not_confirmed') {
        ctx.fail(err);
        await send('dry');
      } else ctx.fail(err);
    }
  };

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    body = f ? { data: await f.arrayBuffer(), type: /\.xlsx$/i.test(f.name) ? XLSX_TYPE : 'text/csv', name: f.name } : null;
    check.disabled = body === null;
    runAll.disabled = true;
    runGood.hidden = true;
    replace(report);
    if (body !== null) await send('dry');
  });
  check.addEventListener('click', () => void send('dry'));
  runAll.addEventListener('click', () => void send('all'));
  runGood.addEventListener('click', () => void send('good'));
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, t.importCsv.heading),
    viewedEventNote('desk-event', ctx.lang, t.desk.viewing),
    h('p', { class: 'hint' }, t.importCsv.hint),
    h('div', { class: 'actions' }, field(t.importCsv.file, file), check, runAll, runGood),
    report,
  );
}
