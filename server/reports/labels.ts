import type { AttendeeLanguage } from '../../shared/attendee.ts';
import type { StationMode } from '../../shared/event.ts';

// Column and table titles of the exported reports, in the event's three languages.

type Words = Record<AttendeeLanguage, string>;

export const COLUMN_TITLES = {
  stationId: { kk: 'ID', ru: 'ID', en: 'ID' },
  station: { kk: 'Станция', ru: 'Станция', en: 'Station' },
  group: { kk: 'Топ', ru: 'Группа', en: 'Group' },
  host: { kk: 'Өткізуші', ru: 'Проводит', en: 'Host' },
  capacity: { kk: 'Сыйымдылығы', ru: 'Вместимость', en: 'Capacity' },
  kind: { kk: 'Түрі', ru: 'Вид', en: 'Kind' },
  visits: { kk: 'Келулер', ru: 'Посещения', en: 'Visits' },
  uniqueVisitors: { kk: 'Бірегей келушілер', ru: 'Уникальные посетители', en: 'Unique visitors' },
  medianStay: { kk: 'Болу уақытының медианасы, мин', ru: 'Медиана пребывания, мин', en: 'Median stay, min' },
  p90Stay: { kk: 'Болу уақытының 90-процентилі, мин', ru: '90-й процентиль пребывания, мин', en: '90th percentile stay, min' },
  peakOccupancy: { kk: 'Ең көп адам саны', ru: 'Пиковая загрузка', en: 'Peak occupancy' },
  peakOccupancyAt: { kk: 'Ең көп адам болған уақыт', ru: 'Время пика', en: 'Peak at' },
  departures: { kk: 'Өткен экскурсиялар', ru: 'Проведено экскурсий', en: 'Departures run' },
  booked: { kk: 'Жазылғандар', ru: 'Записались', en: 'Booked' },
  went: { kk: 'Барғандар', ru: 'Пошли', en: 'Went' },
  noShows: { kk: 'Келмегендер', ru: 'Не пришли', en: 'No-shows' },
  tourFull: { kk: 'Толуы (барғандар ÷ топ орындары), %', ru: 'Заполненность (пошли ÷ места в группах), %', en: 'How full (went ÷ group places), %' },
  longestQueue: { kk: 'Ең ұзын кезек', ru: 'Самая длинная очередь', en: 'Longest queue' },
  longestQueueAt: { kk: 'Ең ұзын кезек уақыты', ru: 'Время самой длинной очереди', en: 'Longest queue at' },
  queuedScans: { kk: 'Кезекке тұрғандар', ru: 'Встали в очередь', en: 'Joined the queue' },
  rereads: { kk: 'Қайта оқулар', ru: 'Повторные считывания', en: 'Camera re-reads' },
  refusedScans: { kk: 'Қабылданбаған сканерлеулер', ru: 'Отклонённые сканирования', en: 'Refused scans' },
  hour: { kk: 'Сағат', ru: 'Час', en: 'Hour' },
  hourStart: { kk: 'Сағаттың басы', ru: 'Начало часа', en: 'Hour from' },
  reason: { kk: 'Себеп', ru: 'Причина', en: 'Reason' },
  reasonCode: { kk: 'Коды', ru: 'Код', en: 'Code' },
  count: { kk: 'Саны', ru: 'Количество', en: 'Count' },
  step: { kk: 'Кезең', ru: 'Этап', en: 'Step' },
  share: { kk: 'Тіркелгендердің үлесі, %', ru: 'Доля от зарегистрированных, %', en: 'Share of registered, %' },
  category: { kk: 'Санат', ru: 'Категория', en: 'Category' },
  institution: { kk: 'Оқу орны', ru: 'Учебное заведение', en: 'Institution' },
  registered: { kk: 'Тіркелгендер', ru: 'Зарегистрировано', en: 'Registered' },
  arrived: { kk: 'Келгендер', ru: 'Пришли', en: 'Arrived' },
  visitors: { kk: 'Станцияға барғандар', ru: 'Посетили станции', en: 'Station visitors' },
  rank: { kk: 'Орын', ru: 'Место', en: 'Rank' },
  firstName: { kk: 'Аты', ru: 'Имя', en: 'First name' },
  lastName: { kk: 'Тегі', ru: 'Фамилия', en: 'Last name' },
  grade: { kk: 'Сынып / курс', ru: 'Класс / курс', en: 'Grade / year' },
  phone: { kk: 'Телефон', ru: 'Телефон', en: 'Phone' },
  email: { kk: 'E-mail', ru: 'E-mail', en: 'E-mail' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  firstVisitAt: { kk: 'Алғашқы келу уақыты', ru: 'Время первого посещения', en: 'First visit' },
  totalStay: { kk: 'Жалпы болу уақыты, мин', ru: 'Общее время, мин', en: 'Total stay, min' },
  scanId: { kk: 'Сканерлеу ID', ru: 'ID сканирования', en: 'Scan ID' },
  at: { kk: 'Уақыт', ru: 'Время', en: 'Time' },
  clientAt: { kk: 'Киоск уақыты', ru: 'Время на киоске', en: 'Kiosk time' },
  kiosk: { kk: 'Киоск', ru: 'Киоск', en: 'Kiosk' },
  kioskId: { kk: 'Киоск ID', ru: 'ID киоска', en: 'Kiosk ID' },
  stationCode: { kk: 'Станция ID', ru: 'ID станции', en: 'Station ID' },
  badgeNo: { kk: 'Бейдж нөмірі', ru: 'Номер бейджа', en: 'Badge no.' },
  badgeSerial: { kk: 'Бейдж сериясы', ru: 'Серия бейджа', en: 'Badge serial' },
  outcome: { kk: 'Нәтиже', ru: 'Результат', en: 'Outcome' },
  leftStation: { kk: 'Шыққан станция', ru: 'Покинутая станция', en: 'Left station' },
  queuePosition: { kk: 'Кезектегі орны', ru: 'Место в очереди', en: 'Queue position' },
  reread: { kk: 'Қайта оқу', ru: 'Повторное считывание', en: 'Re-read' },
} satisfies Record<string, Words>;

export const END_TITLES = {
  scan: { kk: 'Сканермен шықты', ru: 'Вышли по скану', en: 'Left by scan' },
  moved: { kk: 'Басқа станцияға ауысты', ru: 'Перешли на другую станцию', en: 'Moved to another station' },
  max_stay: { kk: 'Уақыт шегі бойынша шығарылды', ru: 'Авто-выход по лимиту времени', en: 'Auto check-out (max stay)' },
  session_end: { kk: 'Сессия аяқталды', ru: 'Конец сессии', en: 'Session ended' },
  left_site: { kk: 'Іс-шарадан кетті', ru: 'Покинули площадку', en: 'Left the site' },
  open: { kk: 'Әлі ішінде', ru: 'Ещё внутри', en: 'Still inside' },
} satisfies Record<string, Words>;

export const REASON_TITLES = {
  badge_invalid: { kk: 'Жарамсыз бейдж', ru: 'Недействительный бейдж', en: 'Invalid badge' },
  badge_revoked: { kk: 'Күші жойылған бейдж', ru: 'Отозванный бейдж', en: 'Revoked badge' },
  badge_unknown: { kk: 'Белгісіз бейдж', ru: 'Неизвестный бейдж', en: 'Unknown badge' },
  badge_other_event: { kk: 'Басқа іс-шараның бейджі', ru: 'Бейдж другого мероприятия', en: 'Badge of another event' },
  station_paused: { kk: 'Станция уақытша тоқтатылған', ru: 'Станция на паузе', en: 'Station paused' },
  station_closed: { kk: 'Станция жабық', ru: 'Станция закрыта', en: 'Station closed' },
  queue_full: { kk: 'Кезек толы', ru: 'Очередь заполнена', en: 'Queue full' },
  tours_full: { kk: 'Экскурсиялар толы', ru: 'Экскурсии заполнены', en: 'Tours full' },
} satisfies Record<string, Words>;

export const FUNNEL_TITLES = {
  registered: { kk: 'Тіркелді', ru: 'Зарегистрировались', en: 'Registered' },
  arrived: { kk: 'Келді', ru: 'Пришли', en: 'Arrived' },
  visitedStation: { kk: 'Кемінде бір станцияға барды', ru: 'Посетили хотя бы одну станцию', en: 'Visited at least one station' },
  visitedEmployer: {
    kk: 'Кемінде бір жұмыс берушіге барды',
    ru: 'Посетили хотя бы одного работодателя',
    en: 'Visited at least one employer',
  },
} satisfies Record<string, Words>;

export const GROUP_TITLES: Record<string, Words> = {
  entrance: { kk: 'Кіреберіс', ru: 'Вход', en: 'Entrance' },
  'master-class': { kk: 'Шеберлік сыныбы', ru: 'Мастер-класс', en: 'Master class' },
  college: { kk: 'Колледж', ru: 'Колледж', en: 'College' },
  employer: { kk: 'Жұмыс беруші', ru: 'Работодатель', en: 'Employer' },
  grant: { kk: 'Грант', ru: 'Гранты', en: 'Grants' },
  programme: { kk: 'Бағдарлама', ru: 'Программа', en: 'Programme' },
};

/** The kinds of the programme's places, as reports name them. */
export const PLACE_TITLES: Partial<Record<StationMode, Words>> = {
  hall: { kk: 'Мәжіліс залы', ru: 'Актовый зал', en: 'Assembly hall' },
  exhibition: { kk: 'Көрме', ru: 'Выставка', en: 'Exhibition' },
  tour: { kk: 'Экскурсия', ru: 'Экскурсия', en: 'Tour' },
};

export const TABLE_TITLES = {
  stations: { kk: 'Станциялар', ru: 'Станции', en: 'Stations' },
  hours: { kk: 'Сағат бойынша келулер', ru: 'Посещения по часам', en: 'Visits by hour' },
  refusals: { kk: 'Қабылданбаған сканерлеулер', ru: 'Отклонённые сканирования', en: 'Refused scans' },
  funnel: { kk: 'Воронка', ru: 'Воронка', en: 'Funnel' },
  categories: { kk: 'Санаттар бойынша', ru: 'По категориям', en: 'By category' },
  institutions: { kk: 'Оқу орындары бойынша', ru: 'По учебным заведениям', en: 'By institution' },
  top: { kk: 'Танымал станциялар', ru: 'Популярные станции', en: 'Top stations' },
  heatmap: { kk: 'Станция × сағат', ru: 'Станция × час', en: 'Station × hour' },
  places: { kk: 'Бағдарлама орындары', ru: 'Места программы', en: 'Programme places' },
  leads: { kk: 'Байланыс тізімі', ru: 'Список контактов', en: 'Lead list' },
  scans: { kk: 'Сканерлеу журналы', ru: 'Журнал сканирований', en: 'Scan log' },
} satisfies Record<string, Words>;
