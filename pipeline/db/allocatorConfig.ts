import { createRequire } from 'node:module';

/**
 * DuckDB's built-in memory allocator (jemalloc) gives memory freed by a query back to the
 * system after about a second, so the next query faults the same pages in again: for the
 * dashboard's many small queries, page faults and zeroing were about a seventh of DuckDB's
 * CPU. Freed memory is now reused for 30 s before it goes back (at the allocator's next
 * activity, as before): 6 to 10% more requests a second in test/bench/benchApi.ts. A
 * process never holds more than its peak, as before.
 *
 * jemalloc reads this once, when the DuckDB library loads, so database.ts imports this
 * module before the driver. A value already set in the environment wins.
 */
export const allocatorConfig = 'dirty_decay_ms:30000,muzzy_decay_ms:0';

/** False when DuckDB's library was loaded before this module ran, so the setting came too late. */
export const configuredBeforeLoad = !Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@duckdb/node-bindings'));

process.env.DUCKDB_JE_MALLOC_CONF ??= allocatorConfig;
