import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../access/User.ts';

export interface Session {
  user: User;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** Signed out after this long without a request (default 30 minutes). */
  idleMs: number;
  /** Signed out this long after signing in, however active (default 10 hours: a working day). */
  absoluteMs: number;
}

export const defaultSessionLimits: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 10 * 3600_000 };

/**
 * Sessions held on the server: the browser only has a random id (256 bits) in an
 * HttpOnly cookie, and the store keeps only a hash of it, so neither a stolen store nor a
 * log line can be replayed as a cookie. In memory: a restart signs everyone out, which
 * for a dashboard is the safe failure.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly limits: SessionLimits = defaultSessionLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  private static key(id: string): string {
    return createHash('sha256').update(id).digest('base64url');
  }

  /** A new session (always a new id: signing in never reuses one, against session fixation). */
  create(user: User): string {
    const id = randomBytes(32).toString('base64url');
    const t = this.now();
    this.sessions.set(SessionStore.key(id), { user, createdAt: t, lastSeenAt: t });
    return id;
  }

  /** The live session of a cookie value, touched; undefined when unknown or expired (and then removed). */
  get(id: string | undefined): Session | undefined {
    if (!id || id.length > 100) return undefined;
    const key = SessionStore.key(id);
    const s = this.sessions.get(key);
    if (!s) return undefined;
    const t = this.now();
    if (this.expired(s, t)) {
      this.sessions.delete(key);
      return undefined;
    }
    s.lastSeenAt = t;
    return s;
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(SessionStore.key(id));
  }

  /** Ends every session of a user (an account disabled or its role changed). */
  destroyUser(username: string): void {
    for (const [k, s] of this.sessions) if (s.user.username === username) this.sessions.delete(k);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(s: Session, t: number): boolean {
    return t - s.lastSeenAt > this.limits.idleMs || t - s.createdAt > this.limits.absoluteMs;
  }

  sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (this.expired(s, t)) this.sessions.delete(k);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sessions.clear();
  }
}
