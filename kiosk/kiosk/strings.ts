import type { Strings } from '../../shared/i18n.ts';
import type { EventRefusal, RejectReason } from '../../shared/scan.ts';

/** Why the kiosk cannot go on; refusals of the badge itself come from the scan API. */
export type KioskReason = RejectReason | EventRefusal | 'kiosk_revoked' | 'kiosk_other_event' | 'event_archived';

export interface KioskText {
  title: string;
  pairTitle: string;
  pairHelp: string;
  pairCode: string;
  pairButton: string;
  pairWrong: string;
  pairOffline: string;
  lockedTitle: string;
  lockedText: string;
  /** Locked because the server serves another event than the kiosk's station's. */
  otherEventTitle: string;
  otherEventText: string;
  /** Locked because the kiosk's event is archived: over, kept for its reports only. */
  archivedTitle: string;
  archivedText: string;
  lockedUnsent: (n: number) => string;
  pairAgain: string;
  online: string;
  offline: string;
  pending: (n: number) => string;
  cameraStart: string;
  cameraOn: string;
  cameraDenied: string;
  cameraNone: string;
  cameraInsecure: string;
  scannerHint: string;
  numberLabel: string;
  numberButton: string;
  /** The number field holds something that is not a badge number. */
  numberInvalid: string;
  /** A 429 of the server: wait this many seconds. */
  tooManyTries: (seconds: number) => string;
  /** Scans refused for coming too fast: they wait in the outbox. */
  scansThrottled: (seconds: number) => string;
  occupancy: string;
  queue: string;
  /** A tour point's second count: the places left on its next departure with room, or that every one is full. */
  tourPlaces: (time: string) => string;
  toursFull: string;
  toursOver: string;
  calling: string;
  /** Beside a called badge number: they joined the queue from their phone and are on their way from afar. */
  fromPhone: string;
  callNext: string;
  queueEmpty: string;
  /** A station action the server could not record (its disk full, or its storage failing). */
  storageTrouble: string;
  mode: string;
  modeAuto: string;
  modeEntry: string;
  modeExit: string;
  sessionStart: string;
  sessionEnd: string;
  sessionRunning: (minutes: number) => string;
  sessionIdle: string;
  /** At a tour point: the guide sends the next departure, ends the tour under way. */
  departureStart: string;
  departureEnd: string;
  /** The next departure to start, how many are booked on it and how many scanned in as here. */
  departureNext: (time: string, booked: number, here: number) => string;
  tourRunning: (minutes: number) => string;
  noDeparture: string;
  /** A scan that booked a tour (its departure, the place in its group), and one that says the booked attendee is here. */
  booked: (time: string, position: number) => string;
  bookedHere: (time: string) => string;
  stationStatus: Record<'open' | 'paused' | 'closed', string>;
  welcome: string;
  goodbye: string;
  leftQueue: string;
  queued: (position: number) => string;
  movedFrom: (station: string) => string;
  refused: string;
  badgeNo: (no: number) => string;
  reread: string;
  pendingNote: string;
  /** A scan held offline was refused when it reached the server. */
  heldRefused: (badge: string, reason: string) => string;
  uncheckedNote: string;
  /** An offline verdict for a number typed by hand: nothing could be checked here. */
  typedNote: string;
  reasons: Record<KioskReason, string>;
  confirmCheckOut: (name: string) => string;
  confirmCheckIn: (name: string) => string;
  confirmYesOut: string;
  confirmYesIn: string;
  cancel: string;
  notInside: string;
  language: string;
}

/** Every word of the kiosk page in Kazakh, Russian and English. */
export const STRINGS: Strings<KioskText> = {
  kk: {
    title: 'Kezek · киоск',
    pairTitle: 'Киоскіні қосу',
    pairHelp: 'Ұйымдастырушы берген 8 таңбалы кодты енгізіңіз немесе QR кодты сканерлеңіз.',
    pairCode: 'Қосу коды',
    pairButton: 'Қосу',
    pairWrong: 'Код белгісіз, қолданылған немесе мерзімі өткен.',
    pairOffline: 'Серверге қосылу жоқ. Wi-Fi желісін тексеріңіз.',
    lockedTitle: 'Киоск өшірілген',
    lockedText: 'Бұл киоскіні ұйымдастырушы өшірді. Жаңа қосу кодын ұйымдастырушыдан сұраңыз.',
    lockedUnsent: (n) => `Жіберілмеген сканерлеу: ${n}`,
    otherEventTitle: 'Киоск басқа іс-шараныкі',
    otherEventText: 'Бұл киоск сервер қазір жүргізбейтін іс-шараның алаңына қосылған. Сканерлеу сақталады. Ұйымдастырушыдан осы іс-шараның қосу кодын сұраңыз.',
    archivedTitle: 'Іс-шара мұрағатта',
    archivedText: 'Бұл киоск қосылған іс-шара аяқталып, мұрағатқа жіберілген: ол енді сканерлеуді қабылдамайды. Сканерлеу сақталады. Ағымдағы іс-шараның қосу кодын ұйымдастырушыдан сұраңыз.',
    pairAgain: 'Қайта қосу',
    online: 'Желіде',
    offline: 'Желі жоқ',
    pending: (n) => `Жіберуді күтуде: ${n}`,
    cameraStart: 'Камераны қосу',
    cameraOn: 'QR кодты камераға көрсетіңіз',
    cameraDenied: 'Камераға рұқсат жоқ. Браузер баптауларында рұқсат беріңіз.',
    cameraNone: 'Камера табылмады.',
    cameraInsecure: 'Камера тек HTTPS арқылы жұмыс істейді. Сканерді немесе бейдж нөмірін пайдаланыңыз.',
    scannerHint: 'Сканер кез келген уақытта жұмыс істейді',
    numberLabel: 'Бейдж нөмірі',
    numberButton: 'Тексеру',
    numberInvalid: 'Бейдж нөмірінің сандарын теріңіз',
    tooManyTries: (s) => `Әрекет тым көп. ${s} секундтан кейін қайталаңыз.`,
    scansThrottled: (s) => `Сканерлеу тым жиі: келесілері планшетте сақталды, ${s} секундтан кейін жіберіледі.`,
    occupancy: 'Ішінде',
    queue: 'Кезекте',
    tourPlaces: (time) => `${time} тобында бос орын`,
    toursFull: 'Экскурсиялар толы',
    toursOver: 'Бүгін экскурсия енді жоқ',
    calling: 'Шақырылды, жолда',
    fromPhone: 'телефоннан',
    callNext: 'Келесіні шақыру',
    queueEmpty: 'Кезек бос',
    storageTrouble: 'Сервер мұны қазір жаза алмайды; сәлден соң қайталаңыз',
    mode: 'Режим',
    modeAuto: 'Авто',
    modeEntry: 'Тек кіру',
    modeExit: 'Тек шығу',
    sessionStart: 'Сессияны бастау',
    sessionEnd: 'Сессияны аяқтау',
    sessionRunning: (m) => `Сессия жүріп жатыр: ${m} мин`,
    sessionIdle: 'Сессия басталмаған',
    departureStart: 'Топты жөнелту',
    departureEnd: 'Экскурсияны аяқтау',
    departureNext: (time, booked, here) => `Келесі топ ${time}: ${booked} жазылған, ${here} келді`,
    tourRunning: (m) => `Экскурсия жүріп жатыр: ${m} мин`,
    noDeparture: 'Бүгін бұл экскурсияның жөнелтілімі қалмады',
    booked: (time, p) => `${time} экскурсиясына жазылды — ${p}-орын`,
    bookedHere: (time) => `${time} экскурсиясына келді`,
    stationStatus: { open: 'Ашық', paused: 'Үзіліс', closed: 'Жабық' },
    welcome: 'Қош келдіңіз',
    goodbye: 'Сау болыңыз',
    leftQueue: 'Кезектен шықты',
    queued: (p) => `Кезекке тұрды — ${p}-орын`,
    movedFrom: (s) => `«${s}» алаңынан ауысу`,
    refused: 'Өткізілмейді',
    badgeNo: (n) => `Бейдж №\u00a0${n}`,
    reread: 'Бұл бейдж жаңа ғана сканерленді',
    pendingNote: 'Сақталды — желі қалпына келгенде жіберіледі',
    heldRefused: (b, r) => `Желісіз жасалған скан кейін қабылданбады: ${b} — ${r}`,
    uncheckedNote: 'Қолтаңба тексерілмеді (HTTPS жоқ)',
    typedNote: 'Нөмір қолмен терілді — сервер жіберілгенде тексереді',
    reasons: {
      badge_invalid: 'Бейдж жарамсыз',
      badge_revoked: 'Бейдж ауыстырылған немесе жойылған',
      badge_unknown: 'Бейдж тіркелмеген',
      badge_other_event: 'Бұл бейдж басқа іс-шараныкі',
      station_paused: 'Алаңда үзіліс',
      station_closed: 'Алаң жабық',
      queue_full: 'Кезек толы',
      tours_full: 'Бүгінгі экскурсиялардың бәрі толы',
      kiosk_revoked: 'Киоск өшірілген',
      event_closed: 'Іс-шара жабық',
      event_archived: 'Іс-шара мұрағатта',
      kiosk_other_event: 'Киоск басқа іс-шараныкі',
    },
    confirmCheckOut: (n) => `${n} ішінде. Шығаруды белгілеу керек пе?`,
    confirmCheckIn: (n) => `${n} ішінде емес. Кіруді белгілеу керек пе?`,
    confirmYesOut: 'Иә, шығару',
    confirmYesIn: 'Иә, кіргізу',
    cancel: 'Болдырмау',
    notInside: 'Ештеңе өзгерген жоқ',
    language: 'Тіл',
  },
  ru: {
    title: 'Kezek · киоск',
    pairTitle: 'Подключение киоска',
    pairHelp: 'Введите 8-значный код от организатора или отсканируйте его QR-код.',
    pairCode: 'Код подключения',
    pairButton: 'Подключить',
    pairWrong: 'Код неизвестен, уже использован или истёк.',
    pairOffline: 'Нет связи с сервером. Проверьте Wi-Fi.',
    lockedTitle: 'Киоск отключён',
    lockedText: 'Организатор отключил этот киоск. Попросите у организатора новый код подключения.',
    lockedUnsent: (n) => `Не отправлено сканирований: ${n}`,
    otherEventTitle: 'Киоск другого мероприятия',
    otherEventText: 'Этот киоск подключён к площадке мероприятия, которое сервер сейчас не ведёт. Сканирования сохранены. Попросите у организатора код подключения этого мероприятия.',
    archivedTitle: 'Мероприятие в архиве',
    archivedText: 'Мероприятие, к которому подключён этот киоск, завершено и отправлено в архив: сканирования больше не принимаются. Сканирования сохранены. Попросите у организатора код подключения текущего мероприятия.',
    pairAgain: 'Подключить заново',
    online: 'В сети',
    offline: 'Нет сети',
    pending: (n) => `Ждут отправки: ${n}`,
    cameraStart: 'Включить камеру',
    cameraOn: 'Покажите QR-код камере',
    cameraDenied: 'Нет доступа к камере. Разрешите его в настройках браузера.',
    cameraNone: 'Камера не найдена.',
    cameraInsecure: 'Камера работает только по HTTPS. Используйте сканер или номер бейджа.',
    scannerHint: 'Сканер работает в любой момент',
    numberLabel: 'Номер бейджа',
    numberButton: 'Проверить',
    numberInvalid: 'Введите цифры номера бейджа',
    tooManyTries: (s) => `Слишком много попыток. Повторите через ${s} с.`,
    scansThrottled: (s) => `Слишком частые сканирования: следующие сохранены на планшете и уйдут через ${s} с.`,
    occupancy: 'Внутри',
    queue: 'В очереди',
    tourPlaces: (time) => `Свободно в группе ${time}`,
    toursFull: 'Экскурсии заполнены',
    toursOver: 'Экскурсий сегодня больше нет',
    calling: 'Вызваны, идут к вам',
    fromPhone: 'с телефона',
    callNext: 'Вызвать следующего',
    queueEmpty: 'Очередь пуста',
    storageTrouble: 'Сервер сейчас не может это записать; повторите чуть позже',
    mode: 'Режим',
    modeAuto: 'Авто',
    modeEntry: 'Только вход',
    modeExit: 'Только выход',
    sessionStart: 'Начать сессию',
    sessionEnd: 'Завершить сессию',
    sessionRunning: (m) => `Сессия идёт: ${m} мин`,
    sessionIdle: 'Сессия не начата',
    departureStart: 'Отправить группу',
    departureEnd: 'Завершить экскурсию',
    departureNext: (time, booked, here) => `Следующая группа ${time}: записано ${booked}, на месте ${here}`,
    tourRunning: (m) => `Экскурсия идёт: ${m} мин`,
    noDeparture: 'У этой экскурсии на сегодня не осталось отправлений',
    booked: (time, p) => `Записан на экскурсию ${time} — ${p}-е место`,
    bookedHere: (time) => `На месте к экскурсии ${time}`,
    stationStatus: { open: 'Открыто', paused: 'Пауза', closed: 'Закрыто' },
    welcome: 'Добро пожаловать',
    goodbye: 'До свидания',
    leftQueue: 'Выход из очереди',
    queued: (p) => `В очереди — ${p}-й`,
    movedFrom: (s) => `Переход с площадки «${s}»`,
    refused: 'Вход невозможен',
    badgeNo: (n) => `Бейдж №\u00a0${n}`,
    reread: 'Этот бейдж только что отсканирован',
    pendingNote: 'Сохранено — отправится, когда появится сеть',
    heldRefused: (b, r) => `Скан без сети потом отклонён: ${b} — ${r}`,
    uncheckedNote: 'Подпись не проверена (нет HTTPS)',
    typedNote: 'Номер введён вручную — сервер проверит его при отправке',
    reasons: {
      badge_invalid: 'Бейдж недействителен',
      badge_revoked: 'Бейдж заменён или отозван',
      badge_unknown: 'Бейдж не зарегистрирован',
      badge_other_event: 'Это бейдж другого мероприятия',
      station_paused: 'На площадке перерыв',
      station_closed: 'Площадка закрыта',
      queue_full: 'Очередь заполнена',
      tours_full: 'Все экскурсии на сегодня заполнены',
      kiosk_revoked: 'Киоск отключён',
      event_closed: 'Мероприятие закрыто',
      event_archived: 'Мероприятие в архиве',
      kiosk_other_event: 'Киоск другого мероприятия',
    },
    confirmCheckOut: (n) => `${n} уже внутри. Отметить выход?`,
    confirmCheckIn: (n) => `${n} не внутри. Отметить вход?`,
    confirmYesOut: 'Да, выход',
    confirmYesIn: 'Да, вход',
    cancel: 'Отмена',
    notInside: 'Ничего не изменено',
    language: 'Язык',
  },
  en: {
    title: 'Kezek · kiosk',
    pairTitle: 'Pair this kiosk',
    pairHelp: 'Type the 8-character code from an organiser, or scan its QR code.',
    pairCode: 'Pairing code',
    pairButton: 'Pair',
    pairWrong: 'This code is unknown, used or expired.',
    pairOffline: 'Cannot reach the server. Check the Wi-Fi.',
    lockedTitle: 'Kiosk switched off',
    lockedText: 'An organiser switched this kiosk off. Ask an organiser for a new pairing code.',
    lockedUnsent: (n) => `Scans not sent: ${n}`,
    otherEventTitle: 'Kiosk of another event',
    otherEventText: 'This kiosk is paired to a station of an event this server is not running now. Its scans are kept. Ask an organiser for a pairing code of this event.',
    archivedTitle: 'Event archived',
    archivedText: 'The event this kiosk is paired to is over and archived: it takes no more scans. Its scans are kept. Ask an organiser for a pairing code of the current event.',
    pairAgain: 'Pair again',
    online: 'Online',
    offline: 'Offline',
    pending: (n) => `Waiting to send: ${n}`,
    cameraStart: 'Start camera',
    cameraOn: 'Hold the QR code up to the camera',
    cameraDenied: 'The camera is blocked. Allow it in the browser settings.',
    cameraNone: 'No camera found.',
    cameraInsecure: 'The camera needs HTTPS. Use a scanner or the badge number.',
    scannerHint: 'A scanner works at any time',
    numberLabel: 'Badge number',
    numberButton: 'Check',
    numberInvalid: 'Type the digits of the badge number',
    tooManyTries: (s) => `Too many tries. Try again in ${s} s.`,
    scansThrottled: (s) => `Scans too fast: the next ones are kept on this tablet and sent in ${s} s.`,
    occupancy: 'Inside',
    queue: 'Queue',
    tourPlaces: (time) => `Places left on the ${time}`,
    toursFull: 'Tours full',
    toursOver: 'No more tours today',
    calling: 'Called, on the way',
    fromPhone: 'phone',
    callNext: 'Call next',
    queueEmpty: 'Nobody is waiting',
    storageTrouble: 'The server cannot record this now; try again shortly',
    mode: 'Mode',
    modeAuto: 'Auto',
    modeEntry: 'Entry only',
    modeExit: 'Exit only',
    sessionStart: 'Start session',
    sessionEnd: 'End session',
    sessionRunning: (m) => `Session running: ${m} min`,
    sessionIdle: 'No session running',
    departureStart: 'Start departure',
    departureEnd: 'End tour',
    departureNext: (time, booked, here) => `Next departure ${time}: ${booked} booked, ${here} here`,
    tourRunning: (m) => `Tour under way: ${m} min`,
    noDeparture: 'This tour has no departure left today',
    booked: (time, p) => `Booked on the ${time} tour — ${ordinal(p)} place`,
    bookedHere: (time) => `Here for the ${time} tour`,
    stationStatus: { open: 'Open', paused: 'Paused', closed: 'Closed' },
    welcome: 'Welcome',
    goodbye: 'Goodbye',
    leftQueue: 'Left the queue',
    queued: (p) => `Queued — ${ordinal(p)} in line`,
    movedFrom: (s) => `Moved from ${s}`,
    refused: 'Not admitted',
    badgeNo: (n) => `Badge ${n}`,
    reread: 'This badge was just scanned',
    pendingNote: 'Saved — will be sent when the network is back',
    heldRefused: (b, r) => `A scan made offline was refused later: ${b} — ${r}`,
    uncheckedNote: 'Signature not checked (no HTTPS)',
    typedNote: 'Number typed by hand — the server checks it when it is sent',
    reasons: {
      badge_invalid: 'Badge not valid',
      badge_revoked: 'Badge replaced or revoked',
      badge_unknown: 'Badge not registered',
      badge_other_event: 'This badge is for another event',
      station_paused: 'Station paused',
      station_closed: 'Station closed',
      queue_full: 'The queue is full',
      tours_full: 'Every tour today is full',
      kiosk_revoked: 'Kiosk switched off',
      event_closed: 'The event is closed',
      event_archived: 'The event is archived',
      kiosk_other_event: 'Kiosk of another event',
    },
    confirmCheckOut: (n) => `${n} is already inside. Check out?`,
    confirmCheckIn: (n) => `${n} is not inside. Check in?`,
    confirmYesOut: 'Yes, check out',
    confirmYesIn: 'Yes, check in',
    cancel: 'Cancel',
    notInside: 'Nothing changed',
    language: 'Language',
  },
};

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
