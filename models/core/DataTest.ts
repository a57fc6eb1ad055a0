/**
 * A data test declared on a model or seed. Each becomes a SELECT of the failing rows;
 * the test passes when it returns none.
 *
 * - `{ unique: 'col' }` or `{ unique: ['a', 'b'] }`: no two rows share the value (a list
 *   is one composite key). A single column ignores nulls; in a composite key nulls
 *   compare equal.
 * - `{ not_null: 'col' }` or `{ not_null: ['a', 'b'] }`: one test per column.
 * - `{ relationships: { column, to, field } }`: every non-null `column` value exists in
 *   `field` of model or seed `to`.
 * - `{ accepted_values: { column, values } }`: every non-null value is one of `values`.
 * - `{ expression: 'sql', name? }`: a SQL boolean over the row's columns that must be
 *   true for every row (null counts as a failure).
 */
export type DataTest =
  | { unique: string | readonly string[] }
  | { not_null: string | readonly string[] }
  | { relationships: { column: string; to: string; field: string } }
  | { accepted_values: { column: string; values: readonly (string | number | boolean)[] } }
  | { expression: string; name?: string };

/** One test after expansion: `not_null` on a list becomes one per column. */
export type SingleTest =
  | { kind: 'unique'; columns: string[] }
  | { kind: 'not_null'; column: string }
  | { kind: 'relationships'; column: string; to: string; field: string }
  | { kind: 'accepted_values'; column: string; values: (string | number | boolean)[] }
  | { kind: 'expression'; sql: string; name?: string };

const list = (v: string | readonly string[]) => (typeof v === 'string' ? [v] : [...v]);

export function expandTests(tests: readonly DataTest[]): SingleTest[] {
  return tests.flatMap((t): SingleTest[] => {
    if ('unique' in t) return [{ kind: 'unique', columns: list(t.unique) }];
    if ('not_null' in t) return list(t.not_null).map((column) => ({ kind: 'not_null', column }));
    if ('relationships' in t) return [{ kind: 'relationships', ...t.relationships }];
    if ('accepted_values' in t) return [{ kind: 'accepted_values', column: t.accepted_values.column, values: [...t.accepted_values.values] }];
    return [{ kind: 'expression', sql: t.expression, name: t.name }];
  });
}

export function testName(t: SingleTest): string {
  switch (t.kind) {
    case 'unique':
      return `unique(${t.columns.join(', ')})`;
    case 'not_null':
      return `not_null(${t.column})`;
    case 'relationships':
      return `relationships(${t.column} -> ${t.to}.${t.field})`;
    case 'accepted_values':
      return `accepted_values(${t.column})`;
    case 'expression':
      return t.name ? `expression(${t.name})` : `expression(${t.sql})`;
  }
}

/** Columns of the tested relation a test reads, so a misspelt column is caught at definition time. */
export function testColumns(t: SingleTest): string[] {
  switch (t.kind) {
    case 'unique':
      return t.columns;
    case 'not_null':
    case 'relationships':
    case 'accepted_values':
      return [t.column];
    case 'expression':
      return [];
  }
}
