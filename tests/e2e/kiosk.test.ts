import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { ADMIN, register } from '../support/app.ts';
import { ARTIFACTS, LAPTOP, TABLET, launch, openKiosk, qrVideo, scanWedge, startServer, verdictFor } from './browser.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let cameraBrowser: Browser;
let cameraBadge: { badgeNo: number; badge: string };

beforeAll(async () => {
  server = await startServer();
  cameraBadge = await register(server.app, 'Aigerim');
  const video = await qrVideo(cameraBadge.badge, 'camera-badge');
  [browser, cameraBrowser] = await Promise.all([launch(), launch(video)]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), cameraBrowser?.close()]);
  await server?.close();
});

describe('kiosk page', () => {
  it('checks in a badge shown to the camera, read by the ZXing WebAssembly decoder where the browser has no detector', async () => {
    // No native BarcodeDetector (as in Firefox, or Chrome on a desktop).
    let sent = 0;
    const decoderFetches: string[] = [];
    const noNative = (context: BrowserContext) => {
      context.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/api/scans') && sent++));
      context.on('request', (r) => void (!r.serviceWorker() && /\/assets\/(zxing_reader-.*\.wasm|reader-.*\.js)$/.test(r.url()) && decoderFetches.push(new URL(r.url()).pathname.replace(/-[\w-]+\./, '.'))));
      return context.addInitScript(() => delete (window as { BarcodeDetector?: unknown }).BarcodeDetector);
    };
    const { page, context } = await openKiosk(cameraBrowser, server, 'kazzinc', TABLET, noNative);
    const v = await verdictFor(page, cameraBadge.badgeNo, 20_000);
    expect(v).toMatchObject({ tone: 'welcome', title: 'Welcome', who: 'Aigerim', pending: false });
    expect(await page.locator('#video').getAttribute('data-decoder')).toBe('zxing');
    // The page's <head> asks for the decoder's script and .wasm; the decoder uses those very downloads
    // (the service worker fetches them again for its cache).
    expect(decoderFetches.sort()).toEqual(['/assets/reader.js', '/assets/zxing_reader.wasm']);
    const head = (await (await fetch(`${server.url}/kiosk`)).text()).split('</head>')[0];
    expect(head).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/reader-[\w-]+\.js">/);
    expect(head).toMatch(/<link rel="preload" href="\/assets\/zxing_reader-[\w-]+\.wasm" as="fetch" crossorigin="anonymous">/);
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-camera-welcome-tablet.png` });
    // The camera keeps seeing the badge: the page sends it once, and it is not checked out by re-reads.
    await page.waitForTimeout(1500);
    expect(sent).toBe(1);
    const station = (await (await fetch(`${server.url}/api/stations`)).json()).find((s: { id: string }) => s.id === 'kazzinc');
    expect(station.occupancy).toBe(1);
    await context.close();
  });

  /** A native BarcodeDetector (as Chrome on Android has), decoding with jsQR, recording what it is given; each detect takes at least `ms`. */
  const nativeDetector = (ms: number) => async (context: BrowserContext) => {
      await context.addInitScript({ path: 'node_modules/jsqr/dist/jsQR.js' });
      await context.addInitScript((ms) => {
        type Seen = { width: number; height: number; canvas: boolean; overlap: boolean };
        const w = window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null; detectorSeen: Seen[]; detectorRead: number[]; BarcodeDetector: unknown };
        w.detectorSeen = [];
        w.detectorRead = []; // the width of each region a QR was read in
        let busy = false;
        w.BarcodeDetector = class {
          static getSupportedFormats = () => Promise.resolve(['qr_code', 'ean_13']);
          async detect(source: HTMLCanvasElement) {
            w.detectorSeen.push({ width: source.width, height: source.height, canvas: source instanceof HTMLCanvasElement, overlap: busy });
            busy = true;
            try {
              await new Promise((r) => setTimeout(r, ms));
              const image = source.getContext('2d')!.getImageData(0, 0, source.width, source.height);
              const code = w.jsQR(image.data, image.width, image.height);
              if (code) w.detectorRead.push(source.width);
              return code ? [{ rawValue: code.data }] : [];
            } finally {
              busy = false;
            }
          }
        };
      }, ms);
  };

  it('reads the camera with the browser’s own BarcodeDetector where it reads QR codes, a centred region at most 640 px, one decode at a time', async () => {
    const person = await register(server.app, 'Aigerim');
    const video = await qrVideo(person.badge, 'camera-badge-native');
    const nativeBrowser = await launch(video);
    try {
      const { page } = await openKiosk(nativeBrowser, server, 'tmk', TABLET, nativeDetector(5));
      const v = await verdictFor(page, person.badgeNo, 20_000);
      expect(v).toMatchObject({ tone: 'welcome', who: 'Aigerim' });
      expect(await page.locator('#video').getAttribute('data-decoder')).toBe('native');
      const seen = await page.evaluate(() => (window as unknown as { detectorSeen: Array<{ width: number; height: number; canvas: boolean; overlap: boolean }> }).detectorSeen);
      expect(seen.length).toBeGreaterThan(0);
      // The fake camera is 640×480: its centre, 80 % a side, fits in 640 px as it is (scaled by 3/4
      // only if this loaded machine is as slow as a cheap tablet to read a frame).
      expect(seen[0]).toEqual({ width: 512, height: 384, canvas: true, overlap: false });
      for (const s of seen) expect([{ width: 512, height: 384, canvas: true, overlap: false }, { width: 384, height: 288, canvas: true, overlap: false }]).toContainEqual(s);
    } finally {
      await nativeBrowser.close();
    }
  });

  it('reads a smaller region on a device slow to read a frame, and still reads the badge', async () => {
    const person = await register(server.app, 'Dana');
    const video = await qrVideo(person.badge, 'camera-badge-slow');
    const slowBrowser = await launch(video);
    try {
      const { page } = await openKiosk(slowBrowser, server, 'tmk', TABLET, nativeDetector(80));
      expect(await verdictFor(page, person.badgeNo, 20_000)).toMatchObject({ tone: 'welcome', who: 'Dana' });
      const seen = await page.evaluate(() => (window as unknown as { detectorSeen: Array<{ width: number; height: number }> }).detectorSeen);
      expect(seen[0]).toMatchObject({ width: 512, height: 384 });
      // Each read takes 80 ms and more: after the first, the region is scaled by 3/4, and the badge
      // still in view is read there too.
      await expect.poll(() => page.evaluate(() => (window as unknown as { detectorRead: number[] }).detectorRead.includes(384)), { timeout: 10_000 }).toBe(true);
      const later = await page.evaluate(() => (window as unknown as { detectorSeen: Array<{ width: number; height: number }> }).detectorSeen.slice(1));
      for (const s of later) expect(s).toMatchObject({ width: 384, height: 288 });
    } finally {
      await slowBrowser.close();
    }
  });

  it('asks for the camera while it pairs (a tablet’s camera is slow to start), draws no pairing screen for a right code from the QR, and asks for no camera on the pairing screen of a device never paired', async () => {
    const watchCamera = (context: BrowserContext) =>
      context.addInitScript(() => {
        const devices = navigator.mediaDevices;
        const ask = devices.getUserMedia.bind(devices);
        devices.getUserMedia = (constraints) => {
          (window as unknown as { cameraAsked: boolean }).cameraAsked = true;
          return ask(constraints);
        };
      });
    // The pairing's answer is held until the page has asked for the camera: a page that asked only after it would never pair.
    let askedBeforePaired = false;
    const holdPairing = async (context: BrowserContext) => {
      await watchCamera(context);
      // Whether the pairing screen ever shows: a right code from the QR goes straight to the kiosk.
      await context.addInitScript(() =>
        new MutationObserver((changes) => {
          for (const c of changes) if ((c.target as HTMLElement).id === 'pair' && !(c.target as HTMLElement).hidden) (window as unknown as { pairShown: boolean }).pairShown = true;
        }).observe(document, { attributes: true, attributeFilter: ['hidden'], subtree: true }),
      );
      await context.route('**/api/kiosks/pair', async (route) => {
        const page = context.pages()[0];
        await expect.poll(() => page.evaluate(() => (window as unknown as { cameraAsked?: boolean }).cameraAsked === true), { timeout: 10_000 }).toBe(true);
        askedBeforePaired = true;
        await route.continue();
      });
    };
    const { page, context } = await openKiosk(cameraBrowser, server, 'umz', TABLET, holdPairing);
    expect(askedBeforePaired).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { pairShown?: boolean }).pairShown ?? false)).toBe(false);
    await page.locator('#video[data-decoder]').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => (document.getElementById('video') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
    await context.close();

    const fresh = await cameraBrowser.newContext({ viewport: TABLET, locale: 'en-GB' });
    await fresh.grantPermissions(['camera'], { origin: server.url });
    await watchCamera(fresh);
    const unpaired = await fresh.newPage();
    await unpaired.goto(`${server.url}/kiosk`);
    await unpaired.locator('#pair').waitFor({ state: 'visible' });
    // The camera is asked for, or not, before the pairing screen shows.
    expect(await unpaired.evaluate(() => (window as unknown as { cameraAsked?: boolean }).cameraAsked ?? false)).toBe(false);
    await fresh.close();
  });

  it('turns the camera off when the pairing QR’s code is refused, and starts it once a right code is typed', async () => {
    const context = await cameraBrowser.newContext({ viewport: TABLET, locale: 'en-GB' });
    await context.grantPermissions(['camera'], { origin: server.url });
    await context.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const ask = devices.getUserMedia.bind(devices);
      const w = window as unknown as { streams: MediaStream[] };
      w.streams = [];
      devices.getUserMedia = async (constraints) => {
        const stream = await ask(constraints);
        w.streams.push(stream);
        return stream;
      };
    });
    const page = await context.newPage();
    const live = () => page.evaluate(() => (window as unknown as { streams: MediaStream[] }).streams.map((s) => s.getTracks().some((t) => t.readyState === 'live')));
    await page.goto(`${server.url}/kiosk#pair=WRONG1`);
    await page.locator('#pair-error:not(:empty)').waitFor({ state: 'visible', timeout: 10_000 });
    // Asked for at once (the code may be right), and off once it is refused: no light on a device left at its pairing screen.
    await expect.poll(live, { timeout: 5000 }).toEqual([false]);
    const { pairingCode } = (await server.app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'umz' } })).json();
    await page.locator('#pair-code').fill(pairingCode);
    await page.locator('#pair-form button[type=submit]').click();
    await page.locator('#video[data-decoder]').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await live()).toEqual([false, true]);
    await context.close();
  });

  it('takes a keyboard-wedge scan without clicking anywhere, on a tablet and a laptop', async () => {
    for (const [name, viewport] of [['tablet', TABLET], ['laptop', LAPTOP]] as const) {
      const person = await register(server.app, `Daulet-${name}`);
      const { page, context } = await openKiosk(browser, server, 'college-1', viewport);
      await page.screenshot({ path: `${ARTIFACTS}/kiosk-panel-${name}.png` });
      await scanWedge(page, person.badge);
      const v = await verdictFor(page, person.badgeNo);
      expect(v).toMatchObject({ tone: 'welcome', title: 'Welcome', who: `Daulet-${name}` });
      await page.screenshot({ path: `${ARTIFACTS}/kiosk-welcome-${name}.png` });
      // Scanned again later (after the re-read window) it means leaving.
      await page.waitForTimeout(100);
      await page.locator('#feedback').click();
      await context.close();
    }
  });

  it('asks before checking out in entry-only mode, and before checking in in exit-only mode', async () => {
    const occupancy = async (id: string) =>
      ((await (await fetch(`${server.url}/api/stations`)).json()) as Array<{ id: string; occupancy: number }>).find((s) => s.id === id)!.occupancy;
    const inside = await register(server.app, 'Nurlan');
    const outside = await register(server.app, 'Saule');
    const { page, context } = await openKiosk(browser, server, 'oesk', LAPTOP);
    const wedge = (badge: string) => scanWedge(page, badge);
    await wedge(inside.badge);
    expect(await verdictFor(page, inside.badgeNo)).toMatchObject({ tone: 'welcome' });
    await page.locator('#feedback').click();

    await page.locator('input[name="mode"][value="entry"]').check({ force: true });
    await wedge(inside.badge);
    await page.locator('#confirm:not([hidden])').waitFor();
    expect(await page.locator('#confirm-text').textContent()).toContain('Nurlan');
    await page.locator('#confirm-no').click();
    await expect.poll(() => page.locator('#confirm').isHidden()).toBe(true);
    expect(await occupancy('oesk')).toBe(1);

    await page.locator('input[name="mode"][value="exit"]').check({ force: true });
    await wedge(outside.badge);
    await page.locator('#confirm:not([hidden])').waitFor();
    // This kiosk has not greeted Saule: the question names the badge number, never a name the kiosk did not learn from its own scans.
    expect(await page.locator('#confirm-text').textContent()).toBe(`Badge ${outside.badgeNo} is not inside. Check in?`);
    await page.locator('#confirm-yes').click();
    expect(await verdictFor(page, outside.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Saule' });
    expect(await occupancy('oesk')).toBe(2);
    await context.close();
  });

  it('shows the mode buttons on a phone without scrolling', async () => {
    const { page, context } = await openKiosk(browser, server, 'mc-it', { width: 390, height: 844 });
    const box = await page.locator('.modes').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => [window.scrollY, document.documentElement.scrollWidth])).toEqual([0, 390]);
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-phone-390x844.png` });
    await context.close();
  });

  it('calls the next in the queue once when the answer to the call was lost and the volunteer taps again', async () => {
    expect((await server.app.inject({ method: 'PATCH', url: '/api/stations/shygys-zhylu', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const { page, context } = await openKiosk(browser, server, 'shygys-zhylu', TABLET);
    const waiting: number[] = [];
    for (const name of ['Aigerim', 'Bota', 'Dana']) {
      const person = await register(server.app, name);
      waiting.push(person.badgeNo);
      await scanWedge(page, person.badge);
      await verdictFor(page, person.badgeNo);
    }
    const station = async () => (await server.app.inject({ method: 'GET', url: '/api/stations' })).json().find((s: { id: string }) => s.id === 'shygys-zhylu');
    expect(await station()).toMatchObject({ occupancy: 1, queue: 2 });
    // The call reaches the server, its answer is lost on the way back (the Wi-Fi drops).
    const sent: string[] = [];
    let lost!: () => void;
    const answerLost = new Promise<void>((done) => (lost = done));
    await page.route('**/call-next', async (route) => {
      sent.push(route.request().postData() ?? '');
      await route.fetch();
      await route.abort('internetdisconnected');
      lost();
    });
    await page.locator('#call-next').click();
    await answerLost;
    expect(await station()).toMatchObject({ queue: 1, calling: [waiting[1]] });
    await page.unroute('**/call-next');
    // Tapped again once the Wi-Fi is back: the same call, answered as it stands; Dana is not called too.
    const again = page.waitForRequest('**/call-next');
    await page.locator('#call-next').click();
    expect((await again).postData()).toBe(sent[0]);
    await expect.poll(() => page.locator('#queue').textContent()).toBe('1');
    expect(await station()).toMatchObject({ queue: 1, calling: [waiting[1]] });
    // The next tap is a new call.
    await page.locator('#call-next').click();
    await expect.poll(async () => (await station()).calling).toEqual([waiting[1], waiting[2]]);
    await context.close();
  });

  it('calls once when the answer to the call was lost, the page reloaded and the volunteer tapped again', async () => {
    expect((await server.app.inject({ method: 'PATCH', url: '/api/stations/uk-chp', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const { page, context } = await openKiosk(browser, server, 'uk-chp', TABLET);
    const waiting: number[] = [];
    for (const name of ['Erlan', 'Farida', 'Gulnar']) {
      const person = await register(server.app, name);
      waiting.push(person.badgeNo);
      await scanWedge(page, person.badge);
      await verdictFor(page, person.badgeNo);
    }
    const station = async () => (await server.app.inject({ method: 'GET', url: '/api/stations' })).json().find((s: { id: string }) => s.id === 'uk-chp');
    // The call reaches the server, its answer is lost on the way back; the tablet's browser reloads the page.
    const sent: string[] = [];
    await page.route('**/call-next', async (route) => {
      sent.push(route.request().postData() ?? '');
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.locator('#call-next').click();
    await page.locator('#panel-note', { hasText: 'Offline' }).waitFor();
    expect(await station()).toMatchObject({ queue: 1, calling: [waiting[1]] });
    await page.unroute('**/call-next');
    await page.reload();
    await page.locator('#queue', { hasText: '1' }).waitFor();
    // Tapped again: the same call, answered as it stands; Gulnar is not called too.
    const again = page.waitForRequest('**/call-next');
    await page.locator('#call-next').click();
    expect((await again).postData()).toBe(sent[0]);
    await page.locator('#calling', { hasText: `№ ${waiting[1]}` }).waitFor();
    expect(await station()).toMatchObject({ queue: 1, calling: [waiting[1]] });
    // Answered, it is forgotten: after another reload the next tap is a new call.
    await page.reload();
    await page.locator('#queue', { hasText: '1' }).waitFor();
    await page.locator('#call-next').click();
    await expect.poll(async () => (await station()).calling).toEqual([waiting[1], waiting[2]]);
    await context.close();
  });

  it('types a badge number by hand', async () => {
    const person = await register(server.app, 'Aruzhan');
    const { page, context } = await openKiosk(browser, server, 'umz', TABLET);
    await page.locator('#number').fill(String(person.badgeNo));
    await page.locator('#number-form button').click();
    expect(await verdictFor(page, person.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Aruzhan' });
    await context.close();
  });

  it('never swallows a wedge scan after a refused typed number, wherever the focus is', async () => {
    const person = await register(server.app, 'Temirlan');
    const { page, context } = await openKiosk(browser, server, 'umz', TABLET);
    const field = page.locator('#number');
    await field.click();
    await page.keyboard.type('999999');
    await page.keyboard.press('Enter');
    expect(await verdictFor(page, 999999)).toMatchObject({ tone: 'refused', title: 'Badge not registered', who: 'Badge 999999' });
    expect(await field.inputValue()).toBe('');
    const logged = server.app.sqlite.prepare("SELECT reason FROM scans WHERE badge_no = 999999").all();
    expect(logged).toEqual([{ reason: 'badge_unknown' }]);
    // The volunteer taps the field again and leaves digits in it; then the scanner types a badge and Enter.
    await page.locator('#feedback').click();
    await field.click();
    await page.keyboard.type('77');
    await scanWedge(page, person.badge, 2);
    expect(await verdictFor(page, person.badgeNo)).toMatchObject({ tone: 'welcome', who: 'Temirlan' });
    expect(await field.inputValue()).toBe('');
    await context.close();
  });

  it('refuses a forged badge with the reason in words, in the chosen language', async () => {
    const person = await register(server.app, 'Forged');
    const parts = person.badge.split('.');
    // Same signature, another badge number: the photocopy-and-edit forgery.
    const forged = [parts[0], String(person.badgeNo + 500), parts[2], parts[3]].join('.');
    const { page, context } = await openKiosk(browser, server, 'umz', TABLET);
    await page.getByRole('button', { name: 'Русский' }).first().click();
    await scanWedge(page, forged);
    const v = await verdictFor(page, null);
    expect(v).toMatchObject({ tone: 'refused', title: 'Бейдж недействителен' });
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-refused-tablet.png` });
    const rows = server.app.sqlite.prepare("SELECT outcome, reason FROM scans WHERE reason = 'badge_invalid'").all();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    await context.close();
  });

  it('locks with a clear message when an organiser revokes the kiosk', async () => {
    const person = await register(server.app, 'Timur');
    const { page, context, kioskId } = await openKiosk(browser, server, 'tmk', LAPTOP);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/kiosks/${kioskId}`, headers: ADMIN })).statusCode).toBe(204);
    await scanWedge(page, person.badge);
    await page.locator('#lock').waitFor({ state: 'visible' });
    expect(await page.locator('#lock h1').textContent()).toBe('Kiosk switched off');
    await page.screenshot({ path: `${ARTIFACTS}/kiosk-locked-laptop.png` });
    // Stays locked after a reload.
    await page.reload();
    await page.locator('#lock').waitFor({ state: 'visible' });
    await context.close();
  });
});
