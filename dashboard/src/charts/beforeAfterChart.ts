import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface BeforeAfterChartOptions extends ChartOptions {
  measure?: string;
  group?: string;
  change?: string;
  low?: string;
  high?: string;
  xLabel?: string;
}

/**
 * The change (after minus before) in each system measure for the people worked with and
 * for the comparison group, with 95% intervals: the gap between the two rows of a measure
 * is the difference the service made, not the raw drop.
 */
export function beforeAfterChart(rows: Row[], { measure = 'measure', group = 'group', change = 'change', low = 'ci95_low', high = 'ci95_high', xLabel = 'Change in events per person, after minus before (95% CI)', document, width = 640, height, ariaLabel, ariaDescription }: BeforeAfterChartOptions = {}) {
  const data = rows
    .filter((r) => typeof r[change] === 'number')
    .map((r) => ({ measure: humanize(String(r[measure])), group: String(r[group]), change: r[change] as number, low: r[low] as number | null, high: r[high] as number | null }));
  const measures = [...new Set(data.map((d) => d.measure))];
  const groups = [...new Set(data.map((d) => d.group))];
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 60 + measures.length * (groups.length * 18 + 16),
      marginLeft: 190,
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: xLabel, axis: 'top' },
      fy: { domain: measures, label: null },
      y: { domain: groups, axis: null },
      color: { domain: groups, range: [palette.primary, palette.warning, palette.baseline].slice(0, groups.length), legend: true },
      marks: [
        Plot.ruleX([0], { stroke: palette.same }),
        Plot.ruleY(
          data.filter((d) => typeof d.low === 'number' && typeof d.high === 'number'),
          { fy: 'measure', y: 'group', x1: 'low', x2: 'high', stroke: 'group', strokeWidth: 2 },
        ),
        Plot.dot(data, { fy: 'measure', y: 'group', x: 'change', fill: 'group', r: 4, symbol: 'group' }),
      ],
    }),
  );
}
