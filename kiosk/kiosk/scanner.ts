import { REREAD_MS, type CameraState } from '../../shared/camera.ts';
import { startCamera, type CameraStream, type OnCode } from './camera.ts';
import { qrDecoder, type QrDecoder } from './decoder.ts';
import { $ } from './dom.ts';
import { t } from './language.ts';
import { listenForWedge } from './wedge.ts';

/**
 * The QR decoder, loaded and compiled from the page's first moment where a camera can be used
 * (a secure context), so that it is ready when the camera is; null elsewhere.
 */
export function preloadDecoder(): Promise<QrDecoder> | null {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return null;
  const decoder = qrDecoder();
  decoder.catch(() => {}); // a failed load shows when the camera starts
  return decoder;
}

/**
 * Where badges come from: the camera and keyboard-wedge scanners. The camera sees a badge many
 * times a second: it stays one scan while it is in view, up to the server's re-read window after
 * it was last seen.
 */
export class Scanner {
  camera: CameraState = 'off';
  private stopCamera: () => void = () => {};
  private stopWedge: () => void = () => {};
  private lastCamera = { text: '', at: 0 };

  /** `onCode`: a badge's text read; resolves once it is handled (its verdict shown). */
  constructor(private readonly onCode: OnCode) {}

  /** `camera`: the camera's stream asked for earlier, if it was; else it is asked for now. */
  start(decoder: Promise<QrDecoder> | null, camera?: Promise<CameraStream>): Promise<void> {
    this.stopWedge = listenForWedge((text) => void this.onCode(text));
    $('camera-start').onclick = () => void this.startCamera(decoder ?? preloadDecoder());
    return this.startCamera(decoder, camera);
  }

  stop(): void {
    this.stopCamera();
    this.stopWedge();
  }

  private async startCamera(decoder: Promise<QrDecoder> | null, camera?: Promise<CameraStream>): Promise<void> {
    const button = $('camera-start');
    button.hidden = true;
    if (!decoder) {
      this.camera = 'none';
      this.render();
      return;
    }
    const started = await startCamera($<HTMLVideoElement>('video'), decoder, (text) => this.fromCamera(text), camera);
    this.camera = started.state;
    this.stopCamera = started.stop;
    button.hidden = started.state === 'on' || started.state === 'none';
    this.render();
  }

  private async fromCamera(raw: string): Promise<void> {
    const text = raw.trim();
    const now = performance.now();
    const again = text === this.lastCamera.text && now - this.lastCamera.at < REREAD_MS;
    this.lastCamera = { text, at: now };
    if (again) return;
    // The benchmark splits camera frame → verdict at this point (decoded → sent and shown).
    performance.clearMarks('kezek:decoded');
    performance.mark('kezek:decoded');
    await this.onCode(text);
  }

  render(): void {
    const note = $('camera-note');
    note.textContent = !window.isSecureContext ? t.cameraInsecure : { on: t.cameraOn, off: '', denied: t.cameraDenied, none: t.cameraNone }[this.camera];
    note.hidden = note.textContent === '';
    $('video').hidden = this.camera !== 'on';
  }
}
