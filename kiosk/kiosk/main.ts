import { LANGUAGES, LANGUAGE_NAMES, pickLanguage, type Lang } from '../../shared/i18n.ts';
import type { ConfirmNeeded, ScanAnswer } from '../../shared/scan.ts';
import type { StationView } from '../../shared/station.ts';
import pkg from '../../package.json' with { type: 'json' };
import { newScanId } from '../../shared/scan-id.ts';
import { call, useToken, whenRevoked } from './api.ts';
import { BadgeVerifier, localCheck, presentedNumber, type BadgeKey, type Presented } from './badge-check.ts';
import type { CameraState } from './camera.ts';
import { batteryState, keepScreenAwake } from './device.ts';
import { Outbox, type OutboxScan } from './outbox.ts';
import { ICONS } from './icons.ts';
import { beep, unlockSound } from './sound.ts';
import { STRINGS, type KioskText } from './strings.ts';
import { offlineVerdict, refusal, verdictOf, type Verdict } from './verdict.ts';
import { listenForWedge } from './wedge.ts';

/** What a paired device keeps: its kiosk, station and bearer token. */
interface Pairing {
  id: string;
  station: string;
  token: string;
}

/** Scanning mode of this kiosk (README "Kiosk modes"). */
type Mode = 'auto' | 'entry' | 'exit';

/** What this kiosk learnt of an attendee from its own answers: enough for offline verdicts. */
interface Known {
  name: string;
  inside: boolean;
}

const KEY = { pairing: 'kezek.kiosk', lang: 'kezek.lang', badgeKey: 'kezek.badge-key', stations: 'kezek.stations', known: 'kezek.known' };
const FEEDBACK_MS = 1500;
const CAMERA_REREAD_MS = 4000;
const HEARTBEAT_MS = 15_000;
const POLL_MS = 3000;
const RETRY_MS = 3000;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function load<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}
const save = (key: string, value: unknown) => localStorage.setItem(key, JSON.stringify(value));

let lang: Lang = pickLanguage(localStorage.getItem(KEY.lang), navigator.languages);
let t: KioskText = STRINGS[lang];
const rerenders: Array<() => void> = [];

/** Puts every `data-t` text in the chosen language and redraws what depends on it. */
function renderLanguage(): void {
  document.documentElement.lang = lang;
  document.title = t.title;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) {
    const text = t[el.dataset.t as keyof KioskText];
    if (typeof text === 'string') el.textContent = text;
  }
  for (const nav of document.querySelectorAll('.langs')) {
    nav.replaceChildren(
      ...LANGUAGES.map((l) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = l.toUpperCase();
        b.title = LANGUAGE_NAMES[l];
        // The name a screen reader says starts with the visible label (speech control finds it by that).
        b.setAttribute('aria-label', `${l.toUpperCase()} — ${LANGUAGE_NAMES[l]}`);
        b.setAttribute('aria-pressed', String(l === lang));
        b.onclick = () => {
          lang = l;
          t = STRINGS[l];
          localStorage.setItem(KEY.lang, l);
          renderLanguage();
        };
        return b;
      }),
    );
  }
  for (const r of rerenders) r();
}

function show(screen: 'pair' | 'lock' | 'app'): void {
  $('pair').hidden = screen !== 'pair';
  $('lock').hidden = screen !== 'lock';
  $('app').hidden = screen !== 'app';
}

/** The pairing screen: a code typed, or taken from `#pair=<code>` of the pairing QR. */
async function pair(code: string | null): Promise<Pairing> {
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
      } else error.textContent = r.status === 0 ? t.pairOffline : r.code === 'rate_limited' ? t.tooManyTries(Math.max(1, r.retryAfter)) : t.pairWrong;
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

/**
 * Registers the service worker and tells it every asset this page loads: those loaded before
 * it took control (the first visit) and those loaded later (the decoder's .wasm).
 */
async function keepForOffline(): Promise<void> {
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const send = (entries: PerformanceEntryList) => {
      const urls = entries
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => u.pathname);
      if (urls.length > 0) (reg.active ?? navigator.serviceWorker.controller)?.postMessage({ cache: urls });
    };
    send(performance.getEntriesByType('resource'));
    new PerformanceObserver((list) => send(list.getEntries())).observe({ type: 'resource' });
  } catch {
    // No service worker (plain HTTP on the LAN): the page still works while it stays open.
  }
}

async function main(): Promise<void> {
  document.querySelector('#lock .big-icon')!.innerHTML = ICONS.lock;
  renderLanguage();
  if ('serviceWorker' in navigator) void keepForOffline();
  const hash = /[#&]pair=([A-Za-z0-9-]+)/.exec(location.hash);
  if (hash) history.replaceState(null, '', location.pathname);
  let pairing = load<Pairing>(KEY.pairing);
  if (hash || !pairing) pairing = await pair(hash ? hash[1] : null);
  await new Kiosk(pairing, await Outbox.open()).start();
}

/** The kiosk at work: scanning, feedback, the outbox, the station panel and the heartbeat. */
class Kiosk {
  private locked = false;
  private online = true;
  /** Set after a failed send: scans then get their verdict here at once, and a timer retries. */
  private offlineSince: number | null = null;
  /** Until when the server asked for a pause (429): scans then wait in the outbox and get a local verdict. */
  private throttledUntil = 0;
  private pending = 0;
  private camera: CameraState = 'off';
  private stopCamera: () => void = () => {};
  private releaseScreen: () => void = () => {};
  private lastCamera = { text: '', at: 0 };
  private mode: Mode;
  /** The scan being submitted now: its answer is shown in full. */
  private submitting: string | null = null;
  /** Scans held offline that got an accepting local verdict: a refusal later is worth a note. */
  private readonly acceptedOffline = new Set<string>();
  private station: StationView | null = null;
  private stationNames: Record<string, StationView['name']>;
  private known: Record<string, Known>;
  private verifier: BadgeVerifier | null = null;
  private flushing: Promise<Map<string, ScanAnswer>> = Promise.resolve(new Map());
  private feedbackTimer = 0;
  private timers: number[] = [];

  constructor(
    private readonly pairing: Pairing,
    private readonly outbox: Outbox,
  ) {
    useToken(pairing.token);
    this.mode = (localStorage.getItem(`kezek.mode.${pairing.id}`) as Mode | null) ?? 'auto';
    this.stationNames = load(KEY.stations) ?? {};
    this.known = load(KEY.known) ?? {};
    const key = load<BadgeKey>(KEY.badgeKey);
    if (key) this.verifier = new BadgeVerifier(key);
  }

  async start(): Promise<void> {
    whenRevoked(() => this.lock());
    show('app');
    rerenders.push(() => this.renderAll());
    this.wireControls();
    this.releaseScreen = keepScreenAwake();
    listenForWedge((text) => void this.handleCode(text, 'wedge'));
    document.addEventListener('pointerdown', unlockSound, { capture: true });
    document.addEventListener('keydown', unlockSound, { capture: true });
    window.addEventListener('online', () => void this.flush());
    await this.refreshPending();
    this.renderAll();
    void this.fetchBadgeKey();
    void this.poll();
    void this.heartbeat();
    void this.flush();
    void this.startCamera();
    this.timers.push(
      window.setInterval(() => void this.poll(), POLL_MS),
      window.setInterval(() => void this.heartbeat(), HEARTBEAT_MS),
      window.setInterval(() => {
        if (this.pending > 0) void this.flush();
      }, RETRY_MS),
    );
  }

  // ---- scanning ----------------------------------------------------------------------------

  private async startCamera(): Promise<void> {
    const button = $('camera-start');
    button.hidden = true;
    if (!window.isSecureContext) {
      this.camera = 'none';
      this.renderCamera();
      return;
    }
    const { startCamera } = await import('./camera.ts');
    const started = await startCamera($<HTMLVideoElement>('video'), (text) => void this.handleCode(text, 'camera'));
    this.camera = started.state;
    this.stopCamera = started.stop;
    button.hidden = started.state === 'on' || started.state === 'none';
    this.renderCamera();
    void this.heartbeat();
  }

  /** A code from the camera or a wedge scanner. */
  private async handleCode(raw: string, source: 'camera' | 'wedge'): Promise<void> {
    if (this.locked) return;
    const text = raw.trim();
    if (source === 'camera') {
      // The camera sees the same badge many times a second: one scan per badge shown.
      const now = performance.now();
      if (text === this.lastCamera.text && now - this.lastCamera.at < CAMERA_REREAD_MS) {
        this.lastCamera.at = now;
        return;
      }
      this.lastCamera = { text, at: now };
    }
    await this.submit({ badge: text });
  }

  /**
   * Entry-only and exit-only modes: online, the scan is sent with the mode and the server does it
   * at once, or answers `confirm_needed` when it would do the opposite; offline, the kiosk goes by
   * what it knows. The volunteer is asked before the opposite. 'answered': the server took the
   * scan (verdict shown); 'go': send it as usual; 'stop': the volunteer said no.
   */
  private async checkMode(scan: OutboxScan, presented: Presented): Promise<'answered' | 'go' | 'stop'> {
    const no = presentedNumber(presented);
    if (this.mode === 'auto' || no === null) return 'go';
    let inside = this.known[no]?.inside ?? false;
    if (this.offlineSince === null && Date.now() >= this.throttledUntil) {
      await this.flush(); // older scans first
      const r = await call<ScanAnswer>('POST', '/api/scans', { ...scan, mode: this.mode }, 1500);
      if (r.ok || (r.status !== 0 && 'outcome' in r.body)) {
        this.afterAnswer(r.body as ScanAnswer);
        this.showVerdict(this.verdict(r.body as ScanAnswer, presented));
        return 'answered';
      }
      if (r.status === 401) return 'stop';
      if (r.status === 409 && r.code === 'confirm_needed') inside = (r.body as unknown as ConfirmNeeded).inside;
      else if (r.status === 429) this.throttle(r.retryAfter);
      else if (r.status !== 0 && r.status < 500) return 'go'; // refused for good: the outbox drops it
      else this.setOnline(false);
    }
    // The question names the badge number unless this kiosk has greeted the person itself.
    const name = this.known[no]?.name || t.badgeNo(no);
    if (this.mode === 'entry' && inside) return (await this.confirm(t.confirmCheckOut(name), t.confirmYesOut)) ? 'go' : 'stop';
    if (this.mode === 'exit' && !inside) return (await this.confirm(t.confirmCheckIn(name), t.confirmYesIn)) ? 'go' : 'stop';
    return 'go';
  }

  private confirm(question: string, yes: string): Promise<boolean> {
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
        if (!ok) this.note(t.notInside);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), 15_000);
      $('confirm-yes').onclick = () => done(true);
      $('confirm-no').onclick = () => done(false);
    });
  }

  /** Records a scan in the outbox, sends it (after any older ones) and shows the verdict. */
  private async submit(presented: Presented): Promise<void> {
    const scan: OutboxScan = { id: newScanId(), ...presented, at: new Date().toISOString(), station: this.pairing.station };
    const go = await this.checkMode(scan, presented);
    if (go !== 'go' || this.locked) return;
    this.submitting = scan.id;
    await this.outbox.put(scan);
    this.pending += 1;
    this.renderPending();
    const waiting = (this.offlineSince !== null && Date.now() - this.offlineSince < RETRY_MS) || Date.now() < this.throttledUntil;
    const answers = waiting ? new Map<string, ScanAnswer>() : await this.flush();
    this.submitting = null;
    if (this.locked) return;
    const answer = answers.get(scan.id);
    if (answer) {
      this.showVerdict(this.verdict(answer, presented));
      return;
    }
    const local = await this.localVerdict(presented);
    if (local.tone !== 'refused') this.acceptedOffline.add(scan.id);
    this.showVerdict(local, true);
  }

  /** The server's verdict; a refused typed number is shown with the number typed. */
  private verdict(answer: ScanAnswer, presented: Presented): Verdict {
    const v = verdictOf(answer, t, (id) => this.stationName(id));
    if (v.badgeNo !== null || presented.badgeNo === undefined) return v;
    return { ...v, badgeNo: presented.badgeNo, who: t.badgeNo(presented.badgeNo) };
  }

  private async localVerdict(presented: Presented): Promise<Verdict> {
    const check = await localCheck(presented, this.verifier);
    if ('error' in check) return refusal('badge_invalid', t);
    const k = this.known[check.no];
    const v = offlineVerdict(check.no, k?.inside ?? false, check.verified, k?.name ?? null, t);
    this.learn(check.no, k?.name ?? '', !(k?.inside ?? false));
    return v;
  }

  private learn(no: number, name: string, inside: boolean): void {
    this.known[no] = { name: name || this.known[no]?.name || '', inside };
    save(KEY.known, this.known);
  }

  /** Sends every scan in the outbox, oldest first; one send at a time. Answers by scan id. */
  private flush(): Promise<Map<string, ScanAnswer>> {
    this.flushing = this.flushing.then(() => this.sendOutbox());
    return this.flushing;
  }

  private async sendOutbox(): Promise<Map<string, ScanAnswer>> {
    const answers = new Map<string, ScanAnswer>();
    if (this.locked || Date.now() < this.throttledUntil) return answers;
    const held: ScanAnswer[] = [];
    for (const scan of await this.outbox.all()) {
      const r = await call<ScanAnswer>('POST', '/api/scans', scan);
      if (r.ok || (r.status !== 0 && 'outcome' in r.body)) {
        const answer = r.body as ScanAnswer;
        await this.outbox.delete(scan.id);
        answers.set(scan.id, answer);
        if (this.acceptedOffline.delete(scan.id) && scan.id !== this.submitting && answer.outcome === 'rejected') held.push(answer);
        this.afterAnswer(answer);
        this.setOnline(true);
        continue;
      }
      if (r.status === 429) {
        this.throttle(r.retryAfter);
        break;
      }
      if (r.status === 0 || r.status >= 500) {
        this.setOnline(false);
        break;
      }
      if (r.status === 401) break; // revoked (locked by the listener) or not paired any more
      // Refused for good (malformed, or a station this kiosk no longer serves): keep nothing stuck.
      console.warn('scan dropped', scan.id, r.status, r.code);
      await this.outbox.delete(scan.id);
    }
    await this.refreshPending();
    // The volunteer saw a local verdict for these; say that the server refused them after all.
    for (const a of held) {
      const who = a.attendee ? `${a.attendee.firstName}, ${t.badgeNo(a.attendee.badgeNo)}` : '';
      this.note(t.heldRefused(who, a.reason ? t.reasons[a.reason] : ''), 15_000, true);
    }
    return answers;
  }

  /** The server asked for a pause (too many scans at once): the outbox is sent again after it. */
  private throttle(seconds: number): void {
    const wait = Math.max(1, seconds);
    this.throttledUntil = Date.now() + wait * 1000;
    this.note(t.scansThrottled(wait), wait * 1000, true);
    window.setTimeout(() => void this.flush(), wait * 1000);
  }

  private afterAnswer(answer: ScanAnswer): void {
    const a = answer.attendee;
    if (a && answer.outcome !== 'rejected') this.learn(a.badgeNo, a.firstName, answer.outcome === 'entered' || answer.outcome === 'queued');
    if (this.station && answer.station.id === this.station.id) {
      this.station = { ...this.station, occupancy: answer.station.occupancy, capacity: answer.station.capacity, queue: answer.station.queue };
      this.renderPanel();
    }
  }

  private async refreshPending(): Promise<void> {
    this.pending = await this.outbox.count();
    this.renderPending();
  }

  // ---- feedback ----------------------------------------------------------------------------

  private showVerdict(v: Verdict, pending = false): void {
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
    requestAnimationFrame(() => performance.mark('kezek:verdict', { detail: { badgeNo: v.badgeNo, tone: v.tone, pending } }));
    beep(v.tone);
    clearTimeout(this.feedbackTimer);
    this.feedbackTimer = window.setTimeout(() => (box.hidden = true), FEEDBACK_MS);
  }

  private note(text: string, forMs = 4000, warn = false): void {
    const el = $('panel-note');
    el.textContent = text;
    el.classList.toggle('warn', warn);
    setTimeout(() => {
      if (el.textContent === text) el.textContent = '';
    }, forMs);
  }

  // ---- station panel -----------------------------------------------------------------------

  private wireControls(): void {
    $<HTMLFormElement>('number-form').onsubmit = (e) => {
      e.preventDefault();
      void this.typedNumber();
    };
    $('camera-start').onclick = () => void this.startCamera();
    $('call-next').onclick = () => void this.stationAction(`/api/stations/${this.pairing.station}/call-next`);
    $('session-start').onclick = () => void this.stationAction(`/api/stations/${this.pairing.station}/session`, { action: 'start' });
    $('session-end').onclick = () => void this.stationAction(`/api/stations/${this.pairing.station}/session`, { action: 'end' });
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      radio.checked = radio.value === this.mode;
      radio.onchange = () => {
        this.mode = radio.value as Mode;
        localStorage.setItem(`kezek.mode.${this.pairing.id}`, this.mode);
      };
    }
  }

  /** A badge number typed by hand: sent as a scan of that number (the server looks up the badge). */
  private async typedNumber(): Promise<void> {
    const input = $<HTMLInputElement>('number');
    const error = $('number-error');
    const typed = input.value.trim();
    input.value = '';
    error.textContent = '';
    const badgeAt = typed.toUpperCase().indexOf('KZ1.');
    // A wedge scanner typing into the field, maybe after digits left there: the badge text is the scan.
    if (badgeAt >= 0) return this.handleCode(typed.slice(badgeAt), 'wedge');
    if (!/^[1-9][0-9]{0,8}$/.test(typed)) {
      if (typed !== '') error.textContent = t.numberInvalid;
      return;
    }
    input.blur();
    if (!this.locked) await this.submit({ badgeNo: Number(typed) });
  }

  private async stationAction(url: string, body?: unknown): Promise<void> {
    const r = await call<StationView>('POST', url, body ?? {});
    if (r.ok) {
      this.station = r.body;
      this.renderPanel();
      this.note('');
    } else if (r.status === 0) this.note(t.offline);
    else if (r.code === 'queue_empty') this.note(t.queueEmpty);
    else if (r.code === 'storage_full' || r.code === 'storage_unavailable') this.note(t.storageTrouble);
    else this.note(String(r.body.message ?? r.code));
  }

  private async poll(): Promise<void> {
    if (this.locked) return;
    const r = await call<StationView[]>('GET', '/api/stations');
    if (!r.ok) return void (r.status === 0 && this.setOnline(false));
    this.setOnline(true);
    this.stationNames = Object.fromEntries(r.body.map((s) => [s.id, s.name]));
    save(KEY.stations, this.stationNames);
    this.station = r.body.find((s) => s.id === this.pairing.station) ?? null;
    this.renderPanel();
  }

  private async fetchBadgeKey(): Promise<void> {
    const r = await call<BadgeKey>('GET', '/api/badge-key');
    if (!r.ok) return;
    const cached = load<BadgeKey>(KEY.badgeKey);
    if (!this.verifier || cached?.key !== r.body.key) this.verifier = new BadgeVerifier(r.body);
    save(KEY.badgeKey, r.body);
  }

  private async heartbeat(): Promise<void> {
    if (this.locked) return;
    const battery = await batteryState();
    const beat = { appVersion: pkg.version, pending: this.pending, camera: this.camera, ...(battery ? { battery } : {}) };
    const r = await call('POST', '/api/kiosks/heartbeat', beat);
    if (r.status === 0) this.setOnline(false);
  }

  private setOnline(online: boolean): void {
    if (!online) this.offlineSince ??= Date.now();
    else this.offlineSince = null;
    if (online === this.online) {
      if (!online) this.offlineSince = Date.now();
      return;
    }
    this.online = online;
    this.renderNet();
    if (online && this.pending > 0) void this.flush();
  }

  // ---- lock --------------------------------------------------------------------------------

  private lock(): void {
    if (this.locked) return;
    this.locked = true;
    for (const id of this.timers) clearInterval(id);
    this.stopCamera();
    this.releaseScreen();
    $('feedback').hidden = true;
    $('confirm').hidden = true;
    show('lock');
    this.renderLock();
    rerenders.push(() => this.renderLock());
    $('pair-again').onclick = () => {
      localStorage.removeItem(KEY.pairing);
      location.reload();
    };
  }

  // ---- drawing -----------------------------------------------------------------------------

  private stationName(id: string): string {
    return this.stationNames[id]?.[lang] ?? id;
  }

  private renderAll(): void {
    this.renderPanel();
    this.renderNet();
    this.renderPending();
    this.renderCamera();
  }

  private renderLock(): void {
    $('lock-unsent').textContent = this.pending > 0 ? t.lockedUnsent(this.pending) : '';
  }

  private renderNet(): void {
    const net = $('net');
    net.textContent = this.online ? t.online : t.offline;
    net.classList.toggle('offline', !this.online);
  }

  private renderPending(): void {
    const el = $('pending');
    el.textContent = t.pending(this.pending);
    el.dataset.count = String(this.pending);
    el.classList.toggle('waiting', this.pending > 0);
  }

  private renderCamera(): void {
    const note = $('camera-note');
    const secure = window.isSecureContext;
    note.textContent = !secure ? t.cameraInsecure : { on: t.cameraOn, off: '', denied: t.cameraDenied, none: t.cameraNone }[this.camera];
    note.hidden = note.textContent === '';
    $('video').hidden = this.camera !== 'on';
  }

  private renderPanel(): void {
    $('station-name').textContent = this.stationName(this.pairing.station);
    const s = this.station;
    if (!s) return;
    $('station-status').textContent = t.stationStatus[s.status];
    $('occupancy').textContent = `${s.occupancy} / ${s.capacity}`;
    $('queue').textContent = String(s.queue);
    const fill = $('bar-fill');
    const ratio = s.capacity > 0 ? s.occupancy / s.capacity : 0;
    fill.style.width = `${Math.min(100, ratio * 100)}%`;
    fill.classList.toggle('high', ratio >= 0.8 && ratio < 1);
    fill.classList.toggle('full', ratio >= 1);
    $('calling').textContent = s.calling.length > 0 ? `${t.calling}: ${s.calling.map((n) => `№ ${n}`).join(', ')}` : '';
    $<HTMLButtonElement>('call-next').disabled = s.queue === 0;
    $('session').hidden = s.mode !== 'sessions';
    if (s.mode === 'sessions') {
      const started = s.sessionStartedAt ? Date.parse(s.sessionStartedAt) : null;
      $('session-state').textContent = started ? t.sessionRunning(Math.max(0, Math.floor((Date.now() - started) / 60_000))) : t.sessionIdle;
      $<HTMLButtonElement>('session-start').disabled = started !== null;
      $<HTMLButtonElement>('session-end').disabled = started === null;
    }
  }
}

void main();
