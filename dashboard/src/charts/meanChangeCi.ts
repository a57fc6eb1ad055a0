import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface MeanChangeCiOptions extends ChartOptions {
  /** Column naming each row (an outcome area, a measure). */
  label?: string;
  mean?: string;
  low?: string;
  high?: string;
  xLabel?: string;
}

/**
 * Mean improvement with its 95% confidence interval, one row per area: an interval that
 * stays right of zero is change the sample supports, not noise. Rows with no interval
 * (fewer than two pairs) show the dot alone.
 */
export function meanChangeCi(rows: Row[], { label = 'area', mean = 'mean_improvement', low = 'ci95_low', high = 'ci95_high', xLabel = 'Mean improvement (95% CI)', document, width = 640, height, ariaLabel, ariaDescription }: MeanChangeCiOptions = {}) {
  const data: Row[] = rows.filter((r) => typeof r[mean] === 'number').map((r) => ({ ...r, name: humanize(String(r[label])) }));
  const withCi = data.filter((r) => typeof r[low] === 'number' && typeof r[high] === 'number');
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 40 + 26 * data.length,
      marginLeft: 200,
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: xLabel, axis: 'top' },
      y: { domain: data.map((d) => d.name), label: null },
      marks: [
        Plot.ruleX([0], { stroke: palette.same }),
        Plot.ruleY(withCi, { y: 'name', x1: low, x2: high, stroke: palette.primary, strokeWidth: 2 }),
        Plot.dot(data, { y: 'name', x: mean, fill: palette.primary, r: 4 }),
      ],
    }),
  );
}
