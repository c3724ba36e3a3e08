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
  walkIn: { heading: string; hint: string; submit: string; done: (name: string) => string; printAgain: string; popupBlocked: string };
  attendees: {
    search: string; searchHint: string; none: string; badge: string; name: string; status: string;
    active: string; revoked: string; edit: string; save: string; saved: string; cancel: string;
    reprint: string; reprintConfirm: string; revoke: string; revokeConfirm: string; printSelected: (n: number) => string;
  };
  importCsv: {
    heading: string; hint: string; file: string; check: string; run: string; line: string; reason: string;
    refused: (rows: number) => string; ready: (created: number, updated: number, unchanged: number) => string;
    done: (created: number, updated: number, unchanged: number) => string; printNew: string; ignored: string; fileErrors: Record<string, string>;
  };
  print: { heading: string; hint: string; from: string; to: string; perPage: string; submit: string };
  stations: { heading: string; station: string; occupancy: string; queue: string; capacity: string; status: string; save: string; pause: string; resume: string; statuses: Record<'open' | 'paused' | 'closed', string> };
  kiosks: {
    heading: string; station: string; label: string; create: string; created: string; pairingCode: string; token: string;
    tokenHint: string; revoke: string; revokeConfirm: string; revoked: string; active: string; lastSeen: string; createdAt: string;
  };
  users: {
    heading: string; username: string; displayName: string; role: string; password: string; create: string;
    disable: string; enable: string; disabled: string; newPassword: string; setPassword: string; passwordSet: string;
  };
  errors: { network: string; generic: string; forbidden: string; signedOut: string };
}

export const STRINGS: Strings<AdminText> = {
  kk: {
    title: 'Kezek — тіркеу және басқару',
    signIn: { heading: 'Қызметкер кіруі', username: 'Пайдаланушы аты', password: 'Құпиясөз', submit: 'Кіру', wrong: 'Пайдаланушы аты немесе құпиясөз қате', firstTime: 'Алғаш рет пе? Пайдаланушы аты: admin, құпиясөз: сервер іске қосылғанда басып шығарған әкімші токені.' },
    signOut: 'Шығу',
    roles: { organiser: 'Ұйымдастырушы', desk: 'Тіркеу үстелі' },
    nav: { walkIn: 'Жаңа қатысушы', attendees: 'Қатысушылар', import: 'CSV импорт', print: 'Бейджтерді басу', stations: 'Станциялар', kiosks: 'Киосктер', users: 'Қызметкерлер' },
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
    walkIn: {
      heading: 'Жаңа қатысушыны тіркеу', hint: 'Tab — келесі өріс, Enter — тіркеп, бейджті басу. Санат пен оқу орны келесі адамға сақталады.',
      submit: 'Тіркеу және басу ⏎', done: (name) => `${name}: бейдж басуға ашылды`, printAgain: 'Қайта ашу',
      popupBlocked: 'Браузер жаңа терезені бөгеді: «Қайта ашу» түймесін басыңыз',
    },
    attendees: {
      search: 'Іздеу', searchHint: 'Аты, бейдж нөмірі немесе телефон', none: 'Ешкім табылмады', badge: '№', name: 'Аты-жөні', status: 'Бейдж',
      active: 'жарамды', revoked: 'жойылған', edit: 'Өзгерту', save: 'Сақтау', saved: 'Сақталды', cancel: 'Болдырмау',
      reprint: 'Жаңа бейдж басу', reprintConfirm: 'Ескі бейдж жарамсыз болады. Жалғастырасыз ба?', revoke: 'Бейджді жою',
      revokeConfirm: 'Бейдж жарамсыз болады. Жалғастырасыз ба?', printSelected: (n) => `Таңдалғандарды A4-ке басу (${n})`,
    },
    importCsv: {
      heading: 'Алдын ала тіркелгендерді импорттау', hint: 'UTF-8 CSV, бөлгіш «,» немесе «;». Алдымен тексеріледі; қатесі бар файлдан ешкім қосылмайды. Сол файлды қайта импорттау қайталанбайды.',
      file: 'Файл', check: 'Тексеру', run: 'Импорттау', line: 'Жол', reason: 'Себебі',
      refused: (rows) => `Қатесі бар жолдар: ${rows}. Түзетіп, қайта тексеріңіз. Ештеңе импортталмады.`,
      ready: (c, u, n) => `Файл дұрыс: ${c} жаңа, ${u} өзгереді, ${n} өзгеріссіз.`, done: (c, u, n) => `Импортталды: ${c} жаңа, ${u} жаңартылды, ${n} өзгеріссіз.`,
      printNew: 'Жаңа бейджтерді басу', ignored: 'Еленбеген бағандар',
      fileErrors: { empty_file: 'Файл бос', missing_column: 'Қажетті баған жоқ', duplicate_column: 'Баған екі рет берілген', unterminated_quote: 'Тырнақша жабылмаған', too_many_fields: 'Ұяшық тым көп', bad_encoding: 'Файл UTF-8 емес', duplicate_in_file: 'Қайталанған адам' },
    },
    print: { heading: 'A4 парақтарына басу', hint: 'Бейдж нөмірлерінің ауқымы; жойылған бейджтер басылмайды.', from: 'Бастап', to: 'Дейін', perPage: 'Бетке', submit: 'PDF ашу' },
    stations: {
      heading: 'Станциялар', station: 'Станция', occupancy: 'Іште', queue: 'Кезек', capacity: 'Сыйымдылық', status: 'Күйі', save: 'Сақтау',
      pause: 'Тоқтата тұру', resume: 'Жалғастыру', statuses: { open: 'ашық', paused: 'тоқтатылған', closed: 'жабық' },
    },
    kiosks: {
      heading: 'Киосктер', station: 'Станция', label: 'Белгі', create: 'Киоск қосу', created: 'Киоск қосылды', pairingCode: 'Жұптау коды',
      token: 'Токен', tokenHint: 'Токен тек қазір көрсетіледі: киоскке енгізіңіз.', revoke: 'Жою', revokeConfirm: 'Киоск жұмысын тоқтатады. Жалғастырасыз ба?',
      revoked: 'жойылған', active: 'белсенді', lastSeen: 'Соңғы байланыс', createdAt: 'Қосылды',
    },
    users: {
      heading: 'Қызметкерлер', username: 'Пайдаланушы аты', displayName: 'Аты', role: 'Рөлі', password: 'Құпиясөз (кемінде 10 таңба)', create: 'Қосу',
      disable: 'Өшіру', enable: 'Қосу', disabled: 'өшірілген', newPassword: 'Жаңа құпиясөз', setPassword: 'Құпиясөзді ауыстыру', passwordSet: 'Құпиясөз ауыстырылды',
    },
    errors: { network: 'Серверге қосылу жоқ', generic: 'Қате', forbidden: 'Бұл әрекетке рұқсат жоқ', signedOut: 'Сеанс аяқталды: қайта кіріңіз' },
  },
  ru: {
    title: 'Kezek — регистрация и управление',
    signIn: { heading: 'Вход для сотрудников', username: 'Имя пользователя', password: 'Пароль', submit: 'Войти', wrong: 'Неверное имя пользователя или пароль', firstTime: 'Первый вход? Имя пользователя: admin, пароль: токен администратора, который сервер напечатал при запуске.' },
    signOut: 'Выйти',
    roles: { organiser: 'Организатор', desk: 'Стойка регистрации' },
    nav: { walkIn: 'Новый участник', attendees: 'Участники', import: 'Импорт CSV', print: 'Печать бейджей', stations: 'Станции', kiosks: 'Киоски', users: 'Сотрудники' },
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
    walkIn: {
      heading: 'Регистрация участника', hint: 'Tab — следующее поле, Enter — зарегистрировать и напечатать бейдж. Категория и учебное заведение сохраняются для следующего.',
      submit: 'Зарегистрировать и печатать ⏎', done: (name) => `${name}: бейдж открыт для печати`, printAgain: 'Открыть снова',
      popupBlocked: 'Браузер заблокировал новое окно: нажмите «Открыть снова»',
    },
    attendees: {
      search: 'Поиск', searchHint: 'Имя, номер бейджа или телефон', none: 'Никого не найдено', badge: '№', name: 'ФИО', status: 'Бейдж',
      active: 'действует', revoked: 'отозван', edit: 'Изменить', save: 'Сохранить', saved: 'Сохранено', cancel: 'Отмена',
      reprint: 'Напечатать новый бейдж', reprintConfirm: 'Старый бейдж перестанет действовать. Продолжить?', revoke: 'Отозвать бейдж',
      revokeConfirm: 'Бейдж перестанет действовать. Продолжить?', printSelected: (n) => `Печать выбранных на A4 (${n})`,
    },
    importCsv: {
      heading: 'Импорт предварительной регистрации', hint: 'CSV в UTF-8, разделитель «,» или «;». Сначала проверка; если есть ошибки, не импортируется никто. Повторный импорт того же файла не создаёт дублей.',
      file: 'Файл', check: 'Проверить', run: 'Импортировать', line: 'Строка', reason: 'Причина',
      refused: (rows) => `Строк с ошибками: ${rows}. Исправьте и проверьте снова. Ничего не импортировано.`,
      ready: (c, u, n) => `Файл в порядке: ${c} новых, ${u} изменится, ${n} без изменений.`, done: (c, u, n) => `Импортировано: ${c} новых, ${u} обновлено, ${n} без изменений.`,
      printNew: 'Печать новых бейджей', ignored: 'Пропущенные столбцы',
      fileErrors: { empty_file: 'Файл пуст', missing_column: 'Нет обязательного столбца', duplicate_column: 'Столбец указан дважды', unterminated_quote: 'Не закрыта кавычка', too_many_fields: 'Слишком много ячеек', bad_encoding: 'Файл не в UTF-8', duplicate_in_file: 'Повтор человека' },
    },
    print: { heading: 'Печать на листах A4', hint: 'Диапазон номеров бейджей; отозванные бейджи не печатаются.', from: 'С', to: 'По', perPage: 'На лист', submit: 'Открыть PDF' },
    stations: {
      heading: 'Станции', station: 'Станция', occupancy: 'Внутри', queue: 'Очередь', capacity: 'Вместимость', status: 'Статус', save: 'Сохранить',
      pause: 'Приостановить', resume: 'Возобновить', statuses: { open: 'открыта', paused: 'приостановлена', closed: 'закрыта' },
    },
    kiosks: {
      heading: 'Киоски', station: 'Станция', label: 'Метка', create: 'Добавить киоск', created: 'Киоск добавлен', pairingCode: 'Код привязки',
      token: 'Токен', tokenHint: 'Токен показывается только сейчас: введите его на киоске.', revoke: 'Отозвать', revokeConfirm: 'Киоск перестанет работать. Продолжить?',
      revoked: 'отозван', active: 'активен', lastSeen: 'Последняя связь', createdAt: 'Добавлен',
    },
    users: {
      heading: 'Сотрудники', username: 'Имя пользователя', displayName: 'Имя', role: 'Роль', password: 'Пароль (не менее 10 символов)', create: 'Добавить',
      disable: 'Отключить', enable: 'Включить', disabled: 'отключён', newPassword: 'Новый пароль', setPassword: 'Сменить пароль', passwordSet: 'Пароль изменён',
    },
    errors: { network: 'Нет связи с сервером', generic: 'Ошибка', forbidden: 'Нет прав на это действие', signedOut: 'Сеанс завершён: войдите снова' },
  },
  en: {
    title: 'Kezek — registration and admin',
    signIn: { heading: 'Staff sign-in', username: 'Username', password: 'Password', submit: 'Sign in', wrong: 'Wrong username or password', firstTime: 'First time? User name: admin, password: the admin token the server printed when it started.' },
    signOut: 'Sign out',
    roles: { organiser: 'Organiser', desk: 'Registration desk' },
    nav: { walkIn: 'Walk-in', attendees: 'Attendees', import: 'CSV import', print: 'Print badges', stations: 'Stations', kiosks: 'Kiosks', users: 'Staff' },
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
    walkIn: {
      heading: 'Register a walk-in', hint: 'Tab moves on, Enter registers and prints the badge. Category and institution stay for the next person.',
      submit: 'Register and print ⏎', done: (name) => `${name}: badge opened for printing`, printAgain: 'Open again',
      popupBlocked: 'The browser blocked the new window: press “Open again”',
    },
    attendees: {
      search: 'Search', searchHint: 'Name, badge number or phone', none: 'Nobody found', badge: 'No.', name: 'Name', status: 'Badge',
      active: 'valid', revoked: 'revoked', edit: 'Edit', save: 'Save', saved: 'Saved', cancel: 'Cancel',
      reprint: 'Print a new badge', reprintConfirm: 'The old badge will stop working. Continue?', revoke: 'Revoke badge',
      revokeConfirm: 'The badge will stop working. Continue?', printSelected: (n) => `Print selected on A4 (${n})`,
    },
    importCsv: {
      heading: 'Import pre-registrations', hint: 'UTF-8 CSV separated by “,” or “;”. Checked first; a file with any bad row imports nobody. Importing the same file again adds no duplicates.',
      file: 'File', check: 'Check', run: 'Import', line: 'Line', reason: 'Reason',
      refused: (rows) => `Rows with errors: ${rows}. Fix them and check again. Nothing was imported.`,
      ready: (c, u, n) => `The file is fine: ${c} new, ${u} to update, ${n} unchanged.`, done: (c, u, n) => `Imported: ${c} new, ${u} updated, ${n} unchanged.`,
      printNew: 'Print the new badges', ignored: 'Ignored columns',
      fileErrors: { empty_file: 'The file is empty', missing_column: 'A required column is missing', duplicate_column: 'A column appears twice', unterminated_quote: 'A quote is not closed', too_many_fields: 'Too many cells', bad_encoding: 'The file is not UTF-8', duplicate_in_file: 'Same person again' },
    },
    print: { heading: 'Print on A4 sheets', hint: 'A range of badge numbers; revoked badges are left out.', from: 'From', to: 'To', perPage: 'Per page', submit: 'Open PDF' },
    stations: {
      heading: 'Stations', station: 'Station', occupancy: 'Inside', queue: 'Queue', capacity: 'Capacity', status: 'Status', save: 'Save',
      pause: 'Pause', resume: 'Resume', statuses: { open: 'open', paused: 'paused', closed: 'closed' },
    },
    kiosks: {
      heading: 'Kiosks', station: 'Station', label: 'Label', create: 'Add kiosk', created: 'Kiosk added', pairingCode: 'Pairing code',
      token: 'Token', tokenHint: 'The token is shown only now: enter it on the kiosk.', revoke: 'Revoke', revokeConfirm: 'The kiosk will stop working. Continue?',
      revoked: 'revoked', active: 'active', lastSeen: 'Last seen', createdAt: 'Added',
    },
    users: {
      heading: 'Staff accounts', username: 'Username', displayName: 'Name', role: 'Role', password: 'Password (10 characters or more)', create: 'Add',
      disable: 'Disable', enable: 'Enable', disabled: 'disabled', newPassword: 'New password', setPassword: 'Change password', passwordSet: 'Password changed',
    },
    errors: { network: 'No connection to the server', generic: 'Error', forbidden: 'You may not do this', signedOut: 'Signed out: sign in again' },
  },
};
