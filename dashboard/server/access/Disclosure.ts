import { SUPPRESSED, suppress, type DisclosureRules, type Measure, type TableRow } from '../../access/suppress.ts';
import type { QueryResult } from '../runQuery.ts';

/** A rate, mean, median, percentage or any figure worked out over a count of people or families. */
export interface RateMeasure {
  /** The count column it is taken over: below the minimum (10), the figure is shown as c. */
  denominator: string;
  /** The count it would give back (rate x denominator), hidden along with that count. */
  numerator?: string;
}

/**
 * How an indicator's result is made safe for aggregate-only roles (indicators.md 7a).
 * Every numeric column of the result must be named here as a count, a rate or a label:
 * a numeric column the description does not know is hidden whole (and a test on the
 * sample database makes sure that never happens to a registered indicator).
 */
export interface Disclosure {
  /** Counts of people, families, episodes, events: 1-5 shown as c. */
  counts: string[];
  rates?: Record<string, RateMeasure>;
  /** Numeric columns that are not data about people (positions, ranks, configured populations). */
  labels?: string[];
  /**
   * Count columns whose values in one row add up to a total shown or implied in that row
   * (met + late + missed = due): one hidden among them, and the next smallest is hidden too.
   */
  rowTotals?: string[][];
  /**
   * Key columns whose values do not add up (a family is counted under several headlines,
   * a subject under several areas). Every other key column (text, dates, flags) is taken
   * to split a total: the counts of its values, with every other key equal, form a group
   * for secondary suppression. Listing too few here only hides more, never less.
   */
  notAdditive?: string[];
  /**
   * Key columns that identify a figure when the same figure repeats on several rows
   * (a logic model figure listed under several measures): such rows are suppressed as
   * one, so two copies can never hide different cells.
   */
  identity?: string[];
  /**
   * A column whose kind depends on the row (a long table: `value` is a count on count rows
   * and a rate on the others).
   */
  byRow?: { column: string; kind: (row: TableRow) => 'count' | 'rate'; rate: RateMeasure };
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;
export const isNumericType = (type: string) => NUMERIC.test(type.trim());

/** Numeric columns of a result that a description does not account for. */
export function undescribedColumns(result: Pick<QueryResult, 'columns'>, d: Disclosure): string[] {
  const known = new Set([...d.counts, ...Object.keys(d.rates ?? {}), ...(d.labels ?? []), ...(d.byRow ? [d.byRow.column] : [])]);
  return result.columns.filter((c) => isNumericType(c.type) && !known.has(c.name)).map((c) => c.name);
}

/**
 * The result with small numbers replaced by `c` (primary and secondary suppression,
 * suppress.ts). Columns where something was hidden become text, the others keep their
 * type. The input is not changed (results may be cached and shared).
 */
export function suppressResult(result: QueryResult, d: Disclosure, rules: DisclosureRules): QueryResult {
  const present = new Set(result.columns.map((c) => c.name));
  const measureCols = new Set([...d.counts, ...Object.keys(d.rates ?? {}), ...(d.byRow ? [d.byRow.column] : [])]);
  const undescribed = undescribedColumns(result, d);
  const labels = new Set(d.labels ?? []);
  const keys = result.columns.map((c) => c.name).filter((n) => !measureCols.has(n) && !labels.has(n) && !undescribed.includes(n));

  // Rows that repeat one figure are suppressed once, as one row.
  const identity = d.identity?.filter((k) => present.has(k));
  const groupKey = (row: TableRow, cols: string[]) => JSON.stringify(cols.map((k) => row[k] ?? null));
  const distinctIndex = new Map<string, number>();
  const rowToDistinct: number[] = [];
  const distinct: TableRow[] = [];
  for (const row of result.rows as TableRow[]) {
    const k = identity?.length ? groupKey(row, identity) : String(rowToDistinct.length);
    let i = distinctIndex.get(k);
    if (i === undefined) {
      i = distinct.length;
      distinctIndex.set(k, i);
      distinct.push(row);
    }
    rowToDistinct.push(i);
  }
  const rowKeys = identity?.length ? identity : keys;

  // A by-row column is split into a count column and a rate column for suppress().
  const BY_ROW_COUNT = '__disclosure_count__';
  const BY_ROW_RATE = '__disclosure_rate__';
  const table: TableRow[] = distinct.map((row) => {
    if (!d.byRow) return row;
    const v = row[d.byRow.column] ?? null;
    const kind = d.byRow.kind(row);
    return { ...row, [BY_ROW_COUNT]: kind === 'count' ? v : null, [BY_ROW_RATE]: kind === 'rate' ? v : null };
  });

  const counts = d.counts.filter((c) => present.has(c));
  if (d.byRow && present.has(d.byRow.column)) counts.push(BY_ROW_COUNT);
  const measures: Measure[] = counts.map((column) => ({ column, kind: 'count' }));
  for (const [column, r] of Object.entries(d.rates ?? {})) {
    if (present.has(column)) measures.push({ column, kind: 'rate', denominator: r.denominator, numerator: r.numerator });
  }
  if (d.byRow && present.has(d.byRow.column)) measures.push({ column: BY_ROW_RATE, kind: 'rate', ...d.byRow.rate });

  // Secondary suppression groups: for each additive key, the rows equal on every other key.
  const totals: [number, string][][] = [];
  const notAdditive = new Set(d.notAdditive ?? []);
  for (const k of rowKeys.filter((k) => !notAdditive.has(k))) {
    const others = rowKeys.filter((o) => o !== k);
    const partitions = new Map<string, number[]>();
    table.forEach((row, i) => {
      const p = groupKey(row, others);
      const list = partitions.get(p);
      if (list) list.push(i);
      else partitions.set(p, [i]);
    });
    for (const rows of partitions.values()) {
      if (rows.length < 2) continue;
      for (const c of counts) totals.push(rows.map((r) => [r, c] as [number, string]));
    }
  }
  for (const parts of d.rowTotals ?? []) {
    const cols = parts.filter((c) => present.has(c));
    if (cols.length >= 2) table.forEach((_, i) => totals.push(cols.map((c) => [i, c] as [number, string])));
  }

  const safe = suppress(table, { measures, totals }, rules);
  const hiddenColumns = new Set<string>(undescribed);
  const rows = result.rows.map((original, i) => {
    const s = safe[rowToDistinct[i]];
    const out: Record<string, unknown> = { ...original };
    for (const m of measures) {
      const target = m.column === BY_ROW_COUNT || m.column === BY_ROW_RATE ? d.byRow!.column : m.column;
      if (s[m.column] === SUPPRESSED) {
        out[target] = SUPPRESSED;
        hiddenColumns.add(target);
      }
    }
    for (const c of undescribed) if (out[c] !== null && out[c] !== undefined) out[c] = SUPPRESSED;
    return out;
  });
  // A column with a c in it is text: the numbers in it are written out in full.
  for (const row of rows) {
    for (const c of hiddenColumns) if (row[c] !== SUPPRESSED && row[c] !== null && row[c] !== undefined) row[c] = String(row[c]);
  }
  return {
    columns: result.columns.map((c) => (hiddenColumns.has(c.name) ? { name: c.name, type: 'VARCHAR' } : c)),
    rows: rows as QueryResult['rows'],
  };
}
