import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import zxingWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';

export type CameraState = 'on' | 'off' | 'denied' | 'none';

// The decoder's .wasm comes from our server (Vite copies it into the build), never a CDN.
prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWasm : prefix + path) },
  fireImmediately: true,
});

/** Shortest pause between two decodes: enough for a cheap tablet to breathe. */
const MIN_INTERVAL_MS = 60;

/**
 * The camera, rear one preferred, read continuously for QR codes. `onCode` gets every decoded
 * text; the caller drops camera re-reads.
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
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  let running = true;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      if (video.readyState >= 2 && video.videoWidth > 0) {
        try {
          for (const code of await detector.detect(video)) if (code.rawValue) onCode(code.rawValue);
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
