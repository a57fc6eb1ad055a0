// Disclosure control (indicators.md 7a) on hand-made tables: counts 1-5 shown as c,
// rates over denominators below 10 shown as c, zero shown as 0, and the next smallest
// cell hidden where one hidden cell could be worked back from a total.
import { describe, expect, it } from 'vitest';
import { columnTotals, rowTotals, suppress, type DisclosureRules } from '../../../dashboard/access/suppress.ts';

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
