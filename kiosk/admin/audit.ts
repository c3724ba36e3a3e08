import { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditPage } from '../../shared/audit.ts';
import { NUMBER_LOCALES } from '../../shared/i18n.ts';
import { api } from './api.ts';
import { AUDIT_STRINGS, type AuditText } from './audit-strings.ts';
import type { AdminContext } from './context.ts';
import { field, h, replace } from './dom.ts';
import { viewedEventNote, viewedEventPath } from './event-choice.ts';

type User = { id: string; username: string };

/** Who did it: a staff member, a kiosk, the admin token, or nobody signed in. */
function whoDid(e: AuditEntry, a: AuditText): string {
  if (e.user) return e.user.displayName ? `${e.user.username} (${e.user.displayName})` : e.user.username;
  if (e.kiosk) return `${e.kiosk.label || e.kiosk.id.slice(0, 8)} · ${e.kiosk.station}`;
  return e.role === 'organiser' ? a.adminToken : a.nobody;
}

/** One entry; failed sign-ins stand out. */
function auditRow(ctx: AdminContext, e: AuditEntry, a: AuditText): HTMLElement {
  return h(
    'tr',
    { class: e.action === 'session.sign_in_failed' ? 'warn' : '' },
    h('td', { class: 'num' }, new Date(e.at).toLocaleString(NUMBER_LOCALES[ctx.lang])),
    h('td', {}, whoDid(e, a)),
    h('td', {}, a.actions[e.action as AuditAction] ?? e.action),
    h('td', {}, e.target ?? ''),
    h('td', { class: 'hint' }, e.detail ? JSON.stringify(e.detail) : ''),
    h('td', { class: 'num' }, e.address ?? ''),
  );
}

/** Fills the staff filter with every account. */
async function loadUsers(ctx: AdminContext, user: HTMLSelectElement): Promise<void> {
  try {
    const users = await api<User[]>('GET', viewedEventPath('/api/users', 'users'));
    user.append(...users.map((u) => h('option', { value: u.id }, u.username)));
  } catch (err) {
    ctx.fail(err);
  }
}

/** The audit log (organisers only): filter by action and staff member, newest first, older on demand, CSV. */
export function auditView(ctx: AdminContext): HTMLElement {
  const a = AUDIT_STRINGS[ctx.lang];
  const action = h('select', { id: 'audit-action' }, h('option', { value: '' }, a.all), ...AUDIT_ACTIONS.map((x) => h('option', { value: x }, a.actions[x])));
  const user = h('select', { id: 'audit-user' }, h('option', { value: '' }, a.all));
  const csv = h('a', { class: 'button', id: 'audit-csv', download: 'kezek-audit.csv' }, a.csv);
  const body = h('tbody');
  const none = h('p', { class: 'hint', hidden: true }, a.none);
  // Buttons are styled display: inline-block, which would show one marked hidden.
  const older = h('button', { type: 'button', style: 'display: none' }, a.older);
  let next: number | null = null;

  const query = (extra: Record<string, string>): string => {
    const q = new URLSearchParams(extra);
    if (action.value) q.set('action', action.value);
    if (user.value) q.set('user', user.value);
    return q.toString();
  };
  // The log of the event the switcher shows: today's path for the current one.
  const path = viewedEventPath('/api/audit', 'audit');
  const load = async (more: boolean): Promise<void> => {
    csv.href = `${path}?${query({ format: 'csv', lang: ctx.lang })}`;
    let page: AuditPage;
    try {
      page = await api<AuditPage>('GET', `${path}?${query(more && next !== null ? { before: String(next) } : {})}`);
    } catch (err) {
      ctx.fail(err);
      return;
    }
    if (!more) replace(body);
    body.append(...page.entries.map((e) => auditRow(ctx, e, a)));
    next = page.next;
    older.style.display = next === null ? 'none' : '';
    none.hidden = body.childElementCount > 0;
  };

  action.onchange = user.onchange = () => void load(false);
  older.onclick = () => void load(true);
  void loadUsers(ctx, user);
  void load(false);
  return h(
    'section',
    {},
    h('h1', {}, a.heading),
    viewedEventNote('audit-event', ctx.lang, a.viewing),
    h('p', { class: 'hint' }, a.hint),
    h('div', { class: 'card inline-form' }, field(a.action, action), field(a.user, user), csv),
    h(
      'table',
      { class: 'list', id: 'audit-list' },
      h('thead', {}, h('tr', {}, h('th', {}, a.at), h('th', {}, a.who), h('th', {}, a.action), h('th', {}, a.target), h('th', {}, a.detail), h('th', {}, a.address))),
      body,
    ),
    none,
    older,
  );
}
