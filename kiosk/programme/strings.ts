import type { Strings } from '../../shared/i18n.ts';

/** The words of the programme strip on the screen and the board (and the phone's "new time"), in Kazakh, Russian and English. */
export interface ProgrammeText {
  now: string;
  next: string;
  /** Nothing under way (before the doors open, between items). */
  nothingNow: string;
  /** The day is over: nothing under way, nothing to come. */
  over: string;
  /** Beside a time an organiser shifted on the day. */
  moved: string;
  /** Beside an item in the assembly hall: its seats not taken. */
  seats: (n: number) => string;
  /** Beside a tour (and on its row of the screen): its next departure with room and the places left on it. */
  nextTour: (time: string, places: number) => string;
  /** The same beside a tour's own item when its title would be cut otherwise: the item says it is a tour. */
  nextTourShort: (time: string, places: number) => string;
  /** A tour with every departure left full or gone. */
  toursFull: string;
  toursOver: string;
}

export const strings: Strings<ProgrammeText> = {
  kk: { now: 'Қазір', next: 'Келесі', nothingNow: 'Қазір бағдарламада ештеңе жоқ', over: 'Бүгінгі бағдарлама аяқталды', moved: 'жаңа уақыт', seats: (n) => `${n} бос орын`, nextTour: (time, n) => `экскурсия ${time} — ${n} орын`, nextTourShort: (time, n) => `${time} — ${n} орын`, toursFull: 'экскурсиялар толы', toursOver: 'бүгін экскурсия енді жоқ' },
  ru: { now: 'Сейчас', next: 'Далее', nothingNow: 'Сейчас по программе ничего нет', over: 'Программа дня завершена', moved: 'новое время', seats: (n) => `свободно: ${n}`, nextTour: (time, n) => `экскурсия ${time} — мест: ${n}`, nextTourShort: (time, n) => `${time} — мест: ${n}`, toursFull: 'экскурсии заполнены', toursOver: 'экскурсий сегодня больше нет' },
  en: { now: 'Now', next: 'Next', nothingNow: 'Nothing on the programme right now', over: 'Today’s programme is over', moved: 'new time', seats: (n) => `${n} seats left`, nextTour: (time, n) => `next tour ${time} — ${n} ${n === 1 ? 'place' : 'places'}`, nextTourShort: (time, n) => `${time} — ${n} ${n === 1 ? 'place' : 'places'}`, toursFull: 'tours full', toursOver: 'no more tours today' },
};
