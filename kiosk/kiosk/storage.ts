/** What the kiosk keeps on the device (localStorage), besides the outbox (IndexedDB). */
import type { KeptTap, UnansweredTap } from '../../shared/tap-ids.ts';

export const KEY = { pairing: 'kezek.kiosk', lang: 'kezek.lang', badgeKey: 'kezek.badge-key', stations: 'kezek.stations', known: 'kezek.known', tap: 'kezek.tap' };

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

/** The unanswered tap of the station's buttons, kept through a reload for this pairing and station alone (another's is never sent). */
export function keptTap(pairing: { id: string; station: string }): KeptTap {
  const scope = `${pairing.id} ${pairing.station}`;
  return {
    load: () => {
      const kept = load<UnansweredTap & { scope: string }>(KEY.tap);
      return kept?.scope === scope ? kept : null;
    },
    save: (tap) => (tap ? save(KEY.tap, { ...tap, scope }) : localStorage.removeItem(KEY.tap)),
  };
}
