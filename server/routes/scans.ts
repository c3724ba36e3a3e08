import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { BADGE_REASONS, ConfirmNeeded, ScanAnswer, ScanRequest } from '../../shared/scan.ts';
import { counts, isHere } from '../flow/rules.ts';
import type { AttendeeState, ScanInput } from '../flow/state.ts';
import { eventArchived } from '../plugins/event-course.ts';
import { ApiFailure } from '../plugins/errors.ts';
import type { EventLive } from '../plugins/live-events.ts';
import type { LiveStore } from '../live/live-store.ts';

/** The serial a typed number is checked with when its attendee has no badge in force: never a real one. */
const NO_BADGE = '-';

const BadgeRefusal = Type.Composite([ApiError, Type.Partial(ScanAnswer)]);

const MESSAGES: Record<string, string> = {
  badge_invalid: 'This badge is not a valid badge of this event',
  badge_other_event: 'This badge is a badge of another event of this installation',
  badge_revoked: 'This badge was replaced or revoked',
  badge_unknown: 'No attendee has this badge',
};

/** The answer of a scan the event refuses as a whole (closed or archived): nothing decided, nothing logged. */
const EventClosed = Type.Composite([ApiError, ScanAnswer]);

/** The badge a scan presents, and (for a typed number) the attendee already looked up. */
const presented = async ({ live, badges }: EventLive, body: ScanRequest): Promise<{ badge: ScanInput['badge']; attendee?: AttendeeState | null }> => {
  if ((body.badge === undefined) === (body.badgeNo === undefined)) {
    throw new ApiFailure(400, 'invalid_scan', 'Send exactly one of badge (the QR text) and badgeNo (a typed badge number)');
  }
  if (body.badge !== undefined) return { badge: badges.check(body.badge) };
  const attendee = await live.attendee(body.badgeNo!);
  return { badge: { no: body.badgeNo!, serial: attendee?.serial ?? NO_BADGE }, attendee };
};

/** Entry-only and exit-only kiosks: a valid badge that would do the opposite here waits for the volunteer's yes. */
const confirmNeeded = async (live: LiveStore, body: ScanRequest, stationId: string, badge: ScanInput['badge'], known?: AttendeeState | null): Promise<ConfirmNeeded | null> => {
  if (!body.mode || 'error' in badge) return null;
  const [attendee, station] = await Promise.all([known === undefined ? live.attendee(badge.no) : known, live.station(stationId)]);
  // Unknown and revoked badges go on to be refused (and logged) as usual.
  if (!attendee || !station || attendee.serial !== badge.serial) return null;
  const inside = isHere(station, attendee);
  if (inside === (body.mode === 'exit')) return null;
  const message = inside ? 'This attendee is inside: send the scan again without mode to check them out' : 'This attendee is not inside: send the scan again without mode to check them in';
  return { code: 'confirm_needed', message, badgeNo: badge.no, inside };
};

/** A scan's answer: badge refusals with their 4xx status, code and message. */
const send = (reply: FastifyReply, answer: ScanAnswer, replayed: boolean) => {
  const sent = replayed ? { ...answer, replayed: true } : answer;
  if (!answer.reason || !BADGE_REASONS.has(answer.reason)) return sent;
  return reply.code(answer.reason === 'badge_revoked' ? 403 : 422).send({ code: answer.reason, message: MESSAGES[answer.reason], ...sent });
};

/** The refusal of a scan at a closed event, with its station as it stands. */
const eventClosed = async (live: LiveStore | undefined, stationId: string) => {
  const station = await live?.station(stationId);
  return {
    code: 'event_closed',
    message: 'The event is closed: it takes no scans',
    outcome: 'rejected' as const,
    reason: 'event_closed' as const,
    station: station ? counts(station) : { id: stationId, occupancy: 0, capacity: 0, queue: 0 },
  };
};

/**
 * POST /api/scans: a kiosk reports a scanned badge, or a badge number typed by hand; answered once
 * the scan is durable. A typed number is looked up here and then decided, logged and refused
 * exactly like the QR it stands for: the kiosk never gets a badge's text, and learns a name only
 * as the answer to a scan at its own station.
 */
export default async function scanRoutes(app: FastifyInstance): Promise<void> {
  /** When each scan request arrived (performance.now()), for the latency histogram. */
  const received = new WeakMap<FastifyRequest, number>();

  app.post<{ Body: ScanRequest }>(
    '/api/scans',
    {
      bodyLimit: 4096,
      config: { access: ['kiosk'], limit: 'scans' },
      // The scan's time in the server is counted from here, before authentication and parsing.
      onRequest: (request, _reply, done) => {
        received.set(request, performance.now());
        done();
      },
      schema: {
        tags: ['scans'],
        summary: 'Record a scan at the kiosk’s station: a QR text (badge) or a badge number typed by hand (badgeNo)',
        security: [{ bearer: [] }],
        body: ScanRequest,
        response: { 200: ScanAnswer, 403: BadgeRefusal, 409: Type.Union([ConfirmNeeded, EventClosed, ApiError]), 422: BadgeRefusal, '4xx': ApiError, 503: ApiError, 507: ApiError },
      },
    },
    async (request, reply) => {
      const kiosk = request.principal;
      if (kiosk.role !== 'kiosk') throw new ApiFailure(403, 'forbidden', 'Only kiosks scan');
      const body = request.body;
      if (body.station !== undefined && body.station !== kiosk.stationId) {
        throw new ApiFailure(403, 'kiosk_wrong_station', `This kiosk scans at ${kiosk.stationId}, not ${body.station}`);
      }
      // The kiosk's event: the served one (nearly every scan, no wait), or another live here too.
      const event = kiosk.eventId === app.liveEvents.served.id ? app.liveEvents.served : await app.liveEvents.of(kiosk.eventId);
      if (!event || !app.eventCourse.isOpen(event.id)) {
        // A scan taken before the event closed, whose answer was lost on the way, gets that answer again.
        const before = await app.store.logOf(kiosk.eventId).answerOf(body.id);
        if (before) return send(reply, before, true);
        // Archived: not a scan's refusal but the kiosk's, which locks and keeps its scans (the event may be opened again).
        if (app.eventCourse.isArchived(kiosk.eventId)) throw eventArchived();
        return reply.code(409).send(await eventClosed(event?.live, kiosk.stationId));
      }
      const { badge, attendee } = await presented(event, body);
      const confirm = await confirmNeeded(event.live, body, kiosk.stationId, badge, attendee);
      if (confirm) return reply.code(409).send(confirm);
      const { answer, replayed } = await event.live.scan(
        { id: body.id, kioskId: kiosk.kioskId, stationId: kiosk.stationId, at: Date.now(), badge },
        { clientAt: body.at ? Date.parse(body.at) : null },
      );
      app.metrics.scans.inc({ outcome: answer.outcome, reason: answer.reason ?? '' });
      app.metrics.scanSeconds.observe({ store: app.live.kind, outcome: answer.outcome }, (performance.now() - received.get(request)!) / 1000);
      return send(reply, answer, replayed);
    },
  );
}
