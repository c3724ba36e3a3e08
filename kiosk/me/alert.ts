/**
 * Being called: the phone rings (a tone made in the page: no file to fetch), vibrates, and keeps
 * its screen on (Wake Lock where the browser has it) while the page is open. Browsers let a page
 * make sound only after a touch: the audio is unlocked by the first one (the sign-in).
 */
declare global {
  interface Window {
    /** Safari before 14.1 has the Web Audio API only under this name. */
    webkitAudioContext?: typeof AudioContext;
  }
}

let audio: AudioContext | null = null;
let ringing: number | null = null;
let wake: { release(): Promise<void> } | null = null;

function unlock(): void {
  const Ctx = window.AudioContext ?? window.webkitAudioContext;
  if (!audio && Ctx) audio = new Ctx();
  void audio?.resume();
}
for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, unlock, { capture: true });

/** Two short high tones. */
function ring(): void {
  if (!audio) return;
  const now = audio.currentTime;
  for (const [at, f] of [[0, 880], [0.25, 1320]] as const) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = f;
    gain.gain.setValueAtTime(0.3, now + at);
    gain.gain.exponentialRampToValueAtTime(0.001, now + at + 0.22);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + at);
    osc.stop(now + at + 0.22);
  }
  navigator.vibrate?.([300, 150, 300]);
  document.documentElement.dataset.ringing = String(Number(document.documentElement.dataset.ringing ?? 0) + 1);
}

/** Rings every 3 s for a minute, vibrating, and keeps the screen on until the call ends. */
export function callAlert(): void {
  stopAlert();
  ring();
  let times = 1;
  ringing = window.setInterval(() => {
    if (++times > 20) return stopAlert();
    ring();
  }, 3000);
  const lock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
  lock?.request('screen').then((w) => (wake = w), () => undefined);
}

/** Stops ringing and lets the screen sleep again. */
export function stopAlert(): void {
  if (ringing !== null) clearInterval(ringing);
  ringing = null;
  void wake?.release().catch(() => undefined);
  wake = null;
}
