import zxingWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';

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
 * fetched, compiled and instantiated; the page's <head> asks for both from its first moment (see
 * kiosk/vite.config.ts), so they download while the page's own script runs. Only QR codes, printed dark on light, one a frame: no rotated, inverted or downscaled
 * retries, which cost a cheap tablet most on the frames that hold no badge at all.
 */
async function zxingDecoder(): Promise<QrDecoder> {
  const { prepareZXingModule, readBarcodes } = await import('zxing-wasm/reader');
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWasm : prefix + path) },
    fireImmediately: true,
  });
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
