import type { AuditAction } from '../../shared/audit.ts';
import type { Strings } from '../../shared/i18n.ts';

/** The texts of the audit log view, in Kazakh, Russian and English. */
export interface AuditText {
  nav: string;
  heading: string;
  hint: string;
  action: string;
  user: string;
  all: string;
  at: string;
  who: string;
  target: string;
  detail: string;
  address: string;
  older: string;
  none: string;
  csv: string;
  /** Over the log of an event other than the current one, picked in the switcher. */
  viewing: (name: string) => string;
  adminToken: string;
  nobody: string;
  actions: Record<AuditAction, string>;
}

export const AUDIT_STRINGS: Strings<AuditText> = {
  kk: {
    nav: 'Әрекеттер журналы',
    heading: 'Қызметкерлер әрекеттерінің журналы',
    hint: 'Кім, қашан, не істеді және қай мекенжайдан. Сканерлеулер мұнда жоқ: олар сканерлеу журналында.',
    action: 'Әрекет',
    user: 'Қызметкер',
    all: 'Барлығы',
    at: 'Уақыты',
    who: 'Кім',
    target: 'Нысан',
    detail: 'Толығырақ',
    address: 'Мекенжай',
    older: 'Ертерек жазбалар',
    none: 'Жазба жоқ',
    csv: 'CSV жүктеу',
    viewing: (n) => `«${n}» іс-шарасының журналы`,
    adminToken: 'әкімші токені',
    nobody: 'кірмеген',
    actions: {
      'session.sign_in': 'Кіру',
      'session.sign_in_failed': 'Сәтсіз кіру',
      'session.sign_out': 'Шығу',
      'attendee.create': 'Қатысушы тіркелді',
      'attendee.edit': 'Қатысушы өзгертілді',
      'attendee.import': 'Импорт',
      'badge.revoke': 'Бейдж жойылды',
      'badge.reissue': 'Жаңа бейдж',
      'consent.give': 'Қатысушы жұмыс берушіге келісім берді (телефоннан)',
      'consent.withdraw': 'Қатысушы жұмыс берушіге келісімін қайтарып алды (телефоннан)',
      'station.capacity': 'Станция сыйымдылығы',
      'station.status': 'Станция күйі (үзіліс)',
      'station.remote_queue': 'Телефоннан кезекке тұру рұқсаты',
      'station.session_start': 'Сеанс басталды',
      'station.session_end': 'Сеанс аяқталды',
      'station.call_next': 'Кезектегі келесі шақырылды',
      'programme.time': 'Бағдарлама уақыты өзгертілді',
      'kiosk.create': 'Киоск қосылды',
      'kiosk.revoke': 'Киоск өшірілді',
      'kiosk.pairing_code': 'Жаңа байланыстыру коды',
      'kiosk.pair': 'Құрылғы байланыстырылды',
      'user.create': 'Қызметкер қосылды',
      'user.edit': 'Қызметкер өзгертілді',
      'event.create': 'Іс-шара құрылды',
      'event.edit': 'Іс-шара өзгертілді',
      'event.current': 'Ағымдағы іс-шара таңдалды',
    },
  },
  ru: {
    nav: 'Журнал действий',
    heading: 'Журнал действий сотрудников',
    hint: 'Кто, когда, что сделал и с какого адреса. Сканирований здесь нет: они в журнале сканирований.',
    action: 'Действие',
    user: 'Сотрудник',
    all: 'Все',
    at: 'Время',
    who: 'Кто',
    target: 'Объект',
    detail: 'Подробности',
    address: 'Адрес',
    older: 'Более ранние записи',
    none: 'Записей нет',
    csv: 'Скачать CSV',
    viewing: (n) => `Журнал мероприятия «${n}»`,
    adminToken: 'токен администратора',
    nobody: 'не вошёл',
    actions: {
      'session.sign_in': 'Вход',
      'session.sign_in_failed': 'Неудачный вход',
      'session.sign_out': 'Выход',
      'attendee.create': 'Участник зарегистрирован',
      'attendee.edit': 'Участник изменён',
      'attendee.import': 'Импорт',
      'badge.revoke': 'Бейдж отозван',
      'badge.reissue': 'Новый бейдж',
      'consent.give': 'Участник дал согласие работодателю (с телефона)',
      'consent.withdraw': 'Участник отозвал согласие работодателю (с телефона)',
      'station.capacity': 'Вместимость станции',
      'station.status': 'Статус станции (пауза)',
      'station.remote_queue': 'Очередь с телефона (разрешена/нет)',
      'station.session_start': 'Сеанс начат',
      'station.session_end': 'Сеанс завершён',
      'station.call_next': 'Вызван следующий в очереди',
      'programme.time': 'Изменено время в программе',
      'kiosk.create': 'Киоск добавлен',
      'kiosk.revoke': 'Киоск отключён',
      'kiosk.pairing_code': 'Новый код привязки',
      'kiosk.pair': 'Устройство привязано',
      'user.create': 'Сотрудник добавлен',
      'user.edit': 'Сотрудник изменён',
      'event.create': 'Мероприятие создано',
      'event.edit': 'Мероприятие изменено',
      'event.current': 'Выбрано текущее мероприятие',
    },
  },
  en: {
    nav: 'Audit log',
    heading: 'Audit log of staff actions',
    hint: 'Who did what, when, and from which address. Scans are not here: they are in the scan log.',
    action: 'Action',
    user: 'Staff member',
    all: 'All',
    at: 'Time',
    who: 'Who',
    target: 'Target',
    detail: 'Detail',
    address: 'Address',
    older: 'Older entries',
    none: 'No entries',
    csv: 'Download CSV',
    viewing: (n) => `The log of “${n}”`,
    adminToken: 'admin token',
    nobody: 'not signed in',
    actions: {
      'session.sign_in': 'Signed in',
      'session.sign_in_failed': 'Sign-in refused',
      'session.sign_out': 'Signed out',
      'attendee.create': 'Attendee registered',
      'attendee.edit': 'Attendee edited',
      'attendee.import': 'Import',
      'badge.revoke': 'Badge revoked',
      'badge.reissue': 'Badge reissued',
      'consent.give': 'Attendee gave an employer consent (on their phone)',
      'consent.withdraw': 'Attendee withdrew consent from an employer (on their phone)',
      'station.capacity': 'Station capacity',
      'station.status': 'Station status (pause)',
      'station.remote_queue': 'Queue joined from phones (allowed or not)',
      'station.session_start': 'Session started',
      'station.session_end': 'Session ended',
      'station.call_next': 'Next in queue called',
      'programme.time': 'Programme time shifted',
      'kiosk.create': 'Kiosk added',
      'kiosk.revoke': 'Kiosk revoked',
      'kiosk.pairing_code': 'New pairing code',
      'kiosk.pair': 'Device paired',
      'user.create': 'Staff account added',
      'user.edit': 'Staff account changed',
      'event.create': 'Event created',
      'event.edit': 'Event changed',
      'event.current': 'Current event picked',
    },
  },
};
