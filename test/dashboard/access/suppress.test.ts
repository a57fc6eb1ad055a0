// Disclosure control (indicators.md 7a) on hand-made tables: counts 1-5 shown as c,
// rates over denominators below 10 shown as c, zero shown as 0, and the next smallest
// cell hidden where one hidden cell could be worked back from a total.
import { describe, expect, it } from 'vitest';
import { columnTotals, DisclosureRefused, rowTotals, suppress, type DisclosureRules, type TableRow } from '../../../dashboard/access/suppress.ts';

const rules: DisclosureRules = { minSuppressedCount: 1, maxSuppressedCount: 5, minDenominator: 10 };

describe('primary suppression', () => {
  it('hides counts 1-5, keeps 0 and 6+', () => {
    const rows = [0, 1, 5, 6, 120].map((n, i) => ({ locality: `L${i}`, families: n }));
    const out = suppress(rows, { measures: [{ column: 'families', kind: 'count' }] }, rules);
    expect(out.map((r) => r.families)).toEqual([0, 'c', 'c', 6, 120]);
  });

  it('hides a rate whose denominator is below 10, and keeps one of exactly 10', () => {
    const rows = [
      { team: 'A', n_pairs: 9, mean_improvement: 1.4 },
      { team: 'B', n_pairs: 10, mean_improvement: 0.8 },
    ];
    const out = suppress(rows, { measures: [{ column: 'mean_improvement', kind: 'rate', denominator: 'n_pairs' }] }, rules);
    expect(out.map((r) => r.mean_improvement)).toEqual(['c', 0.8]);
  });

  it('hides a percentage whose numerator count is hidden, even over a large denominator', () => {
    // 3 of 40 improved: 7.5% would give the 3 back (0.075 x 40).
    const rows = [{ area: 'parenting', n_pairs: 40, n_improved: 3, pct_improved: 7.5 }];
    const out = suppress(
      rows,
      {
        measures: [
          { column: 'n_pairs', kind: 'count' },
          { column: 'n_improved', kind: 'count' },
          { column: 'pct_improved', kind: 'rate', denominator: 'n_pairs', numerator: 'n_improved' },
        ],
      },
      rules,
    );
    expect(out[0]).toEqual({ area: 'parenting', n_pairs: 40, n_improved: 'c', pct_improved: 'c' });
  });

  it('leaves nulls as they are and works with the configured thresholds', () => {
    const rows = [{ x: null }, { x: 7 }, { x: 2 }];
    const out = suppress(rows, { measures: [{ column: 'x', kind: 'count' }] }, { minSuppressedCount: 1, maxSuppressedCount: 9, minDenominator: 20 });
    expect(out.map((r) => r.x)).toEqual([null, 'c', 'c']);
  });

  it('does not change its input', () => {
    const rows = [{ n: 3 }];
    suppress(rows, { measures: [{ column: 'n', kind: 'count' }] }, rules);
    expect(rows).toEqual([{ n: 3 }]);
  });
});

describe('secondary suppression', () => {
  it('hides the next smallest cell of a column whose total is shown', () => {
    // Localities 40, 12, 3, 25 (total 80): 3 alone hidden could be worked back as
    // 80 - 40 - 12 - 25, so the next smallest, 12, is hidden too.
    const rows = [40, 12, 3, 25].map((n, i) => ({ locality: `L${i}`, referrals: n }));
    const out = suppress(rows, { measures: [{ column: 'referrals', kind: 'count' }], totals: columnTotals(4, ['referrals']) }, rules);
    expect(out.map((r) => r.referrals)).toEqual([40, 'c', 'c', 25]);
  });

  it('needs nothing more when two cells are already hidden', () => {
    const rows = [40, 2, 3, 25].map((n) => ({ referrals: n }));
    const out = suppress(rows, { measures: [{ column: 'referrals', kind: 'count' }], totals: columnTotals(4, ['referrals']) }, rules);
    expect(out.map((r) => r.referrals)).toEqual([40, 'c', 'c', 25]);
  });

  it('prefers a non-zero cell to a zero', () => {
    // 0, 4, 30, 9: 4 is hidden; the next smallest non-zero is 9, not the 0.
    const rows = [0, 4, 30, 9].map((n) => ({ n }));
    const out = suppress(rows, { measures: [{ column: 'n', kind: 'count' }], totals: columnTotals(4, ['n']) }, rules);
    expect(out.map((r) => r.n)).toEqual([0, 'c', 30, 'c']);
  });

  it('repeats across rows and columns until no total has a single hidden cell', () => {
    //            met  late  missed   (row totals shown; column totals shown)
    // team A      20     4      11   -> 4 hidden; next smallest in row A: 11
    // team B      30     8       7   -> column "missed" now has 11 hidden alone: next smallest is 7
    //                                   row B then has 7 alone: next smallest is 8
    //                                   column "late" has 4 and 8: two, stable
    const rows = [
      { team: 'A', met: 20, late: 4, missed: 11 },
      { team: 'B', met: 30, late: 8, missed: 7 },
    ];
    const cols = ['met', 'late', 'missed'];
    const out = suppress(
      rows,
      { measures: cols.map((column) => ({ column, kind: 'count' as const })), totals: [...rowTotals(2, cols), ...columnTotals(2, cols)] },
      rules,
    );
    expect(out).toEqual([
      { team: 'A', met: 20, late: 'c', missed: 'c' },
      { team: 'B', met: 30, late: 'c', missed: 'c' },
    ]);
  });

  it('hides the rates built on a secondarily hidden count', () => {
    const rows = [
      { locality: 'L1', eligible: 40, successful: 3, pct: 7.5 },
      { locality: 'L2', eligible: 50, successful: 12, pct: 24 },
      { locality: 'L3', eligible: 60, successful: 20, pct: 33.3 },
    ];
    const out = suppress(
      rows,
      {
        measures: [
          { column: 'eligible', kind: 'count' },
          { column: 'successful', kind: 'count' },
          { column: 'pct', kind: 'rate', denominator: 'eligible', numerator: 'successful' },
        ],
        totals: columnTotals(3, ['eligible', 'successful']),
      },
      rules,
    );
    expect(out.map((r) => [r.successful, r.pct])).toEqual([
      ['c', 'c'],
      ['c', 'c'],
      [20, 33.3],
    ]);
  });
});

describe('secondary suppression never leans on a zero or a null (spec 7a: zero is shown as 0)', () => {
  const count = (column: string) => ({ column, kind: 'count' as const });

  it('a zero is never shown as c: a small count whose only companions are zeros has a small total, which is c wherever it is shown', () => {
    // 3, 0, 0 (total 3): the 3 is c. Hiding a 0 would show c for a zero and protect
    // nothing the primary rule does not: the total is 3, itself c in any answer.
    const out = suppress([3, 0, 0].map((n) => ({ n })), { measures: [count('n')], totals: columnTotals(3, ['n']) }, rules);
    expect(out.map((r) => r.n)).toEqual(['c', 0, 0]);
  });

  it('a null is never hidden and never counts as the second hidden cell', () => {
    // 4, null, 0 (total 4): the 4 is c, the null stays null (there is nothing there to hide).
    const out = suppress([{ n: 4 }, { n: null }, { n: 0 }], { measures: [count('n')], totals: columnTotals(3, ['n']) }, rules);
    expect(out.map((r) => r.n)).toEqual(['c', null, 0]);
  });

  it('a null beside a hidden cell protects nothing: the cell is worked out, and here that gives the small count away, so the table is refused', () => {
    //        u     v    (row total)
    // A      3    20    23
    // B     12     0    12
    // C     30  null    30
    // (column totals 45 and 20)
    // The 3 is c; row A: the 20 goes too; column u: the 12. Column v is 20, 0 and null: the
    // 20 is its total less the 0 (the null adds nothing), whatever is hidden, and row A's
    // 23 less 20 gives the 3. The old rule hid the null as c and took column v as
    // protected. Nothing can protect the 3 with zero shown as 0: refused.
    const rows = [
      { id: 'A', u: 3, v: 20 },
      { id: 'B', u: 12, v: 0 },
      { id: 'C', u: 30, v: null },
    ];
    expect(() => suppress(rows, { measures: [count('u'), count('v')], totals: [...rowTotals(3, ['u', 'v']), ...columnTotals(3, ['u', 'v'])] }, rules)).toThrow(DisclosureRefused);
  });

  it('the protection moves to cells that cannot be worked out, and the zero stays 0', () => {
    //        u     v    (row total)
    // A      3    20    23
    // B     12     0    12
    // C     30    40    70
    // The 3 is c; row A: 20; column u: 12; column v (20, 0, 40): 40. Row B (12, 0): the 12
    // is worked out (12 less 0), which leaves nothing to add there, but it is no small
    // count. Row C (30, 40 hidden): 30 goes. Column u now has 3 and 30 unknown, column v 20
    // and 40, rows A and C two each: the 3 is safe, and B's zero is shown as 0.
    // (The old rule hid B's 0 as c to give row B a second hidden cell.)
    const out = suppress(
      [
        { id: 'A', u: 3, v: 20 },
        { id: 'B', u: 12, v: 0 },
        { id: 'C', u: 30, v: 40 },
      ],
      { measures: [count('u'), count('v')], totals: [...rowTotals(3, ['u', 'v']), ...columnTotals(3, ['u', 'v'])] },
      rules,
    );
    expect(out).toEqual([
      { id: 'A', u: 'c', v: 'c' },
      { id: 'B', u: 'c', v: 0 },
      { id: 'C', u: 'c', v: 'c' },
    ]);
  });

  it('refuses a table whose small count the totals and zeros give away whatever is hidden', () => {
    //        u     v    (row total)
    // A      3    12    15
    // B      0    20    20
    // Column v: 12 + 20 = 32. The 3 is c; row A: the 12 goes; column v: the 20 goes. Row B
    // (0, 20): 20 less 0 gives the 20, column v then gives the 12, row A the 3. Column u
    // (3, 0) adds to 3, which is c wherever shown, but rows A and B are enough. The old
    // rule hid B's 0 as c; with zero shown as 0 no cell can protect the 3.
    const rows = [
      { id: 'A', u: 3, v: 12 },
      { id: 'B', u: 0, v: 20 },
    ];
    expect(() => suppress(rows, { measures: [count('u'), count('v')], totals: [...rowTotals(2, ['u', 'v']), ...columnTotals(2, ['u', 'v'])] }, rules)).toThrow(
      /could be worked back from the totals and the zeros/,
    );
  });

  it('a count that is not a number cannot be judged, so it is hidden', () => {
    const out = suppress([{ n: '3' }, { n: 40 }], { measures: [count('n')] }, rules);
    expect(out.map((r) => r.n)).toEqual(['c', 40]);
  });
});

describe('a rate whose denominator cannot be read is hidden (fails closed)', () => {
  it('the denominator column is missing from the rows, or holds no value', () => {
    // mean_days over `workers`: row A has no workers column at all, row B a null, row C 12 (shown).
    const rows: TableRow[] = [
      { team: 'A', mean_days: 40 },
      { team: 'B', workers: null, mean_days: 35 },
      { team: 'C', workers: 12, mean_days: 30 },
      { team: 'D', workers: 12, mean_days: null },
    ];
    const out = suppress(rows, { measures: [{ column: 'mean_days', kind: 'rate', denominator: 'workers' }] }, rules);
    expect(out.map((r) => r.mean_days)).toEqual(['c', 'c', 30, null]);
  });
});
