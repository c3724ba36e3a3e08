import type { Lang } from '../../shared/i18n.ts';
import type { LocalText } from '../../shared/event.ts';
import { api } from './api.ts';
import { openPdf, type AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';

/** Someone of another event of the installation, as GET /api/attendees/returning finds them. */
type Returning = {
  event: { id: string; name: LocalText; startsOn: string };
  id: string;
  firstName: string;
  lastName: string;
  institution: string;
  grade: string;
};

/** The texts of the returning attendees card, in Kazakh, Russian and English. */
const STRINGS: Record<Lang, { heading: string; hint: string; phone: string; find: string; none: string; register: string; registered: (name: string, no: number) => string }> = {
  kk: {
    heading: 'Бұрын келген бе?',
    hint: 'Басқа іс-шараға тіркелген адамды телефон нөмірі бойынша табыңыз: деректері көшіріледі, бейдж жаңа. Жұмыс берушілерге келісімді қайта сұраңыз.',
    phone: 'Телефон',
    find: 'Табу',
    none: 'Бұл нөмірмен басқа іс-шарада ешкім тіркелмеген',
    register: 'Осында тіркеу',
    registered: (name, no) => `${name} тіркелді: бейдж № ${no} басуға ашылды`,
  },
  ru: {
    heading: 'Был раньше?',
    hint: 'Найдите по телефону того, кто регистрировался на другом мероприятии: данные копируются, бейдж новый. Согласие для работодателей спросите заново.',
    phone: 'Телефон',
    find: 'Найти',
    none: 'С этим номером на других мероприятиях никто не регистрировался',
    register: 'Зарегистрировать здесь',
    registered: (name, no) => `${name} зарегистрирован(а): бейдж № ${no} открыт для печати`,
  },
  en: {
    heading: 'Came before?',
    hint: 'Find someone registered at another event by their phone: their details are copied, the badge is new. Ask again for consent to employers.',
    phone: 'Phone',
    find: 'Find',
    none: 'Nobody registered at another event with this number',
    register: 'Register here',
    registered: (name, no) => `${name} registered: badge № ${no} opened to print`,
  },
};

/** Finding someone of another event of the installation by phone and registering them here with a new badge. */
export function returningCard(ctx: AdminContext): HTMLElement {
  const s = STRINGS[ctx.lang];
  const phone = h('input', { id: 'returning-phone', type: 'tel', autocomplete: 'off', required: true, maxLength: 30 });
  const found = h('div', { class: 'returning-found', 'aria-live': 'polite' });

  const registerHere = async (r: Returning): Promise<void> => {
    const tab = window.open('', '_blank');
    try {
      const made = await api<{ id: string; badgeNo: number }>('POST', '/api/attendees/returning', { event: r.event.id, id: r.id });
      await openPdf(ctx, `/api/badges/${made.badgeNo}/label.pdf`, tab);
      ctx.notify(s.registered(`${r.firstName} ${r.lastName}`.trim(), made.badgeNo));
      replace(found);
      phone.value = '';
    } catch (err) {
      tab?.close();
      ctx.fail(err);
    }
  };
  const find = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const people = await api<Returning[]>('GET', `/api/attendees/returning?q=${encodeURIComponent(phone.value.trim())}`);
      if (people.length === 0) return replace(found, h('p', { class: 'hint' }, s.none));
      replace(
        found,
        h(
          'ul',
          { class: 'returning-list' },
          ...people.map((r) =>
            h(
              'li',
              { 'data-attendee': r.id },
              h('b', {}, `${r.firstName} ${r.lastName}`.trim()),
              ` · ${[r.institution, r.grade].filter(Boolean).join(', ')} · ${r.event.name[ctx.lang]} (${r.event.startsOn}) `,
              h('button', { type: 'button', onclick: () => void registerHere(r) }, s.register),
            ),
          ),
        ),
      );
    } catch (err) {
      ctx.fail(err);
    }
  };
  return h(
    'form',
    { class: 'card returning', onsubmit: find },
    h('h2', {}, s.heading),
    h('p', { class: 'hint' }, s.hint),
    field(s.phone, phone),
    h('button', { type: 'submit' }, s.find),
    found,
  );
}
