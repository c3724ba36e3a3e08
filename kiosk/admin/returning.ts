import type { Lang } from '../../shared/i18n.ts';
import type { AttendeeCategory } from '../../shared/attendee.ts';
import type { LocalText } from '../../shared/event.ts';
import { api } from './api.ts';
import { openPdf, type AdminContext } from './context.ts';
import { deskPath } from './event-choice.ts';
import { field, h, replace } from './dom.ts';

type EventRef = { id: string; name: LocalText; startsOn: string };
/** Someone of another event of the installation, as GET …/attendees/returning finds them: their latest registration elsewhere, every event they were at, their badge here if any. */
type Returning = {
  event: EventRef;
  id: string;
  firstName: string;
  lastName: string;
  institution: string;
  category: AttendeeCategory;
  events: EventRef[];
  here: number | null;
};

/** The texts of the returning attendees card, in Kazakh, Russian and English. */
const STRINGS: Record<Lang, { heading: string; hint: string; phone: string; find: string; none: string; register: string; here: (no: number) => string; registered: (name: string, no: number) => string }> = {
  kk: {
    heading: 'Бұрын келген бе?',
    hint: 'Басқа іс-шараға тіркелген адамды аты-жөні немесе телефон нөмірі бойынша табыңыз: деректері көшіріледі, бейдж жаңа. Жұмыс берушілерге келісімді қайта сұраңыз.',
    phone: 'Аты-жөні немесе телефон',
    find: 'Табу',
    none: 'Басқа іс-шараларда мұндай адам табылмады',
    register: 'Осында тіркеу',
    here: (no) => `Осында тіркелген: бейдж №\u00a0${no}`,
    registered: (name, no) => `${name} тіркелді: бейдж №\u00a0${no} басуға ашылды`,
  },
  ru: {
    heading: 'Был раньше?',
    hint: 'Найдите по имени или телефону того, кто регистрировался на другом мероприятии: данные копируются, бейдж новый. Согласие для работодателей спросите заново.',
    phone: 'Имя или телефон',
    find: 'Найти',
    none: 'На других мероприятиях такого человека не нашлось',
    register: 'Зарегистрировать здесь',
    here: (no) => `Уже здесь: бейдж №\u00a0${no}`,
    registered: (name, no) => `${name} зарегистрирован(а): бейдж №\u00a0${no} открыт для печати`,
  },
  en: {
    heading: 'Came before?',
    hint: 'Find someone registered at another event by name or phone: their details are copied, the badge is new. Ask again for consent to employers.',
    phone: 'Name or phone',
    find: 'Find',
    none: 'Nobody like this registered at another event',
    register: 'Register here',
    here: (no) => `Registered here: badge №\u00a0${no}`,
    registered: (name, no) => `${name} registered: badge №\u00a0${no} opened to print`,
  },
};

/** Finding someone of another event of the installation by name or phone and registering them at the event the desk works at, with a new badge. */
export function returningCard(ctx: AdminContext): HTMLElement {
  const s = STRINGS[ctx.lang];
  const phone = h('input', { id: 'returning-phone', type: 'search', autocomplete: 'off', required: true, maxLength: 100 });
  const found = h('div', { class: 'returning-found', 'aria-live': 'polite' });

  const registerHere = async (r: Returning): Promise<void> => {
    const tab = window.open('', '_blank');
    try {
      const made = await api<{ id: string; badgeNo: number }>('POST', deskPath('/api/attendees/returning'), { event: r.event.id, id: r.id });
      await openPdf(ctx, deskPath(`/api/badges/${made.badgeNo}/label.pdf`), tab);
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
      const people = await api<Returning[]>('GET', deskPath(`/api/attendees/returning?q=${encodeURIComponent(phone.value.trim())}`));
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
              ` · ${[r.institution, ctx.t.categories[r.category]].filter(Boolean).join(', ')} · ${r.events.map((e) => `${e.name[ctx.lang]} (${e.startsOn})`).join(', ')} `,
              r.here === null ? h('button', { type: 'button', onclick: () => void registerHere(r) }, s.register) : h('span', { class: 'pill' }, s.here(r.here)),
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
