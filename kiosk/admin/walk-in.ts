import type { AttendeeFields } from '../../shared/attendee.ts';
import { api } from './api.ts';
import { attendeeForm, toInput } from './attendee-form.ts';
import { openPdf, type AdminContext } from './context.ts';
import { h, replace } from './dom.ts';
import { pinText } from '../../shared/me-contract.ts';
import { returningCard } from './returning.ts';
import { deskPath, viewedEventNote } from './event-choice.ts';

// What the previous walk-in had: school groups arrive together, so these carry over. The language
// is the page's until someone is registered (a desk working in Russian registers in Russian by default).
let sticky: Partial<AttendeeFields> = { category: 'school', institution: '', grade: '' };

/** What the desk sees of the badge just registered: its number, the PIN to tell (none at another event: /me signs in at the current one), and the label to open again. */
function lastBadge(ctx: AdminContext, last: HTMLElement, badge: { badgeNo: number; pin: string | null; name: string; url: string; opened: boolean }): void {
  const { t } = ctx;
  replace(
    last,
    h('span', { class: 'badge-no' }, `№\u00a0${badge.badgeNo}`),
    h('span', {}, t.walkIn.done(badge.name)),
    badge.pin !== null && h('span', { class: 'badge-pin' }, t.walkIn.pin(pinText(badge.pin))),
    h(
      'a',
      {
        href: badge.url,
        class: 'button',
        id: 'last-label',
        onclick: (event: Event) => {
          event.preventDefault();
          void openPdf(ctx, badge.url);
        },
      },
      t.walkIn.printAgain,
    ),
    !badge.opened && h('span', { class: 'field-error' }, t.walkIn.popupBlocked),
  );
}

/** The walk-in form: keyboard only, Enter registers and opens the badge label for printing. */
export function walkInView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const form = attendeeForm(t, 'walk-in');
  form.fill({ language: ctx.lang, ...sticky });
  const last = h('div', { class: 'last-badge', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary big' }, t.walkIn.submit);
  let busy = false;

  const reset = (): void => {
    form.fill({ firstName: '', lastName: '', phone: '', email: '', consent: false, language: ctx.lang, ...sticky });
    form.inputs.firstName.focus();
  };

  const el = h(
    'form',
    {
      // The fields are checked by parseAttendeeInput, with a message under each in the page's language.
      noValidate: true,
      class: 'card walk-in',
      autocomplete: 'off',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (busy) return;
        const fields = form.read();
        if (!fields) return;
        busy = true;
        submit.disabled = true;
        // Opened now, inside the key press, so the popup blocker lets the badge through.
        const tab = window.open('', '_blank');
        try {
          const r = await api<{ id: string; badgeNo: number; pin: string }>('POST', deskPath('/api/attendees'), toInput(fields));
          const url = deskPath(`/api/badges/${r.badgeNo}/label.pdf`);
          const opened = await openPdf(ctx, url, tab);
          const name = `${fields.firstName} ${fields.lastName}`;
          lastBadge(ctx, last, { badgeNo: r.badgeNo, pin: r.pin, name, url, opened });
          sticky = { category: fields.category, institution: fields.institution, grade: fields.grade, language: fields.language };
          reset();
        } catch (err) {
          tab?.close();
          ctx.fail(err);
        } finally {
          busy = false;
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, t.walkIn.heading),
    viewedEventNote('desk-event', ctx.lang, t.desk.viewing),
    h('p', { class: 'hint' }, t.walkIn.hint),
    form.fields,
    h('div', { class: 'actions' }, submit),
    last,
  );
  // Enter in a select or on the checkbox submits too: the whole form works without a mouse.
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.target instanceof HTMLSelectElement || (e.target instanceof HTMLInputElement && e.target.type === 'checkbox'))) {
      e.preventDefault();
      el.requestSubmit();
    }
  });
  queueMicrotask(() => form.inputs.firstName.focus());
  // Returning attendees are re-registered at the current event only.
  return h('div', {}, el, returningCard(ctx));
}
