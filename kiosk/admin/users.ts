import { api } from './api.ts';
import type { AdminContext, StaffRole } from './context.ts';
import { field, h, replace } from './dom.ts';
import { eventLabel, shownEvent, viewedEvent } from './event-choice.ts';

/** An account of the installation with its role at the event the switcher shows (null: none there). */
type User = { id: string; username: string; displayName: string; role: StaffRole | null; disabled: boolean };

/** Where the accounts and their roles at the event the switcher shows are: today's paths for the current event. */
function staffBase(): string {
  const e = viewedEvent();
  return e ? `/api/events/${encodeURIComponent(e.id)}/users` : '/api/users';
}

/** The role of an account at the event shown, to change (not one's own). */
function roleSelect(ctx: AdminContext, u: User, patch: (id: string, change: Record<string, unknown>, message?: string) => Promise<void>): HTMLSelectElement {
  const { t } = ctx;
  const option = (value: string, label: string) => h('option', { value, selected: (u.role ?? '') === value }, label);
  const select = h('select', { 'aria-label': `${t.users.role}: ${u.username}`, onchange: () => void patch(u.id, { role: select.value || null }, t.users.roleSet) },
    option('', t.users.noRole), option('desk', t.roles.desk), option('organiser', t.roles.organiser));
  select.disabled = ctx.me.user?.id === u.id && viewedEvent() === null;
  return select;
}

/** One account: a new password for it, and (not for one's own) disabling or enabling it. */
function userRow(ctx: AdminContext, u: User, patch: (id: string, change: Record<string, unknown>, message?: string) => Promise<void>): HTMLTableRowElement {
  const { t } = ctx;
  const newPassword = h('input', { type: 'password', minLength: 10, required: true, placeholder: t.users.newPassword, autocomplete: 'new-password', 'aria-label': t.users.newPassword });
  const self = ctx.me.user?.id === u.id;
  const setPassword = (e: Event): void => {
    e.preventDefault();
    void patch(u.id, { password: newPassword.value }, t.users.passwordSet);
  };
  return h(
    'tr',
    { class: u.disabled ? 'muted' : '' },
    h('td', {}, h('b', {}, u.username)),
    h('td', {}, u.displayName),
    h('td', {}, roleSelect(ctx, u, patch), u.disabled && h('span', { class: 'pill bad' }, t.users.disabled)),
    h('td', {}, h('form', { class: 'inline', onsubmit: setPassword }, newPassword, h('button', { type: 'submit' }, t.users.setPassword))),
    h('td', {}, !self && h('button', { type: 'button', class: u.disabled ? '' : 'danger', onclick: () => void patch(u.id, { disabled: !u.disabled }) }, u.disabled ? t.users.enable : t.users.disable)),
  );
}

/** The name and days of the event whose roles the list shows. */
function eventShown(ctx: AdminContext): string {
  const e = shownEvent();
  return e ? eventLabel(e, ctx.lang, e.served) : '';
}

/** The form that makes an account; `made` runs once it is made. */
function newUserForm(ctx: AdminContext, made: () => Promise<void>): HTMLFormElement {
  const { t } = ctx;
  const username = h('input', { id: 'user-username', required: true, autocomplete: 'off', minLength: 2, maxLength: 60 });
  const displayName = h('input', { id: 'user-display', autocomplete: 'off', maxLength: 80 });
  const role = h('select', { id: 'user-role' }, h('option', { value: 'desk' }, t.roles.desk), h('option', { value: 'organiser' }, t.roles.organiser));
  const password = h('input', { id: 'user-password', type: 'password', required: true, minLength: 10, autocomplete: 'new-password' });
  const create = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      await api('POST', staffBase(), { username: username.value.trim(), password: password.value, role: role.value, ...(displayName.value.trim() ? { displayName: displayName.value.trim() } : {}) });
      username.value = displayName.value = password.value = '';
      await made();
    } catch (err) {
      ctx.fail(err);
    }
  };
  return h(
    'form',
    { class: 'card inline-form', onsubmit: create },
    field(t.users.username, username),
    field(t.users.displayName, displayName),
    field(t.users.role, role),
    field(t.users.password, password),
    h('button', { type: 'submit', class: 'primary' }, t.users.create),
  );
}

/** Staff accounts (organisers only): create, give a role at the event the switcher shows, change password, disable. */
export function usersView(ctx: AdminContext): HTMLElement {
  const { t } = ctx;
  const body = h('tbody');

  const patch = async (id: string, change: Record<string, unknown>, message?: string): Promise<void> => {
    try {
      await api('PATCH', `${staffBase()}/${id}`, change);
      if (message) ctx.notify(message);
      await load();
    } catch (err) {
      ctx.fail(err);
    }
  };
  const load = async (): Promise<void> => {
    let users: User[];
    try {
      users = await api<User[]>('GET', staffBase());
    } catch (err) {
      ctx.fail(err);
      return;
    }
    replace(body, ...users.map((u) => userRow(ctx, u, patch)));
  };

  void load();
  return h(
    'section',
    {},
    h('h1', {}, t.users.heading),
    h('p', { class: 'hint', id: 'users-event' }, t.users.rolesAt(eventShown(ctx))),
    newUserForm(ctx, load),
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, t.users.username), h('th', {}, t.users.displayName), h('th', {}, t.users.role), h('th', {}), h('th', {}))), body),
  );
}
