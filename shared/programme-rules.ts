// The programme's rules, shared by the server (the event file at start, an organiser's shift) and
// the pages (now / next). Types only from shared/event.ts: no TypeBox at run time here.
import type { LocalText, Programme, ProgrammeItem } from './event.ts';
import { LANGUAGES } from './i18n.ts';

/** Minutes since midnight of a `HH:MM` clock time. */
export function minuteOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The `HH:MM` clock time of minutes since midnight. */
export function clockTime(minute: number): string {
  const m = ((Math.floor(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Why an item's times cannot stand: it ends before it starts, or it is outside the day (opens to closes). */
export type TimeProblem = 'end_not_after_start' | 'outside_day';

/** What is wrong with an item's start and end within the day, in that order; empty when nothing is. */
export function timeProblems(day: Pick<Programme, 'opens' | 'closes'>, start: string, end: string): TimeProblem[] {
  const problems: TimeProblem[] = [];
  if (minuteOf(end) <= minuteOf(start)) problems.push('end_not_after_start');
  const [from, to] = [minuteOf(day.opens), minuteOf(day.closes)];
  if ([minuteOf(start), minuteOf(end)].some((m) => m < from || m > to)) problems.push('outside_day');
  return problems;
}

/** Two spans of minutes share a moment (one ending as the other starts do not). */
function overlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return minuteOf(a.start) < minuteOf(b.end) && minuteOf(b.start) < minuteOf(a.end);
}

/** The first other item at the same place whose time overlaps `item`'s; null when none does. */
export function clashOf<T extends Pick<ProgrammeItem, 'id' | 'place' | 'start' | 'end'>>(items: readonly T[], item: Pick<ProgrammeItem, 'id' | 'place' | 'start' | 'end'>): T | null {
  return items.find((other) => other.id !== item.id && other.place === item.place && overlap(other, item)) ?? null;
}

/** The languages a text lacks (empty or blank). */
function missingLanguages(text: LocalText | undefined): string[] {
  if (!text) return [];
  return LANGUAGES.filter((lang) => typeof text[lang] !== 'string' || text[lang].trim() === '');
}

/** What is wrong with a short text (a short title, a short name) beside its full one: a language missing, or longer than the full text. */
function shortTextProblems(at: string, short: LocalText | undefined, full: LocalText): string[] {
  if (!short) return [];
  const missing = missingLanguages(short);
  const longer = LANGUAGES.filter((lang) => !missing.includes(lang) && short[lang].trim().length > full[lang].trim().length);
  return [...missing.map((lang) => `${at} has no ${lang} text`), ...longer.map((lang) => `${at} is longer in ${lang} than the full text`)];
}

/**
 * What is wrong with a programme as a whole, each as a message naming the field (as the event
 * file's other errors do); empty when nothing is. `stationIds`: the event's stations, which items
 * may be held at (or linked to) and places may not be named as.
 */
export function programmeProblems(programme: Programme, stationIds: readonly string[]): string[] {
  const problems: string[] = [];
  const stations = new Set(stationIds);
  if (minuteOf(programme.closes) <= minuteOf(programme.opens)) {
    problems.push(`/programme/closes ${programme.closes} is not after opens ${programme.opens}`);
  }
  const places = new Set<string>();
  for (const [i, p] of programme.places.entries()) {
    if (places.has(p.id)) problems.push(`/programme/places/${i}/id "${p.id}" is used twice`);
    else if (stations.has(p.id)) problems.push(`/programme/places/${i}/id "${p.id}" is a station's id`);
    places.add(p.id);
    for (const lang of missingLanguages(p.name)) problems.push(`/programme/places/${i}/name has no ${lang} text`);
    problems.push(...shortTextProblems(`/programme/places/${i}/shortName`, p.shortName, p.name));
  }
  const ids = new Set<string>();
  for (const [i, item] of programme.items.entries()) {
    const at = `/programme/items/${i}`;
    if (ids.has(item.id)) problems.push(`${at}/id "${item.id}" is used twice`);
    ids.add(item.id);
    if (!places.has(item.place) && !stations.has(item.place)) problems.push(`${at}/place "${item.place}" is neither a programme place nor a station`);
    if (item.station !== undefined && !stations.has(item.station)) problems.push(`${at}/station "${item.station}" is not a station`);
    const times = timeProblems(programme, item.start, item.end);
    if (times.includes('end_not_after_start')) problems.push(`${at}/end ${item.end} is not after start ${item.start}`);
    if (times.includes('outside_day')) problems.push(`${at} ${item.start}–${item.end} is outside the day (${programme.opens}–${programme.closes})`);
    for (const lang of missingLanguages(item.title)) problems.push(`${at}/title has no ${lang} text`);
    problems.push(...shortTextProblems(`${at}/shortTitle`, item.shortTitle, item.title));
    for (const lang of missingLanguages(item.description)) problems.push(`${at}/description has no ${lang} text`);
    // Each overlap is named once, at the later item of the two.
    const clash = clashOf(programme.items.slice(0, i), item);
    if (clash && !times.includes('end_not_after_start')) {
      problems.push(`${at} "${clash.id}" and "${item.id}" are at ${item.place} at the same time`);
    }
  }
  return problems;
}

/** What is on at a minute of the day and what comes next. */
export interface NowAndNext<T> {
  /** Items under way (started, not ended), earliest start first. */
  now: T[];
  /** Items yet to start, earliest first, `count` at most. */
  next: T[];
}

/** The items under way at `minute` (minutes since midnight) and the next `count` to start. */
export function nowAndNext<T extends Pick<ProgrammeItem, 'start' | 'end'>>(items: readonly T[], minute: number, count = 3): NowAndNext<T> {
  const byStart = [...items].sort((a, b) => minuteOf(a.start) - minuteOf(b.start) || minuteOf(a.end) - minuteOf(b.end));
  return {
    now: byStart.filter((i) => minuteOf(i.start) <= minute && minute < minuteOf(i.end)),
    next: byStart.filter((i) => minuteOf(i.start) > minute).slice(0, count),
  };
}
