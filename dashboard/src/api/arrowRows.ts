import { Type, type Table } from 'apache-arrow';
import type { Row } from '../lib/toCsv.ts';

export interface ColumnInfo {
  name: string;
  kind: 'number' | 'string' | 'boolean' | 'date' | 'timestamp';
}

/**
 * Arrow rows as plain objects a chart or table can use directly: 64-bit integers become
 * numbers (counts never reach 2^53), dates become 'YYYY-MM-DD' and timestamps
 * 'YYYY-MM-DD HH:MM:SS' (the database keeps London local time, so no zone is shown).
 */
export function arrowRows(table: Table): { rows: Row[]; columns: ColumnInfo[] } {
  const fields = table.schema.fields;
  const columns: ColumnInfo[] = fields.map((f) => ({ name: f.name, kind: kindOf(f.typeId) }));
  const vectors = fields.map((_, i) => table.getChildAt(i)!);
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[columns[c].name] = convert(vectors[c].get(r), columns[c].kind);
    rows[r] = row;
  }
  for (const col of columns) if (col.kind === 'string' && isSuppressedNumbers(rows, col.name)) restoreNumbers(rows, col);
  return { rows, columns };
}

/** The mark disclosure control puts in place of a small number (indicators.md 7a). */
export const SUPPRESSED = 'c';
const numeric = /^-?\d+(\.\d+)?(e-?\d+)?$/i;

/**
 * For aggregate-only roles the server sends a numeric column with hidden cells as text:
 * "12", "c". Such a column (at least one "c", every other value a number) is turned back
 * into numbers, keeping "c" where a value was hidden; a code column like edition ("1",
 * "2") never holds a "c", so it stays text.
 */
function isSuppressedNumbers(rows: Row[], name: string): boolean {
  let marked = false;
  for (const row of rows) {
    const v = row[name];
    if (v === null || v === undefined) continue;
    if (v === SUPPRESSED) marked = true;
    else if (typeof v !== 'string' || !numeric.test(v)) return false;
  }
  return marked;
}

function restoreNumbers(rows: Row[], col: ColumnInfo): void {
  col.kind = 'number';
  for (const row of rows) {
    const v = row[col.name];
    if (typeof v === 'string' && v !== SUPPRESSED) row[col.name] = Number(v);
  }
}

function kindOf(typeId: Type): ColumnInfo['kind'] {
  switch (typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
      return 'number';
    case Type.Bool:
      return 'boolean';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return 'timestamp';
    default:
      return 'string';
  }
}

function convert(v: unknown, kind: ColumnInfo['kind']): Row[string] {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'number':
      return typeof v === 'number' ? v : Number(v as bigint);
    case 'boolean':
      return Boolean(v);
    case 'date':
      return new Date(toMillis(v)).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(toMillis(v)).toISOString().slice(0, 19).replace('T', ' ');
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

const toMillis = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v as number | bigint));
