import type { CameraState } from '../../shared/camera.ts';
import type { QrDecoder } from './decoder.ts';

/** Shortest pause between two decodes: enough for a cheap tablet to breathe. */
const MIN_INTERVAL_MS = 60;
/**
 * The longest the camera waits for a scan it read to be handled (sent, its verdict shown) before
 * it reads again: meanwhile the page's one thread is the verdict's, not the next frame's.
 */
const HOLD_MAX_MS = 2000;
/** The centre of the frame that is read (a badge is held in front of the camera, not at its edge). */
const REGION = 0.8;
/** The longest side of the region once scaled down: a QR a hand's length away stays readable. */
const REGION_MAX_PX = 640;
/**
 * The region's scale on a slow device, where reading a frame takes SLOW_READ_MS or more: 56 % of
 * the pixels to copy out of the video and decode (640 px become 480; a badge held a little closer
 * is read as well).
 */
const SLOW_SCALE = 0.75;
const SLOW_READ_MS = 50;
/** Back to the full region once reading a frame takes less than this (well below, so it does not flap). */
const FAST_READ_MS = 20;

/** Draws the centred region of the current frame, scaled down (further by SLOW_SCALE if `slow`), on `canvas`; false before the first frame. */
function drawRegion(video: HTMLVideoElement, canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, slow: boolean): boolean {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (video.readyState < 2 || w === 0 || h === 0) return false;
  const sw = Math.round(w * REGION);
  const sh = Math.round(h * REGION);
  const scale = Math.min(1, REGION_MAX_PX / Math.max(sw, sh)) * (slow ? SLOW_SCALE : 1);
  const dw = Math.round(sw * scale);
  const dh = Math.round(sh * scale);
  if (canvas.width !== dw || canvas.height !== dh) {
    canvas.width = dw;
    canvas.height = dh;
  }
  ctx.drawImage(video, Math.round((w - sw) / 2), Math.round((h - sh) / 2), sw, sh, 0, 0, dw, dh);
  return true;
}

/** The camera's stream, or why there is none. */
export type CameraStream = MediaStream | 'denied' | 'none';

/**
 * Asks for the camera, rear one preferred. A tablet's camera takes a while to start: the kiosk
 * page asks from its first moment when it knows it will scan (see main.ts).
 */
export async function openCamera(): Promise<CameraStream> {
  if (!navigator.mediaDevices?.getUserMedia) return 'none';
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (err) {
    const name = (err as DOMException).name;
    return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'none';
  }
}

/**
 * Plays the stream in `video` (once: a stream shown already is left as it is). The kiosk page shows
 * it from the moment it streams, before the pairing and the page's layout are done.
 */
export async function showCamera(video: HTMLVideoElement, stream: CameraStream): Promise<CameraStream> {
  if (!(stream instanceof MediaStream) || video.srcObject === stream) return stream;
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => {});
  performance.mark('kezek:camera-on');
  return stream;
}

/** Turns the camera off (its light too): a stream asked for early that will not be used. */
export function closeCamera(stream: CameraStream): void {
  if (stream instanceof MediaStream) for (const track of stream.getTracks()) track.stop();
}

/** Handles a decoded text; resolves once it is handled (re-reads at once). */
export type OnCode = (text: string) => Promise<void>;

/**
 * The camera, rear one preferred, read continuously for QR codes with `decoder`. `onCode` gets
 * every decoded text; the caller drops camera re-reads. One decode at a time: frames that arrive
 * while one runs, or while a text read is handled, are skipped, never queued.
 */
export async function startCamera(video: HTMLVideoElement, decoder: Promise<QrDecoder>, onCode: OnCode, opening: Promise<CameraStream> = openCamera()): Promise<{ state: CameraState; stop: () => void }> {
  const stream = await showCamera(video, await opening);
  if (!(stream instanceof MediaStream)) return { state: stream, stop: () => {} };
  let running = true;
  decoder.then(
    (d) => {
      performance.mark('kezek:decoder-ready');
      video.dataset.decoder = d.kind;
      return readLoop(video, d, onCode, () => running);
    },
    () => (video.dataset.decoder = 'failed'), // the camera shows, the volunteer types or uses a scanner
  );
  return {
    state: 'on',
    stop: () => {
      running = false;
      closeCamera(stream);
      video.srcObject = null;
    },
  };
}

/**
 * Decodes the frame's region, hands over what it read, then waits out the rest of MIN_INTERVAL_MS;
 * until `running()` is false. A device slow to read a frame reads it scaled down further (SLOW_SCALE).
 */
async function readLoop(video: HTMLVideoElement, decoder: QrDecoder, onCode: OnCode, running: () => boolean): Promise<void> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let slow = false;
  let read = false;
  let readMs = -1; // a frame's draw and decode, smoothed
  while (running()) {
    const started = performance.now();
    if (drawRegion(video, canvas, ctx, slow)) {
      let texts: string[] = [];
      try {
        texts = await decoder.decode(canvas, ctx);
      } catch {
        // A frame that could not be read: the next one will be.
      }
      const took = performance.now() - started;
      readMs = readMs < 0 ? took : 0.7 * readMs + 0.3 * took;
      if (readMs >= SLOW_READ_MS) slow = true;
      else if (readMs < FAST_READ_MS) slow = false;
      if (!read) {
        read = true;
        performance.mark('kezek:first-read'); // the kiosk reads its camera: ready to scan
      }
      for (const text of texts) await Promise.race([onCode(text), new Promise((r) => setTimeout(r, HOLD_MAX_MS))]);
    }
    const wait = Math.max(0, MIN_INTERVAL_MS - (performance.now() - started));
    await new Promise((r) => setTimeout(r, wait));
  }
}
