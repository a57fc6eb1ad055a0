import { PostgresQueryCompiler } from 'kysely';

/**
 * Compiles with every value written into the SQL as a literal. A view's definition
 * cannot hold bound parameters, so model queries are compiled with this before
 * `CREATE VIEW ... AS`. Strings are quoted by Kysely's own literal escaping.
 */
export class InlineValuesCompiler extends PostgresQueryCompiler {
  protected override appendValue(value: unknown): void {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.append(`'${value}'::DOUBLE`);
      return;
    }
    this.appendImmediateValue(value);
  }
}
