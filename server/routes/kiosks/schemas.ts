import { Type } from '@sinclair/typebox';

/** A kiosk named in the path. */
export const KioskParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** What a device gets when it pairs: its kiosk, station and token. */
export const KioskPaired = Type.Object({
  id: Type.String(),
  station: Type.String(),
  token: Type.String(),
  /** Every server of the event (PUBLIC_URLS): the kiosk turns to another when this one stops answering. */
  servers: Type.Array(Type.String()),
});

export const PairingCode = Type.Object({
  /** Eight letters and digits to type at the kiosk, or inside the pairing QR; works once. */
  pairingCode: Type.String(),
  pairingExpiresAt: Type.String({ format: 'date-time' }),
});
