import type { SingleTest } from './DataTest.ts';
import { quoteIdent, quoteLiteral } from './sqlText.ts';

/** The SELECT returning the rows of `relation` that break the test. */
export function failingRowsSql(relation: string, t: SingleTest): string {
  const rel = quoteIdent(relation);
  switch (t.kind) {
    case 'unique': {
      const cols = t.columns.map(quoteIdent);
      // A single column leaves nulls to not_null; in a composite key null is a value
      // like any other (an edition-less row of a tool), so duplicates there count.
      const where = cols.length === 1 ? `WHERE ${cols[0]} IS NOT NULL` : '';
      return `SELECT ${cols.join(', ')}, count(*) AS n_rows FROM ${rel} ${where}
        GROUP BY ${cols.join(', ')} HAVING count(*) > 1 ORDER BY n_rows DESC, ${cols.join(', ')}`;
    }
    case 'not_null':
      return `SELECT * FROM ${rel} WHERE ${quoteIdent(t.column)} IS NULL`;
    case 'relationships': {
      const col = quoteIdent(t.column);
      return `SELECT * FROM ${rel} AS child WHERE child.${col} IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM ${quoteIdent(t.to)} AS parent WHERE parent.${quoteIdent(t.field)} = child.${col})`;
    }
    case 'accepted_values': {
      const col = quoteIdent(t.column);
      return `SELECT * FROM ${rel} WHERE ${col} IS NOT NULL AND ${col} NOT IN (${t.values.map(quoteLiteral).join(', ')})`;
    }
    case 'expression':
      return `SELECT * FROM ${rel} WHERE (${t.sql}) IS NOT TRUE`;
  }
}
