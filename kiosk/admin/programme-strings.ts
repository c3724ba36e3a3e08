import type { Strings } from '../../shared/i18n.ts';

/** The texts of the programme view, in Kazakh, Russian and English. */
export interface ProgrammeText {
  nav: string;
  heading: string;
  hint: (opens: string, closes: string) => string;
  none: string;
  time: string;
  start: string;
  end: string;
  item: string;
  place: string;
  save: string;
  saved: (title: string, start: string, end: string) => string;
  shifted: string;
  /** Over the programme of an event other than the current one, picked in the switcher. */
  viewing: (name: string) => string;
  /** The programme's own refusals, by code. */
  errors: Record<string, string>;
}

export const PROGRAMME_STRINGS: Strings<ProgrammeText> = {
  kk: {
    nav: 'Бағдарлама',
    heading: 'Күн бағдарламасы',
    hint: (opens, closes) => `Баяндамашы кешіксе, уақытты жылжытыңыз: экрандар мен тақта бірден жаңарады. Күн: ${opens}–${closes}.`,
    none: 'Бұл іс-шарада бағдарлама жоқ',
    time: 'Уақыты',
    start: 'Басталуы',
    end: 'Аяқталуы',
    item: 'Не болады',
    place: 'Қайда',
    save: 'Сақтау',
    saved: (title, start, end) => `${title}: енді ${start}–${end}`,
    shifted: 'жаңа уақыт',
    viewing: (n) => `«${n}» іс-шарасының бағдарламасы: оның экрандары жаңарады`,
    errors: {
      programme_item_not_found: 'Бағдарламада мұндай бөлім жоқ',
      programme_end_before_start: 'Аяқталуы басталуынан кейін болуы керек',
      programme_outside_day: 'Уақыт күн ішінде болуы керек',
      programme_clash: 'Осы жерде сол уақытта басқа бөлім бар',
      programme_departure_order: 'Экскурсия келесі экскурсиядан кейін кетер еді: алдымен кейінгісін жылжытыңыз',
    },
  },
  ru: {
    nav: 'Программа',
    heading: 'Программа дня',
    hint: (opens, closes) => `Если выступающий задерживается, сдвиньте время: экраны и табло обновятся сразу. День: ${opens}–${closes}.`,
    none: 'У этого мероприятия нет программы',
    time: 'Время',
    start: 'Начало',
    end: 'Конец',
    item: 'Что',
    place: 'Где',
    save: 'Сохранить',
    saved: (title, start, end) => `${title}: теперь ${start}–${end}`,
    shifted: 'новое время',
    viewing: (n) => `Программа мероприятия «${n}»: обновятся его экраны`,
    errors: {
      programme_item_not_found: 'В программе нет такого пункта',
      programme_end_before_start: 'Конец должен быть позже начала',
      programme_outside_day: 'Время должно быть в пределах дня',
      programme_clash: 'В этом месте в это время уже идёт другой пункт',
      programme_departure_order: 'Экскурсия ушла бы позже следующей: сначала сдвиньте более позднюю',
    },
  },
  en: {
    nav: 'Programme',
    heading: 'The day’s programme',
    hint: (opens, closes) => `A speaker is late? Shift the time: screens and the board follow at once. The day: ${opens}–${closes}.`,
    none: 'This event has no programme',
    time: 'Time',
    start: 'Start',
    end: 'End',
    item: 'What',
    place: 'Where',
    save: 'Save',
    saved: (title, start, end) => `${title}: now ${start}–${end}`,
    shifted: 'new time',
    viewing: (n) => `The programme of “${n}”: its screens follow`,
    errors: {
      programme_item_not_found: 'The programme has no such item',
      programme_end_before_start: 'The end must be after the start',
      programme_outside_day: 'The time must be within the day',
      programme_clash: 'Another item is at this place at that time',
      programme_departure_order: 'A tour would leave after the next one: shift the later one first',
    },
  },
};
