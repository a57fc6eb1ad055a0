import type { Row } from './toCsv.ts';

/**
 * Sum of a numeric column (nulls count as 0). When a cell was suppressed (shown as "c" for
 * an aggregate-only role) the sum is NaN, which every formatter shows as "c": a total
 * must not be worked out from the cells that were left visible.
 */
export function sum(rows: readonly Row[], key: string): number {
  let s = 0;
  for (const r of rows) {
    const v = r[key];
    if (typeof v === 'number') s += v;
    else if (v === 'c') return NaN;
  }
  return s;
}

/** Rows grouped by a key column, in first-seen order, with the listed columns summed. */
export function groupSum(rows: readonly Row[], by: string, columns: readonly string[]): Row[] {
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const k = String(r[by]);
    let g = groups.get(k);
    if (!g) {
      g = { [by]: r[by] };
      for (const c of columns) g[c] = 0;
      groups.set(k, g);
    }
    for (const c of columns) {
      if (typeof r[c] === 'number') g[c] = (g[c] as number) + (r[c] as number);
      else if (r[c] === 'c') g[c] = NaN;
    }
  }
  return [...groups.values()];
}

/** Long rows to wide: one row per `rowKey`, one column per value of `colKey` holding `value` (0 where absent). */
export function pivot(rows: readonly Row[], rowKey: string, colKey: string, value: string): { rows: Row[]; columns: string[] } {
  const columns = [...new Set(rows.map((r) => String(r[colKey])))].sort();
  const out = new Map<string, Row>();
  for (const r of rows) {
    const k = String(r[rowKey]);
    let o = out.get(k);
    if (!o) {
      o = { [rowKey]: r[rowKey] };
      for (const c of columns) o[c] = 0;
      out.set(k, o);
    }
    o[String(r[colKey])] = ((o[String(r[colKey])] as number) ?? 0) + Number(r[value] ?? 0);
  }
  return { rows: [...out.values()].sort((a, b) => String(a[rowKey]).localeCompare(String(b[rowKey]))), columns };
}

/** Distinct values of a column, in first-seen order. */
export const distinct = (rows: readonly Row[], key: string): string[] => [...new Set(rows.map((r) => String(r[key])))];
