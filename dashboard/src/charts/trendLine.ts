import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';
import { toDate } from './toDate.ts';

export interface TrendLineOptions extends ChartOptions {
  /** Month ('YYYY-MM') or date column. */
  x: string;
  /** One column per line. */
  y: string[];
  /** Legend names of the y columns (default: the column name in words). */
  labels?: Record<string, string>;
  yLabel?: string;
  /** Values are percentages (0-100): the axis runs 0-100. */
  percent?: boolean;
}

/** Monthly counts or rates as lines, one per measure, with a legend when there is more than one. */
export function trendLine(rows: Row[], { x, y, labels = {}, yLabel, percent, document, width = 640, height = 260, ariaLabel, ariaDescription }: TrendLineOptions) {
  // A suppressed value ("c") becomes NaN: the line breaks there instead of joining its neighbours as if it were data.
  const long = rows.flatMap((r) =>
    y
      .filter((col) => typeof r[col] === 'number' || r[col] === 'c')
      .map((col) => ({ date: toDate(r[x]), measure: labels[col] ?? humanize(col), value: typeof r[col] === 'number' ? (r[col] as number) : NaN })),
  );
  const measures = y.map((col) => labels[col] ?? humanize(col));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      ariaLabel,
      ariaDescription,
      x: { type: 'utc', label: null },
      y: { grid: true, label: yLabel ?? null, zero: true, ...(percent ? { domain: [0, 100] } : {}) },
      color: { domain: measures, range: palette.categorical.slice(0, measures.length), legend: measures.length > 1 },
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(long, { x: 'date', y: 'value', stroke: 'measure', strokeWidth: 2 }),
        Plot.dot(long, { x: 'date', y: 'value', fill: 'measure', r: 2.5 }),
      ],
    }),
  );
}
