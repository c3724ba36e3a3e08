import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { EventComparison, type ComparedEvent } from '../../shared/events.ts';
import { DEFAULT_UTC_OFFSET_MINUTES, eventReport, stationsReport } from '../reports/queries.ts';
import type { EventRecord } from '../db/events.ts';
import { eventNamed, eventOf } from './events.ts';

const Params = Type.Object({ event: Type.String({ maxLength: 64 }), other: Type.String({ maxLength: 64 }) });


/**
 * GET /api/events/:event/compare/:other (organisers of both): two events side by side: registered,
 * arrived and the conversion between them, visits per employer (by host: a copied event's
 * stations may change ids, not hosts), and the returning attendees (people registered at both, and
 * who came to both).
 */
export default async function eventCompareRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { event: string; other: string } }>(
    '/api/events/:event/compare/:other',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['events'],
        summary: 'Two events side by side: registered, arrived, conversion, and visits per employer',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: EventComparison, '4xx': ApiError },
      },
    },
    async (request) => {
      const a = await eventOf(app, request);
      const b = await eventNamed(app, request, request.params.other);
      const [first, second, returning] = await Promise.all([figures(app, a), figures(app, b), app.store.forEvent(a.id).attendees.sharedWith(b.id)]);
      const hosts = [...new Set([...first.employers.keys(), ...second.employers.keys()])].sort();
      return {
        events: [first.event, second.event],
        employers: hosts.map((host) => {
          const x = first.employers.get(host) ?? { visits: 0, visitors: 0 };
          const y = second.employers.get(host) ?? { visits: 0, visitors: 0 };
          return { host, visits: [x.visits, y.visits], visitors: [x.visitors, y.visitors] };
        }),
        returning,
      };
    },
  );
}

/** One event's figures: its funnel and conversion, and visits and visitors per employer host. */
async function figures(app: FastifyInstance, e: EventRecord): Promise<{ event: ComparedEvent; employers: Map<string, { visits: number; visitors: number }> }> {
  const reports = app.store.forEvent(e.id).reports;
  const [report, stations] = await Promise.all([eventReport(reports, { utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES, top: 5 }), stationsReport(reports, { utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES })]);
  const { registered, arrived } = report.funnel;
  const employers = new Map<string, { visits: number; visitors: number }>();
  for (const s of stations.stations) {
    if (s.group !== 'employer') continue;
    const sum = employers.get(s.host) ?? { visits: 0, visitors: 0 };
    employers.set(s.host, { visits: sum.visits + s.visits, visitors: sum.visitors + s.uniqueVisitors });
  }
  return {
    event: { id: e.id, name: e.name, startsOn: e.startsOn, registered, arrived, conversion: registered > 0 ? arrived / registered : null },
    employers,
  };
}
