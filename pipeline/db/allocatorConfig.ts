import { createRequire } from 'node:module';

/**
 * DuckDB's built-in memory allocator (jemalloc) gives memory freed by a query back to the
 * system within about a second, so the next query faults the same pages in again. For the
 * dashboard's many small queries that was a seventh of DuckDB's CPU (test/bench/benchApi.ts:
 * 6 to 10% more requests a second). Freed memory is kept for 30 s instead and reused by the
 * next queries; an idle process still gives it back.
 *
 * jemalloc reads this once, when the DuckDB library loads, so database.ts imports this
 * module before the driver. A value already set in the environment wins.
 */
export const allocatorConfig = 'dirty_decay_ms:30000,muzzy_decay_ms:0';

/** False when DuckDB's library was loaded before this module ran, so the setting came too late. */
export const configuredBeforeLoad = !Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@duckdb/node-bindings'));

process.env.DUCKDB_JE_MALLOC_CONF ??= allocatorConfig;
