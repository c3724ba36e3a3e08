/** What the volunteer sees and hears: the full-screen verdict, notes in the panel, questions. */
import { $ } from './dom.ts';
import { ICONS } from './icons.ts';
import { t } from './language.ts';
import { beep } from './sound.ts';
import type { Verdict } from './verdict.ts';

/** How long a verdict stays on screen. */
const FEEDBACK_MS = 1500;
let feedbackTimer = 0;

/** Shows a verdict full-screen with its sound; `pending`: it was decided here and waits to be sent. */
export function showVerdict(v: Verdict, pending = false): void {
  // Whatever the scan, the number field starts empty: the next scanner input must not be added to old digits.
  $<HTMLInputElement>('number').value = '';
  $('number-error').textContent = '';
  const box = $('feedback');
  box.dataset.tone = v.tone;
  box.dataset.pending = String(pending);
  box.dataset.badge = v.badgeNo === null ? '' : String(v.badgeNo);
  box.querySelector('.icon')!.innerHTML = ICONS[v.tone];
  box.querySelector('.pending-mark')!.innerHTML = pending ? ICONS.pending : '';
  box.querySelector('.title')!.textContent = v.title;
  box.querySelector('.who')!.textContent = v.who;
  box.querySelector('.detail')!.replaceChildren(
    ...v.detail.map((d) => {
      const line = document.createElement('span');
      line.textContent = d;
      return line;
    }),
  );
  box.hidden = false;
  box.onclick = () => (box.hidden = true);
  // Marked in the frame that paints it: the benchmark measures camera frame to verdict on screen.
  // Only the latest is kept, so a day of scans does not fill the page's performance timeline.
  requestAnimationFrame(() => {
    performance.clearMarks('kezek:verdict');
    performance.mark('kezek:verdict', { detail: { badgeNo: v.badgeNo, tone: v.tone, pending } });
  });
  beep(v.tone);
  clearTimeout(feedbackTimer);
  feedbackTimer = window.setTimeout(() => (box.hidden = true), FEEDBACK_MS);
}

/** Hides the verdict and any question (the kiosk locked). */
export function hideFeedback(): void {
  $('feedback').hidden = true;
  $('confirm').hidden = true;
}

/** A line in the station panel for `forMs`; `warn` draws it as a warning. */
export function note(text: string, forMs = 4000, warn = false): void {
  const el = $('panel-note');
  el.textContent = text;
  el.classList.toggle('warn', warn);
  setTimeout(() => {
    if (el.textContent === text) el.textContent = '';
  }, forMs);
}

/** Asks the volunteer a yes/no question; no answer within 15 s is no. */
export function confirm(question: string, yes: string): Promise<boolean> {
  const box = $('confirm');
  $('confirm-text').textContent = question;
  $('confirm-yes').textContent = yes;
  box.hidden = false;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      box.hidden = true;
      clearTimeout(timer);
      $('confirm-yes').onclick = null;
      $('confirm-no').onclick = null;
      if (!ok) note(t.notInside);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 15_000);
    $('confirm-yes').onclick = () => done(true);
    $('confirm-no').onclick = () => done(false);
  });
}
