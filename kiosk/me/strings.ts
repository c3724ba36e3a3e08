import type { Strings } from '../../shared/i18n.ts';

/** Every word of the attendee's phone page, in Kazakh, Russian and English. */
export interface MeText {
  signIn: string;
  signInHint: string;
  badgeNo: string;
  pin: string;
  signInButton: string;
  hello: (name: string, no: number) => string;
  nowhere: string;
  inside: (station: string, since: string) => string;
  queued: (station: string, position: number) => string;
  wait: (text: string) => string;
  called: (station: string) => string;
  calledKept: (left: string) => string;
  calledGone: string;
  goNow: string;
  goNowNone: string;
  passport: string;
  passportNone: string;
  still: string;
  programme: string;
  consent: string;
  consentHint: string;
  consentGiven: string;
  consentNot: string;
  signOut: string;
  remote: string;
  join: string;
  leave: string;
  waiting: (n: number, wait: string) => string;
  joinWarn: (from: string, to: string) => string;
  offline: (at: string) => string;
  errors: Record<'pin_wrong' | 'unauthorized' | 'csrf' | 'network' | 'other' | 'remote_not_allowed' | 'queue_full' | 'station_paused' | 'station_closed' | 'event_closed' | 'event_not_live' | 'event_not_found', string>;
  rateLimited: (seconds: number) => string;
  /** A badge of another event of the installation typed here: its name, and the link to its own phone page. */
  otherEvent: (event: string) => string;
  goThere: string;
}

export const strings: Strings<MeText> = {
  kk: {
    signIn: 'Менің кезегім',
    signInHint: 'Бейджіңіздегі нөмір мен PIN-кодты енгізіңіз',
    badgeNo: 'Бейдж нөмірі',
    pin: 'PIN-код',
    signInButton: 'Кіру',
    hello: (name, no) => `Сәлем, ${name} · №\u00a0${no}`,
    nowhere: 'Сіз қазір ешбір кезекте емессіз',
    inside: (station, since) => `Сіз «${station}» алаңындасыз, ${since} бастап`,
    queued: (station, position) => `«${station}» кезегінде: ${position}-орын`,
    wait: (text) => `Күту: ${text}`,
    called: (station) => `Кезегіңіз келді! «${station}» алаңына қазір келіңіз`,
    calledKept: (left) => `Орныңыз ${left} сақталады`,
    calledGone: 'Шақыру уақыты өтті',
    goNow: 'Қазір барыңыз',
    goNowNone: 'Қазір бос алаң жоқ — кейінірек қараңыз',
    passport: 'Менің күнім',
    passportNone: 'Әлі ешбір алаңда болмадыңыз',
    still: 'қазір осында',
    programme: 'Бағдарлама',
    consent: 'Менің келісімім',
    consentHint: 'Қай жұмыс беруші сізбен байланыса алады: кез келген уақытта өзгертуге болады',
    consentGiven: '✓ Байланысуға келісемін',
    consentNot: 'Келіспеймін',
    signOut: 'Шығу',
    remote: 'Телефоннан кезекке тұру',
    join: 'Кезекке тұру',
    leave: 'Кезектен шығу',
    waiting: (n, wait) => (n > 0 ? `Кезекте ${n} адам · ${wait}` : 'Кезек жоқ'),
    joinWarn: (from, to) => `«${to}» кезегіне тұрсаңыз, «${from}» алаңындағы орныңыздан шығасыз. Жалғастырасыз ба?`,
    offline: (at) => `Байланыс жоқ — ${at} кезіндегі деректер`,
    errors: {
      pin_wrong: 'Бейдж нөмірі немесе PIN-код қате',
      unauthorized: 'Қайта кіріңіз',
      csrf: 'Бетті жаңартып, қайта көріңіз',
      network: 'Желі жоқ: Wi-Fi-ды тексеріп, қайта көріңіз',
      other: 'Бірдеңе дұрыс болмады, қайта көріңіз',
      remote_not_allowed: 'Бұл алаңның кезегіне тек өзіңіз келіп тұрасыз',
      queue_full: 'Кезек толы',
      station_paused: 'Алаңда үзіліс',
      station_closed: 'Алаң жабық',
      event_closed: 'Іс-шара аяқталды',
      event_not_live: 'Бұл іс-шара қазір ашық емес',
      event_not_found: 'Мұндай іс-шара жоқ',
    },
    rateLimited: (s) => `Тым көп әрекет: ${s} секундтан кейін қайта көріңіз`,
    otherEvent: (event) => `Бұл бейдж басқа іс-шараның: «${event}»`,
    goThere: 'Оның бетіне өту',
  },
  ru: {
    signIn: 'Моя очередь',
    signInHint: 'Введите номер и PIN-код с вашего бейджа',
    badgeNo: 'Номер бейджа',
    pin: 'PIN-код',
    signInButton: 'Войти',
    hello: (name, no) => `Здравствуйте, ${name} · №\u00a0${no}`,
    nowhere: 'Сейчас вы ни в одной очереди',
    inside: (station, since) => `Вы на площадке «${station}» с ${since}`,
    queued: (station, position) => `В очереди «${station}»: ${position}-й`,
    wait: (text) => `Ожидание: ${text}`,
    called: (station) => `Ваша очередь! Подойдите сейчас: «${station}»`,
    calledKept: (left) => `Место держат ещё ${left}`,
    calledGone: 'Время вызова вышло',
    goNow: 'Можно идти сейчас',
    goNowNone: 'Свободных площадок сейчас нет — загляните позже',
    passport: 'Мой день',
    passportNone: 'Вы ещё не были ни на одной площадке',
    still: 'сейчас здесь',
    programme: 'Программа',
    consent: 'Моё согласие',
    consentHint: 'Какие работодатели могут с вами связаться: можно изменить в любой момент',
    consentGiven: '✓ Согласен на связь',
    consentNot: 'Не согласен',
    signOut: 'Выйти',
    remote: 'Встать в очередь с телефона',
    join: 'В очередь',
    leave: 'Выйти из очереди',
    waiting: (n, wait) => (n > 0 ? `В очереди ${n} · ${wait}` : 'Очереди нет'),
    joinWarn: (from, to) => `Встав в очередь «${to}», вы потеряете место на площадке «${from}». Продолжить?`,
    offline: (at) => `Нет связи — данные на ${at}`,
    errors: {
      pin_wrong: 'Неверный номер бейджа или PIN-код',
      unauthorized: 'Войдите снова',
      csrf: 'Обновите страницу и попробуйте снова',
      network: 'Нет сети: проверьте Wi-Fi и попробуйте снова',
      other: 'Что-то пошло не так, попробуйте снова',
      remote_not_allowed: 'В эту очередь встают только лично',
      queue_full: 'Очередь заполнена',
      station_paused: 'На площадке перерыв',
      station_closed: 'Площадка закрыта',
      event_closed: 'Мероприятие завершено',
      event_not_live: 'Это мероприятие сейчас не открыто',
      event_not_found: 'Такого мероприятия нет',
    },
    rateLimited: (s) => `Слишком много попыток: попробуйте через ${s} с`,
    otherEvent: (event) => `Этот бейдж другого мероприятия: «${event}»`,
    goThere: 'Перейти на его страницу',
  },
  en: {
    signIn: 'My queue',
    signInHint: 'Enter the number and the PIN printed on your badge',
    badgeNo: 'Badge number',
    pin: 'PIN',
    signInButton: 'Sign in',
    hello: (name, no) => `Hello, ${name} · No.\u00a0${no}`,
    nowhere: 'You are not in any queue now',
    inside: (station, since) => `You are at ${station} since ${since}`,
    queued: (station, position) => `In line at ${station}: number ${position}`,
    wait: (text) => `Wait: ${text}`,
    called: (station) => `Your turn! Come to ${station} now`,
    calledKept: (left) => `Your place is kept for ${left}`,
    calledGone: 'The call has run out',
    goNow: 'Go now',
    goNowNone: 'No station is free right now — look again soon',
    passport: 'My day',
    passportNone: 'You have not visited a station yet',
    still: 'here now',
    programme: 'Programme',
    consent: 'My consent',
    consentHint: 'Which employers may contact you: change it at any time',
    consentGiven: '✓ May contact me',
    consentNot: 'May not contact me',
    signOut: 'Sign out',
    remote: 'Join a queue from your phone',
    join: 'Join',
    leave: 'Leave the queue',
    waiting: (n, wait) => (n > 0 ? `${n} waiting · ${wait}` : 'No queue'),
    joinWarn: (from, to) => `Joining the queue at ${to} gives up your place at ${from}. Go ahead?`,
    offline: (at) => `No connection — as of ${at}`,
    errors: {
      pin_wrong: 'Wrong badge number or PIN',
      unauthorized: 'Please sign in again',
      csrf: 'Reload the page and try again',
      network: 'No network: check the Wi-Fi and try again',
      other: 'Something went wrong, try again',
      remote_not_allowed: 'This queue is joined in person only',
      queue_full: 'The queue is full',
      station_paused: 'The station is on a break',
      station_closed: 'The station is closed',
      event_closed: 'The event is over',
      event_not_live: 'This event is not open now',
      event_not_found: 'There is no such event',
    },
    rateLimited: (s) => `Too many tries: try again in ${s} s`,
    otherEvent: (event) => `This badge is of another event: “${event}”`,
    goThere: 'Go to its page',
  },
};
