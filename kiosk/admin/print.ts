import { openPdf, type AdminContext } from './context.ts';
import { field, h } from './dom.ts';

/** Bulk printing: A4 sheets for a range of badge numbers. */
export function printView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const from = h('input', { type: 'number', min: 1, id: 'print-from', required: true, value: '1001' });
  const to = h('input', { type: 'number', min: 1, id: 'print-to', required: true, value: '1100' });
  const perPage = h('select', { id: 'print-per-page' }, ...[8, 10, 12].map((n) => h('option', { value: String(n) }, String(n))));
  return h(
    'form',
    {
      class: 'card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        openPdf(`/api/badges/sheet.pdf?from=${from.value}&to=${to.value}&perPage=${perPage.value}`);
      },
    },
    h('h1', {}, t.print.heading),
    h('p', { class: 'hint' }, t.print.hint),
    h(
      'div',
      { class: 'fields narrow' },
      field(t.print.from, from),
      field(t.print.to, to),
      field(t.print.perPage, perPage),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t.print.submit)),
  );
}
