// A kiosk's health as its heartbeats report it: the organisers' kiosk list (`GET /api/kiosks/health`)
// and the board (`kiosks:update`) show this one shape.
import { Type, type Static } from '@sinclair/typebox';

/** A kiosk's battery: level 0–1 and whether it is charging (the Battery Status API's words). */
export const Battery = Type.Object(
  { level: Type.Number({ minimum: 0, maximum: 1 }), charging: Type.Boolean() },
  { additionalProperties: false },
);
export type Battery = Static<typeof Battery>;

/** A kiosk in service with its last heartbeat. */
export const KioskHealth = Type.Object({
  id: Type.String(),
  station: Type.String(),
  label: Type.String(),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Scans the kiosk holds in its outbox, not yet sent. */
  pending: Type.Integer(),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  /** on | off | denied | none, as the kiosk last reported; null before its first heartbeat. */
  camera: Type.Union([Type.String(), Type.Null()]),
  /** Battery as the kiosk's browser last told it; null where the browser does not say. */
  battery: Type.Union([Battery, Type.Null()]),
});
export type KioskHealth = Static<typeof KioskHealth>;
