import { call } from './api.ts';
import { $, show } from './dom.ts';
import { t } from './language.ts';
import { KEY, load, save } from './storage.ts';

/** What a paired device keeps: its kiosk, station and bearer token. */
export interface Pairing {
  id: string;
  station: string;
  token: string;
  /** Every server of the event (PUBLIC_URLS); absent in pairings kept from before. */
  servers?: string[];
}

/** The pairing this device keeps, or null before it was paired. */
export const savedPairing = (): Pairing | null => load<Pairing>(KEY.pairing);

/** Forgets the pairing and starts again at the pairing screen (a revoked kiosk). */
export function forgetPairing(): void {
  localStorage.removeItem(KEY.pairing);
  location.reload();
}

/**
 * The pairing screen: a code typed, or taken from `#pair=<code>` of the pairing QR.
 * `refused`: called when the server refuses a code (or cannot be reached).
 */
export async function pair(code: string | null, refused: () => void = () => {}): Promise<Pairing> {
  show('pair');
  const form = $<HTMLFormElement>('pair-form');
  const input = $<HTMLInputElement>('pair-code');
  const error = $('pair-error');
  return new Promise((resolve) => {
    const attempt = async (typed: string) => {
      error.textContent = '';
      const r = await call<Pairing>('POST', '/api/kiosks/pair', { code: typed });
      if (r.ok) {
        save(KEY.pairing, r.body);
        resolve(r.body);
      } else {
        refused();
        error.textContent = r.status === 0 ? t.pairOffline : r.code === 'rate_limited' ? t.tooManyTries(Math.max(1, r.retryAfter)) : t.pairWrong;
      }
    };
    form.onsubmit = (e) => {
      e.preventDefault();
      void attempt(input.value);
    };
    if (code) {
      input.value = code;
      void attempt(code);
    } else input.focus();
  });
}
