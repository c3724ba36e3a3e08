import type { Verdict } from './verdict.ts';

/** Beep patterns made with WebAudio (no sound files): [frequency Hz, milliseconds] each. */
const PATTERNS: Record<Verdict['tone'], Array<[number, number]>> = {
  welcome: [[880, 110], [1320, 160]],
  goodbye: [[1320, 110], [880, 160]],
  wait: [[660, 90], [0, 60], [660, 90], [0, 60], [660, 90]],
  refused: [[220, 450]],
};

let audio: AudioContext | null = null;

/** Browsers start audio only after a touch or key: call this from such an event. */
export function unlockSound(): void {
  if (!audio && typeof AudioContext !== 'undefined') audio = new AudioContext();
  void audio?.resume();
}

/** Plays the pattern of a verdict; silent when audio is not yet allowed. */
export function beep(tone: Verdict['tone']): void {
  if (!audio || audio.state !== 'running') return;
  let t = audio.currentTime + 0.01;
  for (const [hz, ms] of PATTERNS[tone]) {
    if (hz > 0) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tone === 'refused' ? 'square' : 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + ms / 1000);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + ms / 1000 + 0.02);
    }
    t += ms / 1000;
  }
}
