/**
 * The kiosk page: pairing, then the kiosk at work (kiosk.ts). The QR decoder and the outbox are
 * opened from the first moment, beside the pairing, and so is the camera of a kiosk that knows its
 * pairing (a tablet's camera takes a while to start), shown as soon as it streams, so that
 * scanning is ready sooner; a pairing code refused turns it off.
 */
import { closeCamera, openCamera, showCamera } from './camera.ts';
import { Kiosk } from './kiosk.ts';
import { ICONS } from './icons.ts';
import { renderLanguage } from './language.ts';
import { Outbox } from './outbox.ts';
import { pair, savedPairing } from './pairing.ts';
import { preloadDecoder } from './scanner.ts';

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

let caching = false;
function cacheForOffline(): void {
  if (caching || !('serviceWorker' in navigator)) return;
  caching = true;
  void keepForOffline();
}

async function main(): Promise<void> {
  const decoder = preloadDecoder();
  const outbox = Outbox.open();
  document.querySelector('#lock .big-icon')!.innerHTML = ICONS.lock;
  renderLanguage();
  const hash = /[#&]pair=([A-Za-z0-9-]+)/.exec(location.hash);
  if (hash) history.replaceState(null, '', location.pathname);
  let pairing = savedPairing();
  // Paired already, or about to be: the kiosk will scan, so its camera starts now.
  const video = document.getElementById('video') as HTMLVideoElement;
  // Shown in its <video> as soon as it streams: its first frames come while the page pairs and lays out.
  let camera = decoder && (hash || pairing) ? openCamera().then((stream) => showCamera(video, stream)) : undefined;
  if (!hash && !pairing) cacheForOffline(); // the pairing screen may stay a while
  // A code refused: the pairing screen may stay a while, its camera off (started again once paired).
  const refused = () => {
    void camera?.then((stream) => {
      closeCamera(stream);
      video.srcObject = null;
    });
    camera = undefined;
  };
  if (hash || !pairing) pairing = await pair(hash ? hash[1] : null, refused);
  // Scanning first; the service worker's caching after it (it needs nothing to scan).
  await new Kiosk(pairing, outbox).start(decoder, camera);
  cacheForOffline();
}

void main();
