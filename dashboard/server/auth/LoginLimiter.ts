export interface LimiterOptions {
  /** Failed sign-ins allowed per address and user name within `windowMs` (default 5). */
  maxFailuresPerUser: number;
  /** Failed sign-ins allowed per address over all user names (default 30): stops guessing across accounts. */
  maxFailuresPerAddress: number;
  /**
   * Failed sign-ins allowed per user name over all addresses (default 10): stops guessing
   * one account's password from many addresses (credential stuffing through a botnet),
   * which the per-address limits never see.
   */
  maxFailuresPerAccount: number;
  /** How long failures are counted, and how long a blocked address or account waits (default 15 minutes). */
  windowMs: number;
}

export const defaultLimiterOptions: LimiterOptions = { maxFailuresPerUser: 5, maxFailuresPerAddress: 30, maxFailuresPerAccount: 10, windowMs: 15 * 60_000 };

/** Which limit a sign-in met: for the audit record, never for the page (which says the same whatever it was). */
export type LimitReached = 'user name from this address' | 'this address' | 'this user name from all addresses';

export interface Block {
  /** Seconds to wait before trying again. */
  seconds: number;
  limit: LimitReached;
}

interface Counter {
  failures: number[];
}

/**
 * Slows password guessing: after N failed sign-ins for one user name from one address,
 * many from one address, or many for one user name from any addresses, further attempts
 * are refused (HTTP 429) until the oldest failure leaves the window, even with the right
 * password, so a guess cannot be confirmed while blocked. A success clears that user
 * name's failures for the address; failures for the account from other addresses stay
 * until they leave the window (they were not the owner's).
 *
 * The account-wide limit lets someone who knows a user name keep that account blocked by
 * failing from elsewhere; the window bounds each block, and the audit log names the
 * limit met (sign_in_blocked), so administrators see such an attack. In memory, per
 * server process.
 */
export class LoginLimiter {
  private readonly counters = new Map<string, Counter>();
  readonly options: LimiterOptions;

  constructor(
    options: Partial<LimiterOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...defaultLimiterOptions, ...options };
  }

  private keys(address: string, username: string): [string, number, LimitReached][] {
    return [
      [`u\u0000${address}\u0000${username}`, this.options.maxFailuresPerUser, 'user name from this address'],
      [`a\u0000${address}`, this.options.maxFailuresPerAddress, 'this address'],
      [`n\u0000${username}`, this.options.maxFailuresPerAccount, 'this user name from all addresses'],
    ];
  }

  private recent(key: string, t: number): number[] {
    const c = this.counters.get(key);
    if (!c) return [];
    c.failures = c.failures.filter((f) => t - f < this.options.windowMs);
    if (!c.failures.length) this.counters.delete(key);
    return c.failures;
  }

  /** The longest wait any limit imposes on this attempt, or undefined when it may be made now. */
  blocked(address: string, username: string): Block | undefined {
    const t = this.now();
    let block: Block | undefined;
    for (const [key, max, limit] of this.keys(address, username)) {
      const f = this.recent(key, t);
      if (f.length < max) continue;
      const seconds = Math.ceil((f[f.length - max] + this.options.windowMs - t) / 1000);
      if (!block || seconds > block.seconds) block = { seconds, limit };
    }
    return block;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  retryAfter(address: string, username: string): number {
    return this.blocked(address, username)?.seconds ?? 0;
  }

  fail(address: string, username: string): void {
    const t = this.now();
    for (const [key] of this.keys(address, username)) {
      const c = this.counters.get(key) ?? { failures: [] };
      c.failures.push(t);
      // Bounded memory per key: more than this many is blocked anyway.
      if (c.failures.length > 1000) c.failures.splice(0, c.failures.length - 1000);
      this.counters.set(key, c);
    }
    if (this.counters.size > 100_000) this.sweep();
  }

  succeed(address: string, username: string): void {
    this.counters.delete(this.keys(address, username)[0][0]);
  }

  sweep(): void {
    const t = this.now();
    for (const key of [...this.counters.keys()]) this.recent(key, t);
  }
}
