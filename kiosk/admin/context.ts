import type { Lang } from '../../shared/i18n.ts';
import { isTextError, textErrorMessage } from '../../shared/text.ts';
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

/** The words for a field the server names in an error. */
function fieldLabel(t: AdminText, field: string): string {
  if (field === 'displayName') return t.users.displayName;
  if (field === 'label') return t.kiosks.label;
  return (t.field as Record<string, string>)[field] ?? field;
}

/** A failed request as words for the staff member; refused text fields are named in their language. */
export function describeError(err: unknown, t: AdminText, lang: Lang): string {
  if (!(err instanceof ApiRequestError)) return `${t.errors.generic}: ${String(err)}`;
  if (err.code === 'network') return t.errors.network;
  if (err.status === 401) return t.errors.signedOut;
  if (err.status === 403) return t.errors.forbidden;
  const fields = Array.isArray(err.body.errors) ? (err.body.errors as Array<{ field: string; code: string }>) : [];
  const text: string[] = [];
  for (const e of fields) if (isTextError(e.code)) text.push(textErrorMessage(lang, e.code, fieldLabel(t, e.field)));
  if (text.length > 0) return text.join('; ');
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
