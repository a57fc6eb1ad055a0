import type { QueryResult } from './runQuery.ts';

/**
 * Answers already computed on one version of the database, by statement and parameters.
 * The data of a version never changes (a load makes a new version, with a new cache), so
 * a cached answer is always exactly what the query would return. Many people opening the
 * same page at once share one query (identical requests in flight wait for the first).
 * Bounded by entries and by rows held; very large answers (exports) are not kept.
 */
export class ResultCache {
  private readonly entries = new Map<string, Promise<QueryResult>>();
  private readonly sizes = new Map<string, number>();
  private rows = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 1000,
    private readonly maxRows = 200_000,
    private readonly maxRowsPerEntry = 20_000,
  ) {}

  async get(key: string, compute: () => Promise<QueryResult>): Promise<QueryResult> {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Most recently used goes to the end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const pending = compute();
    this.entries.set(key, pending);
    try {
      const result = await pending;
      if (result.rows.length > this.maxRowsPerEntry) this.drop(key);
      else if (this.entries.get(key) === pending) {
        this.sizes.set(key, result.rows.length);
        this.rows += result.rows.length;
        this.evict();
      }
      return result;
    } catch (e) {
      // A failure is not an answer: the next request tries again.
      if (this.entries.get(key) === pending) this.drop(key);
      throw e;
    }
  }

  private drop(key: string): void {
    this.entries.delete(key);
    this.rows -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.rows <= this.maxRows) break;
      if (this.sizes.has(key)) this.drop(key); // in-flight entries have no size yet and stay
    }
  }
}
