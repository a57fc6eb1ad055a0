// Statistical disclosure control (indicators.md section 7a) for roles that may see
// aggregates only. Applied to every result after every filter, on pages and exports,
// so a small number can never be read, or worked back from a total, by narrowing the
// filters.

/** The marker a suppressed value is shown as. */
export const SUPPRESSED = 'c';

export interface DisclosureRules {
  /** Counts from min to max inclusive are suppressed (default 1-5). Zero is always shown. */
  minSuppressedCount: number;
  maxSuppressedCount: number;
  /** Rates, means and percentages whose denominator is below this are suppressed (default 10). */
  minDenominator: number;
}

export type Measure =
  | { column: string; kind: 'count' }
  /**
   * A rate, mean, median or percentage. `denominator` names the count column it is
   * taken over; `numerator`, when the rate is a count over that denominator, names the
   * count it would reveal (rate x denominator), so it is suppressed with that count.
   */
  | { column: string; kind: 'rate'; denominator: string; numerator?: string };

export interface TableShape {
  measures: Measure[];
  /**
   * Sets of count cells that add up to a total someone can see or work out: for a table
   * by locality, all localities' counts of one measure form one group. Each group is a
   * list of [row index, column] cells. When exactly one cell of a group is suppressed,
   * the next smallest is suppressed too ("secondary suppression").
   */
  totals?: [number, string][][];
}

export type Cell = string | number | bigint | boolean | Date | null;
export type TableRow = Record<string, Cell>;

const asNumber = (v: Cell): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

/**
 * Returns a copy of `rows` with small counts, unreliable rates and the cells that would
 * let them be worked back replaced by `c`.
 */
export function suppress(rows: readonly TableRow[], shape: TableShape, rules: DisclosureRules): TableRow[] {
  const out = rows.map((r) => ({ ...r }));
  const hidden = new Set<string>();
  const key = (row: number, column: string) => `${row}\u0000${column}`;
  const isSmall = (v: number) => v >= rules.minSuppressedCount && v <= rules.maxSuppressedCount;

  // Primary: counts 1-5.
  const counts = shape.measures.filter((m) => m.kind === 'count');
  out.forEach((row, i) => {
    for (const m of counts) {
      const v = asNumber(row[m.column]);
      if (v !== null && isSmall(v)) hidden.add(key(i, m.column));
    }
  });

  // Secondary: a group of cells adding to a total may not have exactly one hidden cell.
  // Hiding one more can leave another group with exactly one, so repeat until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of shape.totals ?? []) {
      const inGroup = group.filter(([r, c]) => hidden.has(key(r, c)));
      if (inGroup.length !== 1 || group.length < 2) continue;
      const candidates = group
        .filter(([r, c]) => !hidden.has(key(r, c)))
        .map(([r, c]) => ({ r, c, v: asNumber(out[r][c]) ?? Infinity }))
        // The smallest non-zero cell protects best and loses least; a zero only if nothing else is left.
        .sort((a, b) => (a.v === 0 ? 1 : 0) - (b.v === 0 ? 1 : 0) || a.v - b.v);
      const next = candidates[0];
      if (next) {
        hidden.add(key(next.r, next.c));
        changed = true;
      }
    }
  }

  // Rates: a small denominator, or a numerator that is itself hidden.
  const rates = shape.measures.filter((m): m is Extract<Measure, { kind: 'rate' }> => m.kind === 'rate');
  out.forEach((row, i) => {
    for (const m of rates) {
      const d = asNumber(row[m.denominator]);
      const small = d !== null && d < rules.minDenominator;
      const revealing = m.numerator !== undefined && hidden.has(key(i, m.numerator));
      const denominatorHidden = hidden.has(key(i, m.denominator));
      if (row[m.column] !== null && (small || revealing || denominatorHidden)) hidden.add(key(i, m.column));
    }
  });

  for (const k of hidden) {
    const [r, c] = k.split('\u0000');
    out[Number(r)][c] = SUPPRESSED;
  }
  return out;
}

/** Total groups for the common case: each count column, across all rows, adds to a total. */
export function columnTotals(rowCount: number, countColumns: string[]): [number, string][][] {
  return countColumns.map((c) => Array.from({ length: rowCount }, (_, r) => [r, c] as [number, string]));
}

/** Total groups for cross-tabulated counts: each row's count columns add to a row total. */
export function rowTotals(rowCount: number, countColumns: string[]): [number, string][][] {
  return Array.from({ length: rowCount }, (_, r) => countColumns.map((c) => [r, c] as [number, string]));
}
