import type { EventStatus } from '../../shared/event.ts';
import type { Strings } from '../../shared/i18n.ts';

/** The texts of the events view and the event switcher, in Kazakh, Russian and English. */
export interface EventsText {
  nav: string;
  heading: string;
  hint: string;
  switcher: string;
  currentMark: string;
  name: string;
  days: string;
  status: string;
  stations: string;
  statuses: Record<EventStatus, string>;
  save: string;
  saved: string;
  makeCurrent: string;
  madeCurrent: (name: string) => string;
  reports: string;
  newHeading: string;
  id: string;
  idHint: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  startsOn: string;
  endsOn: string;
  from: string;
  fromScratch: string;
  fromCopy: (name: string) => string;
  fromFile: string;
  file: string;
  create: string;
  created: (name: string) => string;
  viewing: (name: string) => string;
  errors: Record<string, string>;
}

export const EVENTS_STRINGS: Strings<EventsText> = {
  kk: {
    nav: 'Іс-шаралар',
    heading: 'Іс-шаралар',
    hint: 'Бір орнатымда жылдың барлық іс-шаралары. Ағымдағы іс-шараны табло, экрандар мен киоскілер көрсетеді; басқасын таңдасаңыз, ол серверлер қайта іске қосылғанда ағымдағы болады.',
    switcher: 'Іс-шара',
    currentMark: 'ағымдағы',
    name: 'Атауы',
    days: 'Күндері',
    status: 'Күйі',
    stations: 'Станциялар',
    statuses: { open: 'Ашық', closed: 'Жабық', archived: 'Мұрағатта' },
    save: 'Сақтау',
    saved: 'Сақталды',
    makeCurrent: 'Ағымдағы ету',
    madeCurrent: (n) => `«${n}» ағымдағы іс-шара болды: серверлер қайта іске қосылғанда көрсетіледі`,
    reports: 'Есептер',
    newHeading: 'Жаңа іс-шара',
    id: 'Идентификатор',
    idHint: 'латын кіші әріптері, сандар және сызықша',
    nameKk: 'Атауы (қазақша)',
    nameRu: 'Атауы (орысша)',
    nameEn: 'Атауы (ағылшынша)',
    startsOn: 'Бірінші күні',
    endsOn: 'Соңғы күні',
    from: 'Негізі',
    fromScratch: 'Бос (тек кіреберіс)',
    fromCopy: (n) => `Көшірме: «${n}» станциялары`,
    fromFile: 'Іс-шара файлы (JSON)',
    file: 'Файл',
    create: 'Құру',
    created: (n) => `«${n}» құрылды`,
    viewing: (n) => `Есептер: «${n}»`,
    errors: {
      event_exists: 'Мұндай идентификаторы бар іс-шара бұрыннан бар',
      event_not_found: 'Мұндай іс-шара жоқ',
      invalid_dates: 'Соңғы күн бірінші күннен бұрын бола алмайды',
      invalid_event_file: 'Іс-шара файлы жарамсыз',
      event_current: 'Ағымдағы іс-шараны мұрағатқа жіберуге болмайды: алдымен басқасын ағымдағы етіңіз',
      event_archived: 'Мұрағаттағы іс-шараны ағымдағы етуге болмайды: алдымен оны ашыңыз',
      file_unreadable: 'Файлды JSON ретінде оқу мүмкін болмады',
    },
  },
  ru: {
    nav: 'Мероприятия',
    heading: 'Мероприятия',
    hint: 'Все мероприятия года в одной установке. Текущее мероприятие показывают табло, экраны и киоски; выбранное другое станет текущим после перезапуска серверов.',
    switcher: 'Мероприятие',
    currentMark: 'текущее',
    name: 'Название',
    days: 'Дни',
    status: 'Состояние',
    stations: 'Станции',
    statuses: { open: 'Открыто', closed: 'Закрыто', archived: 'В архиве' },
    save: 'Сохранить',
    saved: 'Сохранено',
    makeCurrent: 'Сделать текущим',
    madeCurrent: (n) => `«${n}» теперь текущее: серверы покажут его после перезапуска`,
    reports: 'Отчёты',
    newHeading: 'Новое мероприятие',
    id: 'Идентификатор',
    idHint: 'строчные латинские буквы, цифры и дефис',
    nameKk: 'Название (на казахском)',
    nameRu: 'Название (на русском)',
    nameEn: 'Название (на английском)',
    startsOn: 'Первый день',
    endsOn: 'Последний день',
    from: 'Основа',
    fromScratch: 'С нуля (только вход)',
    fromCopy: (n) => `Копия станций «${n}»`,
    fromFile: 'Файл мероприятия (JSON)',
    file: 'Файл',
    create: 'Создать',
    created: (n) => `«${n}» создано`,
    viewing: (n) => `Отчёты: «${n}»`,
    errors: {
      event_exists: 'Мероприятие с таким идентификатором уже есть',
      event_not_found: 'Такого мероприятия нет',
      invalid_dates: 'Последний день не может быть раньше первого',
      invalid_event_file: 'Файл мероприятия не подходит',
      event_current: 'Текущее мероприятие нельзя отправить в архив: сначала сделайте текущим другое',
      event_archived: 'Мероприятие из архива нельзя сделать текущим: сначала откройте его',
      file_unreadable: 'Файл не читается как JSON',
    },
  },
  en: {
    nav: 'Events',
    heading: 'Events',
    hint: 'Every event of the year in one installation. The current event is the one boards, screens and kiosks show; another one picked becomes current when the servers restart.',
    switcher: 'Event',
    currentMark: 'current',
    name: 'Name',
    days: 'Days',
    status: 'Status',
    stations: 'Stations',
    statuses: { open: 'Open', closed: 'Closed', archived: 'Archived' },
    save: 'Save',
    saved: 'Saved',
    makeCurrent: 'Make current',
    madeCurrent: (n) => `“${n}” is now current: the servers show it once they restart`,
    reports: 'Reports',
    newHeading: 'New event',
    id: 'Identifier',
    idHint: 'small Latin letters, digits and hyphens',
    nameKk: 'Name (Kazakh)',
    nameRu: 'Name (Russian)',
    nameEn: 'Name (English)',
    startsOn: 'First day',
    endsOn: 'Last day',
    from: 'Start from',
    fromScratch: 'Scratch (an entrance only)',
    fromCopy: (n) => `A copy of the stations of “${n}”`,
    fromFile: 'An event file (JSON)',
    file: 'File',
    create: 'Create',
    created: (n) => `“${n}” created`,
    viewing: (n) => `Reports of “${n}”`,
    errors: {
      event_exists: 'An event with this identifier exists already',
      event_not_found: 'No such event',
      invalid_dates: 'The last day cannot come before the first',
      invalid_event_file: 'The event file is not valid',
      event_current: 'The current event cannot be archived: make another one current first',
      event_archived: 'An archived event cannot be made current: open it first',
      file_unreadable: 'The file cannot be read as JSON',
    },
  },
};
