/** What the kiosk keeps on the device (localStorage), besides the outbox (IndexedDB). */

export const KEY = { pairing: 'kezek.kiosk', lang: 'kezek.lang', badgeKey: 'kezek.badge-key', stations: 'kezek.stations', known: 'kezek.known' };

/** The value kept under `key`, or null when there is none or it cannot be read. */
export function load<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export const save = (key: string, value: unknown) => localStorage.setItem(key, JSON.stringify(value));
