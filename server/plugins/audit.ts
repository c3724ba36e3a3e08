import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { AuditAction } from '../../shared/audit.ts';
import type { AuditEntry } from '../db/durable-store.ts';
import type { StationCommand } from '../flow/state.ts';
import type { Role } from './auth.ts';

/** Who acted, when it is not read from a request: a sign-in (not signed in yet), a staff socket. */
export interface AuditActor {
  role: Role;
  userId?: string | null;
  kioskId?: string | null;
  address?: string | null;
}


declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Records a staff action in the audit log: who (the request's caller, or `from`), what
     * (`action` on `target`, a short `detail`), from which address. Written at the end of this
     * turn of the event loop, together with the others of the turn. It goes to the log of the
     * event it was done at: `eventId`, when that is not the current one (a role given at another).
     */
    audit(from: FastifyRequest | AuditActor, action: AuditAction, target: string | number | null, detail?: Record<string, unknown>, eventId?: string): void;
    /** Writes the entries still waiting; resolves once they are written (a reader of the log awaits it first). */
    flushAudit(): Promise<void>;
  }
}

const STATION_ACTIONS: Record<StationCommand['action'], AuditAction> = {
  capacity: 'station.capacity',
  status: 'station.status',
  remote_queue: 'station.remote_queue',
  session_start: 'station.session_start',
  session_end: 'station.session_end',
  call_next: 'station.call_next',
  // Moved by a shift of the tour's programme item, audited as that shift.
  departure_times: 'programme.time',
};

/** The audit entry of a station command, whether it came over HTTP or a staff socket. */
export function stationAudit(cmd: StationCommand, via: 'http' | 'socket'): { action: AuditAction; detail: Record<string, unknown> } {
  return { action: STATION_ACTIONS[cmd.action], detail: 'value' in cmd ? { value: cmd.value, via } : { via } };
}

/** The caller of a request, as the audit log names it. */
function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  return {
    role: p?.role ?? 'public',
    userId: p && 'userId' in p ? p.userId : null,
    kioskId: p?.role === 'kiosk' ? p.kioskId : null,
    address: request.ip,
  };
}

/**
 * The audit log of staff actions (sign-in, imports, badges, stations, kiosks, accounts). Scans are
 * not in it (the scan log has them), so nothing here touches the scan path; entries of one turn
 * of the event loop are written in one transaction.
 */
export default fp(
  async (app) => {
    /** Entries waiting to be written, by the event whose log they go to. */
    let waiting = new Map<string, AuditEntry[]>();
    let scheduled: NodeJS.Immediate | null = null;
    /** Settles once every write asked so far has (failures are logged). */
    let written: Promise<void> = Promise.resolve();

    const flush = (): Promise<void> => {
      if (scheduled) clearImmediate(scheduled);
      scheduled = null;
      if (waiting.size === 0) return written;
      const byEvent = waiting;
      waiting = new Map();
      // Asked at once: SQLite has written them when this returns, so a reader right after sees them.
      const writes = [...byEvent].map(([eventId, entries]) =>
        app.store
          .forEvent(eventId)
          .audit.write(entries)
          .catch((err: unknown) => app.log.error({ err, entries: entries.length, event: eventId }, 'writing the audit log failed')),
      );
      written = Promise.all([written, ...writes]).then(() => undefined);
      return written;
    };

    app.decorate('audit', (from: FastifyRequest | AuditActor, action: AuditAction, target: string | number | null, detail?: Record<string, unknown>, eventId = app.store.eventId) => {
      const who = 'raw' in from ? actorOf(from) : from;
      const text = target === null ? null : String(target);
      let entries = waiting.get(eventId);
      if (!entries) waiting.set(eventId, (entries = []));
      entries.push({
        at: Date.now(),
        role: who.role,
        userId: who.userId ?? null,
        kioskId: who.kioskId ?? null,
        action,
        target: text,
        detail: detail ? JSON.stringify(detail) : null,
        address: who.address ?? null,
      });
      scheduled ??= setImmediate(flush);
    });
    app.decorate('flushAudit', flush);
    app.addHook('preClose', () => flush());
  },
  { name: 'audit', dependencies: ['db'] },
);
