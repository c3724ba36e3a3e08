import pkg from '../../package.json' with { type: 'json' };
import type { ScanAnswer } from '../../shared/scan.ts';
import { newScanId } from '../../shared/scan-id.ts';
import { call, learnServers, useServers, useToken, whenRevoked, type LockReason } from './api.ts';
import { BadgeVerifier, localCheck, type BadgeKey, type Presented } from './badge-check.ts';
import type { CameraStream } from './camera.ts';
import type { QrDecoder } from './decoder.ts';
import { batteryState, keepScreenAwake } from './device.ts';
import { $, show } from './dom.ts';
import { hideFeedback, showVerdict } from './feedback.ts';
import { KnownAttendees } from './known.ts';
import { onLanguage, renderLanguage, t } from './language.ts';
import { checkMode, wireModes, type Mode } from './modes.ts';
import type { Outbox, OutboxScan } from './outbox.ts';
import { forgetPairing, type Pairing } from './pairing.ts';
import { Scanner } from './scanner.ts';
import { RETRY_MS, ScanSender } from './sender.ts';
import { unlockSound } from './sound.ts';
import { StationPanel } from './station-panel.ts';
import { KEY, keptTap, load, save } from './storage.ts';
import { offlineVerdict, refusal, verdictOf, type Verdict } from './verdict.ts';

const HEARTBEAT_MS = 15_000;
const POLL_MS = 3000;
/** How long the rest of the start waits for the camera (its permission prompt may stay open). */
const CAMERA_FIRST_MS = 2000;

/**
 * The kiosk at work: badges from the scanner go through the mode check and the outbox to the
 * server, and come back as verdicts; the station panel and the heartbeat run beside.
 */
export class Kiosk {
  private locked = false;
  private mode: Mode = 'auto';
  private readonly scanner = new Scanner((text) => this.submit({ badge: text }));
  private readonly sender: ScanSender;
  private readonly panel: StationPanel;
  private readonly known = new KnownAttendees();
  private verifier: BadgeVerifier | null = null;
  private releaseScreen: () => void = () => {};
  private timers: number[] = [];

  constructor(
    private readonly pairing: Pairing,
    outbox: Outbox,
  ) {
    useToken(pairing.token);
    useServers(pairing.servers);
    this.sender = new ScanSender(outbox, (answer) => this.afterAnswer(answer));
    this.panel = new StationPanel(pairing.station, (online) => this.sender.setOnline(online), keptTap(pairing));
    const key = load<BadgeKey>(KEY.badgeKey);
    if (key) this.verifier = new BadgeVerifier(key);
  }

  /**
   * Starts scanning (the camera first: it is what the volunteer waits for), then the rest;
   * resolves once the camera is on (or after CAMERA_FIRST_MS). `camera`: its stream, if asked for earlier.
   */
  async start(decoder: Promise<QrDecoder> | null, camera?: Promise<CameraStream>): Promise<void> {
    whenRevoked((why) => this.lock(why));
    show('app');
    onLanguage(() => this.renderAll());
    this.wireControls();
    this.renderAll();
    const cameraOn = this.scanner.start(decoder, camera);
    this.releaseScreen = keepScreenAwake();
    document.addEventListener('pointerdown', unlockSound, { capture: true });
    document.addEventListener('keydown', unlockSound, { capture: true });
    window.addEventListener('online', () => void this.sender.flush());
    await this.sender.refreshPending();
    void this.panel.poll();
    void this.sender.flush();
    // What scanning does not need waits for the camera, or for a volunteer slow to allow it.
    await Promise.race([cameraOn, new Promise((r) => setTimeout(r, CAMERA_FIRST_MS))]);
    void this.heartbeat();
    void this.fetchBadgeKey();
    void this.learnServers();
    this.timers.push(
      window.setInterval(() => void (this.locked || this.panel.poll()), POLL_MS),
      window.setInterval(() => void this.heartbeat(), HEARTBEAT_MS),
      window.setInterval(() => void (this.sender.pending > 0 && this.sender.flush()), RETRY_MS),
    );
  }

  /** The event's servers as the server names them now, kept with the pairing for the next start. */
  private async learnServers(): Promise<void> {
    const urls = await learnServers();
    if (urls) save(KEY.pairing, { ...this.pairing, servers: urls });
  }

  private wireControls(): void {
    $<HTMLFormElement>('number-form').onsubmit = (e) => {
      e.preventDefault();
      this.typedNumber();
    };
    this.panel.wire();
    this.mode = wireModes(this.pairing.id, (mode) => (this.mode = mode));
  }

  /** A badge number typed by hand: sent as a scan of that number (the server looks up the badge). */
  private typedNumber(): void {
    const input = $<HTMLInputElement>('number');
    const error = $('number-error');
    const typed = input.value.trim();
    input.value = '';
    error.textContent = '';
    const badgeAt = typed.toUpperCase().indexOf('KZ1.');
    // A wedge scanner typing into the field, maybe after digits left there: the badge text is the scan.
    if (badgeAt >= 0) return void this.submit({ badge: typed.slice(badgeAt) });
    if (!/^[1-9][0-9]{0,8}$/.test(typed)) {
      if (typed !== '') error.textContent = t.numberInvalid;
      return;
    }
    input.blur();
    void this.submit({ badgeNo: Number(typed) });
  }

  /** Checks the mode, records the scan in the outbox, sends it (after any older ones) and shows the verdict. */
  private async submit(presented: Presented): Promise<void> {
    if (this.locked) return;
    if (presented.badge !== undefined) presented = { badge: presented.badge.trim() };
    const scan: OutboxScan = { id: newScanId(), ...presented, at: new Date().toISOString(), station: this.pairing.station };
    const answered = (answer: ScanAnswer, p: Presented) => {
      this.afterAnswer(answer);
      showVerdict(this.verdict(answer, p));
    };
    const go = await checkMode({ mode: this.mode, sender: this.sender, known: this.known, answered }, scan, presented);
    if (go !== 'go' || this.locked) return;
    // The sender hands every answer to afterAnswer itself.
    const answer = await this.sender.submit(scan);
    if (this.locked) return;
    if (answer) return showVerdict(this.verdict(answer, presented));
    const local = await this.localVerdict(presented);
    if (local.tone !== 'refused') this.sender.heldAccepted(scan.id);
    showVerdict(local, true);
  }

  /** The server's verdict; a refused typed number is shown with the number typed. */
  private verdict(answer: ScanAnswer, presented: Presented): Verdict {
    const v = verdictOf(answer, t, (id) => this.panel.name(id));
    if (v.badgeNo !== null || presented.badgeNo === undefined) return v;
    return { ...v, badgeNo: presented.badgeNo, who: t.badgeNo(presented.badgeNo) };
  }

  /** The verdict given here while the server cannot answer: by the badge's signature and what this kiosk knows. */
  private async localVerdict(presented: Presented): Promise<Verdict> {
    const check = await localCheck(presented, this.verifier);
    if ('error' in check) return refusal(check.error, t);
    const k = this.known.get(check.no);
    const v = offlineVerdict(check.no, k?.inside ?? false, check.verified, k?.name ?? null, t);
    this.known.learn(check.no, k?.name ?? '', !(k?.inside ?? false));
    return v;
  }

  private afterAnswer(answer: ScanAnswer): void {
    const a = answer.attendee;
    if (a && answer.outcome !== 'rejected') this.known.learn(a.badgeNo, a.firstName, answer.outcome === 'entered' || answer.outcome === 'queued');
    this.panel.update(answer.station);
  }

  private async fetchBadgeKey(): Promise<void> {
    const r = await call<BadgeKey>('GET', '/api/badge-key');
    if (!r.ok) return;
    const cached = load<BadgeKey>(KEY.badgeKey);
    if (!this.verifier || cached?.key !== r.body.key || cached.otherEvents?.join() !== r.body.otherEvents.join()) this.verifier = new BadgeVerifier(r.body);
    save(KEY.badgeKey, r.body);
  }

  private async heartbeat(): Promise<void> {
    if (this.locked) return;
    const battery = await batteryState();
    const beat = { appVersion: pkg.version, pending: this.sender.pending, camera: this.scanner.camera, ...(battery ? { battery } : {}) };
    const r = await call('POST', '/api/kiosks/heartbeat', beat);
    if (r.status === 0) this.sender.setOnline(false);
  }

  /** Revoked (or of another event, or of an archived one): everything stops, and the lock screen says why and how many scans were not sent. */
  private lock(why: LockReason): void {
    if (this.locked) return;
    const texts = { kiosk_revoked: ['lockedTitle', 'lockedText'], kiosk_other_event: ['otherEventTitle', 'otherEventText'], event_archived: ['archivedTitle', 'archivedText'] } as const;
    [$('lock-title').dataset.t, $('lock-text').dataset.t] = texts[why];
    renderLanguage();
    this.locked = true;
    for (const id of this.timers) clearInterval(id);
    this.sender.stop();
    this.scanner.stop();
    this.releaseScreen();
    hideFeedback();
    show('lock');
    const renderLock = () => ($('lock-unsent').textContent = this.sender.pending > 0 ? t.lockedUnsent(this.sender.pending) : '');
    renderLock();
    onLanguage(renderLock);
    $('pair-again').onclick = forgetPairing;
  }

  private renderAll(): void {
    this.panel.render();
    this.sender.renderNet();
    this.sender.renderPending();
    this.scanner.render();
  }
}
