import { call } from './api.ts';
import { $, show } from './dom.ts';
import { t } from './language.ts';
import { KEY, load, save } from './storage.ts';

/** How long the page waits for the answer to a pairing QR's code before it shows the pairing screen. */
const SHOW_AFTER_MS = 1000;

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
  // A code from the QR is most often right: its screen is drawn only if the answer is slow or a
  // refusal, so that a slow tablet lays out one screen, the kiosk's, rather than two.
  const showing = code ? window.setTimeout(() => show('pair'), SHOW_AFTER_MS) : 0;
  if (!code) show('pair');
  const form = $<HTMLFormElement>('pair-form');
  const input = $<HTMLInputElement>('pair-code');
  const error = $('pair-error');
  return new Promise((resolve) => {
    const attempt = async (typed: string) => {
      error.textContent = '';
      const r = await call<Pairing>('POST', '/api/kiosks/pair', { code: typed });
      if (r.ok) {
        clearTimeout(showing);
        save(KEY.pairing, r.body);
        resolve(r.body);
      } else {
        clearTimeout(showing);
        show('pair');
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
