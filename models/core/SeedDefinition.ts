import type { DataTest } from './DataTest.ts';

/**
 * A CSV in models/seeds/ loaded as table `seed_<name>`. Column types are read from the
 * values (whole numbers, numbers, true/false, YYYY-MM-DD dates, else text) unless
 * `types` says otherwise.
 */
export interface SeedDefinition {
  name: string;
  description: string;
  /** Every CSV column, in order, with what it means. */
  columns: Record<string, string>;
  /** DuckDB types for columns whose values would be read as the wrong type. */
  types?: Record<string, string>;
  tests?: readonly DataTest[];
}
