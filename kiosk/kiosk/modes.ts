import type { ConfirmNeeded, ScanAnswer } from '../../shared/scan.ts';
import { call } from './api.ts';
import { presentedNumber, type Presented } from './badge-check.ts';
import { confirm } from './feedback.ts';
import type { KnownAttendees } from './known.ts';
import { t } from './language.ts';
import type { OutboxScan } from './outbox.ts';
import type { ScanSender } from './sender.ts';

/** Scanning mode of this kiosk (README "Kiosk modes"). */
export type Mode = 'auto' | 'entry' | 'exit';

const modeKey = (kioskId: string) => `kezek.mode.${kioskId}`;

/** The mode radio buttons, set to the kiosk's saved mode; `onChange` gets every choice. */
export function wireModes(kioskId: string, onChange: (mode: Mode) => void): Mode {
  const mode = (localStorage.getItem(modeKey(kioskId)) as Mode | null) ?? 'auto';
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
    radio.checked = radio.value === mode;
    radio.onchange = () => {
      localStorage.setItem(modeKey(kioskId), radio.value);
      onChange(radio.value as Mode);
    };
  }
  return mode;
}

/** What a mode check needs of the kiosk. */
export interface ModeContext {
  mode: Mode;
  sender: ScanSender;
  known: KnownAttendees;
  /** The server took the scan: show its verdict. */
  answered: (answer: ScanAnswer, presented: Presented) => void;
}

/**
 * Entry-only and exit-only modes: online, the scan is sent with the mode and the server does it
 * at once, or answers `confirm_needed` when it would do the opposite; offline, the kiosk goes by
 * what it knows. The volunteer is asked before the opposite. 'answered': the server took the
 * scan (verdict shown); 'go': send it as usual; 'stop': the volunteer said no.
 */
export async function checkMode(k: ModeContext, scan: OutboxScan, presented: Presented): Promise<'answered' | 'go' | 'stop'> {
  const no = presentedNumber(presented);
  if (k.mode === 'auto' || no === null) return 'go';
  let inside = k.known.get(no)?.inside ?? false;
  if (k.sender.reachable) {
    const asked = await askServer(k, scan, presented);
    if (asked !== 'unknown' && typeof asked !== 'boolean') return asked;
    if (typeof asked === 'boolean') inside = asked;
  }
  // The question names the badge number unless this kiosk has greeted the person itself.
  const name = k.known.get(no)?.name || t.badgeNo(no);
  if (k.mode === 'entry' && inside) return (await confirm(t.confirmCheckOut(name), t.confirmYesOut)) ? 'go' : 'stop';
  if (k.mode === 'exit' && !inside) return (await confirm(t.confirmCheckIn(name), t.confirmYesIn)) ? 'go' : 'stop';
  return 'go';
}

/** Where a `confirm_needed` answer (ConfirmNeeded) says the attendee stands: inside, or not. */
function confirmInside(body: Record<string, unknown>): ConfirmNeeded['inside'] {
  return body.inside === true;
}

/** Sends the scan with the mode: done, or where the attendee is (to ask), or 'unknown' (offline). */
async function askServer(k: ModeContext, scan: OutboxScan, presented: Presented): Promise<'answered' | 'go' | 'stop' | 'unknown' | boolean> {
  await k.sender.flush(); // older scans first
  const r = await call<ScanAnswer>('POST', '/api/scans', { ...scan, mode: k.mode }, 1500);
  if (r.ok || (r.status !== 0 && 'outcome' in r.body)) {
    k.answered(r.body as ScanAnswer, presented);
    return 'answered';
  }
  if (r.status === 401) return 'stop';
  if (!r.ok && r.status === 409 && r.code === 'confirm_needed') return confirmInside(r.body);
  if (r.status === 429) k.sender.throttle(r.retryAfter);
  else if (r.status !== 0 && r.status < 500) return 'go'; // refused for good: the outbox drops it
  else k.sender.setOnline(false);
  return 'unknown';
}
