// Statistical disclosure control (indicators.md section 7a) for roles that may see
// aggregates only. Applied to every answer "after every filter", on pages and exports: in
// the table an answer holds, no count of 1-5 can be read, or worked back from the table's
// row and column totals and its zeros.
//
// Each answer is protected on its own. Spec 7a says the rules apply "after every filter"
// and that "where one cell of a row or column total is suppressed, the next smallest cell
// is suppressed too so it cannot be worked back": from that total, in that table. It does
// not ask for the same cells to be hidden in every answer, and no cell suppression could
// give that with free periods and filters (two safe answers can differ by a small number).
// So a count hidden in a table of all localities is shown when its locality is asked for
// alone. Protection across answers would need another method (fixed tables for
// commissioners, or perturbing every cell); test/dashboard/server/disclosure.test.ts
// documents the behaviour.

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
 * Thrown when a table cannot be shown without giving a small count away: a group's total
 * and its zeros pin down a hidden cell, and no other cell is left to hide (zero is shown as
 * 0, spec 7a). The caller refuses the answer rather than send it.
 */
export class DisclosureRefused extends Error {
  constructor() {
    super('These figures cannot be shown with small numbers hidden: with these filters and groupings a hidden number could be worked back from the totals and the zeros. Try a wider period, fewer filters or another grouping.');
    this.name = 'DisclosureRefused';
  }
}

/**
 * Returns a copy of `rows` with small counts, unreliable rates and the cells that would
 * let them be worked back replaced by `c`. Throws DisclosureRefused when no choice of
 * cells to hide can protect a small count (see the secondary rule below).
 */
export function suppress(rows: readonly TableRow[], shape: TableShape, rules: DisclosureRules): TableRow[] {
  const out = rows.map((r) => ({ ...r }));
  const hidden = new Set<string>();
  const key = (row: number, column: string) => `${row}\u0000${column}`;
  const isSmall = (v: number) => v >= rules.minSuppressedCount && v <= rules.maxSuppressedCount;

  // Primary: counts 1-5. A count that is not a number cannot be judged, so it is hidden too.
  const counts = shape.measures.filter((m) => m.kind === 'count');
  const primary = new Set<string>();
  out.forEach((row, i) => {
    for (const m of counts) {
      const raw = row[m.column];
      const v = asNumber(raw);
      if ((v !== null && isSmall(v)) || (v === null && raw !== null && raw !== undefined)) primary.add(key(i, m.column));
    }
  });
  for (const k of primary) hidden.add(k);

  // Secondary (spec 7a: "where one cell of a row or column total is suppressed, the next
  // smallest cell is suppressed too so it cannot be worked back"; "zero is shown as 0").
  // A group's total is taken to be known, shown here or in another answer, unless it is
  // itself a count of 1-5 (then it is c wherever it is shown). Zeros and nulls are shown,
  // so they are known too and never count as the second hidden cell: hiding a null
  // protects nothing, and a zero is never c. So a group whose cells are all known but one
  // gives that one away. When that happens, the smallest non-zero cell of the group still
  // shown is hidden as well. When there is none, the hidden cell is worked out (the total
  // less the zeros), which can leave another group with a single unknown cell, and so on,
  // until nothing changes. If a count of 1-5 can be worked out at the end, no choice of
  // cells protects it and the table is refused.
  const groups = (shape.totals ?? []).filter((g) => g.length >= 2);
  const totals = groups.map((g) => g.reduce((sum, [r, c]) => sum + (asNumber(out[r][c]) ?? 0), 0));
  const workedOut = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    groups.forEach((group, gi) => {
      const unknown = group.filter(([r, c]) => hidden.has(key(r, c)) && !workedOut.has(key(r, c)));
      if (unknown.length !== 1 || isSmall(totals[gi])) return;
      const next = group
        .filter(([r, c]) => !hidden.has(key(r, c)))
        .map(([r, c]) => ({ r, c, v: asNumber(out[r][c]) }))
        .filter((x): x is { r: number; c: string; v: number } => x.v !== null && x.v !== 0)
        .sort((a, b) => a.v - b.v)[0];
      if (next) hidden.add(key(next.r, next.c));
      else workedOut.add(key(unknown[0][0], unknown[0][1]));
      changed = true;
    });
  }
  for (const k of workedOut) if (primary.has(k)) throw new DisclosureRefused();

  // Rates: a small denominator, or a numerator that is itself hidden. A rate whose
  // denominator is missing (no such column, or no value) cannot be judged: it is hidden.
  const rates = shape.measures.filter((m): m is Extract<Measure, { kind: 'rate' }> => m.kind === 'rate');
  out.forEach((row, i) => {
    for (const m of rates) {
      const d = asNumber(row[m.denominator] ?? null);
      const small = d === null || d < rules.minDenominator;
      const revealing = m.numerator !== undefined && hidden.has(key(i, m.numerator));
      const denominatorHidden = hidden.has(key(i, m.denominator));
      if (row[m.column] !== null && row[m.column] !== undefined && (small || revealing || denominatorHidden)) hidden.add(key(i, m.column));
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
