import type { Strings } from '../../shared/i18n.ts';
import type { AttendeeCategory, AttendeeFieldErrorCode } from '../../shared/attendee.ts';

/** Every text of the admin pages, in Kazakh, Russian and English. */
export interface AdminText {
  title: string;
  signIn: { heading: string; username: string; password: string; submit: string; wrong: string; firstTime: string };
  signOut: string;
  roles: Record<'organiser' | 'desk', string>;
  nav: { walkIn: string; attendees: string; import: string; print: string; stations: string; kiosks: string; users: string };
  totals: { registered: string; onSite: string; visits: string };
  field: {
    firstName: string; lastName: string; category: string; institution: string; grade: string;
    phone: string; email: string; language: string; consent: string;
  };
  categories: Record<AttendeeCategory, string>;
  languages: Record<'kk' | 'ru' | 'en', string>;
  fieldErrors: Record<AttendeeFieldErrorCode, string>;
  walkIn: { heading: string; hint: string; submit: string; done: (name: string) => string; printAgain: string; popupBlocked: string; pin: (pin: string) => string };
  /** The desk pages (register, find, import, print) when the switcher picked another event than the current one: whose desk it is. */
  desk: { viewing: (event: string) => string };
  attendees: {
    search: string; searchHint: string; none: string; badge: string; name: string; status: string;
    active: string; revoked: string; edit: string; save: string; saved: string; cancel: string;
    reprint: string; reprintConfirm: string; revoke: string; revokeConfirm: string; printSelected: (n: number) => string;
    showing: (from: number, to: number, total: number) => string; previous: string; next: string;
  };
  importCsv: {
    heading: string; hint: string; file: string; check: string; run: string; line: string; reason: string;
    refused: (rows: number) => string; ready: (created: number, updated: number, unchanged: number, refused: number) => string;
    done: (created: number, updated: number, unchanged: number, refused: number) => string; printNew: string; ignored: string; fileErrors: Record<string, string>;
    runGood: (rows: number) => string; refusedHeading: string; download: string; updatesHeading: string; changes: string;
    namesakesHeading: string; namesakesHint: string; newPerson: string; lookalike: string; sameName: string; sameContact: string;
    nothingToImport: string; yes: string; no: string;
  };
  print: { heading: string; hint: string; from: string; to: string; perPage: string; submit: string; batch: (from: number, to: number) => string; batches: string };
  stations: {
    heading: string; station: string; occupancy: string; queue: string; capacity: string; status: string; save: string; pause: string; resume: string; statuses: Record<'open' | 'paused' | 'closed', string>;
    /** The column and its switch: attendees may join the queue from their phones. */
    remoteQueue: string; remoteQueueHint: string;
  };
  kiosks: {
    heading: string; station: string; label: string; create: string; created: string; pairingCode: string; token: string;
    tokenHint: string; revoke: string; revokeConfirm: string; revoked: string; active: string; lastSeen: string; createdAt: string;
    showPairing: string; newCode: string; pairing: string; pairingUsed: string; validUntil: (time: string) => string; pending: string; never: string; battery: string; charging: string;
    /** Whose kiosks the page shows when the switcher picked another event than the current one. */
    viewing: (event: string) => string;
  };
  users: {
    heading: string; username: string; displayName: string; role: string; password: string; create: string;
    disable: string; enable: string; disabled: string; newPassword: string; setPassword: string; passwordSet: string;
    /** Roles are per event: whose the list shows, and an account without one there. */
    rolesAt: (event: string) => string; noRole: string; roleSet: string;
  };
  errors: { network: string; generic: string; forbidden: string; signedOut: string; tooMany: string; rateLimited: (seconds: number) => string; server: string };
  /** API error codes in words; a code missing here is shown by its status (errors) and the code. */
  apiErrors: Record<string, string>;
  /** The messages of the browser's own form checks, in the page's language. */
  validation: {
    required: string; email: string; number: string; min: (n: string) => string; max: (n: string) => string;
    tooShort: (n: number) => string; tooLong: (n: number) => string; pattern: string; toBeforeFrom: string;
  };
}

export const STRINGS: Strings<AdminText> = {
  kk: {
    title: 'Kezek — тіркеу және басқару',
    signIn: { heading: 'Қызметкер кіруі', username: 'Пайдаланушы аты', password: 'Құпиясөз', submit: 'Кіру', wrong: 'Пайдаланушы аты немесе құпиясөз қате', firstTime: 'Алғаш рет пе? Пайдаланушы аты: admin, құпиясөз: сервер іске қосылғанда басып шығарған әкімші токені.' },
    signOut: 'Шығу',
    roles: { organiser: 'Ұйымдастырушы', desk: 'Тіркеу үстелі' },
    nav: { walkIn: 'Жаңа қатысушы', attendees: 'Қатысушылар', import: 'Импорт (CSV, Excel)', print: 'Бейджтерді басу', stations: 'Станциялар', kiosks: 'Киосктер', users: 'Қызметкерлер' },
    totals: { registered: 'Тіркелген', onSite: 'Қазір іште', visits: 'Келулер' },
    field: { firstName: 'Аты', lastName: 'Тегі', category: 'Санаты', institution: 'Оқу орны', grade: 'Сынып / курс', phone: 'Телефон', email: 'E-mail', language: 'Тілі', consent: 'Жұмыс берушілер хабарласуына келіседі' },
    categories: { school: 'Мектеп түлегі', college: 'Колледж студенті', university: 'Университет студенті', other: 'Басқа / қонақ' },
    languages: { kk: 'Қазақша', ru: 'Орысша', en: 'Ағылшынша' },
    fieldErrors: {
      missing_first_name: 'Атын жазыңыз', missing_last_name: 'Тегін жазыңыз', name_too_long: 'Тым ұзын', missing_category: 'Санатын таңдаңыз',
      bad_category: 'Белгісіз санат', field_too_long: 'Тым ұзын', bad_phone: 'Телефон нөмірі дұрыс емес', bad_email: 'E-mail дұрыс емес',
      bad_language: 'Белгісіз тіл', bad_consent: 'Иә немесе жоқ',
      control_characters: 'Басқару немесе мәтін бағытын өзгертетін таңбалар бар', no_letter: 'Кемінде бір әріп болуы керек',
    },
    desk: { viewing: (n) => `Тіркеу үстелі: «${n}» іс-шарасы` },
    walkIn: {
      heading: 'Жаңа қатысушыны тіркеу', hint: 'Tab — келесі өріс, Enter — тіркеп, бейджті басу. Санат пен оқу орны келесі адамға сақталады.',
      submit: 'Тіркеу және басу ⏎', done: (name) => `${name}: бейдж басуға ашылды`, printAgain: 'Қайта ашу', pin: (pin) => `Телефонға кіру PIN-коды: ${pin} (бейджде де бар)`,
      popupBlocked: 'Браузер жаңа терезені бөгеді: «Қайта ашу» түймесін басыңыз',
    },
    attendees: {
      search: 'Іздеу', searchHint: 'Аты, бейдж нөмірі немесе телефон', none: 'Ешкім табылмады', badge: '№', name: 'Аты-жөні', status: 'Бейдж',
      active: 'жарамды', revoked: 'жойылған', edit: 'Өзгерту', save: 'Сақтау', saved: 'Сақталды', cancel: 'Болдырмау',
      reprint: 'Жаңа бейдж басу', reprintConfirm: 'Ескі бейдж жарамсыз болады. Жалғастырасыз ба?', revoke: 'Бейджді жою',
      revokeConfirm: 'Бейдж жарамсыз болады. Жалғастырасыз ба?', printSelected: (n) => `Таңдалғандарды A4-ке басу (${n})`,
      showing: (from, to, total) => `${total} адамның ${from}–${to} көрсетілген`, previous: '← Алдыңғы', next: 'Келесі →',
    },
    importCsv: {
      heading: 'Алдын ала тіркелгендерді импорттау', hint: 'CSV (UTF-8, бөлгіш «,» немесе «;») немесе Excel (.xlsx, бірінші парақ). Алдымен тексеріледі: қате жолдар, өзгерістер және аттастар көрсетіледі. Сол файлды қайта импорттау ешкімді қоспайды.',
      file: 'Файл', check: 'Тексеру', run: 'Импорттау', line: 'Жол', reason: 'Себебі',
      refused: (rows) => `Қатесі бар жолдар: ${rows}. Түзетіп, қайта тексеріңіз. Ештеңе импортталмады.`,
      ready: (c, u, n, r) => `Тексерілді: ${c} жаңа, ${u} өзгереді, ${n} өзгеріссіз${r > 0 ? `, ${r} жол қабылданбайды` : ''}.`, done: (c, u, n, r) => `Импортталды: ${c} жаңа, ${u} жаңартылды, ${n} өзгеріссіз${r > 0 ? `, ${r} жол қабылданбады` : ''}.`,
      printNew: 'Жаңа бейджтерді басу', ignored: 'Еленбеген бағандар',
      fileErrors: { empty_file: 'Файл бос', missing_column: 'Қажетті баған жоқ', duplicate_column: 'Баған екі рет берілген', unterminated_quote: 'Тырнақша жабылмаған', too_many_fields: 'Ұяшық тым көп', bad_encoding: 'Файл UTF-8 емес', bad_spreadsheet: 'Excel файлы оқылмады', duplicate_in_file: 'Бір адам қайта жазылған', ambiguous_match: 'Бірнеше тіркелген адамға сәйкес келеді' },
      runGood: (n) => `Дұрыс жолдарды импорттау (${n})`, refusedHeading: 'Қабылданбайтын жолдар', download: 'Қабылданбаған жолдарды жүктеу (CSV)',
      updatesHeading: 'Өзгеретін тіркелген адамдар', changes: 'Өзгерістер', namesakesHeading: 'Аттастар болуы мүмкін',
      namesakesHint: 'Бұлар жаңа адам ретінде қосылады: аты-жөні бірдей болу бір адам екенін білдірмейді. Бір адам болса, файлға id, телефон немесе e-mail қосыңыз.',
      newPerson: 'Жаңа адам', lookalike: 'Кіммен ұқсас', sameName: 'Аты-жөні бірдей:', sameContact: 'Телефоны не e-mail-і ортақ (басқа атпен):',
      nothingToImport: 'Импорттайтын жол жоқ.', yes: 'иә', no: 'жоқ',
    },
    print: { heading: 'A4 парақтарына басу', hint: 'Бейдж нөмірлерінің ауқымы; жойылған бейджтер басылмайды.', from: 'Бастап', to: 'Дейін', perPage: 'Бетке', submit: 'PDF ашу', batch: (a, b) => `№\u00a0${a}–${b} басу`, batches: 'Ауқым үлкен: бейджтер 2 000-нан бөліп ашылады.' },
    stations: {
      heading: 'Станциялар', station: 'Станция', occupancy: 'Іште', queue: 'Кезек', capacity: 'Сыйымдылық', status: 'Күйі', save: 'Сақтау',
      pause: 'Тоқтата тұру', resume: 'Жалғастыру', statuses: { open: 'ашық', paused: 'тоқтатылған', closed: 'жабық' },
      remoteQueue: 'Телефоннан кезек', remoteQueueHint: 'Қатысушылар бұл станцияның кезегіне телефоннан (/me) тұра алады',
    },
    kiosks: {
      viewing: (n) => `«${n}» іс-шарасының киосктері`,
      heading: 'Киосктер', station: 'Станция', label: 'Белгі', create: 'Киоск қосу', created: 'Киоск қосылды', pairingCode: 'Жұптау коды',
      token: 'Токен', tokenHint: 'Токен тек қазір көрсетіледі: киоскке енгізіңіз.', revoke: 'Жою', revokeConfirm: 'Киоск жұмысын тоқтатады. Жалғастырасыз ба?',
      revoked: 'жойылған', active: 'белсенді', lastSeen: 'Соңғы байланыс', createdAt: 'Қосылды',
      showPairing: 'Жұптау QR-коды', newCode: 'Жаңа код жасау', pairing: 'Жұптау', pairingUsed: 'Бұл код қолданылған немесе мерзімі өткен: жаңасын жасаңыз.',
      validUntil: (time) => `${time} дейін жарамды, бір рет`, pending: 'Жіберілмеген сканерлер', never: 'әлі жоқ', battery: 'Батарея', charging: 'зарядталуда',
    },
    users: {
      heading: 'Қызметкерлер', username: 'Пайдаланушы аты', displayName: 'Аты', role: 'Рөлі', password: 'Құпиясөз (кемінде 10 таңба)', create: 'Қосу',
      rolesAt: (e) => `Рөлдер: ${e}. Есептік жазбалар бүкіл жүйеге ортақ, рөл әр іс-шараға бөлек беріледі.`, noRole: 'Рөлі жоқ', roleSet: 'Рөл сақталды',
      disable: 'Өшіру', enable: 'Қосу', disabled: 'өшірілген', newPassword: 'Жаңа құпиясөз', setPassword: 'Құпиясөзді ауыстыру', passwordSet: 'Құпиясөз ауыстырылды',
    },
    errors: { network: 'Серверге қосылу жоқ', generic: 'Қате', forbidden: 'Бұл әрекетке рұқсат жоқ', signedOut: 'Сеанс аяқталды: қайта кіріңіз', tooMany: 'Сұраулар тым көп: сәлден соң қайталаңыз', rateLimited: (s) => `Әрекет тым көп. ${s} секундтан кейін қайталаңыз.`, server: 'Сервер қатесі: қайталап көріңіз' },
    apiErrors: {
      event_archived: 'Іс-шара мұрағатта: оны тек оқуға болады', attendee_not_found: 'Мұндай қатысушы жоқ', badge_revoked: 'Бейдж жойылған: алдымен жаңа бейдж шығарыңыз', no_badges: 'Бұл ауқымда басатын бейдж жоқ',
      too_many_badges: 'Бір PDF-те бейдж тым көп: ауқымды тарылтыңыз', invalid_request: 'Сұрау дұрыс емес', invalid_attendee: 'Қатысушы деректері дұрыс емес',
      import_refused: 'Файлда қате жолдар бар: ештеңе импортталмады', updates_not_confirmed: 'Тексеруден кейін деректер өзгерді: файл қайта тексерілді, өзгерістерді қарап, қайта импорттаңыз',
      unsupported_media_type: 'Бұл файл түрі қабылданбайды: CSV немесе .xlsx жіберіңіз', body_too_large: 'Файл тым үлкен (5 МБ дейін)',
      kiosk_not_found: 'Мұндай киоск жоқ', pairing_code_used: 'Жұптау коды қолданылған немесе мерзімі өткен', station_not_found: 'Мұндай станция жоқ',
      returning_needs_phone: 'Адамды толық телефон нөмірі бойынша іздеңіз', already_registered: 'Бұл адам осында тіркелген',
      no_role_here: 'Бұл есептік жазбаның ешбір іс-шарада рөлі жоқ: ұйымдастырушыдан рөл беруін сұраңыз',
      username_taken: 'Бұл пайдаланушы аты бос емес', own_account: 'Өз есептік жазбаңызды өшіре алмайсыз', user_not_found: 'Мұндай қызметкер жоқ',
      csrf: 'Бетті қайта жүктеңіз', bad_credentials: 'Пайдаланушы аты немесе құпиясөз қате', live_store_unavailable: 'Тірі деректер қоймасы қолжетімсіз: сәлден соң қайталаңыз',
      internal: 'Сервер қатесі: қайталап көріңіз', not_found: 'Табылмады',
    },
    validation: {
      required: 'Бұл өрісті толтырыңыз', email: 'E-mail мекенжайын жазыңыз', number: 'Сан жазыңыз', min: (n) => `Кемінде ${n}`, max: (n) => `Көп дегенде ${n}`,
      tooShort: (n) => `Кемінде ${n} таңба`, tooLong: (n) => `Көп дегенде ${n} таңба`, pattern: 'Пішімі дұрыс емес', toBeforeFrom: '«Дейін» «Бастап»-тан кіші болмауы керек',
    },
  },
  ru: {
    title: 'Kezek — регистрация и управление',
    signIn: { heading: 'Вход для сотрудников', username: 'Имя пользователя', password: 'Пароль', submit: 'Войти', wrong: 'Неверное имя пользователя или пароль', firstTime: 'Первый вход? Имя пользователя: admin, пароль: токен администратора, который сервер напечатал при запуске.' },
    signOut: 'Выйти',
    roles: { organiser: 'Организатор', desk: 'Стойка регистрации' },
    nav: { walkIn: 'Новый участник', attendees: 'Участники', import: 'Импорт (CSV, Excel)', print: 'Печать бейджей', stations: 'Станции', kiosks: 'Киоски', users: 'Сотрудники' },
    totals: { registered: 'Зарегистрировано', onSite: 'Сейчас на месте', visits: 'Посещений' },
    field: { firstName: 'Имя', lastName: 'Фамилия', category: 'Категория', institution: 'Учебное заведение', grade: 'Класс / курс', phone: 'Телефон', email: 'E-mail', language: 'Язык', consent: 'Согласен(на) на связь с работодателями' },
    categories: { school: 'Выпускник школы', college: 'Студент колледжа', university: 'Студент вуза', other: 'Другое / гость' },
    languages: { kk: 'Казахский', ru: 'Русский', en: 'Английский' },
    fieldErrors: {
      missing_first_name: 'Введите имя', missing_last_name: 'Введите фамилию', name_too_long: 'Слишком длинно', missing_category: 'Выберите категорию',
      bad_category: 'Неизвестная категория', field_too_long: 'Слишком длинно', bad_phone: 'Неверный номер телефона', bad_email: 'Неверный e-mail',
      bad_language: 'Неизвестный язык', bad_consent: 'Да или нет',
      control_characters: 'Содержит управляющие символы или символы смены направления текста', no_letter: 'Нужна хотя бы одна буква',
    },
    desk: { viewing: (n) => `Стойка регистрации мероприятия «${n}»` },
    walkIn: {
      heading: 'Регистрация участника', hint: 'Tab — следующее поле, Enter — зарегистрировать и напечатать бейдж. Категория и учебное заведение сохраняются для следующего.',
      submit: 'Зарегистрировать и печатать ⏎', done: (name) => `${name}: бейдж открыт для печати`, printAgain: 'Открыть снова', pin: (pin) => `PIN для входа с телефона: ${pin} (есть и на бейдже)`,
      popupBlocked: 'Браузер заблокировал новое окно: нажмите «Открыть снова»',
    },
    attendees: {
      search: 'Поиск', searchHint: 'Имя, номер бейджа или телефон', none: 'Никого не найдено', badge: '№', name: 'ФИО', status: 'Бейдж',
      active: 'действует', revoked: 'отозван', edit: 'Изменить', save: 'Сохранить', saved: 'Сохранено', cancel: 'Отмена',
      reprint: 'Напечатать новый бейдж', reprintConfirm: 'Старый бейдж перестанет действовать. Продолжить?', revoke: 'Отозвать бейдж',
      revokeConfirm: 'Бейдж перестанет действовать. Продолжить?', printSelected: (n) => `Печать выбранных на A4 (${n})`,
      showing: (from, to, total) => `Показаны ${from}–${to} из ${total}`, previous: '← Назад', next: 'Дальше →',
    },
    importCsv: {
      heading: 'Импорт предварительной регистрации', hint: 'CSV (UTF-8, разделитель «,» или «;») или Excel (.xlsx, первый лист). Сначала проверка: строки с ошибками, изменения и возможные однофамильцы. Повторный импорт того же файла никого не добавляет.',
      file: 'Файл', check: 'Проверить', run: 'Импортировать', line: 'Строка', reason: 'Причина',
      refused: (rows) => `Строк с ошибками: ${rows}. Исправьте и проверьте снова. Ничего не импортировано.`,
      ready: (c, u, n, r) => `Проверено: ${c} новых, ${u} изменится, ${n} без изменений${r > 0 ? `, ${r} строк не принято` : ''}.`, done: (c, u, n, r) => `Импортировано: ${c} новых, ${u} обновлено, ${n} без изменений${r > 0 ? `, ${r} строк не принято` : ''}.`,
      printNew: 'Печать новых бейджей', ignored: 'Пропущенные столбцы',
      fileErrors: { empty_file: 'Файл пуст', missing_column: 'Нет обязательного столбца', duplicate_column: 'Столбец указан дважды', unterminated_quote: 'Не закрыта кавычка', too_many_fields: 'Слишком много ячеек', bad_encoding: 'Файл не в UTF-8', bad_spreadsheet: 'Не удалось прочитать файл Excel', duplicate_in_file: 'Тот же человек ещё раз', ambiguous_match: 'Подходит к нескольким зарегистрированным' },
      runGood: (n) => `Импортировать верные строки (${n})`, refusedHeading: 'Строки, которые не будут приняты', download: 'Скачать непринятые строки (CSV)',
      updatesHeading: 'Изменятся зарегистрированные', changes: 'Изменения', namesakesHeading: 'Возможные однофамильцы',
      namesakesHint: 'Они будут добавлены как новые люди: одинаковые имя и фамилия ещё не значат, что это один человек. Если это один человек, добавьте в файл id, телефон или e-mail.',
      newPerson: 'Новый участник', lookalike: 'На кого похож', sameName: 'Те же имя и фамилия:', sameContact: 'Тот же телефон или e-mail (другое имя):',
      nothingToImport: 'Нечего импортировать.', yes: 'да', no: 'нет',
    },
    print: { heading: 'Печать на листах A4', hint: 'Диапазон номеров бейджей; отозванные бейджи не печатаются.', from: 'С', to: 'По', perPage: 'На лист', submit: 'Открыть PDF', batch: (a, b) => `Печать №\u00a0${a}–${b}`, batches: 'Диапазон большой: бейджи открываются частями по 2 000.' },
    stations: {
      heading: 'Станции', station: 'Станция', occupancy: 'Внутри', queue: 'Очередь', capacity: 'Вместимость', status: 'Статус', save: 'Сохранить',
      pause: 'Приостановить', resume: 'Возобновить', statuses: { open: 'открыта', paused: 'приостановлена', closed: 'закрыта' },
      remoteQueue: 'Очередь с телефона', remoteQueueHint: 'Участники могут встать в очередь этой станции с телефона (/me)',
    },
    kiosks: {
      viewing: (n) => `Киоски мероприятия «${n}»`,
      heading: 'Киоски', station: 'Станция', label: 'Метка', create: 'Добавить киоск', created: 'Киоск добавлен', pairingCode: 'Код привязки',
      token: 'Токен', tokenHint: 'Токен показывается только сейчас: введите его на киоске.', revoke: 'Отозвать', revokeConfirm: 'Киоск перестанет работать. Продолжить?',
      revoked: 'отозван', active: 'активен', lastSeen: 'Последняя связь', createdAt: 'Добавлен',
      showPairing: 'QR для привязки', newCode: 'Новый код', pairing: 'Привязка', pairingUsed: 'Этот код уже использован или истёк: создайте новый.',
      validUntil: (time) => `Действует до ${time}, один раз`, pending: 'Неотправленные сканы', never: 'ещё нет', battery: 'Батарея', charging: 'заряжается',
    },
    users: {
      heading: 'Сотрудники', username: 'Имя пользователя', displayName: 'Имя', role: 'Роль', password: 'Пароль (не менее 10 символов)', create: 'Добавить',
      rolesAt: (e) => `Роли: ${e}. Учётные записи общие для всей системы, роль даётся на каждое мероприятие отдельно.`, noRole: 'Нет роли', roleSet: 'Роль сохранена',
      disable: 'Отключить', enable: 'Включить', disabled: 'отключён', newPassword: 'Новый пароль', setPassword: 'Сменить пароль', passwordSet: 'Пароль изменён',
    },
    errors: { network: 'Нет связи с сервером', generic: 'Ошибка', forbidden: 'Нет прав на это действие', signedOut: 'Сеанс завершён: войдите снова', tooMany: 'Слишком много запросов: повторите чуть позже', rateLimited: (s) => `Слишком много попыток. Повторите через ${s} с.`, server: 'Ошибка сервера: попробуйте ещё раз' },
    apiErrors: {
      event_archived: 'Мероприятие в архиве: его можно только читать', attendee_not_found: 'Такого участника нет', badge_revoked: 'Бейдж отозван: сначала выпустите новый', no_badges: 'В этом диапазоне нет бейджей для печати',
      too_many_badges: 'Слишком много бейджей в одном PDF: сузьте диапазон', invalid_request: 'Неверный запрос', invalid_attendee: 'Неверные данные участника',
      import_refused: 'В файле есть строки с ошибками: ничего не импортировано', updates_not_confirmed: 'После проверки данные изменились: файл проверен снова, посмотрите изменения и импортируйте ещё раз',
      unsupported_media_type: 'Такой тип файла не принимается: отправьте CSV или .xlsx', body_too_large: 'Файл слишком большой (до 5 МБ)',
      kiosk_not_found: 'Такого киоска нет', pairing_code_used: 'Код привязки использован или истёк', station_not_found: 'Такой станции нет',
      returning_needs_phone: 'Ищите по полному номеру телефона', already_registered: 'Этот человек здесь уже зарегистрирован',
      no_role_here: 'У этой учётной записи нет роли ни на одном мероприятии: попросите организатора её назначить',
      username_taken: 'Это имя пользователя занято', own_account: 'Нельзя отключить свою учётную запись', user_not_found: 'Такого сотрудника нет',
      csrf: 'Перезагрузите страницу', bad_credentials: 'Неверное имя пользователя или пароль', live_store_unavailable: 'Хранилище живых данных недоступно: повторите чуть позже',
      internal: 'Ошибка сервера: попробуйте ещё раз', not_found: 'Не найдено',
    },
    validation: {
      required: 'Заполните это поле', email: 'Введите адрес e-mail', number: 'Введите число', min: (n) => `Не меньше ${n}`, max: (n) => `Не больше ${n}`,
      tooShort: (n) => `Не меньше ${n} символов`, tooLong: (n) => `Не больше ${n} символов`, pattern: 'Неверный формат', toBeforeFrom: '«По» не может быть меньше «С»',
    },
  },
  en: {
    title: 'Kezek — registration and admin',
    signIn: { heading: 'Staff sign-in', username: 'Username', password: 'Password', submit: 'Sign in', wrong: 'Wrong username or password', firstTime: 'First time? User name: admin, password: the admin token the server printed when it started.' },
    signOut: 'Sign out',
    roles: { organiser: 'Organiser', desk: 'Registration desk' },
    nav: { walkIn: 'Walk-in', attendees: 'Attendees', import: 'Import (CSV, Excel)', print: 'Print badges', stations: 'Stations', kiosks: 'Kiosks', users: 'Staff' },
    totals: { registered: 'Registered', onSite: 'On site now', visits: 'Visits' },
    field: { firstName: 'First name', lastName: 'Last name', category: 'Category', institution: 'Institution', grade: 'Grade / year', phone: 'Phone', email: 'E-mail', language: 'Language', consent: 'Agrees to be contacted by employers' },
    categories: { school: 'School graduate', college: 'College student', university: 'University student', other: 'Other / guest' },
    languages: { kk: 'Kazakh', ru: 'Russian', en: 'English' },
    fieldErrors: {
      missing_first_name: 'Enter the first name', missing_last_name: 'Enter the last name', name_too_long: 'Too long', missing_category: 'Choose a category',
      bad_category: 'Unknown category', field_too_long: 'Too long', bad_phone: 'Not a phone number', bad_email: 'Not an e-mail address',
      bad_language: 'Unknown language', bad_consent: 'Yes or no',
      control_characters: 'Contains control or text-direction characters', no_letter: 'Needs at least one letter',
    },
    desk: { viewing: (n) => `The registration desk of “${n}”` },
    walkIn: {
      heading: 'Register a walk-in', hint: 'Tab moves on, Enter registers and prints the badge. Category and institution stay for the next person.',
      submit: 'Register and print ⏎', done: (name) => `${name}: badge opened for printing`, printAgain: 'Open again', pin: (pin) => `Phone sign-in PIN: ${pin} (also on the badge)`,
      popupBlocked: 'The browser blocked the new window: press “Open again”',
    },
    attendees: {
      search: 'Search', searchHint: 'Name, badge number or phone', none: 'Nobody found', badge: 'No.', name: 'Name', status: 'Badge',
      active: 'valid', revoked: 'revoked', edit: 'Edit', save: 'Save', saved: 'Saved', cancel: 'Cancel',
      reprint: 'Print a new badge', reprintConfirm: 'The old badge will stop working. Continue?', revoke: 'Revoke badge',
      revokeConfirm: 'The badge will stop working. Continue?', printSelected: (n) => `Print selected on A4 (${n})`,
      showing: (from, to, total) => `Showing ${from}–${to} of ${total}`, previous: '← Previous', next: 'Next →',
    },
    importCsv: {
      heading: 'Import pre-registrations', hint: 'CSV (UTF-8, separated by “,” or “;”) or Excel (.xlsx, first sheet). Checked first: refused rows, changes and possible namesakes are listed. Importing the same file again adds nobody.',
      file: 'File', check: 'Check', run: 'Import', line: 'Line', reason: 'Reason',
      refused: (rows) => `Rows with errors: ${rows}. Fix them and check again. Nothing was imported.`,
      ready: (c, u, n, r) => `Checked: ${c} new, ${u} to update, ${n} unchanged${r > 0 ? `, ${r} rows refused` : ''}.`, done: (c, u, n, r) => `Imported: ${c} new, ${u} updated, ${n} unchanged${r > 0 ? `, ${r} rows refused` : ''}.`,
      printNew: 'Print the new badges', ignored: 'Ignored columns',
      fileErrors: { empty_file: 'The file is empty', missing_column: 'A required column is missing', duplicate_column: 'A column appears twice', unterminated_quote: 'A quote is not closed', too_many_fields: 'Too many cells', bad_encoding: 'The file is not UTF-8', bad_spreadsheet: 'The Excel file cannot be read', duplicate_in_file: 'The same person again', ambiguous_match: 'Matches several registered people' },
      runGood: (n) => `Import the good rows (${n})`, refusedHeading: 'Rows that will be refused', download: 'Download the refused rows (CSV)',
      updatesHeading: 'Registered people who will change', changes: 'Changes', namesakesHeading: 'Possible namesakes',
      namesakesHint: 'They are added as new people: the same name does not make the same person. If one is the same person, give the file an id, phone or e-mail column.',
      newPerson: 'New person', lookalike: 'Looks like', sameName: 'Same name:', sameContact: 'Same phone or e-mail (another name):',
      nothingToImport: 'Nothing to import.', yes: 'yes', no: 'no',
    },
    print: { heading: 'Print on A4 sheets', hint: 'A range of badge numbers; revoked badges are left out.', from: 'From', to: 'To', perPage: 'Per page', submit: 'Open PDF', batch: (a, b) => `Print №\u00a0${a}–${b}`, batches: 'A large range: the badges open in batches of 2,000.' },
    stations: {
      heading: 'Stations', station: 'Station', occupancy: 'Inside', queue: 'Queue', capacity: 'Capacity', status: 'Status', save: 'Save',
      pause: 'Pause', resume: 'Resume', statuses: { open: 'open', paused: 'paused', closed: 'closed' },
      remoteQueue: 'Queue from phones', remoteQueueHint: 'Attendees may join this station’s queue from their phones (/me)',
    },
    kiosks: {
      viewing: (n) => `The kiosks of “${n}”`,
      heading: 'Kiosks', station: 'Station', label: 'Label', create: 'Add kiosk', created: 'Kiosk added', pairingCode: 'Pairing code',
      token: 'Token', tokenHint: 'The token is shown only now: enter it on the kiosk.', revoke: 'Revoke', revokeConfirm: 'The kiosk will stop working. Continue?',
      revoked: 'revoked', active: 'active', lastSeen: 'Last seen', createdAt: 'Added',
      showPairing: 'Pairing QR', newCode: 'New code', pairing: 'Pairing', pairingUsed: 'This code was used or has expired: make a new one.',
      validUntil: (time) => `Valid until ${time}, once`, pending: 'Unsent scans', never: 'not yet', battery: 'Battery', charging: 'charging',
    },
    users: {
      heading: 'Staff accounts', username: 'Username', displayName: 'Name', role: 'Role', password: 'Password (10 characters or more)', create: 'Add',
      rolesAt: (e) => `Roles at ${e}. Accounts are the installation's; each event gives its own role.`, noRole: 'No role', roleSet: 'Role saved',
      disable: 'Disable', enable: 'Enable', disabled: 'disabled', newPassword: 'New password', setPassword: 'Change password', passwordSet: 'Password changed',
    },
    errors: { network: 'No connection to the server', generic: 'Error', forbidden: 'You may not do this', signedOut: 'Signed out: sign in again', tooMany: 'Too many requests: try again shortly', rateLimited: (s) => `Too many tries. Try again in ${s} s.`, server: 'Server error: try again' },
    apiErrors: {
      event_archived: 'The event is archived: it can only be read', attendee_not_found: 'No such attendee', badge_revoked: 'The badge was revoked: issue a new one first', no_badges: 'No badges to print in this range',
      too_many_badges: 'Too many badges for one PDF: narrow the range', invalid_request: 'The request is not valid', invalid_attendee: 'The attendee’s details are not valid',
      import_refused: 'The file has rows with errors: nothing was imported', updates_not_confirmed: 'The data changed after the check: the file was checked again; look at the changes and import again',
      unsupported_media_type: 'This kind of file is not accepted: send CSV or .xlsx', body_too_large: 'The file is too large (5 MB at most)',
      kiosk_not_found: 'No such kiosk', pairing_code_used: 'The pairing code was used or has expired', station_not_found: 'No such station',
      returning_needs_phone: 'Search by the whole phone number', already_registered: 'This person is registered here already',
      no_role_here: 'This account has no role at any event: ask an organiser to give it one',
      username_taken: 'This username is taken', own_account: 'You cannot disable your own account', user_not_found: 'No such staff member',
      csrf: 'Reload the page', bad_credentials: 'Wrong username or password', live_store_unavailable: 'The live store cannot be reached: try again shortly',
      internal: 'Server error: try again', not_found: 'Not found',
    },
    validation: {
      required: 'Fill in this field', email: 'Enter an e-mail address', number: 'Enter a number', min: (n) => `At least ${n}`, max: (n) => `At most ${n}`,
      tooShort: (n) => `At least ${n} characters`, tooLong: (n) => `At most ${n} characters`, pattern: 'Not in the expected form', toBeforeFrom: '“To” cannot be before “From”',
    },
  },
};
