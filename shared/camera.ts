/**
 * A kiosk's camera: the states its heartbeat reports, and the window within which the same badge
 * again at the same kiosk is a camera re-read rather than a deliberate second scan.
 */

/** on: scanning; off: not started (a tap starts it); denied: the browser refused it; none: no camera here. */
export const CAMERA_STATES = ['on', 'off', 'denied', 'none'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

/**
 * The same badge at the same kiosk within this window is a camera re-read: the server answers it
 * as one (nothing changes), and the kiosk does not even send it while the camera keeps seeing the
 * badge, so its volunteer sees one verdict per badge shown. Later, a scan means leaving.
 */
export const REREAD_MS = 5_000;
