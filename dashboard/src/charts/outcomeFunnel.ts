import * as Plot from '@observablehq/plot';
import { formatCount } from '../lib/format.ts';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import { countAxis } from './integerTicks.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface OutcomeFunnelOptions extends ChartOptions {
  /** Column naming the step (e.g. 'Eligible families'). */
  label?: string;
  /** Column holding the count. */
  value?: string;
}

/** Steps from eligible to successful as horizontal bars in the order given, each labelled with its count. */
export function outcomeFunnel(rows: Row[], { label = 'step', value = 'families', document, width = 640, height, ariaLabel, ariaDescription }: OutcomeFunnelOptions = {}) {
  const order = rows.map((r) => String(r[label]));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height: height ?? 40 + 36 * rows.length,
      marginLeft: 190,
      marginRight: 60,
      ariaLabel,
      ariaDescription,
      x: { grid: true, label: null, axis: 'top', ...countAxis(rows.map((r) => r[value])) },
      y: { domain: order, label: null },
      marks: [
        Plot.barX(rows, { y: label, x: value, fill: palette.primary }),
        Plot.text(rows, { y: label, x: value, text: (d: Row) => formatCount(d[value]), textAnchor: 'start', dx: 4, fill: 'currentColor' }),
        Plot.ruleX([0]),
      ],
    }),
  );
}
