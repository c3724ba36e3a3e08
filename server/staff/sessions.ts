import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

/** The cookie that carries a staff session token. */
export const SESSION_COOKIE = 'kezek_session';
/** A desk shift: sessions end 12 hours after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type StaffRole = 'organiser' | 'desk';
export type Staff = { role: StaffRole; userId: string };

/** Which sessions ended: one (by its token's hash, a sign-out) or every one of a user. */
export type SessionsEnded = { sessionHash: string } | { userId: string };

/** The stored form of a session token (SHA-256, hex); live connections are grouped by it. */
export function sessionHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Staff sessions in SQLite. The cookie holds a random token; only its SHA-256 is stored, so a
 * copy of the database signs nobody in.
 */
export class StaffSessions {
  private readonly insert: Database.Statement;
  private readonly find: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly removeUser: Database.Statement;
  private readonly removeExpired: Database.Statement;
  private lastSweep = 0;
  private readonly listeners: Array<(ended: SessionsEnded) => void> = [];

  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.find = sqlite.prepare(
      `SELECT u.id AS userId, u.role AS role FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
    );
    this.remove = sqlite.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.removeUser = sqlite.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.removeExpired = sqlite.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  /** Starts a session for a user; returns the token for the cookie and when it expires. */
  create(userId: string, now = Date.now()): { token: string; expiresAt: number } {
    this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_TTL_MS;
    this.insert.run(sessionHash(token), userId, now, expiresAt);
    return { token, expiresAt };
  }

  /** The signed-in staff member of a token; null when unknown, expired or the account is disabled. */
  lookup(token: string, now = Date.now()): Staff | null {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    return this.lookupHash(sessionHash(token), now);
  }

  /** As `lookup`, by the token's hash: a live connection keeps only that, and checks it again before each action. */
  lookupHash(tokenHash: string, now = Date.now()): Staff | null {
    const row = this.find.get(tokenHash, now) as { userId: string; role: string } | undefined;
    if (!row || (row.role !== 'organiser' && row.role !== 'desk')) return null;
    return { role: row.role, userId: row.userId };
  }

  /** Ends one session (sign out). */
  end(token: string): void {
    const tokenHash = sessionHash(token);
    this.remove.run(tokenHash);
    this.tell({ sessionHash: tokenHash });
  }

  /** Ends every session of a user: after a password change, a role change or disabling. */
  endAllOf(userId: string): void {
    this.removeUser.run(userId);
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
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.removeExpired.run(now);
  }
}
