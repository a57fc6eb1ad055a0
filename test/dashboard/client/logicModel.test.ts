import { describe, expect, it } from 'vitest';
import { figureTrend, groupMeasures, trendCategory } from '../../../dashboard/src/lib/logicModel.ts';

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
    const f = { figure: 'days', label: 'Median days', aggregation: 'median', values: [] };
    const monthly = [
      row({ measure_code: 'S1', figure: 'days', aggregation: 'median', category: 'a', value: 2, period: '2024-04-01' }),
      row({ measure_code: 'S1', figure: 'days', aggregation: 'median', category: 'b', value: 3, period: '2024-04-01' }),
    ];
    expect(figureTrend(monthly, 'lm', 'S1', f)).toEqual([]);
    expect(figureTrend(monthly.slice(0, 1).map((r) => ({ ...(r as object), category: null })) as never, 'lm', 'S1', f)).toEqual([{ month: '2024-04', value: 2 }]);
  });
});
