import type { FastifyInstance } from 'fastify';
import type { MyDay, MyProgrammeItem, MyStation } from '../../shared/me.ts';
import { goNow } from '../../shared/live-view.ts';
import { stationView } from '../flow/rules.ts';
import { placeAt } from './my-place.ts';
import { programmeView } from '../routes/programme.ts';

/** The day's programme as the phone shows it (times shifted on the day included, places named); undefined when it has no items. */
async function programmeOf(app: FastifyInstance, stations: readonly MyStation[]): Promise<MyProgrammeItem[] | undefined> {
  const view = await programmeView(app);
  if (view.items.length === 0) return undefined;
  const names = new Map([...stations.map((s) => [s.id, s.name] as const), ...view.places.map((p) => [p.id, p.name] as const)]);
  return view.items
    .map((i) => {
      const place = names.get(i.place);
      return place ? { start: i.start, end: i.end, title: i.title, place } : { start: i.start, end: i.end, title: i.title };
    })
    .sort((a, b) => a.start.localeCompare(b.start));
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
  const programme = await programmeOf(app, stations);
  if (programme) day.programme = programme;
  return day;
}
