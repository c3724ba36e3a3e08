import zxingWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';

export type CameraState = 'on' | 'off' | 'denied' | 'none';

/** What the kiosk needs of a barcode detector: the browser's own or the ZXing ponyfill. */
interface QrDetector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface DetectorClass {
  new (options: { formats: string[] }): QrDetector;
  getSupportedFormats?: () => Promise<string[]>;
}

/** Shortest pause between two decodes: enough for a cheap tablet to breathe. */
const MIN_INTERVAL_MS = 60;
/** The centre of the frame that is read (a badge is held in front of the camera, not at its edge). */
const REGION = 0.8;
/** The longest side of the region once scaled down: a QR a hand's length away stays readable. */
const REGION_MAX_PX = 640;

/**
 * The browser's own BarcodeDetector where it reads QR codes (Chrome on Android, Safari 17+),
 * otherwise the ZXing WebAssembly ponyfill, loaded only then.
 */
async function qrDetector(): Promise<{ detector: QrDetector; kind: 'native' | 'zxing' }> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (typeof Native === 'function' && typeof Native.getSupportedFormats === 'function') {
    try {
      if ((await Native.getSupportedFormats()).includes('qr_code')) return { detector: new Native({ formats: ['qr_code'] }), kind: 'native' };
    } catch {
      // A native detector that cannot say what it reads: the ponyfill does.
    }
  }
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  // The decoder's .wasm comes from our server (Vite copies it into the build), never a CDN.
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWasm : prefix + path) },
    fireImmediately: true,
  });
  return { detector: new BarcodeDetector({ formats: ['qr_code'] }), kind: 'zxing' };
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
 * The camera, rear one preferred, read continuously for QR codes. `onCode` gets every decoded
 * text; the caller drops camera re-reads. One decode at a time: frames that arrive while one runs
 * are skipped, never queued.
 */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string) => void): Promise<{ state: CameraState; stop: () => void }> {
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
  const { detector, kind } = await qrDetector();
  video.dataset.decoder = kind;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let running = true;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      if (drawRegion(video, canvas, ctx)) {
        try {
          for (const code of await detector.detect(canvas)) if (code.rawValue) onCode(code.rawValue);
        } catch {
          // A frame that could not be read: the next one will be.
        }
      }
      const wait = Math.max(0, MIN_INTERVAL_MS - (performance.now() - started));
      await new Promise((r) => setTimeout(r, wait || 0));
    }
  };
  void loop();
  return {
    state: 'on',
    stop: () => {
      running = false;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
