/**
 * A scan id: a UUID version 7 (RFC 9562), made by the kiosk. Its first 48 bits are the time in
 * milliseconds, so ids made later sort later and the scan log's id index grows at its end, like a
 * counter, instead of taking a random page for every scan. The other 74 bits are random, so two
 * kiosks never make the same id. Uses `crypto.getRandomValues`, which browsers offer on plain
 * HTTP too (unlike `crypto.randomUUID`).
 */
export function newScanId(now: number = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) b[i] = Math.floor(now / 2 ** (8 * (5 - i))) & 0xff;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  let h = '';
  for (const x of b) h += x.toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
