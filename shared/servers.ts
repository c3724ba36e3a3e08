// The event's servers (PUBLIC_URLS): `GET /api/servers` and the kiosk's pairing name them, and
// kiosks, boards and screens turn to the next one when theirs stops answering (ServerRotation,
// in server-rotation.ts: the pages that only rotate do not carry TypeBox).
import { Type, type Static } from '@sinclair/typebox';

/** One server of the event as the server asked last saw it. */
export const ServerStatus = Type.Object({
  /** Its origin, as PUBLIC_URLS names it (`http://192.168.1.10:3000`). */
  url: Type.String(),
  /** It answered `/health` for this event at the last look (every few seconds). */
  alive: Type.Boolean(),
  /** When it was last looked at; null before the first look. */
  checkedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ServerStatus = Static<typeof ServerStatus>;

export const ServerList = Type.Object({ servers: Type.Array(ServerStatus) });
export type ServerList = Static<typeof ServerList>;
