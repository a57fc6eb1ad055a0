export interface LimiterOptions {
  /** Failed sign-ins allowed per address and user name within `windowMs` (default 5). */
  maxFailuresPerUser: number;
  /** Failed sign-ins allowed per address over all user names (default 30): stops guessing across accounts. */
  maxFailuresPerAddress: number;
  /** How long failures are counted, and how long a blocked address waits (default 15 minutes). */
  windowMs: number;
}

export const defaultLimiterOptions: LimiterOptions = { maxFailuresPerUser: 5, maxFailuresPerAddress: 30, windowMs: 15 * 60_000 };

interface Counter {
  failures: number[];
}

/**
 * Slows password guessing: after N failed sign-ins for one user name from one address,
 * or many from one address, further attempts are refused (HTTP 429) until the oldest
 * failure leaves the window, even with the right password, so a guess cannot be
 * confirmed while blocked. A success clears that user name's failures for the address.
 * In memory, per server process.
 */
export class LoginLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(
    readonly options: LimiterOptions = defaultLimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(address: string, username: string): [string, number][] {
    return [
      [`u\u0000${address}\u0000${username}`, this.options.maxFailuresPerUser],
      [`a\u0000${address}`, this.options.maxFailuresPerAddress],
    ];
  }

  private recent(key: string, t: number): number[] {
    const c = this.counters.get(key);
    if (!c) return [];
    c.failures = c.failures.filter((f) => t - f < this.options.windowMs);
    if (!c.failures.length) this.counters.delete(key);
    return c.failures;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  retryAfter(address: string, username: string): number {
    const t = this.now();
    let wait = 0;
    for (const [key, max] of this.keys(address, username)) {
      const f = this.recent(key, t);
      if (f.length >= max) wait = Math.max(wait, Math.ceil((f[f.length - max] + this.options.windowMs - t) / 1000));
    }
    return wait;
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
