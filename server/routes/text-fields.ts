import { cleanText, textErrorMessage } from '../../shared/text.ts';
import { ApiFailure } from '../plugins/errors.ts';

/** A staff-typed text field: its name in the API, its name in English words, and whether it is a name. */
type TextField = { field: string; label: string; value: string | undefined; name?: boolean };

/**
 * Cleans the free-text fields of a request (shared/text.ts) and returns them by field; refuses the
 * request with `400 <code>` and every refused field (`errors: [{ field, code, message }]`).
 */
export function cleanFields(code: string, fields: TextField[]): Record<string, string | undefined> {
  const errors: Array<{ field: string; code: string; message: string }> = [];
  const clean: Record<string, string | undefined> = {};
  for (const f of fields) {
    if (f.value === undefined) continue;
    const r = cleanText(f.value, { letter: f.name });
    if (r.ok) clean[f.field] = r.value;
    else errors.push({ field: f.field, code: r.code, message: textErrorMessage('en', r.code, f.label) });
  }
  if (errors.length > 0) throw new ApiFailure(400, code, errors.map((e) => e.message).join('; '), { errors });
  return clean;
}
