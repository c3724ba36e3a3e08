import { Type, type Static } from '@sinclair/typebox';

/**
 * The key badges are checked with offline (GET /api/badge-key): the installation's Ed25519 public
 * key (raw, base64url), the served event (its id is in every signed text) and the installation's
 * other events, whose badges a kiosk refuses as another event's rather than as forged.
 */
export const BadgeKey = Type.Object({
  eventId: Type.String(),
  otherEvents: Type.Array(Type.String()),
  alg: Type.Literal('Ed25519'),
  key: Type.String(),
});
export type BadgeKey = Static<typeof BadgeKey>;
