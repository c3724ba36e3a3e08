import { openPdf, type AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';
import { deskPath, viewedEventNote } from './event-choice.ts';

/** One sheet request prints at most this many badges (the server's limit): bigger imports print in batches. */
export const PRINT_BATCH = 2000;

/** Badge-number ranges of at most `PRINT_BATCH` numbers covering `from`–`to`. */
export function printBatches(from: number, to: number): [number, number][] {
  const batches: [number, number][] = [];
  for (let lo = from; lo <= to; lo += PRINT_BATCH) batches.push([lo, Math.min(to, lo + PRINT_BATCH - 1)]);
  return batches;
}

/** Links that open A4 badge sheets for a range, one per batch. */
export function printLinks(ctx: AdminContext, from: number, to: number, perPage = 8): HTMLElement {
  return h(
    'div',
    { class: 'actions print-batches' },
    ...printBatches(from, to).map(([lo, hi], i) =>
      h('button', { type: 'button', class: i === 0 ? 'primary' : '', onclick: () => void openPdf(ctx, deskPath(`/api/badges/sheet.pdf?from=${lo}&to=${hi}&perPage=${perPage}`)) }, ctx.t.print.batch(lo, hi)),
    ),
  );
}

/** Bulk printing: A4 sheets for a range of badge numbers, in batches a browser opens quickly. */
export function printView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const from = h('input', { type: 'number', min: 1, id: 'print-from', required: true, value: '1001' });
  const to = h('input', { type: 'number', min: 1, id: 'print-to', required: true, value: '1100' });
  const perPage = h('select', { id: 'print-per-page' }, ...[8, 10, 12].map((n) => h('option', { value: String(n) }, String(n))));
  const batches = h('div', { class: 'batches' });
  return h(
    'form',
    {
      class: 'card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const [lo, hi] = [Number(from.value), Number(to.value)];
        if (hi < lo) {
          to.setCustomValidity(t.validation.toBeforeFrom);
          to.reportValidity();
          return;
        }
        if (hi - lo < PRINT_BATCH) {
          replace(batches);
          void openPdf(ctx, deskPath(`/api/badges/sheet.pdf?from=${lo}&to=${hi}&perPage=${perPage.value}`));
        } else replace(batches, h('p', { class: 'hint' }, t.print.batches), printLinks(ctx, lo, hi, Number(perPage.value)));
      },
    },
    h('h1', {}, t.print.heading),
    viewedEventNote('desk-event', ctx.lang, t.desk.viewing),
    h('p', { class: 'hint' }, t.print.hint),
    h(
      'div',
      { class: 'fields narrow' },
      field(t.print.from, from),
      field(t.print.to, to),
      field(t.print.perPage, perPage),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t.print.submit)),
    batches,
  );
}
