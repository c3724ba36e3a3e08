import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecords } from '../db/durable-store.ts';

/** The cookie that carries a staff session token. */
export const SESSION_COOKIE = 'kezek_session';
/** A desk shift: sessions end 12 hours after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type StaffRole = 'organiser' | 'desk';
/** A signed-in staff member with their role at one event: null where they have none (their roles are at other events). */
export type Staff = { role: StaffRole | null; userId: string };

/** What a session token looks like (32 random bytes, base64url); anything else is no session. */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** Which sessions ended: one (by its token's hash, a sign-out) or every one of a user. */
export type SessionsEnded = { sessionHash: string } | { userId: string };

/** The stored form of a session token (SHA-256, hex); live connections are grouped by it. */
export function sessionHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Staff sessions in the durable store. The cookie holds a random token; only its SHA-256 is
 * stored, so a copy of the database signs nobody in.
 */
export class StaffSessions {
  private lastSweep = 0;
  private readonly listeners: Array<(ended: SessionsEnded) => void> = [];

  /** `sessions` are the served event's record set; `at` gives any event's (where a request names one). */
  constructor(
    private readonly sessions: SessionRecords,
    private readonly at: (eventId: string) => SessionRecords = () => sessions,
  ) {}

  /** Starts a session for a user; returns the token for the cookie and when it expires. */
  async create(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    await this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    await this.sessions.create(sessionHash(token), userId, now, expiresAt);
    return { token, expiresAt };
  }

  /**
   * The signed-in staff member of a token, with their role at `eventId` (the served event when
   * left out); null when unknown, expired or the account is disabled.
   */
  async lookup(token: string, eventId?: string, now = Date.now()): Promise<Staff | null> {
    if (!SESSION_TOKEN.test(token)) return null;
    return this.lookupHash(sessionHash(token), eventId, now);
  }

  /** As `lookup`, by the token's hash: a live connection keeps only that, and checks it again before each action. */
  async lookupHash(tokenHash: string, eventId?: string, now = Date.now()): Promise<Staff | null> {
    const row = await (eventId === undefined ? this.sessions : this.at(eventId)).find(tokenHash, now);
    if (!row) return null;
    return { role: row.role === 'organiser' || row.role === 'desk' ? row.role : null, userId: row.userId };
  }

  /** Ends one session (sign out). */
  async end(token: string): Promise<void> {
    const tokenHash = sessionHash(token);
    await this.sessions.remove(tokenHash);
    this.tell({ sessionHash: tokenHash });
  }

  /** Ends every session of a user: after a password change, a role change or disabling. */
  async endAllOf(userId: string): Promise<void> {
    await this.sessions.removeAllOf(userId);
    this.tell({ userId });
  }

  /** Calls `listener` whenever sessions end here (the live connections of those sessions are closed by it). */
  onEnd(listener: (ended: SessionsEnded) => void): void {
    this.listeners.push(listener);
  }

  private tell(ended: SessionsEnded): void {
    for (const listener of this.listeners) listener(ended);
  }

  // Expired rows are harmless (lookup ignores them); clear them at most once a minute.
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.sessions.removeExpired(now);
  }
}
