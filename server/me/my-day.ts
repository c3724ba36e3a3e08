import type { FastifyInstance } from 'fastify';
import type { MyDay, MyProgrammeItem, MyStation } from '../../shared/me.ts';
import { goNow } from '../../shared/live-view.ts';
import { stationView } from '../flow/rules.ts';
import { placeAt } from './my-place.ts';

type Text = MyProgrammeItem['title'];

function isText(v: unknown): v is Text {
  if (typeof v === 'string') return true;
  const t = v as Record<string, unknown> | null;
  return typeof t === 'object' && t !== null && ['kk', 'ru', 'en'].every((l) => typeof t[l] === 'string');
}

/**
 * The programme of an event file, as the phone shows it; undefined when it has none. Read by its
 * items' plain fields (start or at, end, title or name, place): the phone never edits it.
 */
export function programmeOf(event: unknown): MyProgrammeItem[] | undefined {
  const list = (event as { programme?: unknown }).programme;
  if (!Array.isArray(list)) return undefined;
  const items: MyProgrammeItem[] = [];
  for (const raw of list as Array<Record<string, unknown>>) {
    const start = raw?.start ?? raw?.at;
    const title = raw?.title ?? raw?.name;
    if (typeof start !== 'string' || !isText(title)) continue;
    const item: MyProgrammeItem = { start, title };
    if (typeof raw.end === 'string') item.end = raw.end;
    if (isText(raw.place)) item.place = raw.place;
    items.push(item);
  }
  return items.length > 0 ? items : undefined;
}

/** Where attendee `no` is now, read from the live store. */
export async function placeOf(app: FastifyInstance, no: number, now: number) {
  const a = await app.live.attendee(no);
  const s = a?.stationId ? await app.live.station(a.stationId) : null;
  return placeAt(s, no, now, app.config.event.callMinutes);
}

/** The attendee's day as their phone shows it. */
export async function myDay(app: FastifyInstance, me: MyDay['me'], now: number): Promise<MyDay> {
  const [place, visits, states] = await Promise.all([placeOf(app, me.badgeNo, now), app.store.reports.visitsOf(me.badgeNo), app.live.stations()]);
  const views = states.map((s) => stationView(s, now));
  const visited = new Set(visits.map((v) => v.stationId));
  const stations: MyStation[] = views.map((v) => (v.shortName ? { id: v.id, name: v.name, shortName: v.shortName, group: v.group } : { id: v.id, name: v.name, group: v.group }));
  const day: MyDay = {
    me,
    place,
    visits,
    goNow: goNow(views.filter((v) => !visited.has(v.id) && v.id !== place?.stationId), 4).map((v) => v.id),
    stations,
    at: now,
  };
  const programme = programmeOf(app.config.event);
  if (programme) day.programme = programme;
  return day;
}
