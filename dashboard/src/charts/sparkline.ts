import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';
import { toDate } from './toDate.ts';

export interface SparklineOptions extends ChartOptions {
  /** Month or date column. */
  x: string;
  y: string;
}

/** A small trend line for a headline tile: no axes, the last point marked. */
export function sparkline(rows: Row[], { x, y, document, width = 160, height = 36, ariaLabel, ariaDescription }: SparklineOptions) {
  // A suppressed value ("c") is a gap in the line, not a point joined to its neighbours.
  const data = rows.filter((r) => toDate(r[x]) && (typeof r[y] === 'number' || r[y] === 'c')).map((r) => (r[y] === 'c' ? { ...r, [y]: NaN } : r));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height,
      margin: 4,
      axis: null,
      ariaLabel,
      ariaDescription,
      x: { type: 'utc' },
      y: { zero: true },
      marks: [
        Plot.lineY(data, { x: (d: Row) => toDate(d[x]), y, stroke: palette.primary, strokeWidth: 1.5 }),
        Plot.dot(data.slice(-1), { x: (d: Row) => toDate(d[x]), y, fill: palette.primary, r: 2.5 }),
      ],
    }),
  );
}
