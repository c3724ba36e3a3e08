import type { CameraState } from '../../shared/camera.ts';

/** Reads the QR codes in a frame region drawn on a canvas: the browser's own detector or ZXing. */
export interface QrDecoder {
  kind: 'native' | 'zxing';
  decode(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): Promise<string[]>;
}

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats?: () => Promise<string[]>;
}

/** Shortest pause between two decodes: enough for a cheap tablet to breathe. */
const MIN_INTERVAL_MS = 60;
/** The centre of the frame that is read (a badge is held in front of the camera, not at its edge). */
const REGION = 0.8;
/** The longest side of the region once scaled down: a QR a hand's length away stays readable. */
const REGION_MAX_PX = 640;

/** The browser's own BarcodeDetector where it reads QR codes (Chrome on Android, Safari 17+), else null. */
async function nativeDecoder(): Promise<QrDecoder | null> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (typeof Native !== 'function' || typeof Native.getSupportedFormats !== 'function') return null;
  try {
    if (!(await Native.getSupportedFormats()).includes('qr_code')) return null;
  } catch {
    return null; // a native detector that cannot say what it reads: ZXing does
  }
  const detector = new Native({ formats: ['qr_code'] });
  return { kind: 'native', decode: async (canvas) => (await detector.detect(canvas)).map((c) => c.rawValue).filter(Boolean) };
}

/**
 * The ZXing WebAssembly decoder, once its module and .wasm (from our server, never a CDN) are
 * fetched, compiled and instantiated. Only QR codes, printed dark on light, one a
 * frame: no rotated, inverted or downscaled retries, which cost a cheap tablet most on the frames
 * that hold no badge at all.
 */
async function zxingDecoder(): Promise<QrDecoder> {
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([import('zxing-wasm/reader'), import('zxing-wasm/reader/zxing_reader.wasm?url')]);
  const ready = prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  await ready;
  const options = { formats: ['QRCode' as const], tryRotate: false, tryInvert: false, tryDownscale: false, maxNumberOfSymbols: 1, textMode: 'Plain' as const };
  return {
    kind: 'zxing',
    decode: async (canvas, ctx) => (await readBarcodes(ctx.getImageData(0, 0, canvas.width, canvas.height), options)).map((r) => r.text).filter(Boolean),
  };
}

/**
 * The QR decoder this browser will use, native first. Call it early (it loads and compiles
 * ZXing where needed): the camera can start meanwhile.
 */
export function qrDecoder(): Promise<QrDecoder> {
  return nativeDecoder().then((native) => native ?? zxingDecoder());
}

/** Draws the centred region of the current frame, scaled down, on `canvas`; false before the first frame. */
function drawRegion(video: HTMLVideoElement, canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): boolean {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (video.readyState < 2 || w === 0 || h === 0) return false;
  const sw = Math.round(w * REGION);
  const sh = Math.round(h * REGION);
  const scale = Math.min(1, REGION_MAX_PX / Math.max(sw, sh));
  const dw = Math.round(sw * scale);
  const dh = Math.round(sh * scale);
  if (canvas.width !== dw || canvas.height !== dh) {
    canvas.width = dw;
    canvas.height = dh;
  }
  ctx.drawImage(video, Math.round((w - sw) / 2), Math.round((h - sh) / 2), sw, sh, 0, 0, dw, dh);
  return true;
}

/**
 * The camera, rear one preferred, read continuously for QR codes with `decoder`. `onCode` gets
 * every decoded text; the caller drops camera re-reads. One decode at a time: frames that arrive
 * while one runs are skipped, never queued.
 */
export async function startCamera(video: HTMLVideoElement, decoder: Promise<QrDecoder>, onCode: (text: string) => void): Promise<{ state: CameraState; stop: () => void }> {
  if (!navigator.mediaDevices?.getUserMedia) return { state: 'none', stop: () => {} };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (err) {
    const name = (err as DOMException).name;
    return { state: name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'none', stop: () => {} };
  }
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => {});
  let running = true;
  decoder.then(
    (d) => {
      video.dataset.decoder = d.kind;
      return readLoop(video, d, onCode, () => running);
    },
    () => (video.dataset.decoder = 'failed'), // the camera shows, the volunteer types or uses a scanner
  );
  return {
    state: 'on',
    stop: () => {
      running = false;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}

/** Decodes the frame's region, then waits out the rest of MIN_INTERVAL_MS; until `running()` is false. */
async function readLoop(video: HTMLVideoElement, decoder: QrDecoder, onCode: (text: string) => void, running: () => boolean): Promise<void> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  while (running()) {
    const started = performance.now();
    if (drawRegion(video, canvas, ctx)) {
      try {
        for (const text of await decoder.decode(canvas, ctx)) onCode(text);
      } catch {
        // A frame that could not be read: the next one will be.
      }
    }
    const wait = Math.max(0, MIN_INTERVAL_MS - (performance.now() - started));
    await new Promise((r) => setTimeout(r, wait));
  }
}
