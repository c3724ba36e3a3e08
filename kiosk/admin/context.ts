import type { Lang } from '../../shared/i18n.ts';
import { isTextError, textErrorMessage } from '../../shared/text.ts';
import { apiFetch, ApiRequestError } from './api.ts';
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

/**
 * A failed request as words for the staff member, in the page's language (never the server's
 * English); refused text fields are named in their language.
 */
export function describeError(err: unknown, t: AdminText, lang: Lang): string {
  if (!(err instanceof ApiRequestError)) return t.errors.generic;
  if (err.code === 'network') return t.errors.network;
  if (err.code === 'rate_limited' && err.retryAfter > 0) return t.errors.rateLimited(err.retryAfter);
  const fields = Array.isArray(err.body.errors) ? (err.body.errors as Array<{ field: string; code: string }>) : [];
  const text: string[] = [];
  for (const e of fields) if (isTextError(e.code)) text.push(textErrorMessage(lang, e.code, fieldLabel(t, e.field)));
  if (text.length > 0) return text.join('; ');
  const known = t.apiErrors[err.code];
  if (known) return known;
  if (err.status === 401) return t.errors.signedOut;
  if (err.status === 403) return t.errors.forbidden;
  if (err.status === 429) return t.errors.tooMany;
  if (err.status >= 500) return t.errors.server;
  return `${t.errors.generic} (${err.code})`;
}

/**
 * Fetches a PDF and shows it in a tab made beforehand, inside the click (so the popup blocker
 * allows it); an error answer closes the tab and is shown on the page, translated, never as JSON.
 * False when nothing was shown.
 */
export async function openPdf(ctx: AdminContext, url: string, tab: Window | null = window.open('', '_blank')): Promise<boolean> {
  try {
    const response = await apiFetch('GET', url);
    const pdf = URL.createObjectURL(await response.blob());
    if (tab && !tab.closed) tab.location.href = pdf;
    else if (window.open(pdf, '_blank') === null) return false;
    return true;
  } catch (err) {
    tab?.close();
    ctx.fail(err);
    return false;
  }
}
