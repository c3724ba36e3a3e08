import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AUDIT_ACTIONS, AuditPage, type AuditEntry } from '../../shared/audit.ts';
import { ApiError } from '../../shared/errors.ts';
import type { Strings } from '../../shared/i18n.ts';
import { CSV_TYPE, csvSeparator, toCsv } from '../reports/export.ts';
import { clockOf } from '../reports/options.ts';
import type { Table } from '../reports/tables.ts';
import type { EventDef } from '../../shared/event.ts';
import type { AuditRecords, AuditRow } from '../db/durable-store.ts';

const Query = Type.Object(
  {
    action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)))),
    /** A staff account's id. */
    user: Type.Optional(Type.String({ maxLength: 64 })),
    /** Entries older than this id (the `next` of the page before). */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
    lang: Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')], { default: 'kk' })),
    /** The CSV's times: minutes east of UTC; absent: the event's clock (its file's `utcOffsetMinutes`), else Kazakhstan's (300). */
    utcOffset: Type.Optional(Type.Integer({ minimum: -720, maximum: 840 })),
  },
  { additionalProperties: false },
);
type Query = Static<typeof Query>;

type Row = AuditRow;

const COLUMNS: Strings<Record<'at' | 'who' | 'role' | 'action' | 'target' | 'detail' | 'address', string>> = {
  kk: { at: 'Уақыты', who: 'Кім', role: 'Рөлі', action: 'Әрекет', target: 'Нысан', detail: 'Толығырақ', address: 'Мекенжай' },
  ru: { at: 'Время', who: 'Кто', role: 'Роль', action: 'Действие', target: 'Объект', detail: 'Подробности', address: 'Адрес' },
  en: { at: 'Time', who: 'Who', role: 'Role', action: 'Action', target: 'Target', detail: 'Detail', address: 'Address' },
};

function entry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    role: r.role,
    user: r.userId ? { id: r.userId, username: r.username ?? '', displayName: r.displayName ?? '' } : null,
    kiosk: r.kioskId ? { id: r.kioskId, label: r.kioskLabel ?? '', station: r.kioskStation ?? '' } : null,
    action: r.action,
    target: r.target,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    address: r.address,
  };
}

/** Who acted, in a few words: the account, the kiosk, the admin token, or nobody signed in. */
function who(e: AuditEntry): string {
  if (e.user) return e.user.username;
  if (e.kiosk) return `${e.kiosk.label || e.kiosk.id} (${e.kiosk.station})`;
  return e.role === 'organiser' ? 'admin token' : '';
}

/** Where the route is and whose log it reads: this event's (`/api/audit`), or any event's. */
export interface AuditOf {
  base: string;
  /** The audit log of the request's event, and the event (whose clock its CSV's times are on). */
  of(request: FastifyRequest): Promise<{ audit: AuditRecords; event: EventDef }>;
}

const EventParams = Type.Object({ event: Type.String({ maxLength: 64 }) });

/**
 * The audit log of staff actions, for organisers: filtered by action and user, newest first,
 * paged; or all as CSV. `/api/audit` reads this event's, `/api/events/:event/audit` any event's
 * where the caller is an organiser (its `of` finds it).
 */
export default async function auditRoutes(app: FastifyInstance, given: Partial<AuditOf> = {}): Promise<void> {
  const base = given.base ?? '/api/audit';
  const of = given.of ?? (async () => ({ audit: app.store.audit, event: app.config.event }));
  const select = async (request: FastifyRequest, q: Query, limit: number | null): Promise<Row[]> =>
    (await of(request)).audit.list({ action: q.action, userId: q.user, before: q.before, limit: limit ?? undefined });

  app.get<{ Querystring: Query }>(
    base,
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['staff'],
        summary: `The audit log of staff actions (who, when, what, from where) of ${given.base ? 'an event of the installation' : 'this event'}, newest first; ?format=csv downloads every entry the filters match (\`;\`-separated for kk and ru)`,
        security: [{ bearer: [] }],
        ...(given.base ? { params: EventParams } : {}),
        querystring: Query,
        response: { 200: AuditPage, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      await app.flushAudit();
      const q = request.query;
      if (q.format === 'csv') {
        const lang = q.lang ?? 'kk';
        const t = COLUMNS[lang];
        const table: Table = {
          name: 'audit',
          title: 'audit',
          columns: [
            { key: 'at', title: t.at, type: 'time' },
            { key: 'who', title: t.who },
            { key: 'role', title: t.role },
            { key: 'action', title: t.action },
            { key: 'target', title: t.target },
            { key: 'detail', title: t.detail },
            { key: 'address', title: t.address },
          ],
          rows: (await select(request, q, null)).map((r) => {
            const e = entry(r);
            return { at: r.at, who: who(e), role: e.role, action: e.action, target: e.target, detail: r.detail, address: e.address };
          }),
        };
        return reply
          .type(CSV_TYPE)
          .header('content-disposition', 'attachment; filename="kezek-audit.csv"')
          .header('cache-control', 'no-store')
          .send(toCsv([table], { utcOffsetMinutes: clockOf(q.utcOffset, (await of(request)).event), separator: csvSeparator(lang) }));
      }
      const limit = q.limit ?? 50;
      const rows = await select(request, q, limit + 1);
      const entries = rows.slice(0, limit).map(entry);
      return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
    },
  );
}
