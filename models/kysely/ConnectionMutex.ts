// A Database wraps one DuckDB connection. Kysely hands a connection to one caller at a
// time (a query, a stream, or a whole transaction), so callers queue here instead of
// interleaving statements inside someone else's transaction.
export class ConnectionMutex {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting.shift();
    // Ownership passes straight to the next waiter, so `held` stays true.
    if (next) next();
    else this.held = false;
  }
}
