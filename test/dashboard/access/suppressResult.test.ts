// Disclosure control applied to a query result (access/Disclosure.ts): groups for
// secondary suppression made from the key columns, long tables whose value column changes
// kind by row, repeated figures suppressed as one, and columns nobody described.
import { describe, expect, it } from 'vitest';
import { suppressResult, undescribedColumns, type Disclosure } from '../../../dashboard/server/access/Disclosure.ts';
import type { QueryResult } from '../../../dashboard/server/runQuery.ts';

const rules = { minSuppressedCount: 1, maxSuppressedCount: 5, minDenominator: 10 };
const result = (columns: [string, string][], rows: Record<string, unknown>[]): QueryResult => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows: rows as QueryResult['rows'],
});

describe('suppressResult', () => {
  it('groups by every other key: a small cell in one month hides the next smallest service of that month only', () => {
    const r = result(
      [
        ['month', 'DATE'],
        ['service', 'VARCHAR'],
        ['n', 'INTEGER'],
      ],
      [
        { month: '2025-01-01', service: 'FIT', n: 20 },
        { month: '2025-01-01', service: 'YIT', n: 3 },
        { month: '2025-01-01', service: 'SF', n: 9 },
        { month: '2025-02-01', service: 'FIT', n: 30 },
        { month: '2025-02-01', service: 'YIT', n: 40 },
        { month: '2025-02-01', service: 'SF', n: 50 },
      ],
    );
    const out = suppressResult(r, { counts: ['n'], notAdditive: ['month'] }, rules);
    expect(out.rows.map((x) => x.n)).toEqual(['20', 'c', 'c', '30', '40', '50']);
    expect(out.columns.find((c) => c.name === 'n')!.type).toBe('VARCHAR');
    // Months add up too (each service's total over the period): YIT's 40 in February goes
    // (its column has the 3), which leaves February with one hidden, so its 30 goes, and
    // so on until every group has none or two: here, everything. Safe, if costly.
    const both = suppressResult(r, { counts: ['n'] }, rules);
    expect(both.rows.map((x) => x.n)).toEqual(['c', 'c', 'c', 'c', 'c', 'c']);
    // The input is not changed (answers are cached and shared).
    expect(r.rows[1].n).toBe(3);
  });

  it('row totals: met + late + missed, one hidden, the next smallest of the row too; the rate over them as well', () => {
    const r = result(
      [
        ['standard', 'VARCHAR'],
        ['met', 'INTEGER'],
        ['late', 'INTEGER'],
        ['missed', 'INTEGER'],
        ['due', 'INTEGER'],
        ['pct', 'DOUBLE'],
      ],
      [{ standard: 'visit', met: 30, late: 2, missed: 8, due: 40, pct: 75 }],
    );
    const d: Disclosure = { counts: ['met', 'late', 'missed', 'due'], rates: { pct: { denominator: 'due', numerator: 'met' } }, rowTotals: [['met', 'late', 'missed']] };
    expect(suppressResult(r, d, rules).rows[0]).toEqual({ standard: 'visit', met: 30, late: 'c', missed: 'c', due: 40, pct: 75 });
  });

  it('a long table: value is a count on count rows and a rate on share rows; a figure repeated under two measures is suppressed once, the same way', () => {
    const rows = [
      { measure: 'O1', figure: 'referrals', aggregation: 'count', category: 'school', value: 4, numerator: null, denominator: null },
      { measure: 'O1', figure: 'referrals', aggregation: 'count', category: 'police', value: 9, numerator: null, denominator: null },
      { measure: 'O1', figure: 'referrals', aggregation: 'count', category: 'self', value: 7, numerator: null, denominator: null },
      { measure: 'S2', figure: 'referrals', aggregation: 'count', category: 'school', value: 4, numerator: null, denominator: null },
      { measure: 'S2', figure: 'referrals', aggregation: 'count', category: 'police', value: 9, numerator: null, denominator: null },
      { measure: 'S2', figure: 'referrals', aggregation: 'count', category: 'self', value: 7, numerator: null, denominator: null },
      { measure: 'O2', figure: 'eet', aggregation: 'share', category: 'eet', value: 50, numerator: 4, denominator: 8 },
      { measure: 'O3', figure: 'eet2', aggregation: 'share', category: 'eet', value: 40, numerator: 20, denominator: 50 },
    ];
    const r = result(
      [
        ['measure', 'VARCHAR'],
        ['figure', 'VARCHAR'],
        ['aggregation', 'VARCHAR'],
        ['category', 'VARCHAR'],
        ['value', 'DOUBLE'],
        ['numerator', 'DOUBLE'],
        ['denominator', 'DOUBLE'],
      ],
      rows,
    );
    const d: Disclosure = {
      counts: ['numerator', 'denominator'],
      byRow: { column: 'value', kind: (row) => (row.aggregation === 'count' ? 'count' : 'rate'), rate: { denominator: 'denominator', numerator: 'numerator' } },
      identity: ['figure', 'aggregation', 'category'],
      notAdditive: ['figure', 'aggregation'],
    };
    const out = suppressResult(r, d, rules).rows;
    // 4 school referrals hidden, 7 (next smallest of the categories) too; under both measures alike.
    expect(out.map((x) => x.value)).toEqual(['c', '9', 'c', 'c', '9', 'c', 'c', '40']);
    // The share of 4 in 8 young people: hidden (denominator below 10), and its 4; the 8 itself is no small count.
    expect(out[6]).toMatchObject({ value: 'c', numerator: 'c', denominator: 8 });
    expect(out[7]).toMatchObject({ value: '40', numerator: '20', denominator: 50 });
  });

  it('numeric columns nobody described are hidden whole; labels are kept', () => {
    const r = result(
      [
        ['band', 'VARCHAR'],
        ['band_position', 'INTEGER'],
        ['n', 'BIGINT'],
        ['mystery', 'DOUBLE'],
      ],
      [
        { band: 'a', band_position: 1, n: 10, mystery: 0.5 },
        { band: 'b', band_position: 2, n: 12, mystery: null },
      ],
    );
    const d: Disclosure = { counts: ['n'], labels: ['band_position'] };
    expect(undescribedColumns(r, d)).toEqual(['mystery']);
    const out = suppressResult(r, d, rules);
    expect(out.rows).toEqual([
      { band: 'a', band_position: 1, n: 10, mystery: 'c' },
      { band: 'b', band_position: 2, n: 12, mystery: null },
    ]);
    expect(out.columns.map((c) => c.type)).toEqual(['VARCHAR', 'INTEGER', 'BIGINT', 'VARCHAR']);
  });

  it('a rate whose denominator column is not in the answer is hidden, not shown unjudged', () => {
    // waiting_list's description puts mean_days_waiting over `waiting`; an answer without
    // the waiting column cannot be judged: its means are c, zeros and nulls aside.
    const r = result(
      [
        ['team', 'VARCHAR'],
        ['mean_days_waiting', 'DOUBLE'],
      ],
      [
        { team: 'A', mean_days_waiting: 41.5 },
        { team: 'B', mean_days_waiting: null },
      ],
    );
    const d: Disclosure = { counts: ['waiting'], rates: { mean_days_waiting: { denominator: 'waiting' } } };
    expect(suppressResult(r, d, rules).rows).toEqual([
      { team: 'A', mean_days_waiting: 'c' },
      { team: 'B', mean_days_waiting: null },
    ]);
  });
});
