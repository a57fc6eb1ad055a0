import * as Plot from '@observablehq/plot';
import { humanize } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface RejectsBarsOptions extends ChartOptions {
  file?: string;
  reason?: string;
  count?: string;
  /** Order of the reasons in the legend and the stack (default: alphabetical). */
  order?: readonly string[];
}

/** Rejected rows per source file, each bar split by the reason the rows were refused. */
export function rejectsBars(rows: Row[], { file = 'file', reason = 'reason', count = 'rejects', order, document, width = 640, height, ariaLabel, ariaDescription }: RejectsBarsOptions = {}) {
  const data = rows.map((r) => ({ file: String(r[file]), reason: humanize(String(r[reason])), n: Number(r[count] ?? 0) }));
  const files = [...new Set(data.map((d) => d.file))];
  const present = [...new Set(data.map((d) => d.reason))];
  const reasons = order ? order.map(humanize).filter((r) => present.includes(r)) : present.sort();
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 70 + 30 * files.length,
      marginLeft: 160,
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: 'Rejected rows', axis: 'top' },
      y: { domain: files, label: null },
      color: { domain: reasons, range: reasons.map((_, i) => palette.categorical[i % palette.categorical.length]), legend: true },
      marks: [Plot.barX(data, { y: 'file', x: 'n', fill: 'reason', order: reasons, stroke: 'white', strokeWidth: 0.5 }), Plot.ruleX([0])],
    }),
  );
}
