import { describe, expect, it } from 'vitest';
import { categoryTotal, categoryTotals, figureText, figureTrend, groupMeasures, trendCategory, trendMonths, type Figure } from '../../../dashboard/src/lib/logicModel.ts';

const base = { logic_model: 'lm', impact_statement: 'Fewer young people exploited', locality: null, service: null };
const row = (r: Record<string, unknown>) => ({ ...base, measurable: true, category: null, numerator: null, denominator: null, period: null, ...r }) as never;

describe('logic model rows for the page', () => {
  const totals = [
    row({ measure_kind: 'outcome', measure_code: 'O2', measure_label: 'Risk lower', measure_position: 2, figure: 'risk', figure_label: 'Risk tier', aggregation: 'share', category: 'lowered', value: 25, numerator: 1, denominator: 4 }),
    row({ measure_kind: 'outcome', measure_code: 'O2', measure_label: 'Risk lower', measure_position: 2, figure: 'risk', figure_label: 'Risk tier', aggregation: 'share', category: 'raised', value: 75, numerator: 3, denominator: 4 }),
    row({ measure_kind: 'outcome', measure_code: 'O1', measure_label: 'Communities understand', measure_position: 1, figure: null, figure_label: 'Not measurable from case data', aggregation: null, value: null, measurable: false }),
    row({ measure_kind: 'system_measure', measure_code: 'Y1', measure_label: 'Missing', measure_position: 3, figure: 'missing', figure_label: 'Missing episodes', aggregation: 'count', category: 'from_home', value: 5 }),
  ];

  it('groups rows into measures in their configured order, keeping the unmeasurable ones', () => {
    const [lm] = groupMeasures(totals);
    expect(lm.impactStatement).toBe('Fewer young people exploited');
    expect(lm.measures.map((m) => [m.code, m.measurable, m.figures.length])).toEqual([
      ['O1', false, 0],
      ['O2', true, 1],
      ['Y1', true, 1],
    ]);
    expect(lm.measures[1].figures[0].values.map((v) => v.category)).toEqual(['lowered', 'raised']);
    expect(trendCategory(lm.measures[1].figures[0])).toBe('lowered');
  });

  it('trends counts summed over categories and shares from their numerators', () => {
    const [lm] = groupMeasures(totals);
    const monthly = [
      row({ measure_code: 'Y1', figure: 'missing', aggregation: 'count', category: 'from_home', value: 2, period: '2024-04-01' }),
      row({ measure_code: 'Y1', figure: 'missing', aggregation: 'count', category: 'from_care', value: 1, period: '2024-04-01' }),
      row({ measure_code: 'Y1', figure: 'missing', aggregation: 'count', category: 'from_home', value: 4, period: '2024-05-01' }),
      row({ measure_code: 'O2', figure: 'risk', aggregation: 'share', category: 'lowered', value: 50, numerator: 1, denominator: 2, period: '2024-04-01' }),
      row({ measure_code: 'O2', figure: 'risk', aggregation: 'share', category: 'raised', value: 50, numerator: 1, denominator: 2, period: '2024-04-01' }),
      row({ measure_code: 'O2', figure: 'risk', aggregation: 'share', category: 'lowered', value: 0, numerator: 0, denominator: 2, period: '2024-05-01' }),
    ];
    expect(figureTrend(monthly, 'lm', 'Y1', lm.measures[2].figures[0])).toEqual([
      { month: '2024-04', value: 3 },
      { month: '2024-05', value: 4 },
    ]);
    expect(figureTrend(monthly, 'lm', 'O2', lm.measures[1].figures[0])).toEqual([
      { month: '2024-04', value: 50 },
      { month: '2024-05', value: 0 },
    ]);
  });

  it('does not add up medians over categories', () => {
    const f = { figure: 'days', label: 'Median days', aggregation: 'median', asAt: null, values: [] };
    const monthly = [
      row({ measure_code: 'S1', figure: 'days', aggregation: 'median', category: 'a', value: 2, period: '2024-04-01' }),
      row({ measure_code: 'S1', figure: 'days', aggregation: 'median', category: 'b', value: 3, period: '2024-04-01' }),
    ];
    expect(figureTrend(monthly, 'lm', 'S1', f)).toEqual([]);
    expect(figureTrend(monthly.slice(0, 1).map((r) => ({ ...(r as object), category: null })) as never, 'lm', 'S1', f)).toEqual([{ month: '2024-04', value: 2 }]);
  });
});

/** A figure of the period with its categories' values, as groupMeasures makes it from the rows. */
const figureOf = (aggregation: string, values: [string | null, unknown, unknown?, unknown?][], asAt: string | null = null): Figure => {
  const rows = values.map(([category, value, numerator = null, denominator = null]) =>
    row({ measure_kind: 'outcome', measure_code: 'O3', measure_label: 'Missing', measure_position: 3, figure: 'f', figure_label: 'F', aggregation, category, value, numerator, denominator, as_at: asAt }),
  );
  return groupMeasures(rows)[0].measures[0].figures[0];
};

describe('suppressed cells (indicators.md 7a) on the page', () => {
  it('shows a hidden cell as c, and a total over a hidden cell as c: never 0, never "no data", never the visible cells added up', () => {
    // Q1 2025/26, commissioner: both kinds of missing episode hidden (was "0 (From care no data in the period; ...)").
    expect(figureText(figureOf('count', [['from_care', 'c'], ['from_home', 'c']]))).toBe('c (From care c; From home c)');
    // Offences 9 + c + c + 10 + ...: the total is c (was 42, the visible cells only).
    expect(figureText(figureOf('count', [['criminal_damage', 9], ['drugs_pwits', 'c'], ['theft', 11]]))).toBe('c (Criminal damage 9; Drugs pwits c; Theft 11)');
    // Madeley: the only category hidden (was "0 (Criminal damage no data in the period)").
    expect(figureText(figureOf('count', [['criminal_damage', 'c']]))).toBe('c (Criminal damage c)');
    expect(figureText(figureOf('count', [[null, 'c']]))).toBe('c');
    expect(figureText(figureOf('sum', [[null, 'c']]))).toBe('c');
    // Rates and their counts: each hidden part is c.
    expect(figureText(figureOf('share', [['lowered', 'c', 'c', 8], ['same', 'c', 'c', 8]]))).toBe('Lowered c; Same c');
    expect(figureText(figureOf('share', [['lowered', 25, 'c', 12]]))).toBe('Lowered 25.0% (c of 12)');
    expect(figureText(figureOf('median', [[null, 'c', null, 'c']]))).toBe('c');
  });

  it('says "no data in the period" only where there is no value, and 0 where nothing happened', () => {
    expect(figureText(figureOf('count', [[null, 0]]))).toBe('0');
    expect(figureText(figureOf('count', [['from_care', 2], ['from_home', 0]]))).toBe('2 (From care 2; From home 0)');
    expect(figureText(figureOf('median', [[null, null]]))).toBe('no data in the period');
    expect(figureText(figureOf('share', [['lowered', 50, 6, 12], ['raised', 50, 6, 12]]))).toBe('Lowered 50.0% (6 of 12); Raised 50.0% (6 of 12)');
  });

  it('marks a month with a hidden cell as c in the trend (a gap, c in its table and CSV), not as 0', () => {
    const f = figureOf('count', [['from_care', 'c'], ['from_home', 'c']]);
    const monthly = [
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: 7, period: '2024-04-01' }),
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_care', value: 'c', period: '2024-04-01' }),
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: 'c', period: '2024-05-01' }),
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: 8, period: '2024-06-01' }),
    ];
    // April 7 + c = c (was 7), May c (was 0), June 8.
    expect(figureTrend(monthly, 'lm', 'O3', f)).toEqual([
      { month: '2024-04', value: 'c' },
      { month: '2024-05', value: 'c' },
      { month: '2024-06', value: 8 },
    ]);
    // A share: the month's own hidden share is c, not 0.
    const share = figureOf('share', [['lowered', 25, 3, 12]]);
    expect(
      figureTrend([row({ measure_code: 'O3', figure: 'f', aggregation: 'share', category: 'lowered', value: 'c', numerator: 'c', denominator: 'c', period: '2024-04-01' })], 'lm', 'O3', share),
    ).toEqual([{ month: '2024-04', value: 'c' }]);
  });
});

describe("the server's totals over categories (logic_model_category_total)", () => {
  // Missing episodes, FY 2024/25: from care 4 (c, a count of 1-5) and from home 260 (c as
  // the next smallest of the two); their total 264 is not small, so the server shows it.
  const totals = categoryTotals([
    { logic_model: 'lm', measure_code: 'O3', figure: 'f', aggregation: 'count', period: null, value: 264 },
    { logic_model: 'lm', measure_code: 'O3', figure: 'f', aggregation: 'count', period: '2024-04-01', value: 21 },
    { logic_model: 'lm', measure_code: 'O3', figure: 'f', aggregation: 'count', period: '2024-05-01', value: 'c' },
  ] as never);
  const f = figureOf('count', [['from_care', 'c'], ['from_home', 'c']]);

  it('leads a figure with the total the server sent, c only where the total itself is hidden', () => {
    expect(figureText(f, categoryTotal(totals, 'lm', 'O3', 'f'))).toBe('264 (From care c; From home c)');
    expect(figureText(f, 'c')).toBe('c (From care c; From home c)');
    // Without a total from the server, the categories are added up (c when one is hidden).
    expect(figureText(f)).toBe('c (From care c; From home c)');
  });

  it("trends each month's total from the server", () => {
    const monthly = [
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: 19, period: '2024-04-01' }),
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_care', value: 'c', period: '2024-04-01' }),
      row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: 'c', period: '2024-05-01' }),
    ];
    // April: 19 + c from the cells, 21 from the server; May: c both ways; June: no rows, 0.
    expect(figureTrend(monthly, 'lm', 'O3', f, ['2024-04', '2024-05', '2024-06'], totals)).toEqual([
      { month: '2024-04', value: 21 },
      { month: '2024-05', value: 'c' },
      { month: '2024-06', value: 0 },
    ]);
  });
});

describe('stocks on the page', () => {
  it('gives a figure counted at a point in time with its date', () => {
    expect(figureText(figureOf('count', [[null, 511]], '2025-06-30'))).toBe('511 at 30 Jun 2025');
    expect(figureText(figureOf('count', [[null, 0]], '2025-01-31'))).toBe('0 at 31 Jan 2025');
    expect(figureText(figureOf('sum', [[null, 'c']], '2025-06-30'))).toBe('c at 30 Jun 2025');
    // No month end in the period: no value, no date.
    expect(figureText(figureOf('count', [[null, null]]))).toBe('no data in the period');
  });
});

describe('monthly trends show every month of the period', () => {
  // FY 2024/25 in Madeley: missing episodes in every month but July 2024 (the answer has no row for it).
  const months = ['2024-04', '2024-05', '2024-06', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];
  const monthly = months.map((m, i) => row({ measure_code: 'O3', figure: 'f', aggregation: 'count', category: 'from_home', value: i + 1, period: `${m}-01` }));

  it('lists every month from the start of the period to its end, never before the data nor after the extract date', () => {
    const fy = trendMonths(monthly, '2024-04-01', '2025-03-31', '2025-06-30');
    expect(fy).toHaveLength(12);
    expect(fy.slice(2, 5)).toEqual(['2024-06', '2024-07', '2024-08']);
    // All time: from the answer's first month to the extract date's (April to June 2025 have no row here, and are months of the data).
    const all = trendMonths(monthly, undefined, undefined, '2025-06-30');
    expect([all[0], all.at(-1), all.length]).toEqual(['2024-04', '2025-06', 15]);
    // A period reaching past the extract date stops at it; one starting before the data starts with the data.
    expect(trendMonths(monthly, '2025-01-01', '2026-03-31', '2025-06-30')).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(trendMonths(monthly, '2023-04-01', '2024-06-30', '2025-06-30')).toEqual(['2024-04', '2024-05', '2024-06']);
    // Without the extract date: no month after the answer's last.
    expect(trendMonths(monthly, undefined, '2026-03-31', null).at(-1)).toBe('2025-03');
    expect(trendMonths([], '2024-04-01', '2025-03-31', '2025-06-30')).toEqual([]);
  });

  it('gives a count 0 in a month with no rows, and leaves a median or a partner return without a value', () => {
    const fy = trendMonths(monthly, '2024-04-01', '2025-03-31', '2025-06-30');
    const trend = figureTrend(monthly, 'lm', 'O3', figureOf('count', [['from_home', 66]]), fy);
    // 12 rows (the CSV had 11), July 0 between June 3 and August 4.
    expect(trend).toHaveLength(12);
    expect(trend.slice(2, 5)).toEqual([
      { month: '2024-06', value: 3 },
      { month: '2024-07', value: 0 },
      { month: '2024-08', value: 4 },
    ]);
    const median = [row({ measure_code: 'S4', figure: 'd', aggregation: 'median', value: 4, period: '2024-04-01' }), row({ measure_code: 'S4', figure: 'd', aggregation: 'median', value: 6, period: '2024-06-01' })];
    const f = { figure: 'd', label: 'Median days', aggregation: 'median', asAt: null, values: [{ category: null, value: 5, numerator: null, denominator: 2 }] };
    expect(figureTrend(median, 'lm', 'S4', f, ['2024-04', '2024-05', '2024-06'])).toEqual([
      { month: '2024-04', value: 4 },
      { month: '2024-05', value: null },
      { month: '2024-06', value: 6 },
    ]);
    const returns = [row({ measure_code: 'D1', figure: 'w', aggregation: 'sum', value: 7, period: '2024-04-01' })];
    expect(figureTrend(returns, 'lm', 'D1', { ...f, figure: 'w', aggregation: 'sum' }, ['2024-04', '2024-05'])).toEqual([
      { month: '2024-04', value: 7 },
      { month: '2024-05', value: null },
    ]);
  });

  it("gives a share 0% in a month with people in other categories only, and c when their shares are hidden", () => {
    const f = figureOf('share', [['lowered', 40, 4, 10], ['same', 60, 6, 10]]);
    const share = (period: string, category: string, value: unknown, numerator: unknown, denominator: unknown) =>
      row({ measure_code: 'O3', figure: 'f', aggregation: 'share', category, value, numerator, denominator, period });
    const monthly = [
      share('2024-04-01', 'lowered', 50, 6, 12),
      share('2024-04-01', 'same', 50, 6, 12),
      share('2024-05-01', 'same', 100, 12, 12), // nobody lowered among 12: 0%
      share('2024-06-01', 'same', 'c', 'c', 'c'), // too few to show any share
    ];
    expect(figureTrend(monthly, 'lm', 'O3', f, ['2024-04', '2024-05', '2024-06', '2024-07'])).toEqual([
      { month: '2024-04', value: 50 },
      { month: '2024-05', value: 0 },
      { month: '2024-06', value: 'c' },
      { month: '2024-07', value: null },
    ]);
  });
});
