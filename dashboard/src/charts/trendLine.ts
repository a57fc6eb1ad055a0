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
  // "Apr 2024" takes about 60 px: no more ticks than fit the width.
  const months = monthTicks(long.map((d) => d.date), Math.max(2, Math.min(8, Math.floor((width - 60) / 70))));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      ariaLabel,
      ariaDescription,
      x: { type: 'utc', label: null, ...(months ? { ticks: months, tickFormat: '%b %Y' } : {}) },
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

/**
 * Ticks for monthly points: month starts only, at most `most` of them. Left to itself a
 * time axis over a quarter ticks every week (6 Apr, 13, 20...) between points that are
 * months. Null when the points are not all month starts (Plot's own ticks then).
 */
export function monthTicks(dates: readonly (Date | null)[], most = 8): Date[] | null {
  const known = dates.filter((d): d is Date => d !== null);
  if (!known.length || known.some((d) => d.getUTCDate() !== 1)) return null;
  const times = known.map((d) => d.getTime());
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  const count = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  const step = Math.ceil(count / most);
  return Array.from({ length: Math.ceil(count / step) }, (_, i) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i * step, 1)));
}
