import type { MyConsent, MyDay, MyProgrammeItem, MyStation } from '../../shared/me.ts';
import { goNow } from '../../shared/live-view.ts';
import { stationView } from '../flow/rules.ts';
import { placeAt } from './my-place.ts';
import { programmeOf as shiftedProgramme } from '../routes/programme.ts';
import type { MeEvent } from './me-event.ts';
import { eventUtcOffset } from '../../shared/event.ts';
import { offsetAt } from '../../shared/event-clock.ts';

/** The day's programme as the phone shows it (times shifted on the day included, places named); undefined when it has no items. */
async function programmeOf(at: MeEvent, stations: readonly MyStation[]): Promise<MyProgrammeItem[] | undefined> {
  const view = await shiftedProgramme(at.def, at.records.programme);
  if (view.items.length === 0) return undefined;
  const names = new Map([...stations.map((s) => [s.id, s.name] as const), ...view.places.map((p) => [p.id, p.name] as const)]);
  return view.items
    .map((i) => {
      const place = names.get(i.place);
      return { start: i.start, end: i.end, title: i.title, ...(i.shortTitle ? { shortTitle: i.shortTitle } : {}), ...(place ? { place } : {}), ...(i.shifted ? { shifted: true as const } : {}) };
    })
    .sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * Consent to every employer the attendee visited: their own choice on the phone, else the consent
 * given at registration (`registered`). What the lead lists read (server/db/*-reports.ts).
 */
export async function consentsOf(at: MeEvent, badgeNo: number, registered: boolean): Promise<MyConsent[]> {
  const [visits, chosen] = await Promise.all([at.records.reports.visitsOf(badgeNo), at.records.consents.of(badgeNo)]);
  const employers = new Set(at.def.stations.filter((s) => s.group === 'employer').map((s) => s.id));
  const choice = new Map(chosen.map((c) => [c.stationId, c.given]));
  const visited = [...new Set(visits.map((v) => v.stationId))].filter((id) => employers.has(id));
  return visited.map((stationId) => ({ stationId, given: choice.get(stationId) ?? registered }));
}

/** Where attendee `no` is now, read from the event's live store. */
export async function placeOf(at: MeEvent, no: number, now: number) {
  const a = await at.live.attendee(no);
  const s = a?.stationId ? await at.live.station(a.stationId) : null;
  return placeAt(s, no, now, at.def.callMinutes);
}

/** The attendee's day as their phone shows it. */
export async function myDay(at: MeEvent, me: MyDay['me'] & { consent: boolean }, now: number): Promise<MyDay> {
  const [place, visits, states, consents] = await Promise.all([
    placeOf(at, me.badgeNo, now),
    at.records.reports.visitsOf(me.badgeNo),
    at.live.stations(),
    consentsOf(at, me.badgeNo, me.consent),
  ]);
  const views = states.map((s) => stationView(s, now));
  const visited = new Set(visits.map((v) => v.stationId));
  const stations: MyStation[] = views.map((v) => {
    const s: MyStation = { id: v.id, name: v.name, group: v.group, queue: v.queue, waitMinutes: v.waitMinutes };
    if (v.shortName) s.shortName = v.shortName;
    if (v.remoteQueue) s.remoteQueue = true;
    return s;
  });
  const day: MyDay = {
    me: { badgeNo: me.badgeNo, firstName: me.firstName, language: me.language },
    place,
    visits,
    goNow: goNow(views.filter((v) => !visited.has(v.id) && v.id !== place?.stationId), 4).map((v) => v.id),
    stations,
    consents,
    utcOffsetMinutes: offsetAt(now, eventUtcOffset(at.def)),
    at: now,
  };
  const programme = await programmeOf(at, stations);
  if (programme) day.programme = programme;
  return day;
}
