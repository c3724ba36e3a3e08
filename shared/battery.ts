/** A kiosk below this battery level (0–1) and not charging is an alert on the board. */
export const BATTERY_ALERT_LEVEL = 0.2;
