import type { ScanLogRow } from '../../shared/reports.ts';

/**
 * A scan log row as both dialects select it: id, at, client_at, station_id, the station's three
 * names, kiosk_id, the kiosk's label, badge_no, badge_serial, outcome, reason, left_station, the
 * queue position of a queued scan, and the re-read flag (1 or true).
 */
export type ScanLogTuple = [
  string, number, number | null, string, string | null, string | null, string | null, string, string | null,
  number | null, string | null, string, string | null, string | null, number | null, number | boolean,
];

/** A scan log row as reports give it, from the array a dialect selected. */
export function scanLogRow(tuple: ScanLogTuple): ScanLogRow {
  const [id, at, clientAt, stationId, kk, ru, en, kioskId, kioskLabel, badgeNo, badgeSerial, outcome, reason, leftStation, queuePosition, reread] = tuple;
  return {
    id,
    at,
    clientAt,
    stationId,
    stationName: kk !== null && ru !== null && en !== null ? { kk, ru, en } : null,
    kioskId,
    kioskLabel,
    badgeNo,
    badgeSerial,
    outcome,
    reason,
    leftStation,
    queuePosition,
    reread: reread === 1 || reread === true,
  };
}

/** The WHERE clause of a scan log filter over one event's scans and its values; `param(n)` writes the dialect's n-th parameter. */
export function scanLogWhere(
  filter: { stationId?: string; from?: number; to?: number; outcome?: string },
  eventId: string,
  param: (n: number) => string,
): { clause: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (test: string, value: unknown) => {
    args.push(value);
    where.push(`${test} ${param(args.length)}`);
  };
  add('scans.event_id =', eventId);
  if (filter.stationId !== undefined) add('scans.station_id =', filter.stationId);
  if (filter.from !== undefined) add('scans.at >=', filter.from);
  if (filter.to !== undefined) add('scans.at <', filter.to);
  if (filter.outcome !== undefined) add('scans.outcome =', filter.outcome);
  return { clause: `WHERE ${where.join(' AND ')}`, args };
}
