import type { AuditFilter } from './durable-store.ts';

/** The audit log with the names of who acted: the same SQL in both dialects. */
export const AUDIT_SELECT = `SELECT a.id, a.at, a.role, a.user_id AS "userId", u.username, u.display_name AS "displayName",
    a.kiosk_id AS "kioskId", k.label AS "kioskLabel", k.station_id AS "kioskStation", a.action, a.target, a.detail, a.address
  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN kiosks k ON k.id = a.kiosk_id`;

/** The WHERE clause of a filter over one event's entries and its values; `placeholder(n)` writes the dialect's n-th parameter (1-based). */
export function auditWhere(filter: AuditFilter, eventId: string, placeholder: (n: number) => string): { where: string; args: Array<string | number> } {
  const used = ([
    ['a.event_id', eventId],
    ['a.action', filter.action],
    ['a.user_id', filter.userId],
  ] as const).filter(([, v]) => v !== undefined);
  const parts = used.map(([column], i) => `${column} = ${placeholder(i + 1)}`);
  const args: Array<string | number> = used.map(([, v]) => v!);
  if (filter.before !== undefined) {
    args.push(filter.before);
    parts.push(`a.id < ${placeholder(args.length)}`);
  }
  return { where: `WHERE ${parts.join(' AND ')}`, args };
}
