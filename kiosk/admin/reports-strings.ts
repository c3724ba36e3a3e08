import type { Strings } from '../../shared/i18n.ts';
import type { StationGroup } from '../../shared/event.ts';
import type { Funnel, RefusedByReason, VisitEndings } from '../../shared/reports.ts';

/** Texts of the admin page's Reports section and of the printed summary, in Kazakh, Russian and English. */
export interface ReportText {
  nav: string;
  heading: string;
  tabs: { stations: string; event: string; leads: string; files: string };
  loading: string;
  empty: string;
  refresh: string;
  csv: string;
  xlsx: string;
  /** Local times in the reports are the event's clock: "UTC+5". */
  clock: (utc: string) => string;
  units: { min: string; s: string };
  at: (time: string) => string;
  stations: {
    station: string; visits: string; unique: string; medianStay: string; p90Stay: string;
    peak: string; longestQueue: string; refused: string; open: string; back: string; hint: string;
  };
  detail: { byHour: string; refusals: string; endings: string; reason: string; count: string; capacity: string; rereads: string; queued: string };
  reasons: Record<keyof RefusedByReason, string>;
  endings: Record<keyof VisitEndings, string>;
  groups: Record<StationGroup, string>;
  funnel: Record<keyof Funnel, string> & { heading: string; share: string };
  event: {
    byCategory: string; byInstitution: string; top: string; heatmap: string; heatmapHint: string;
    category: string; institution: string; registered: string; arrived: string; visitors: string; visits: string; none: string;
  };
  /** The programme's places (halls, exhibitions) in the event report and the summary. */
  places: { heading: string; place: string; fullest: (peak: string, capacity: string, time: string) => string };
  /** The tours' departures in the event report: how many ran, booked, went, did not come, and how full they went. */
  tours: {
    heading: string; tour: string; departures: string; booked: string; went: string; noShows: string; full: string; fullHint: string;
  };
  leads: {
    heading: string; hint: string; count: (leads: number, visitors: number) => string; name: string; category: string;
    institution: string; grade: string; contact: string; firstVisit: string; visits: string; stay: string; none: string;
  };
  files: { heading: string; hint: string; stations: string; event: string; leads: string; scans: string; station: string; lead: string; summary: string };
  summary: {
    title: string; print: string; signIn: string; signInLink: string; forbidden: string; totals: string; visits: string;
    uniqueVisitors: string; medianStay: string; refused: string; topStations: string; topEmployers: string; busiestHour: string;
    visitors: string; heatmap: string; generated: (when: string) => string; none: string;
    /** The tours' tile: everyone who went on a tour; its note the departures run, the no-shows and how full they went. */
    tours: string; toursNote: (departures: string, noShows: string, full: string) => string;
    /** A calendar date in words; written out here because browsers' Kazakh month names are often missing. */
    date: (day: number, month: number, year: number) => string;
  };
}

export const REPORT_STRINGS: Strings<ReportText> = {
  kk: {
    nav: 'Есептер',
    heading: 'Есептер',
    tabs: { stations: 'Станциялар', event: 'Іс-шара', leads: 'Жұмыс берушілерге тізімдер', files: 'Жүктеп алу' },
    loading: 'Жүктелуде…',
    empty: 'Әзірге дерек жоқ',
    refresh: 'Жаңарту',
    csv: 'CSV',
    xlsx: 'Excel (.xlsx)',
    clock: (utc) => `Уақыт іс-шара сағаты бойынша (${utc})`,
    units: { min: 'мин', s: 'с' },
    at: (time) => `${time}-де`,
    stations: {
      station: 'Станция', visits: 'Келулер', unique: 'Бірегей келушілер', medianStay: 'Медиана', p90Stay: '90-процентиль',
      peak: 'Ең көп адам', longestQueue: 'Ең ұзын кезек', refused: 'Қабылданбаған', open: 'Толығырақ', back: '← Барлық станциялар',
      hint: 'Болу уақыты — аяқталған келулер бойынша. Станция атауын басып, сағат бойынша келулерді көріңіз.',
    },
    detail: {
      byHour: 'Сағат бойынша келулер', refusals: 'Қабылданбаған сканерлеулер', endings: 'Келулер қалай аяқталды', reason: 'Себеп', count: 'Саны',
      capacity: 'Сыйымдылығы', rereads: 'Камераның қайта оқулары', queued: 'Кезекке тұрды',
    },
    reasons: {
      badge_invalid: 'Жарамсыз бейдж', badge_revoked: 'Күші жойылған бейдж', badge_unknown: 'Белгісіз бейдж', badge_other_event: 'Басқа іс-шараның бейджі',
      station_paused: 'Станция уақытша тоқтатылған', station_closed: 'Станция жабық', queue_full: 'Кезек толы', tours_full: 'Экскурсиялар толы',
    },
    endings: {
      scan: 'Сканермен шықты', moved: 'Басқа станцияға ауысты', max_stay: 'Уақыт шегі бойынша шығарылды',
      session_end: 'Сессия аяқталды', left_site: 'Іс-шарадан кетті', open: 'Әлі ішінде',
    },
    groups: { entrance: 'Кіреберіс', 'master-class': 'Шеберлік сыныптары', college: 'Колледждер', employer: 'Жұмыс берушілер', grant: 'Грант жобалары', programme: 'Бағдарлама' },
    funnel: {
      heading: 'Воронка', share: 'тіркелгендердің', registered: 'Тіркелді', arrived: 'Келді', visitedStation: 'Кемінде бір станцияға барды',
      visitedEmployer: 'Кемінде бір жұмыс берушіге барды',
    },
    event: {
      byCategory: 'Санаттар бойынша', byInstitution: 'Оқу орындары бойынша', top: 'Әр санаттың танымал станциялары', heatmap: 'Станция × сағат',
      heatmapHint: 'Әр ұяшық — сол сағатта басталған келулер саны; түсі неғұрлым қою болса, соғұрлым көп.',
      category: 'Санат', institution: 'Оқу орны', registered: 'Тіркелген', arrived: 'Келген', visitors: 'Станцияға барған', visits: 'Келулер', none: '(көрсетілмеген)',
    },
    places: {
      heading: 'Бағдарлама орындары', place: 'Орын',
      fullest: (peak, capacity, time) => `ең көбі ${peak} / ${capacity}, ${time}`,
    },
    tours: {
      heading: 'Экскурсиялар', tour: 'Экскурсия', departures: 'Өткен топтар', booked: 'Жазылды', went: 'Барды', noShows: 'Келмеді',
      full: 'Толуы', fullHint: 'Барғандар ÷ өткен топтардың орындары',
    },
    leads: {
      heading: 'Жұмыс берушілерге байланыс тізімдері',
      hint: 'Тек станцияға келіп, хабарласуға келісім берген қатысушылар. Келісім бермегендер ешқашан тізімге кірмейді.',
      count: (l, v) => `${v} келуші, оның ${l} келісім берген`, name: 'Аты-жөні', category: 'Санат', institution: 'Оқу орны', grade: 'Сынып / курс',
      contact: 'Байланыс', firstVisit: 'Алғаш келді', visits: 'Келулер', stay: 'Барлығы', none: 'Келісім берген келуші жоқ',
    },
    files: {
      heading: 'Файлдарды жүктеп алу', hint: 'CSV (UTF-8, BOM) Excel-де қазақ және орыс әріптерімен дұрыс ашылады. Бағандар осы беттің тілінде.',
      stations: 'Станциялар бойынша есеп', event: 'Іс-шара бойынша есеп', leads: 'Барлық жұмыс берушілердің тізімдері', scans: 'Толық сканерлеу журналы',
      station: 'Станция есебі', lead: 'Байланыс тізімі', summary: 'Басып шығаруға арналған бір беттік қорытынды',
    },
    summary: {
      title: 'Іс-шара қорытындысы', print: 'Басып шығару', signIn: 'Қорытындыны көру үшін ұйымдастырушы ретінде кіріңіз.', signInLink: 'Кіру беті',
      forbidden: 'Қорытынды тек ұйымдастырушыларға арналған.', totals: 'Жалпы', visits: 'Станцияларға келулер', uniqueVisitors: 'Станцияға барғандар',
      medianStay: 'Болу уақытының медианасы', refused: 'Қабылданбаған сканерлеулер', topStations: 'Ең көп барған станциялар',
      topEmployers: 'Жұмыс берушілер (келушілер саны)', busiestHour: 'Ең қарбалас сағат', visitors: 'келуші', heatmap: 'Станция × сағат',
      generated: (when) => `Жасалды: ${when}`, none: '—',
      tours: 'Экскурсияға барғандар', toursNote: (d, n, f) => `топтар: ${d} · келмеді: ${n} · толуы ${f}`,
      date: (d, m, y) => `${y} жылғы ${d} ${['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'][m - 1]}`,
    },
  },
  ru: {
    nav: 'Отчёты',
    heading: 'Отчёты',
    tabs: { stations: 'Станции', event: 'Мероприятие', leads: 'Списки для работодателей', files: 'Скачать' },
    loading: 'Загрузка…',
    empty: 'Пока нет данных',
    refresh: 'Обновить',
    csv: 'CSV',
    xlsx: 'Excel (.xlsx)',
    clock: (utc) => `Время по часам мероприятия (${utc})`,
    units: { min: 'мин', s: 'с' },
    at: (time) => `в ${time}`,
    stations: {
      station: 'Станция', visits: 'Посещения', unique: 'Уникальные посетители', medianStay: 'Медиана', p90Stay: '90-й процентиль',
      peak: 'Пик загрузки', longestQueue: 'Самая длинная очередь', refused: 'Отклонено', open: 'Подробнее', back: '← Все станции',
      hint: 'Время пребывания — по завершённым посещениям. Нажмите на название станции, чтобы увидеть посещения по часам.',
    },
    detail: {
      byHour: 'Посещения по часам', refusals: 'Отклонённые сканирования', endings: 'Как закончились посещения', reason: 'Причина', count: 'Количество',
      capacity: 'Вместимость', rereads: 'Повторные считывания камерой', queued: 'Встали в очередь',
    },
    reasons: {
      badge_invalid: 'Недействительный бейдж', badge_revoked: 'Отозванный бейдж', badge_unknown: 'Неизвестный бейдж', badge_other_event: 'Бейдж другого мероприятия',
      station_paused: 'Станция на паузе', station_closed: 'Станция закрыта', queue_full: 'Очередь заполнена', tours_full: 'Экскурсии заполнены',
    },
    endings: {
      scan: 'Вышли по скану', moved: 'Перешли на другую станцию', max_stay: 'Авто-выход по лимиту времени',
      session_end: 'Конец сессии', left_site: 'Покинули площадку', open: 'Ещё внутри',
    },
    groups: { entrance: 'Вход', 'master-class': 'Мастер-классы', college: 'Колледжи', employer: 'Работодатели', grant: 'Грантовые проекты', programme: 'Программа' },
    funnel: {
      heading: 'Воронка', share: 'от зарегистрированных', registered: 'Зарегистрировались', arrived: 'Пришли', visitedStation: 'Посетили хотя бы одну станцию',
      visitedEmployer: 'Посетили хотя бы одного работодателя',
    },
    event: {
      byCategory: 'По категориям', byInstitution: 'По учебным заведениям', top: 'Популярные станции в каждой категории', heatmap: 'Станция × час',
      heatmapHint: 'В каждой клетке — посещения, начавшиеся в этот час; чем темнее, тем больше.',
      category: 'Категория', institution: 'Учебное заведение', registered: 'Зарегистрировано', arrived: 'Пришли', visitors: 'Посетили станции', visits: 'Посещения', none: '(не указано)',
    },
    places: {
      heading: 'Места программы', place: 'Место',
      fullest: (peak, capacity, time) => `пик ${peak} из ${capacity} в ${time}`,
    },
    tours: {
      heading: 'Экскурсии', tour: 'Экскурсия', departures: 'Проведено групп', booked: 'Записались', went: 'Пошли', noShows: 'Не пришли',
      full: 'Заполненность', fullHint: 'Пошли ÷ места в проведённых группах',
    },
    leads: {
      heading: 'Списки контактов для работодателей',
      hint: 'Только участники, которые посетили станцию и согласились на связь. Не давшие согласия не попадают в списки никогда.',
      count: (l, v) => `${v} посетителей, из них согласились ${l}`, name: 'ФИО', category: 'Категория', institution: 'Учебное заведение', grade: 'Класс / курс',
      contact: 'Контакты', firstVisit: 'Первое посещение', visits: 'Посещения', stay: 'Всего', none: 'Нет посетителей с согласием',
    },
    files: {
      heading: 'Скачать файлы', hint: 'CSV (UTF-8 с BOM) открывается в Excel с казахскими и русскими буквами. Заголовки — на языке этой страницы.',
      stations: 'Отчёт по станциям', event: 'Отчёт по мероприятию', leads: 'Списки всех работодателей', scans: 'Полный журнал сканирований',
      station: 'Отчёт станции', lead: 'Список контактов', summary: 'Итоги на одной странице для печати',
    },
    summary: {
      title: 'Итоги мероприятия', print: 'Печать', signIn: 'Чтобы увидеть итоги, войдите как организатор.', signInLink: 'Страница входа',
      forbidden: 'Итоги доступны только организаторам.', totals: 'Всего', visits: 'Посещений станций', uniqueVisitors: 'Посетили станции',
      medianStay: 'Медиана пребывания', refused: 'Отклонённых сканирований', topStations: 'Самые посещаемые станции',
      topEmployers: 'Работодатели (по числу посетителей)', busiestHour: 'Самый загруженный час', visitors: 'посетителей', heatmap: 'Станция × час',
      generated: (when) => `Составлено: ${when}`, none: '—',
      tours: 'Пошли на экскурсии', toursNote: (d, n, f) => `групп: ${d} · не пришли: ${n} · заполнено ${f}`,
      date: (d, m, y) => `${d} ${['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'][m - 1]} ${y} г.`,
    },
  },
  en: {
    nav: 'Reports',
    heading: 'Reports',
    tabs: { stations: 'Stations', event: 'Event', leads: 'Employer lead lists', files: 'Downloads' },
    loading: 'Loading…',
    empty: 'No data yet',
    refresh: 'Refresh',
    csv: 'CSV',
    xlsx: 'Excel (.xlsx)',
    clock: (utc) => `Times on the event's clock (${utc})`,
    units: { min: 'min', s: 's' },
    at: (time) => `at ${time}`,
    stations: {
      station: 'Station', visits: 'Visits', unique: 'Unique visitors', medianStay: 'Median stay', p90Stay: '90th percentile',
      peak: 'Peak occupancy', longestQueue: 'Longest queue', refused: 'Refused', open: 'Details', back: '← All stations',
      hint: 'Stays count finished visits only. Select a station’s name for its visits by hour.',
    },
    detail: {
      byHour: 'Visits by hour', refusals: 'Refused scans', endings: 'How visits ended', reason: 'Reason', count: 'Count',
      capacity: 'Capacity', rereads: 'Camera re-reads', queued: 'Joined the queue',
    },
    reasons: {
      badge_invalid: 'Invalid badge', badge_revoked: 'Revoked badge', badge_unknown: 'Unknown badge', badge_other_event: 'Badge of another event',
      station_paused: 'Station paused', station_closed: 'Station closed', queue_full: 'Queue full', tours_full: 'Tours full',
    },
    endings: {
      scan: 'Left by scan', moved: 'Moved to another station', max_stay: 'Auto check-out (max stay)',
      session_end: 'Session ended', left_site: 'Left the site', open: 'Still inside',
    },
    groups: { entrance: 'Entrance', 'master-class': 'Master classes', college: 'Colleges', employer: 'Employers', grant: 'Grant projects', programme: 'Programme' },
    funnel: {
      heading: 'Funnel', share: 'of registered', registered: 'Registered', arrived: 'Arrived', visitedStation: 'Visited at least one station',
      visitedEmployer: 'Visited at least one employer',
    },
    event: {
      byCategory: 'By category', byInstitution: 'By institution', top: 'Most visited stations in each category', heatmap: 'Station × hour',
      heatmapHint: 'Each cell counts the visits begun in that hour; the darker, the more.',
      category: 'Category', institution: 'Institution', registered: 'Registered', arrived: 'Arrived', visitors: 'Station visitors', visits: 'Visits', none: '(not given)',
    },
    places: {
      heading: 'Programme places', place: 'Place',
      fullest: (peak, capacity, time) => `fullest ${peak} of ${capacity} at ${time}`,
    },
    tours: {
      heading: 'Tours', tour: 'Tour', departures: 'Departures run', booked: 'Booked', went: 'Went', noShows: 'No-shows',
      full: 'How full', fullHint: 'Went ÷ the places of the departures run',
    },
    leads: {
      heading: 'Lead lists for employers',
      hint: 'Only attendees who visited the station and agreed to be contacted. Nobody who did not agree is ever listed.',
      count: (l, v) => `${v} visitors, ${l} of them agreed to be contacted`, name: 'Name', category: 'Category', institution: 'Institution', grade: 'Grade / year',
      contact: 'Contact', firstVisit: 'First visit', visits: 'Visits', stay: 'Total stay', none: 'No consenting visitors',
    },
    files: {
      heading: 'Download files', hint: 'CSV (UTF-8 with BOM) opens in Excel with Kazakh and Russian letters intact. Column titles follow this page’s language.',
      stations: 'Station report', event: 'Event report', leads: 'Every employer’s lead list', scans: 'Full scan log',
      station: 'Station report', lead: 'Lead list', summary: 'One-page summary to print',
    },
    summary: {
      title: 'Event summary', print: 'Print', signIn: 'Sign in as an organiser to see the summary.', signInLink: 'Sign-in page',
      forbidden: 'The summary is for organisers only.', totals: 'Totals', visits: 'Station visits', uniqueVisitors: 'Station visitors',
      medianStay: 'Median stay', refused: 'Refused scans', topStations: 'Most visited stations',
      topEmployers: 'Employers by visitors', busiestHour: 'Busiest hour', visitors: 'visitors', heatmap: 'Station × hour',
      generated: (when) => `Made ${when}`, none: '—',
      tours: 'Went on tours', toursNote: (d, n, f) => `departures: ${d} · no-shows: ${n} · ${f} full`,
      date: (d, m, y) => `${d} ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} ${y}`,
    },
  },
};
