/** The tablet itself: its screen kept awake while the kiosk scans, its battery for the heartbeat. */

interface BatteryManager {
  level: number;
  charging: boolean;
}
type WithBattery = Navigator & { getBattery?: () => Promise<BatteryManager> };

/**
 * Keeps the screen on (Screen Wake Lock) until the returned function is called. The browser drops
 * the lock whenever the page is hidden, so it is asked again each time the page is visible.
 * Nothing happens where the browser has no wake lock or refuses it (no HTTPS, low battery mode).
 */
export function keepScreenAwake(): () => void {
  if (!('wakeLock' in navigator)) return () => {};
  let lock: WakeLockSentinel | null = null;
  let wanted = true;
  const request = async () => {
    if (!wanted || document.visibilityState !== 'visible' || (lock && !lock.released)) return;
    try {
      lock = await navigator.wakeLock.request('screen');
    } catch {
      // Refused (hidden page, power saving): asked again when the page is next visible.
    }
  };
  const onVisible = () => void request();
  document.addEventListener('visibilitychange', onVisible);
  void request();
  return () => {
    wanted = false;
    document.removeEventListener('visibilitychange', onVisible);
    void lock?.release().catch(() => {});
  };
}

/** The battery as the browser tells it (level 0–1, charging), or null where it does not. */
export async function batteryState(): Promise<{ level: number; charging: boolean } | null> {
  const nav = navigator as WithBattery;
  if (typeof nav.getBattery !== 'function') return null;
  try {
    const b = await nav.getBattery();
    if (!Number.isFinite(b.level)) return null;
    return { level: Math.min(1, Math.max(0, b.level)), charging: Boolean(b.charging) };
  } catch {
    return null;
  }
}
