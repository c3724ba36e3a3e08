import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { TSchema, Static } from '@sinclair/typebox';
import { CapacityRequest, PauseRequest, StationActionRequest, StationRequest, type ActionAck, type ActionError, type TourManifest } from '../../shared/realtime.ts';
import { bookedDepartures } from '../flow/tour.ts';
import type { StationView } from '../../shared/station.ts';
import { stationView } from '../flow/rules.ts';
import type { StationCommand } from '../flow/state.ts';
import type { LiveStore } from '../live/live-store.ts';
import { stationAudit } from '../plugins/audit.ts';
import { storageFailure } from '../plugins/errors.ts';
import type { StaffSocket } from './io-types.ts';
import { stillStaff, type StaffIdentity } from './staff-auth.ts';

const COMMAND_ERRORS = {
  station_not_found: 'No station has this id',
  not_session_station: 'This station does not run sessions',
  queue_empty: 'Nobody is waiting in the queue',
  no_departure: 'This tour has no departure left today',
} as const;

type Ack = (res: ActionAck<StationView>) => void;

/** The event a staff socket acts on: its id and live state. */
export interface ActedOn {
  id: string;
  live: Pick<LiveStore, 'command' | 'station' | 'attendee'>;
}

/** Organiser actions on a station of the event over the staff socket, each answered `{ data } | { error }`. */
export function staffActions(app: FastifyInstance, socket: StaffSocket, who: StaffIdentity, event: ActedOn): void {
  /** Whether a request may go on: still staff here, and the request as the contract has it (else answered). */
  const allowed = async <S extends TSchema>(schema: S, req: unknown, ack: (res: { error: ActionError }) => void): Promise<boolean> => {
    // The session may have ended since the socket connected (on another process, or a message lost).
    if (!(await stillStaff(app, who, event.id))) {
      ack({ error: { code: 'unauthorized', message: 'Your session has ended; sign in again' } });
      socket.disconnect(true);
      return false;
    }
    if (!Value.Check(schema, req)) {
      ack({ error: { code: 'invalid_request', message: 'The request does not match the contract' } });
      return false;
    }
    return true;
  };
  const handle = <S extends TSchema>(schema: S, toCommand: (req: Static<S>) => StationCommand) =>
    async (req: unknown, ack: Ack) => {
      if (typeof ack !== 'function' || !(await allowed(schema, req, ack))) return;
      const body = req as Static<S> & StationActionRequest;
      // Without the tap's id (an older board), each request is a new action.
      act(app, { socket, who, event }, body.stationId, toCommand(body), body.id ?? randomUUID(), ack);
    };
  socket.on('station:capacity', handle(CapacityRequest, (r) => ({ action: 'capacity', value: r.capacity })));
  socket.on('station:pause', handle(PauseRequest, (r) => ({ action: 'status', value: r.paused ? 'paused' : 'open' })));
  socket.on('session:start', handle(StationActionRequest, () => ({ action: 'session_start' })));
  socket.on('session:end', handle(StationActionRequest, () => ({ action: 'session_end' })));
  socket.on('queue:call-next', handle(StationActionRequest, () => ({ action: 'call_next' })));
  socket.on('tour:manifest', async (req: unknown, ack: (res: ActionAck<TourManifest>) => void) => {
    if (typeof ack !== 'function' || !(await allowed(StationRequest, req, ack))) return;
    manifestOf(event, (req as StationRequest).stationId).then(
      (data) => ack(data ? { data } : { error: { code: 'station_not_found', message: 'No tour has this id' } }),
      (err: unknown) => {
        app.log.error({ err }, 'tour manifest failed');
        ack({ error: { code: 'internal', message: 'The server could not do this' } });
      },
    );
  });
}

/** A tour's manifest with the names of those on it (null when the station is not a tour). */
async function manifestOf(event: ActedOn, stationId: string): Promise<TourManifest | null> {
  const s = await event.live.station(stationId);
  if (!s || s.def.mode !== 'tour') return null;
  const named = async (no: number) => ({ badgeNo: no, firstName: (await event.live.attendee(no))?.firstName ?? '' });
  const departures = await Promise.all(
    bookedDepartures(s).map(async (d) => ({ time: d.time, people: await Promise.all(d.people.map(async ([no, here]) => ({ ...(await named(no)), here }))) })),
  );
  return { departures, onTour: await Promise.all(Array.from(s.occupants, ([no]) => named(no))) };
}

/**
 * Applies one organiser's command to a station of the event once per tap id, audits it in the
 * event's log (once: a replay was audited when it was applied), and answers the socket.
 */
function act(app: FastifyInstance, { socket, who, event }: { socket: StaffSocket; who: StaffIdentity; event: ActedOn }, stationId: string, cmd: StationCommand, id: string, ack: Ack): void {
  event.live.command(stationId, cmd, id, Date.now()).then(
    (r) => {
      if (r.error) ack({ error: { code: r.error, message: COMMAND_ERRORS[r.error] } });
      else if (r.replayed) ack({ data: stationView(r.station, Date.now()) });
      else {
        const { action, detail } = stationAudit(cmd, 'socket');
        const userId = who.kind === 'session' ? who.userId : null;
        app.audit({ role: 'organiser', userId, address: socket.handshake.address }, action, stationId, detail, event.id);
        app.log.info({ stationId, action: cmd.action, event: event.id }, 'station changed from the board');
        ack({ data: stationView(r.station, Date.now()) });
      }
    },
    (err: unknown) => {
      app.log.error({ err, stationId }, 'station action failed');
      const storage = storageFailure(err);
      ack({ error: storage ? { code: storage.code as ActionError['code'], message: storage.message } : { code: 'internal', message: 'The server could not do this' } });
    },
  );
}
