import { api, ApiRequestError } from './api.ts';
import { openPdf, type AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';

type Report = {
  dryRun: boolean;
  ignoredColumns: string[];
  created: { line: number; badgeNo: number; firstName: string; lastName: string }[];
  updated: { line: number; badgeNo: number }[];
  unchanged: { line: number }[];
};
type RowError = { line: number; code: string; reason: string };

/** CSV import: a dry run reports every bad row; the import button unlocks once the same file checks clean. */
export function importView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'import-file' });
  const check = h('button', { type: 'button', class: 'primary', disabled: true }, t.importCsv.check);
  const run = h('button', { type: 'button', disabled: true }, t.importCsv.run);
  const report = h('div', { class: 'report', 'aria-live': 'polite' });
  let text: string | null = null;
  // The server's reason names the value ("123" is not a phone number); the code says what is wrong in the staff member's language.
  const explain = (code: string): string =>
    (t.fieldErrors as Record<string, string>)[code] ?? t.importCsv.fileErrors[code] ?? t.errors.generic;

  const send = async (dryRun: boolean): Promise<void> => {
    if (text === null) return;
    run.disabled = true;
    try {
      const r = await api<Report>('POST', `/api/attendees/import?dryRun=${dryRun ? 1 : 0}`, text, 'text/csv');
      const counts = [r.created.length, r.updated.length, r.unchanged.length] as const;
      const badgeNos = r.created.map((c) => c.badgeNo);
      replace(
        report,
        h('p', { class: 'notice ok' }, dryRun ? t.importCsv.ready(...counts) : t.importCsv.done(...counts)),
        r.ignoredColumns.length > 0 && h('p', { class: 'hint' }, `${t.importCsv.ignored}: ${r.ignoredColumns.join(', ')}`),
        !dryRun &&
          badgeNos.length > 0 &&
          h(
            'button',
            { type: 'button', class: 'primary', onclick: () => openPdf(`/api/badges/sheet.pdf?from=${Math.min(...badgeNos)}&to=${Math.max(...badgeNos)}`) },
            `${t.importCsv.printNew} (№ ${Math.min(...badgeNos)}–${Math.max(...badgeNos)})`,
          ),
      );
      run.disabled = !dryRun;
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'import_refused') {
        const errors = (err.body.errors ?? []) as RowError[];
        replace(
          report,
          h('p', { class: 'notice error' }, t.importCsv.refused(new Set(errors.map((e) => e.line)).size)),
          h(
            'table',
            { class: 'list errors' },
            h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t.importCsv.line), h('th', {}, t.importCsv.reason))),
            h('tbody', {}, ...errors.map((e) => h('tr', {}, h('td', { class: 'num' }, e.line), h('td', {}, h('b', {}, explain(e.code)), h('div', { class: 'hint' }, e.reason))))),
          ),
        );
      } else ctx.fail(err);
    }
  };

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    text = f ? await f.text() : null;
    check.disabled = text === null;
    run.disabled = true;
    replace(report);
    if (text !== null) await send(true);
  });
  check.addEventListener('click', () => void send(true));
  run.addEventListener('click', () => void send(false));
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, t.importCsv.heading),
    h('p', { class: 'hint' }, t.importCsv.hint),
    h('div', { class: 'actions' }, field(t.importCsv.file, file), check, run),
    report,
  );
}
