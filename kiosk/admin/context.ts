import type { Lang } from '../../shared/i18n.ts';
import { ApiRequestError } from './api.ts';
import type { AdminText } from './strings.ts';

export type StaffRole = 'organiser' | 'desk';
export type Me = { role: StaffRole; user: { id: string; username: string; displayName: string } | null };

/** What every view of the admin page gets: language, texts, who is signed in, and feedback. */
export interface AdminContext {
  lang: Lang;
  t: AdminText;
  me: Me;
  /** Shows a short message at the top of the page. */
  notify(message: string, kind?: 'ok' | 'error'): void;
  /** Shows an API error in the staff member's language (and signs out on 401). */
  fail(err: unknown): void;
}

/** A failed request as words for the staff member. */
export function describeError(err: unknown, t: AdminText): string {
  if (!(err instanceof ApiRequestError)) return `${t.errors.generic}: ${String(err)}`;
  if (err.code === 'network') return t.errors.network;
  if (err.status === 401) return t.errors.signedOut;
  if (err.status === 403) return t.errors.forbidden;
  return `${t.errors.generic}: ${err.message}`;
}

/** Opens a PDF in a tab made beforehand (so the popup blocker allows it) or a new one. */
export function openPdf(url: string, tab: Window | null = null): boolean {
  if (tab && !tab.closed) {
    tab.location.href = url;
    return true;
  }
  return window.open(url, '_blank') !== null;
}
