import * as Plot from '@observablehq/plot';
import type { Row } from '../lib/toCsv.ts';
import { accessibleChart } from './accessibleChart.ts';
import type { ChartOptions } from './ChartOptions.ts';
import { palette } from './palette.ts';

export interface ChangeDistributionOptions extends ChartOptions {
  /** Column with the improvement (positive = better). */
  improvement?: string;
  /** Column with how many subjects had it. */
  count?: string;
}

const direction = (v: number) => (v > 0 ? 'Better' : v < 0 ? 'Worse' : 'Same');

/** How many subjects moved by how much: one bar per improvement value, coloured better / same / worse. */
export function changeDistribution(rows: Row[], { improvement = 'improvement', count = 'subjects', document, width = 640, height = 240, ariaLabel, ariaDescription }: ChangeDistributionOptions = {}) {
  const data = rows
    .filter((r) => typeof r[improvement] === 'number')
    .map((r) => ({ v: r[improvement] as number, n: Number(r[count] ?? 0), direction: direction(r[improvement] as number) }));
  return accessibleChart(
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      ariaLabel,
      ariaDescription,
      x: { label: 'Improvement (positive = better)', labelAnchor: 'center' },
      y: { grid: true, label: 'Subjects' },
      color: { domain: ['Worse', 'Same', 'Better'], range: [palette.worse, palette.same, palette.better], legend: true },
      marks: [
        Plot.rectY(data, { x1: (d: { v: number }) => d.v - 0.45, x2: (d: { v: number }) => d.v + 0.45, y: 'n', fill: 'direction' }),
        Plot.ruleY([0]),
      ],
    }),
  );
}
