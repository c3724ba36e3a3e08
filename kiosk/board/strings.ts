import type { Strings } from '../../shared/i18n.ts';
import { ON_SITE_MEANING } from '../../shared/totals.ts';
import type { ActionError } from '../../shared/realtime.ts';
import type { StationGroup } from '../../shared/event.ts';

/** Every word of the wall board, in Kazakh, Russian and English. */
export interface BoardText {
  title: string;
  groups: Record<StationGroup, string>;
  registered: string;
  onSite: string;
  /** What "on site" counts (the tooltip of the figure). */
  onSiteMeaning: string;
  visits: string;
  queued: string;
  queue: string;
  wait: string;
  /** A hall's seats not taken. */
  seatsLeft: string;
  /** A tour's card: its next departure with room, and the places left on it. */
  tours: string;
  /** The heading of the programme's sessions stations on the board (the challenge, the career session). */
  programmeSessions: string;
  nextTour: string;
  placesLeft: string;
  toursFull: string;
  toursOver: string;
  full: string;
  paused: string;
  closed: string;
  session: string;
  calling: string;
  lastHour: string;
  alerts: string;
  noAlerts: string;
  overCapacity: (station: string, occupancy: number, capacity: number) => string;
  longQueue: (station: string, queue: number) => string;
  kioskSilent: (kiosk: string, station: string, seconds: number) => string;
  kioskPending: (kiosk: string, station: string, scans: number) => string;
  kioskBatteryLow: (kiosk: string, station: string, percent: number) => string;
  /** Free space on the server's disk under MIN_FREE_MB. */
  storageLow: (freeMb: number) => string;
  /** The server's disk is full: scans are refused (kiosks keep them). */
  storageFull: string;
  /** The server cannot write its log for another reason. */
  storageUnavailable: string;
  /** Redis mode: the log kept in Redis cannot be written into the database; scans are still kept. */
  archiveFailing: string;
  live: string;
  offline: string;
  /** The event's servers (PUBLIC_URLS) and which answer. */
  servers: string;
  /** Marks the server this board is connected to. */
  thisServer: string;
  serverUp: string;
  serverDown: string;
  signIn: string;
  signOut: string;
  signInHint: string;
  token: string;
  tokenRefused: string;
  organiser: string;
  capacity: string;
  save: string;
  pause: string;
  resume: string;
  startSession: string;
  endSession: string;
  /** A tour: send its next departure; its manifest (staff only): who is booked on each departure to go, who is on the tour. */
  startDeparture: string;
  booked: (time: string) => string;
  here: string;
  onTour: string;
  nobodyBooked: string;
  callNext: string;
  close: string;
  done: string;
  errors: Record<ActionError['code'] | 'offline', string>;
}

export const strings: Strings<BoardText> = {
  kk: {
    title: 'Тікелей тақта',
    groups: { entrance: 'Кіреберіс', 'master-class': 'Шеберлік сыныптары', college: 'Колледждер', employer: 'Жұмыс берушілер', grant: 'Гранттық жобалар', programme: 'Бағдарлама' },
    registered: 'Тіркелгендер',
    onSite: 'Қазір іште',
    onSiteMeaning: ON_SITE_MEANING.kk,
    visits: 'Бүгінгі келулер',
    queued: 'Кезекте',
    queue: 'Кезек',
    wait: 'Күту',
    seatsLeft: 'Бос орын',
    tours: 'Экскурсиялар',
    programmeSessions: 'Бағдарлама сессиялары',
    nextTour: 'Келесі экскурсия',
    placesLeft: 'Бос орын',
    toursFull: 'Экскурсиялар толы',
    toursOver: 'Бүгін экскурсия енді жоқ',
    full: 'Толы',
    paused: 'Тоқтатылған',
    closed: 'Жабық',
    session: 'Сессия',
    calling: 'Шақырылды',
    lastHour: 'Соңғы сағат',
    alerts: 'Ескертулер',
    noAlerts: 'Ескерту жоқ',
    overCapacity: (s, o, c) => `${s}: ${o} адам, орын ${c}`,
    longQueue: (s, q) => `${s}: кезекте ${q} адам`,
    kioskSilent: (k, s, n) => `${k} (${s}): ${Math.floor(n / 60)} мин ${n % 60} с байланыс жоқ`,
    kioskPending: (k, s, n) => `${k} (${s}): ${n} скан жіберілмеген`,
    kioskBatteryLow: (k, s, n) => `${k} (${s}): батарея ${n} %, зарядқа қосылмаған`,
    storageLow: (mb) => `Сервер дискісінде орын аз: ${mb} МБ бос`,
    storageFull: 'Сервер дискісі толы: скандар жазылмайды (киосктер оларды сақтайды); орын босатыңыз',
    storageUnavailable: 'Сервер дерекқорға жаза алмайды: скандар жазылмайды (киосктер оларды сақтайды)',
    archiveFailing: 'Скандар Redis-те сақтаулы, бірақ дерекқорға көшірілмейді: есептер кешігеді; сервер дискісін тексеріңіз',
    live: 'Тікелей',
    offline: 'Байланыс жоқ — қайта қосылуда',
    servers: 'Серверлер',
    thisServer: 'осы',
    serverUp: 'Жауап береді',
    serverDown: 'Жауап бермейді',
    signIn: 'Кіру',
    signOut: 'Шығу',
    signInHint: 'Сыйымдылықты өзгерту немесе алаңды тоқтату үшін кіріңіз',
    token: 'Ұйымдастырушы токені',
    tokenRefused: 'Токен қабылданбады',
    organiser: 'Ұйымдастырушы',
    capacity: 'Сыйымдылық',
    save: 'Сақтау',
    pause: 'Тоқтата тұру',
    resume: 'Жалғастыру',
    startSession: 'Сессияны бастау',
    startDeparture: 'Топты жөнелту',
    booked: (time) => `${time} тобына жазылғандар`,
    here: 'келді',
    onTour: 'Экскурсияда',
    nobodyBooked: 'Ешкім жазылмаған',
    endSession: 'Сессияны аяқтау',
    callNext: 'Келесіні шақыру',
    close: 'Жабу',
    done: 'Орындалды',
    errors: {
      invalid_request: 'Сұрау дұрыс емес',
      station_not_found: 'Алаң табылмады',
      not_session_station: 'Бұл алаң сессиямен жұмыс істемейді',
      no_departure: 'Бүгін бұл экскурсияның жөнелтілімі қалмады',
      queue_empty: 'Кезекте ешкім жоқ',
      forbidden: 'Рұқсат жоқ',
      unauthorized: 'Сессия аяқталды, қайта кіріңіз',
      storage_unavailable: 'Сервер дерекқорға жаза алмады; қайталап көріңіз',
      storage_full: 'Сервер дискісі толы; орын босатыңыз',
      internal: 'Сервер қатесі',
      offline: 'Байланыс жоқ',
    },
  },
  ru: {
    title: 'Табло в реальном времени',
    groups: { entrance: 'Вход', 'master-class': 'Мастер-классы', college: 'Колледжи', employer: 'Работодатели', grant: 'Грантовые проекты', programme: 'Программа' },
    registered: 'Зарегистрировано',
    onSite: 'Сейчас на месте',
    onSiteMeaning: ON_SITE_MEANING.ru,
    visits: 'Посещений сегодня',
    queued: 'В очередях',
    queue: 'Очередь',
    wait: 'Ожидание',
    seatsLeft: 'Свободно мест',
    tours: 'Экскурсии',
    programmeSessions: 'Сессии программы',
    nextTour: 'Экскурсия',
    placesLeft: 'Мест',
    toursFull: 'Экскурсии заполнены',
    toursOver: 'Экскурсий сегодня больше нет',
    full: 'Мест нет',
    paused: 'Пауза',
    closed: 'Закрыто',
    session: 'Сессия',
    calling: 'Вызваны',
    lastHour: 'Последний час',
    alerts: 'Оповещения',
    noAlerts: 'Оповещений нет',
    overCapacity: (s, o, c) => `${s}: ${o} чел. при вместимости ${c}`,
    longQueue: (s, q) => `${s}: в очереди ${q} чел.`,
    kioskSilent: (k, s, n) => `${k} (${s}): нет связи ${Math.floor(n / 60)} мин ${n % 60} с`,
    kioskPending: (k, s, n) => `${k} (${s}): не отправлено сканов: ${n}`,
    kioskBatteryLow: (k, s, n) => `${k} (${s}): батарея ${n} %, не заряжается`,
    storageLow: (mb) => `На диске сервера мало места: свободно ${mb} МБ`,
    storageFull: 'Диск сервера заполнен: сканы не записываются (киоски их хранят); освободите место',
    storageUnavailable: 'Сервер не может писать в базу: сканы не записываются (киоски их хранят)',
    archiveFailing: 'Сканы сохранены в Redis, но не переносятся в базу: отчёты отстают; проверьте диск сервера',
    live: 'В эфире',
    offline: 'Нет связи — переподключение',
    servers: 'Серверы',
    thisServer: 'этот',
    serverUp: 'Отвечает',
    serverDown: 'Не отвечает',
    signIn: 'Войти',
    signOut: 'Выйти',
    signInHint: 'Войдите, чтобы менять вместимость или приостанавливать станции',
    token: 'Токен организатора',
    tokenRefused: 'Токен не принят',
    organiser: 'Организатор',
    capacity: 'Вместимость',
    save: 'Сохранить',
    pause: 'Приостановить',
    resume: 'Возобновить',
    startSession: 'Начать сессию',
    startDeparture: 'Отправить группу',
    booked: (time) => `Записаны на ${time}`,
    here: 'на месте',
    onTour: 'На экскурсии',
    nobodyBooked: 'Никто не записан',
    endSession: 'Завершить сессию',
    callNext: 'Вызвать следующего',
    close: 'Закрыть',
    done: 'Готово',
    errors: {
      invalid_request: 'Неверный запрос',
      station_not_found: 'Станция не найдена',
      not_session_station: 'Эта станция работает без сессий',
      no_departure: 'У этой экскурсии на сегодня не осталось отправлений',
      queue_empty: 'В очереди никого нет',
      forbidden: 'Нет доступа',
      unauthorized: 'Сеанс завершён, войдите снова',
      storage_unavailable: 'Сервер не смог записать в базу; повторите',
      storage_full: 'Диск сервера заполнен; освободите место',
      internal: 'Ошибка сервера',
      offline: 'Нет связи',
    },
  },
  en: {
    title: 'Live board',
    groups: { entrance: 'Entrance', 'master-class': 'Master classes', college: 'Colleges', employer: 'Employers', grant: 'Grant projects', programme: 'Programme' },
    registered: 'Registered',
    onSite: 'On site now',
    onSiteMeaning: ON_SITE_MEANING.en,
    visits: 'Visits today',
    queued: 'Queuing',
    queue: 'Queue',
    wait: 'Wait',
    seatsLeft: 'Seats left',
    tours: 'Tours',
    programmeSessions: 'Programme sessions',
    nextTour: 'Next tour',
    placesLeft: 'Places',
    toursFull: 'Tours full',
    toursOver: 'No more tours today',
    full: 'Full',
    paused: 'Paused',
    closed: 'Closed',
    session: 'Session',
    calling: 'Called',
    lastHour: 'Last hour',
    alerts: 'Alerts',
    noAlerts: 'No alerts',
    overCapacity: (s, o, c) => `${s}: ${o} people, capacity ${c}`,
    longQueue: (s, q) => `${s}: ${q} people queuing`,
    kioskSilent: (k, s, n) => `${k} (${s}): silent for ${Math.floor(n / 60)} min ${n % 60} s`,
    kioskPending: (k, s, n) => `${k} (${s}): ${n} scans not sent`,
    kioskBatteryLow: (k, s, n) => `${k} (${s}): battery at ${n} %, not charging`,
    storageLow: (mb) => `The server’s disk is running out of space: ${mb} MB free`,
    storageFull: 'The server’s disk is full: scans are not recorded (kiosks keep them); free some space',
    storageUnavailable: 'The server cannot write to its database: scans are not recorded (kiosks keep them)',
    archiveFailing: 'Scans are kept in Redis but cannot be copied into the database: reports fall behind; check the server’s disk',
    live: 'Live',
    offline: 'Offline — reconnecting',
    servers: 'Servers',
    thisServer: 'this one',
    serverUp: 'Answering',
    serverDown: 'Not answering',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInHint: 'Sign in to change capacity or pause stations',
    token: 'Organiser token',
    tokenRefused: 'Token not accepted',
    organiser: 'Organiser',
    capacity: 'Capacity',
    save: 'Save',
    pause: 'Pause',
    resume: 'Resume',
    startSession: 'Start session',
    startDeparture: 'Start departure',
    booked: (time) => `Booked on ${time}`,
    here: 'here',
    onTour: 'On the tour',
    nobodyBooked: 'Nobody booked',
    endSession: 'End session',
    callNext: 'Call next',
    close: 'Close',
    done: 'Done',
    errors: {
      invalid_request: 'Invalid request',
      station_not_found: 'Station not found',
      not_session_station: 'This station does not run sessions',
      no_departure: 'This tour has no departure left today',
      queue_empty: 'Nobody is waiting',
      forbidden: 'Not allowed',
      unauthorized: 'Your session has ended; sign in again',
      storage_unavailable: 'The server could not write to its database; try again',
      storage_full: 'The server’s disk is full; free some space',
      internal: 'Server error',
      offline: 'No connection',
    },
  },
};
