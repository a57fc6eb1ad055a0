const INTEGER = /^-?\d{1,9}$/;
const BIGINT = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const BOOLEAN = /^(true|false)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The DuckDB type every non-empty value of a seed column fits; text when nothing narrower does. */
export function inferColumnType(values: readonly string[]): string {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'VARCHAR';
  const all = (re: RegExp) => present.every((v) => re.test(v));
  if (all(INTEGER)) return 'INTEGER';
  if (all(BIGINT)) return 'BIGINT';
  if (all(NUMBER)) return 'DOUBLE';
  if (all(BOOLEAN)) return 'BOOLEAN';
  if (all(DATE)) return 'DATE';
  return 'VARCHAR';
}
