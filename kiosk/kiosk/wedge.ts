const NOT_TEXT = new Set(['radio', 'checkbox', 'button', 'submit', 'reset']);

/** Whether keys typed there are text: a tapped radio button or checkbox keeps the focus but takes none. */
function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

/** The start of a badge's text as a scanner types it: no field of the kiosk takes these letters. */
const BADGE_START = /^K(?:Z(?:1(?:\..*)?)?)?$/i;

/**
 * Keyboard-wedge scanners type the badge text and Enter into whatever has focus. This listens on
 * the whole document, so nobody has to click into a field first. Letters are taken from the
 * physical key when the keyboard layout is not Latin (a Russian or Kazakh layout would turn
 * "KZ1" into "ЛЯ1").
 *
 * In a text field (the badge-number field) the keys are the person's, except a badge's text: from
 * its first "K" the keys are kept out of the field and the Enter after them is a scan, so a scan
 * is never appended to digits left in the field nor cut at the field's length.
 */
export function listenForWedge(onCode: (text: string) => void): () => void {
  let buffer = '';
  let last = 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const inField = isTextField(e.target);
    // A human pausing mid-way starts afresh; scanners type a whole code within milliseconds. The
    // key's own time, not the time it is handled: a busy page handles keys late, in a burst.
    const now = e.timeStamp;
    if (now - last > 1000) buffer = '';
    last = now;
    if (e.key === 'Enter') {
      const text = buffer.trim();
      buffer = '';
      if (text.length >= 4 && (!inField || BADGE_START.test(text))) {
        e.preventDefault();
        onCode(text);
      }
      return;
    }
    const ch = keyChar(e);
    if (!ch) return;
    if (inField) {
      const next = buffer + ch;
      buffer = BADGE_START.test(next) ? next : '';
      if (buffer !== '') e.preventDefault();
      return;
    }
    buffer += ch;
    if (buffer.length > 512) buffer = buffer.slice(-512);
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}

function keyChar(e: KeyboardEvent): string | null {
  if (e.key.length === 1 && /[ -~]/.test(e.key)) return e.key;
  const m = /^Key([A-Z])$/.exec(e.code);
  if (m) return e.shiftKey !== e.getModifierState('CapsLock') ? m[1] : m[1].toLowerCase();
  const d = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  if (d) return d[1];
  if (e.code === 'Minus') return e.shiftKey ? '_' : '-';
  if (e.code === 'Period' || e.code === 'NumpadDecimal') return '.';
  return null;
}
