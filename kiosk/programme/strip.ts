// The "now / next" strip of the day's programme, on the attendee screen and the wall board.
import type { ProgrammeView } from '../../shared/event.ts';
import type { Lang } from '../../shared/i18n.ts';
import { tourOffer, type StationView } from '../../shared/station.ts';
import { minuteOf, nowAndNext } from '../../shared/programme-rules.ts';
import { minuteOfDay } from '../../shared/event-clock.ts';
import { overflows } from '../../shared/fit-name.ts';
import { strings } from './strings.ts';

type Item = ProgrammeView['items'][number];

/** A station an item is held at (or linked to), as the strip shows it: its name, its seats left when it is a hall or a sessions station (else null), its next departure when it is a tour. */
export interface StationPlace {
  name: string;
  seatsLeft: number | null;
  tour?: StationView['tour'];
}

/** How the strip sees a station of the live view (shared/live-view.ts), by id. */
export function stationPlace(station: StationView | undefined, lang: Lang): StationPlace | null {
  if (!station) return null;
  return {
    name: (station.shortName ?? station.name)[lang],
    seatsLeft: station.mode === 'hall' || station.mode === 'sessions' ? Math.max(0, station.capacity - station.occupancy) : null,
    ...(station.tour ? { tour: station.tour } : {}),
  };
}

/** "next tour 11:30 — 6 places", that every departure left is full, or that none is left today. */
export function nextTourText(tour: NonNullable<StationView['tour']>, lang: Lang, short = false): string {
  const t = strings[lang];
  const offer = tourOffer(tour);
  return offer === 'open' ? (short ? t.nextTourShort : t.nextTour)(tour.next!, tour.placesLeft) : offer === 'full' ? t.toursFull : t.toursOver;
}

/** Items each half of the strip shows on a wall; a phone (the screen's compact list) shows one, to stay short. */
const SHOWN = 2;
const HANDHELD = window.matchMedia('(max-width: 900px)');

/** The programme as the server gives it now; null when it does not answer (the strip keeps what it had). */
export async function fetchProgramme(base: string, path = '/api/programme'): Promise<ProgrammeView | null> {
  try {
    const r = await fetch(`${base}${path}`, { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    return r.ok ? ((await r.json()) as ProgrammeView) : null;
  } catch {
    return null;
  }
}

const el = (tag: string, cls: string, text = ''): HTMLElement => {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
};

/** Draws the programme into `root` (a `.programme` section with `.prog-now` and `.prog-next` halves). */
export class ProgrammeStrip {
  private programme: ProgrammeView | null = null;

  /** `shown`: items each half shows on a wall. */
  constructor(
    private readonly root: HTMLElement,
    private readonly shown = SHOWN,
  ) {}

  set(programme: ProgrammeView): void {
    this.programme = programme;
  }

  /** The clock the programme is on, minutes east of UTC; null before the programme came (the device's own then). */
  get utcOffsetMinutes(): number | null {
    return this.programme?.utcOffsetMinutes ?? null;
  }

  /**
   * Draws the strip as it stands at instant `at` (ms; the server's clock), on the event's clock.
   * `station` tells of an item held at a station: its name, and its seats left when it is a hall.
   */
  render(lang: Lang, at: number, station: (place: string) => StationPlace | null = () => null): void {
    const programme = this.programme;
    this.root.hidden = !programme || programme.items.length === 0;
    if (!programme || this.root.hidden) return;
    const minute = minuteOfDay(at, programme.utcOffsetMinutes);
    const t = strings[lang];
    const places = new Map(programme.places.map((p) => [p.id, p]));
    const shown = HANDHELD.matches ? 1 : this.shown;
    const { now, next } = nowAndNext(programme.items, minute, shown);
    // What began last is what people ask about; the all-day exhibition goes below the opening.
    const current = [...now].sort((a, b) => minuteOf(b.start) - minuteOf(a.start)).slice(0, shown);
    const half = (cls: string, title: string, items: Item[], empty: string) => {
      const box = el('div', cls);
      const list = el('ol', 'prog-list');
      list.append(...(items.length > 0 ? items.map((i) => this.item(i, lang, station(i.station ?? i.place))) : [el('li', 'prog-none', empty)]));
      box.append(el('h2', 'prog-title', title), list);
      return box;
    };
    const over = now.length === 0 && next.length === 0;
    // A phone keeps its page short: what is under way, else what comes next, one item.
    const handheld = HANDHELD.matches;
    const nowShown = over || current.length > 0 || !handheld;
    const nextShown = !over && (!handheld || current.length === 0);
    this.root.replaceChildren(
      ...(nowShown ? [half('prog-now', t.now, current, over ? t.over : t.nothingNow)] : []),
      ...(nextShown ? [half('prog-next', t.next, next, '')] : []),
    );
    this.root.dataset.over = String(over);
    for (const li of this.root.querySelectorAll<HTMLElement>('.prog-item')) {
      const i = programme.items.find((x) => x.id === li.dataset.item);
      const place = places.get(i?.place ?? '');
      if (i) fitItem(li, [i.title[lang], i.shortTitle?.[lang]], place ? [place.name[lang], place.shortName?.[lang]] : [station(i.place)?.name ?? '']);
    }
  }

  private item(i: Item, lang: Lang, at: StationPlace | null): HTMLElement {
    const li = el('li', 'prog-item');
    li.dataset.item = i.id;
    const time = el('time', 'prog-time', `${i.start}–${i.end}`);
    li.append(time, el('span', 'prog-what'), el('span', 'prog-where'));
    if (at && at.seatsLeft !== null) li.append(el('span', 'prog-seats', strings[lang].seats(at.seatsLeft)));
    if (at?.tour) {
      const tour = el('span', 'prog-seats prog-tour', nextTourText(at.tour, lang));
      tour.dataset.compact = nextTourText(at.tour, lang, true);
      li.append(tour);
    }
    if (i.shifted) {
      li.dataset.shifted = 'true';
      time.title = strings[lang].moved;
      li.append(el('span', 'prog-moved', strings[lang].moved));
    }
    return li;
  }
}

/**
 * Fills an item's title and place (both in the page, laid out): the full texts where they fit,
 * else the place's short name, else the short title, else both short, else the short title
 * alone; beside a tour's departure, its short form (no "next tour") then goes with them (cut with
 * an ellipsis only when even that does not fit). `data-short` tells which were shortened.
 */
function fitItem(li: HTMLElement, titles: [string, string?], places: [string, string?]): void {
  const what = li.querySelector<HTMLElement>('.prog-what')!;
  const where = li.querySelector<HTMLElement>('.prog-where')!;
  const [title, shortTitle = title] = titles;
  const [place, shortPlace = place] = places;
  // Last, the place goes: a title cut is worse than a place left out (a tour's place is its title).
  const tries: Array<[string, string]> = [[title, place], [title, shortPlace], [shortTitle, place], [shortTitle, shortPlace], [shortTitle, '']];
  const tour = li.querySelector<HTMLElement>('.prog-tour[data-compact]');
  const fits = () => tries.some(([t, p]) => {
    what.textContent = t;
    // A place named as the title says nothing more ("Exhibition Exhibition").
    where.textContent = p === t ? '' : p;
    return !overflows(what) && !overflows(where);
  });
  const shortTour = !fits() && tour !== null;
  if (shortTour) {
    tour.textContent = tour.dataset.compact!;
    fits();
  }
  li.dataset.short = [what.textContent !== title ? 'title' : '', where.textContent !== place ? 'place' : '', shortTour ? 'tour' : ''].filter(Boolean).join(' ');
}
