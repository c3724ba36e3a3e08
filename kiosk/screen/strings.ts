import type { Strings } from '../../shared/i18n.ts';

/** Every word of the attendee screen, in Kazakh, Russian and English. */
export interface ScreenText {
  title: string;
  station: string;
  queue: string;
  wait: string;
  noWait: string;
  full: string;
  paused: string;
  closed: string;
  goNow: string;
  goNowNone: string;
  free: (n: number) => string;
  /** The assembly hall: seats not taken. */
  seatsLeft: (n: number) => string;
  /** An exhibition zone: people in it now. */
  inside: (n: number) => string;
  calling: string;
  callingHint: string;
  callingNone: string;
  offline: string;
  auto: string;
  /** Beside the QR of the attendee's phone page. */
  meQr: string;
}

export const strings: Strings<ScreenText> = {
  kk: {
    title: 'Алаңдардағы кезек',
    station: 'Алаң',
    queue: 'Кезек',
    wait: 'Күту',
    noWait: 'Кезек жоқ',
    full: 'Орын жоқ',
    paused: 'Үзіліс',
    closed: 'Жабық',
    goNow: 'Қазір барыңыз',
    goNowNone: 'Қазір барлық алаңда кезек бар',
    free: (n) => `${n} бос орын`,
    seatsLeft: (n) => `${n} бос орын`,
    inside: (n) => `Ішінде ${n}`,
    calling: 'Шақырылды',
    callingHint: 'Нөміріңізді көрдіңіз бе? Алаңға келіңіз',
    callingNone: 'Қазір ешкім шақырылмаған',
    offline: 'Байланыс жоқ — деректер ескі болуы мүмкін',
    meQr: 'Кезегіңіз телефоныңызда: QR-ды сканерлеп, бейдж нөмірі мен PIN-кодты енгізіңіз',
    auto: 'Авто',
  },
  ru: {
    title: 'Очереди на площадках',
    station: 'Площадка',
    queue: 'Очередь',
    wait: 'Ожидание',
    noWait: 'Без очереди',
    full: 'Мест нет',
    paused: 'Перерыв',
    closed: 'Закрыто',
    goNow: 'Идите сейчас',
    goNowNone: 'Сейчас везде очереди',
    free: (n) => `свободно: ${n}`,
    seatsLeft: (n) => `свободных мест: ${n}`,
    inside: (n) => `внутри: ${n}`,
    calling: 'Вызываются',
    callingHint: 'Увидели свой номер? Подходите к площадке',
    callingNone: 'Сейчас никого не вызывают',
    offline: 'Нет связи — данные могут устареть',
    meQr: 'Ваша очередь в телефоне: отсканируйте QR и введите номер бейджа и PIN-код',
    auto: 'Авто',
  },
  en: {
    title: 'Queues at the stations',
    station: 'Station',
    queue: 'Queue',
    wait: 'Wait',
    noWait: 'No queue',
    full: 'Full',
    paused: 'Break',
    closed: 'Closed',
    goNow: 'Go now',
    goNowNone: 'Every station has a queue right now',
    free: (n) => `${n} free`,
    seatsLeft: (n) => `${n} seats left`,
    inside: (n) => `${n} inside`,
    calling: 'Now calling',
    callingHint: 'See your number? Come to the station',
    callingNone: 'Nobody is being called',
    offline: 'No connection — figures may be old',
    meQr: 'Your place in line on your phone: scan the QR, then type your badge number and PIN',
    auto: 'Auto',
  },
};
